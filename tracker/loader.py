"""Load a root: YAML files into typed records, source files into paragraphs.

Loading never stops at the first problem: whatever is malformed becomes a
problem and a None in the record, and everything else is still loaded.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from tracker import files, reading, schema
from tracker.model import COMMITMENTS_DIR, MEETINGS_FILE, Commitment, Meeting, Record, Source
from tracker.problems import (
    FILE_UNREADABLE,
    IGNORED_FILE,
    MISSING_FIELD,
    SOURCE_ENCODING,
    SOURCE_MISSING,
    SOURCE_OUTSIDE,
    Problem,
    problem,
)
from tracker.sources import SourceEncodingError, SourceText
from tracker.text import clip
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
    commitments: bool = True,
) -> Loaded:
    """Load every file under `root`; sources too unless `read_texts` is False.

    `documents` holds YAML files as an editor has them (by name relative to
    the root, unsaved changes included): they are read instead of the disk.
    `cache` keeps walks and texts for the next load. With `commitments`
    False, the commitment files are listed in `record.files` but not read
    (`load_commitments` reads them; `tracker.split` shares them out).
    """
    problems: list[Problem] = []
    documents = documents or {}
    cache = cache or LoadCache()
    record = load_meetings(root, list_commitment_files(root, problems, documents), problems, documents, cache)
    if read_texts:
        problems.extend(read_sources(record, cache))
    if commitments:
        record.commitments = load_commitments(record.root, record.files[1:], problems, documents, cache)
    return Loaded(record, problems)


def list_commitment_files(
    root: Path, problems: list[Problem], documents: Mapping[str, bytes] | None = None
) -> list[str]:
    """The commitment files to read, sorted: those on disk (`commitment_file_names`) and the editor's."""
    on_disk = commitment_file_names(reading.real_root(root), problems)
    return sorted({*on_disk, *_commitment_documents(documents or {})})


def load_meetings(
    root: Path,
    commitment_files: list[str],
    problems: list[Problem],
    documents: Mapping[str, bytes] | None = None,
    cache: LoadCache | None = None,
) -> Record:
    """A record of the meetings file's parties and meetings, listing `commitment_files`, none of them read."""
    inside = reading.real_root(root)
    parties, meetings = _load_meetings(inside, problems, documents or {}, cache or LoadCache())
    return Record(root, parties, meetings, [], [MEETINGS_FILE, *commitment_files])


def load_commitments(
    root: Path,
    names: list[str],
    problems: list[Problem],
    documents: Mapping[str, bytes] | None = None,
    cache: LoadCache | None = None,
) -> list[Commitment]:
    """The commitments of the files `names` (relative to `root`), in that order."""
    inside = reading.real_root(root)
    found: list[Commitment] = []
    for name in names:
        found.extend(_load_commitments(inside, name, problems, documents or {}, cache or LoadCache()))
    return found


def commitment_file_names(root: str, problems: list[Problem]) -> list[str]:
    """The `*.yaml` names in data/commitments/, sorted; every other entry is an ignored-file.

    Each entry is judged on its own, so that one entry that cannot be looked
    at never hides the others. What a `*.yaml` name holds is judged when it
    is read (`_walk_file`).
    """
    try:
        with os.scandir(os.path.join(root, COMMITMENTS_DIR)) as listing:
            names = sorted(entry.name for entry in listing)
    except OSError as error:
        problems.append(_folder_problem(root, error))
        return []
    kept = []
    for name in names:
        if name.endswith(".yaml"):
            kept.append(f"{COMMITMENTS_DIR}/{name}")
        else:
            problems.append(_ignored(root, name))
    return kept


def _commitment_documents(documents: Mapping[str, bytes]) -> list[str]:
    folder = PurePosixPath(COMMITMENTS_DIR)
    return [name for name in documents if PurePosixPath(name).parent == folder and name.endswith(".yaml")]


def _folder_problem(root: str, error: OSError) -> Problem:
    if isinstance(error, FileNotFoundError) and not os.path.lexists(os.path.join(root, COMMITMENTS_DIR)):
        reason = "does not exist: commitment files live there"
    elif isinstance(error, NotADirectoryError):
        reason = "is not a folder: commitment files live in it"
    else:
        reason = f"cannot be read ({files.reason(error)})"
    return Problem(COMMITMENTS_DIR, 1, 1, FILE_UNREADABLE, f"{COMMITMENTS_DIR}/ {reason}")


def _ignored(root: str, name: str) -> Problem:
    path = f"{COMMITMENTS_DIR}/{name}"
    if os.path.isdir(os.path.join(root, path)):
        why = "it is a folder, and files in folders below data/commitments/ are not read"
    elif name.endswith((".yml", ".YAML", ".YML")):
        why = "commitment files are read only when their name ends in `.yaml`"
    else:
        why = "only `*.yaml` files are read"
    return Problem(path, 1, 1, IGNORED_FILE, f"{path} is not read: {why}")


def _walk_file(
    root: str,
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
        data = documents[name] if name in documents else reading.read_inside(root, name, reading.MAX_YAML_BYTES)
    except reading.Unreadable as error:
        # A link to nothing in data/commitments/ is a file gone, like a deleted one.
        code = IGNORED_FILE if error.why == reading.DANGLING and name != MEETINGS_FILE else FILE_UNREADABLE
        suffix = "; it is not read" if code is IGNORED_FILE else ""
        problems.append(Problem(name, 1, 1, code, f"{name} {error.reason}{suffix}"))
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


COMPACTED_BYTES = 256 * 1024
"""A YAML file this large has what its walk keeps copied out of its composed tree.

A composed tree takes some thirty times its file's bytes, and what the walk
keeps (the values, their positions, the parser's strings) is scattered through
it: freeing the tree would free hardly a page, and most of its memory would stay
the process's for good. Pickled, the tree and the walk's values freed, then
unpickled, the values are packed together and the tree's memory goes back.
"""


def _walk(name: str, data: bytes, shape: schema.Shape, problems: list[Problem]) -> dict | None:
    try:
        node = parse(data)
    except YamlSyntaxError as error:
        problems.append(parse_problem(name, error))
        return None
    walker = schema.Walker(name, anchors=b"&" in data)
    if node is None:
        problems.append(Problem(name, 1, 1, MISSING_FIELD, f"{shape.name} is empty; expected {_top_keys(shape)}"))
        return None
    walked = (shape.load(walker, node), walker.problems)
    if len(data) >= COMPACTED_BYTES:
        # Pickled while the tree still stands, so that nothing the pickler leaves
        # behind (its caches, the interpreter's free lists) settles in the tree's memory.
        packed = pickle.dumps(walked, protocol=pickle.HIGHEST_PROTOCOL)
        del walked, node, walker  # nothing else holds them: the tree and the walk's values are freed
        walked = pickle.loads(packed)
    problems.extend(walked[1])
    return walked[0]


def _top_keys(shape: schema.Shape) -> str:
    return ", ".join(f"`{key}:`" for key, spec in shape.fields.items() if spec.required)


def _load_meetings(
    root: str, problems: list[Problem], documents: Mapping[str, bytes], cache: LoadCache
) -> tuple[dict[str, str], list[Meeting]]:
    values = _walk_file(root, MEETINGS_FILE, schema.MEETINGS_FILE_SHAPE, problems, documents, cache) or {}
    parties = {code: name for code, name in (values.get("parties") or {}).items() if name is not None}
    meetings = [meeting for meeting in values.get("meetings") or () if meeting is not None]
    return parties, meetings


def _load_commitments(
    root: str, name: str, problems: list[Problem], documents: Mapping[str, bytes], cache: LoadCache
) -> list[Commitment]:
    values = _walk_file(root, name, schema.COMMITMENTS_FILE_SHAPE, problems, documents, cache) or {}
    return [commitment for commitment in values.get("commitments") or () if commitment is not None]


def read_sources(record: Record, cache: LoadCache | None = None) -> list[Problem]:
    """Read every declared source into `record.texts`; report those that cannot be read."""
    problems: list[Problem] = []
    inside = reading.real_root(record.root)
    cache = cache or LoadCache()
    folders: dict[str, str] = {}  # real paths of the folders read from, for this read only: folders change
    for source in record.sources():
        if source.id is None or source.path is None:
            continue
        text, trouble = _read_source_cached(inside, source, cache, folders)
        if trouble is not None:
            problems.append(trouble)
        if source.id not in record.texts:  # a duplicate id is reported elsewhere; keep the first
            record.texts[source.id] = text
    return problems


def _read_source_cached(
    root: str, source: Source, cache: LoadCache, folders: dict[str, str]
) -> tuple[SourceText | None, Problem | None]:
    """`_read_source`, unless the file and its entry are as they were at the last read."""
    path = source.path or ""
    signature = _signature(os.path.join(root, path)) if "\0" not in path else None
    if signature is None:  # missing or odd: read, to say why
        return _read_source(root, source, path, folders)
    key = (source.id, source.file, source.at("file"), signature)
    held = cache.texts.get(path)
    if held is not None and held[0] == key:
        return held[1], held[2]
    text, trouble = _read_source(root, source, path, folders)
    cache.texts[path] = (key, text, trouble)
    return text, trouble


def _read_source(
    root: str, source: Source, path: str, folders: dict[str, str]
) -> tuple[SourceText | None, Problem | None]:
    """The text of the source at `path`, or the problem that says why it was not read (decided before reading)."""
    at = source.at("file")
    named = f"source `{source.id}`: {clip(path)}"
    outside = _outside_reason(path)
    if outside:
        return None, problem(source.file, at, SOURCE_OUTSIDE, f"{named} {outside}")
    try:
        data = reading.read_inside(root, path, reading.MAX_SOURCE_BYTES, folders)
    except reading.Unreadable as error:
        code = SOURCE_OUTSIDE if error.why == reading.OUTSIDE else SOURCE_MISSING
        return None, problem(source.file, at, code, f"{named} {error.reason}")
    try:
        return SourceText.from_bytes(data), None
    except SourceEncodingError as error:
        return None, problem(source.file, at, SOURCE_ENCODING, f"{named} is {error}")


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
    """`--root`, else $TRACKER_ROOT, else the nearest directory upwards holding the data.

    Raise RootNotFound, whose message is one line, for every way of failing:
    a folder that cannot be looked into, a name too long, a current folder
    that was deleted.
    """
    try:
        return _find_root(explicit, cwd)
    except OSError as error:
        raise RootNotFound(_root_error(error)) from None


def _find_root(explicit: Path | None, cwd: Path | None) -> Path:
    given = explicit or (Path(os.environ[ENV_VAR]) if os.environ.get(ENV_VAR) else None)
    if given is not None:
        if (given / MEETINGS_FILE).is_file():
            return given
        origin = "--root" if explicit else f"${ENV_VAR}"
        raise RootNotFound(f"{origin} {clip(str(given), 240)} has no {MEETINGS_FILE}")
    start = (cwd or Path.cwd()).absolute()
    for folder in (start, *start.parents):
        if (folder / MEETINGS_FILE).is_file():
            return folder
    raise RootNotFound(f"no {MEETINGS_FILE} in {start} or any folder above it; pass --root or set ${ENV_VAR}")


def _root_error(error: OSError) -> str:
    if isinstance(error, FileNotFoundError) and not error.filename:
        return f"the current folder no longer exists; pass --root or set ${ENV_VAR}"
    where = f" {clip(os.fsdecode(error.filename), 240)}" if error.filename else ""
    return f"cannot look at{where}: {files.reason(error)}; pass --root or set ${ENV_VAR}"
