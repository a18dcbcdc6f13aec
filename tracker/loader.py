"""Load a root: YAML files into typed records, source files into paragraphs.

Loading never stops at the first problem: whatever is malformed becomes a
problem and a None in the record, and everything else is still loaded.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from tracker import schema
from tracker.model import COMMITMENTS_DIR, MEETINGS_FILE, Commitment, Meeting, Record, Source
from tracker.problems import (
    MISSING_FIELD,
    SOURCE_ENCODING,
    SOURCE_MISSING,
    SOURCE_OUTSIDE,
    Problem,
    problem,
)
from tracker.sources import SourceEncodingError, SourceText
from tracker.yamlio import YamlSyntaxError, parse, parse_problem


@dataclass
class Loaded:
    record: Record
    problems: list[Problem]


def load(root: Path, *, read_texts: bool = True, documents: Mapping[str, bytes] | None = None) -> Loaded:
    """Load every file under `root`; sources too unless `read_texts` is False.

    `documents` holds YAML files as an editor has them (by name relative to
    the root, unsaved changes included): they are read instead of the disk.
    """
    problems: list[Problem] = []
    documents = documents or {}
    parties, meetings = _load_meetings(root, problems, documents)
    commitment_files = sorted({*commitment_file_names(root), *_commitment_documents(documents)})
    commitments: list[Commitment] = []
    for name in commitment_files:
        commitments.extend(_load_commitments(root, name, problems, documents))
    record = Record(root, parties, meetings, commitments, [MEETINGS_FILE, *commitment_files])
    if read_texts:
        problems.extend(read_sources(record))
    return Loaded(record, problems)


def commitment_file_names(root: Path) -> list[str]:
    folder = root / COMMITMENTS_DIR
    try:
        names = sorted(entry.name for entry in os.scandir(folder) if entry.name.endswith(".yaml") and entry.is_file())
    except OSError:
        return []
    return [f"{COMMITMENTS_DIR}/{name}" for name in names]


def _commitment_documents(documents: Mapping[str, bytes]) -> list[str]:
    folder = PurePosixPath(COMMITMENTS_DIR)
    return [name for name in documents if PurePosixPath(name).parent == folder and name.endswith(".yaml")]


def _walk_file(
    root: Path, name: str, shape: schema.Shape, problems: list[Problem], documents: Mapping[str, bytes]
) -> dict | None:
    try:
        data = documents[name] if name in documents else (root / name).read_bytes()
    except OSError as error:
        problems.append(Problem(name, 1, 1, schema.BAD_VALUE, f"cannot read the file: {error.strerror}"))
        return None
    try:
        node = parse(data)
    except YamlSyntaxError as error:
        problems.append(parse_problem(name, error))
        return None
    walker = schema.Walker(name)
    if node is None:
        problems.append(Problem(name, 1, 1, MISSING_FIELD, f"{shape.name} is empty; expected {_top_keys(shape)}"))
        return None
    values = shape.load(walker, node)
    problems.extend(walker.problems)
    return values


def _top_keys(shape: schema.Shape) -> str:
    return ", ".join(f"`{key}:`" for key, spec in shape.fields.items() if spec.required)


def _load_meetings(
    root: Path, problems: list[Problem], documents: Mapping[str, bytes]
) -> tuple[dict[str, str], list[Meeting]]:
    values = _walk_file(root, MEETINGS_FILE, schema.MEETINGS_FILE_SHAPE, problems, documents) or {}
    parties = {code: name for code, name in (values.get("parties") or {}).items() if name is not None}
    meetings = [meeting for meeting in values.get("meetings") or () if meeting is not None]
    return parties, meetings


def _load_commitments(
    root: Path, name: str, problems: list[Problem], documents: Mapping[str, bytes]
) -> list[Commitment]:
    values = _walk_file(root, name, schema.COMMITMENTS_FILE_SHAPE, problems, documents) or {}
    return [commitment for commitment in values.get("commitments") or () if commitment is not None]


def read_sources(record: Record) -> list[Problem]:
    """Read every declared source into `record.texts`; report those that cannot be read."""
    problems: list[Problem] = []
    resolved_root = record.root.resolve()
    for source in record.sources():
        if source.id is None or source.path is None:
            continue
        text, trouble = _read_source(record.root, resolved_root, source)
        if trouble is not None:
            problems.append(trouble)
        if source.id not in record.texts:  # a duplicate id is reported elsewhere; keep the first
            record.texts[source.id] = text
    return problems


def _read_source(root: Path, resolved_root: Path, source: Source) -> tuple[SourceText | None, Problem | None]:
    at = source.at("file")
    outside = _outside_reason(source.path)
    if outside:
        return None, problem(source.file, at, SOURCE_OUTSIDE, f"source `{source.id}`: {source.path} {outside}")
    path = root / source.path
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = "does not exist" if isinstance(error, FileNotFoundError) else f"cannot be read ({error.strerror})"
        return None, problem(source.file, at, SOURCE_MISSING, f"source `{source.id}`: {source.path} {reason}")
    if not path.resolve().is_relative_to(resolved_root):
        message = f"source `{source.id}`: {source.path} is a symlink leading out of the root"
        return None, problem(source.file, at, SOURCE_OUTSIDE, message)
    try:
        return SourceText.from_bytes(data), None
    except SourceEncodingError as error:
        return None, problem(source.file, at, SOURCE_ENCODING, f"source `{source.id}`: {source.path} is {error}")


def _outside_reason(path: str) -> str | None:
    if "\\" in path:
        return "uses `\\`; write paths with `/`"
    posix = PurePosixPath(path)
    if posix.is_absolute() or (len(path) > 1 and path[1] == ":"):
        return "is absolute; write it relative to the root"
    if ".." in posix.parts:
        return "has a `..` component; sources must stay inside the root"
    return None


# Finding the root (SPEC section 2) -------------------------------------------------

ENV_VAR = "TRACKER_ROOT"


class RootNotFound(Exception):
    pass


def find_root(explicit: Path | None = None, cwd: Path | None = None) -> Path:
    """`--root`, else $TRACKER_ROOT, else the nearest directory upwards holding the data."""
    given = explicit or (Path(os.environ[ENV_VAR]) if os.environ.get(ENV_VAR) else None)
    if given is not None:
        if (given / MEETINGS_FILE).is_file():
            return given
        origin = "--root" if explicit else f"${ENV_VAR}"
        raise RootNotFound(f"{origin} {given} has no {MEETINGS_FILE}")
    start = (cwd or Path.cwd()).absolute()
    for folder in (start, *start.parents):
        if (folder / MEETINGS_FILE).is_file():
            return folder
    raise RootNotFound(f"no {MEETINGS_FILE} in {start} or any folder above it; pass --root or set ${ENV_VAR}")
