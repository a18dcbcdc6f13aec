"""Load a root: YAML files into typed records, source files into paragraphs.

Loading never stops at the first problem: whatever is malformed becomes a
problem and a None in the record, and everything else is still loaded.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
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


@dataclass
class LoadCache:
    """What loading keeps from one run to the next (the language server loads on every edit).

    A YAML file is walked again only when its bytes differ; a source is read
    again only when its file's status (inode, size, modification time) or its
    entry in meetings.yaml differ. Walks and reads are pure functions of those,
    so a cached result is the result.
    """

    walked: dict[str, tuple[bytes | tuple, dict | None, list[Problem]]] = field(default_factory=dict)
    """By file name: its bytes (from the editor) or its signature (on disk), and the walk's result."""
    texts: dict[str, tuple[tuple, SourceText | None, Problem | None]] = field(default_factory=dict)


def load(
    root: Path,
    *,
    read_texts: bool = True,
    documents: Mapping[str, bytes] | None = None,
    cache: LoadCache | None = None,
) -> Loaded:
    """Load every file under `root`; sources too unless `read_texts` is False.

    `documents` holds YAML files as an editor has them (by name relative to
    the root, unsaved changes included): they are read instead of the disk.
    `cache` keeps walks and texts for the next load.
    """
    problems: list[Problem] = []
    documents = documents or {}
    cache = cache or LoadCache()
    parties, meetings = _load_meetings(root, problems, documents, cache)
    commitment_files = sorted({*commitment_file_names(root), *_commitment_documents(documents)})
    commitments: list[Commitment] = []
    for name in commitment_files:
        commitments.extend(_load_commitments(root, name, problems, documents, cache))
    record = Record(root, parties, meetings, commitments, [MEETINGS_FILE, *commitment_files])
    if read_texts:
        problems.extend(read_sources(record, cache))
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
    root: Path,
    name: str,
    shape: schema.Shape,
    problems: list[Problem],
    documents: Mapping[str, bytes],
    cache: LoadCache,
) -> dict | None:
    held = cache.walked.get(name)
    signature = _signature(os.path.join(root, name)) if name not in documents else None
    if held is not None and signature is not None and held[0] == signature:
        problems.extend(held[2])  # on disk and untouched since it was walked
        return held[1]
    try:
        data = documents[name] if name in documents else (root / name).read_bytes()
    except OSError as error:
        problems.append(Problem(name, 1, 1, schema.BAD_VALUE, f"cannot read the file: {error.strerror}"))
        return None
    if held is not None and held[0] == data:
        problems.extend(held[2])
        return held[1]
    found: list[Problem] = []
    values = _walk(name, data, shape, found)
    cache.walked[name] = (signature or data, values, found)
    problems.extend(found)
    return values


def _signature(path: str) -> tuple | None:
    """What says a file is unchanged: its inode, size and modification time (None if it cannot be told)."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)


def _walk(name: str, data: bytes, shape: schema.Shape, problems: list[Problem]) -> dict | None:
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
    root: Path, problems: list[Problem], documents: Mapping[str, bytes], cache: LoadCache
) -> tuple[dict[str, str], list[Meeting]]:
    values = _walk_file(root, MEETINGS_FILE, schema.MEETINGS_FILE_SHAPE, problems, documents, cache) or {}
    parties = {code: name for code, name in (values.get("parties") or {}).items() if name is not None}
    meetings = [meeting for meeting in values.get("meetings") or () if meeting is not None]
    return parties, meetings


def _load_commitments(
    root: Path, name: str, problems: list[Problem], documents: Mapping[str, bytes], cache: LoadCache
) -> list[Commitment]:
    values = _walk_file(root, name, schema.COMMITMENTS_FILE_SHAPE, problems, documents, cache) or {}
    return [commitment for commitment in values.get("commitments") or () if commitment is not None]


def read_sources(record: Record, cache: LoadCache | None = None) -> list[Problem]:
    """Read every declared source into `record.texts`; report those that cannot be read."""
    problems: list[Problem] = []
    resolved_root = record.root.resolve()
    cache = cache or LoadCache()
    for source in record.sources():
        if source.id is None or source.path is None:
            continue
        text, trouble = _read_source_cached(record.root, resolved_root, source, cache)
        if trouble is not None:
            problems.append(trouble)
        if source.id not in record.texts:  # a duplicate id is reported elsewhere; keep the first
            record.texts[source.id] = text
    return problems


def _read_source_cached(
    root: Path, resolved_root: Path, source: Source, cache: LoadCache
) -> tuple[SourceText | None, Problem | None]:
    """`_read_source`, unless the file and its entry are as they were at the last read."""
    signature = _signature(os.path.join(root, source.path)) if source.path else None
    if signature is None:  # missing or odd: read, to say why
        return _read_source(root, resolved_root, source)
    key = (source.id, source.file, source.at("file"), signature)
    held = cache.texts.get(source.path or "")
    if held is not None and held[0] == key:
        return held[1], held[2]
    text, trouble = _read_source(root, resolved_root, source)
    cache.texts[source.path or ""] = (key, text, trouble)
    return text, trouble


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
