"""Curator's helpers: candidate mentions (`suggest`), commitment skeletons (`new`),
and registering an article (`add-source`).

`suggest` is the `uncited-alias` check seen from the curator's side: the
same matcher, the same rule, with the paragraph and a mention ready to paste.

The writers plan first and write after: a plan takes the current bytes of
the curated files and returns their new bytes, or refuses (CurateError),
touching no disk. Applying a plan holds the record's lock from reading to
writing, so that two writers at once never plan from the same old text.
A plan's new text is the old text with lines inserted (yamltext), proven to
read back as the old document plus the new item, and walked with the
record's own shapes: a write that would add a problem is refused.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import unicodedata
from collections import Counter
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from tracker import files, loader, schema, yamltext
from tracker.aliases import alias_spans, uncited
from tracker.model import COMMITMENTS_DIR, MEETINGS_FILE, Meeting, Record
from tracker.query import Unknown
from tracker.schema import SLUG
from tracker.sources import SourceEncodingError, decode, sha256
from tracker.text import fold
from tracker.yamlio import YamlSyntaxError, parse
from tracker.yamltext import scalar

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class Suggestion:
    commitment: str
    source: str
    paragraph: int
    alias: str
    text: str
    spans: list[tuple[int, int]]  # where the alias stands in `text`

    def as_json(self) -> dict:
        return {
            "commitment": self.commitment,
            "source": self.source,
            "paragraph": self.paragraph,
            "alias": self.alias,
            "text": self.text,
        }

    def quote(self) -> str:
        """The sentence of the paragraph that names the alias: a quote to start from."""
        at = self.spans[0][0] if self.spans else 0
        start, end = 0, len(self.text)
        for boundary in _SENTENCE_END.finditer(self.text):
            if boundary.start() < at:
                start = boundary.end()
            else:
                end = boundary.start()
                break
        return self.text[start:end].strip()

    def mention_yaml(self, indent: int = 6) -> str:
        """A mention to paste under the commitment's `mentions:`; the kind is the curator's call."""
        mention = (
            f"- source: {self.source}\n"
            f"  paragraph: {self.paragraph}\n"
            f"  quote: {scalar(self.quote())}\n"
            "  kind: reaffirmed  # or proposed, agreed, progress, fulfilled\n"
        )
        return yamltext.indent(mention, indent)


def suggestions(record: Record, commitment: str | None = None) -> list[Suggestion]:
    """Uncited paragraphs naming an alias, grouped by commitment in record order (or only `commitment`'s)."""
    order = {c.id: index for index, c in enumerate(record.commitments)}
    if commitment is not None and commitment not in order:
        raise Unknown("commitment", commitment, order)
    found = []
    for item, alias, source, paragraph in uncited(record):
        if commitment is not None and item.id != commitment:
            continue
        read = record.texts[source]
        if read is None or item.id is None:  # pragma: no cover - uncited() names only read sources and ids
            continue
        text = read.paragraphs[paragraph - 1]
        found.append(Suggestion(item.id, source, paragraph, alias, text, alias_spans(alias, text)))
    return sorted(found, key=lambda s: (order[s.commitment], s.source, s.paragraph))


class CurateError(Exception):
    """A refusal: the message says why, in one line; nothing was written."""


class RegisterError(CurateError):
    """`add-source` refuses."""


# What the user types -------------------------------------------------------------------

_NOT_ONE_LINE = ("Cc", "Cs", "Zl", "Zp")  # controls (newlines among them), non-characters, line breaks


def typed(option: str, value: str) -> str:
    """`value`, as typed for `option`, unless it cannot be one line of record text."""
    for character in value:
        category = unicodedata.category(character)
        if category == "Cs":  # how Python keeps the bytes of an argument that is not UTF-8
            raise CurateError(f"{option} holds a byte that is not UTF-8 (0x{ord(character) - 0xDC00:02x})")
        if category in _NOT_ONE_LINE:
            what = "a line break" if character in "\n\r\x85\u2028\u2029" else "a control character"
            raise CurateError(f"{option} holds {what} (U+{ord(character):04X}); type it as one line of text")
    return value


def _slug(option: str, value: str) -> str:
    if not re.match(SLUG, value) or not value.isascii() or "\n" in value:
        raise CurateError(f"{option} `{value}` is not an id: use lowercase letters, digits and single hyphens")
    return value


# The curated files, read and proven -------------------------------------------------------


def read_curated(path: Path, shown: str) -> bytes | None:
    """The bytes of a curated file, None when it does not exist; refuse anything but a regular file."""
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise files.failure(shown, error, "read") from None
    other = files.what_is(status.st_mode)
    if other:
        raise CurateError(f"cannot add to {shown}: it is {other}, not a regular file")
    try:
        return path.read_bytes()
    except OSError as error:
        raise files.failure(shown, error, "read") from None


def _walk(shown: str, data: bytes, shape: schema.Shape) -> tuple[dict, list[tuple[str, str]]]:
    """The values of a curated file and its problems as (code, message); refuse what does not parse."""
    try:
        node = parse(data)
    except YamlSyntaxError as error:
        where = f"line {error.line}, column {error.column}"
        raise CurateError(f"cannot add to {shown}: {where}: {error}; fix it first") from None
    if node is None:
        return {}, [("missing-field", "empty")]
    walker = schema.Walker(shown)
    values = shape.load(walker, node) or {}
    return values, [(problem.code.name, problem.message) for problem in walker.problems]


def _edited(
    shown: str, old: bytes, path: Sequence[yamltext.Step], item: str, shape: schema.Shape, problems=None
) -> bytes:
    """`old` with `item` added to the list at `path`, refused if that adds a problem to the file.

    `problems` are those of `old`, when the caller has walked it already.
    """
    try:
        new = yamltext.append_item(old, path, item)
    except yamltext.EditError as error:
        raise CurateError(f"cannot add to {shown}: {error}") from None
    before = _walk(shown, old, shape)[1] if problems is None else problems
    added = Counter(_walk(shown, new, shape)[1]) - Counter(before)
    if added:
        code, message = next(iter(added))
        raise CurateError(f"the new {shown} would have a problem ({code}: {message}); nothing was written")
    return new


# new --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    """What the curator asked `new` for."""

    id: str
    title: str = "Say what was promised"
    theme: str | None = None
    by: tuple[str, ...] = ()
    source: str | None = None


def skeleton(record: Record, draft: Draft) -> str:
    """A commitment as YAML text (a `- id:` block at indent 0) that passes the schema."""
    _slug("the id", draft.id)
    if draft.id in {c.id for c in record.commitments}:
        raise CurateError(f"commitment `{draft.id}` already exists")
    sources = [s.id for s in record.sources() if s.id]
    if draft.source is not None and draft.source not in sources:
        raise CurateError(f"there is no source `{draft.source}`")
    for code in draft.by:
        if typed("--by", code) not in record.parties:
            raise CurateError(f"--by {scalar(code)} is not a party of {MEETINGS_FILE} ({', '.join(record.parties)})")
    source = draft.source or (sources[-1] if sources else "source-id")
    lines = [f"- id: {draft.id}", f"  title: {scalar(typed('--title', draft.title))}", "  status: proposed"]
    lines += [f"  theme: {scalar(typed('--theme', draft.theme))}"] if draft.theme else []
    lines += [f"  by: [{', '.join(map(scalar, draft.by))}]"] if draft.by else []
    lines += [
        "  aliases: []",
        "  mentions:",
        f"    - source: {source}",
        "      paragraph: 1",
        "      quote: copy at least three words of the paragraph",
        "      kind: proposed",
    ]
    return "\n".join(lines) + "\n"


def commitments_file(root: Path, path: Path) -> Path:
    """`path`, if the record reads it (a `*.yaml` file directly in data/commitments/); else refuse."""
    folder = root / COMMITMENTS_DIR
    if not path.name.endswith(".yaml") or os.path.realpath(path.parent) != os.path.realpath(folder):
        raise CurateError(
            f"{path} is not a file the record reads: commitments live in {COMMITMENTS_DIR}/*.yaml under the root"
        )
    return path


def write_commitment(root: Path, path: Path, draft: Draft) -> None:
    """Append a new commitment's skeleton to the commitments file at `path` (made if missing)."""
    target = commitments_file(root, path)
    with files.record_lock(root / "data"):
        item = skeleton(loader.load(root, read_texts=False).record, draft)
        old = read_curated(target, str(path))
        new = _edited(str(path), old or b"", ["commitments"], item, schema.COMMITMENTS_FILE_SHAPE)
        _tidy(root)
        files.atomic_write(target, new, overwrite=old is not None)


def _tidy(root: Path) -> None:
    """Remove what killed writers left in the record's folders (the temporaries no writer holds)."""
    for folder in (root / "data", root / COMMITMENTS_DIR, root / "seeds"):
        files.remove_stale(folder, any_name=True)


# add-source -----------------------------------------------------------------------


@dataclass(frozen=True)
class Registered:
    source: str
    meeting: str
    path: str  # relative to the root
    paragraphs: int
    created_meeting: bool


@dataclass(frozen=True)
class SourceRequest:
    """What the curator asked `add-source` for."""

    meeting: str
    outlet: str
    source_id: str | None = None
    date: dt.date | None = None
    place: str | None = None
    participants: tuple[str, ...] = ()
    occasion: str | None = None
    title: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class SourcePlan:
    seed: str  # the seed's path, relative to the root
    content: bytes  # the seed's bytes
    write_seed: bool  # False when the same bytes already lie there, unregistered
    meetings: bytes  # the new data/meetings.yaml
    registered: Registered


def normalise_article(text: str) -> list[str]:
    """The article's paragraphs: NFC, one per line, hard-wrapped lines joined.

    Paragraphs are separated by blank lines, whose lines are joined with a
    space; a text with no blank line has one paragraph per line.
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.strip() for line in text.split("\n")]
    content = [index for index, line in enumerate(lines) if line]
    if not content:
        return []
    inner = lines[content[0] : content[-1] + 1]
    if "" not in inner:
        return [" ".join(line.split()) for line in inner]
    blocks = re.split(r"\n\s*\n", "\n".join(inner))
    return [" ".join(block.split()) for block in blocks if block.strip()]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "source"


def add_source(root: Path, article: Path, request: SourceRequest) -> Registered:
    """Register `article`: its seed under seeds/, its source (and meeting) in data/meetings.yaml."""
    content = read_article(article)
    with files.record_lock(root / "data"):
        seeds = _seeds_folder(root)
        meetings = read_curated(root / MEETINGS_FILE, MEETINGS_FILE)
        if meetings is None:
            raise RegisterError(f"{MEETINGS_FILE} has gone")
        plan = plan_source(meetings, _seed_digests(seeds, sha256(content)), content, request)
        _apply(root, plan)
    return plan.registered


def plan_source(meetings: bytes, seeds: dict[str, str | None], content: bytes, request: SourceRequest) -> SourcePlan:
    """What registering `content` changes: the seed to write and the new meetings.yaml; or a refusal.

    `seeds` maps the names in seeds/ to the sha256 of their bytes (None when
    not worth reading: only a name with the article's hash can hold it).
    """
    _check_request(request)
    digest = sha256(content)
    values, problems = _walk(MEETINGS_FILE, meetings, schema.MEETINGS_FILE_SHAPE)
    known = [meeting for meeting in values.get("meetings") or () if meeting]
    _refuse_registered(known, digest)
    meeting = _meeting_for(known, request)
    source_id = _new_source_id(known, request, meeting.date if meeting is not None else request.date)
    seed, write_seed = _seed_name(seeds, digest)
    source = _source_yaml(source_id, seed, digest, request)
    if meeting is not None:
        path: list[yamltext.Step] = ["meetings", ("id", request.meeting), "sources"]
        item = source
    else:
        path, item = ["meetings"], _meeting_yaml(request, source)
    new = _edited(MEETINGS_FILE, meetings, path, item, schema.MEETINGS_FILE_SHAPE, problems)
    registered = Registered(source_id, request.meeting, seed, content.count(b"\n"), meeting is None)
    return SourcePlan(seed, content, write_seed, new, registered)


def _meeting_for(known: list[Meeting], request: SourceRequest) -> Meeting | None:
    """The existing meeting the source is for, if it agrees with the request; None for a new one."""
    meeting = next((m for m in known if m.id == request.meeting), None)
    if meeting is not None:
        _refuse_contradictions(meeting, request)
    elif not (request.date and request.place and request.participants):
        needed = "give --date, --place and at least one --participant"
        raise RegisterError(f"there is no meeting `{request.meeting}`; to create it, {needed}")
    return meeting


def _new_source_id(known: list[Meeting], request: SourceRequest, date: dt.date | None) -> str:
    taken = _source_ids(known)
    source_id = request.source_id or _free_id(f"{slug(request.outlet)}-{date}", taken)
    if source_id in taken:
        raise RegisterError(f"source id `{source_id}` is already used")
    return source_id


def _check_request(request: SourceRequest) -> None:
    _slug("--meeting", request.meeting)
    if request.source_id is not None:
        _slug("--id", request.source_id)
    for option, value in (
        ("--outlet", request.outlet),
        ("--place", request.place),
        ("--occasion", request.occasion),
        ("--title", request.title),
        ("--url", request.url),
        *(("--participant", name) for name in request.participants),
    ):
        if value is not None:
            typed(option, value)


def _source_ids(meetings: list[Meeting]) -> set[str | None]:
    return {source.id for meeting in meetings for source in meeting.sources}


def _refuse_registered(meetings: list[Meeting], digest: str) -> None:
    for meeting in meetings:
        for source in meeting.sources:
            if source.sha256 == digest:
                raise RegisterError(
                    f"this article is already registered as source `{source.id}` ({source.path}) of `{meeting.id}`"
                )


def _refuse_contradictions(meeting: Meeting, request: SourceRequest) -> None:
    """Refuse a --date, --place, --occasion or --participant that the existing meeting does not have."""
    for option, given, recorded in (
        ("--date", request.date, meeting.date),
        ("--place", request.place, meeting.place),
        ("--occasion", request.occasion, meeting.occasion),
    ):
        if given is not None and _nfc(given) != _nfc(recorded):
            raise RegisterError(
                f"{option} {given} contradicts meeting `{meeting.id}`, whose {option[2:]} is {recorded or 'not given'}"
            )
    names = {_nfc(name) for name in meeting.participants or ()}
    for name in request.participants:
        if _nfc(name) not in names:
            listed = ", ".join(meeting.participants or ()) or "not given"
            raise RegisterError(
                f"--participant {name} contradicts meeting `{meeting.id}`, whose participants are {listed}"
            )


def _nfc(value):
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def _seed_name(seeds: dict[str, str | None], digest: str) -> tuple[str, bool]:
    """seeds/NNN_<16 hex of the sha256>.txt numbered after the last seed; or the unregistered seed with these bytes."""
    for name, their_digest in sorted(seeds.items()):
        if their_digest == digest:
            return f"seeds/{name}", False  # left by a run that died before registering it
    numbers = [int(match.group(1)) for name in seeds if (match := re.match(r"(\d+)_", name))]
    return f"seeds/{max(numbers, default=-1) + 1:03d}_{digest[:16]}.txt", True


def _free_id(base: str, taken: set) -> str:
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _source_yaml(source_id: str, path: str, digest: str, request: SourceRequest) -> str:
    lines = [f"- id: {source_id}", f"  file: {path}", f"  sha256: {digest}", f"  outlet: {scalar(request.outlet)}"]
    lines += [f"  title: {scalar(request.title)}"] if request.title else []
    lines += [f"  url: {scalar(request.url)}"] if request.url else []
    return "\n".join(lines) + "\n"


def _meeting_yaml(request: SourceRequest, source: str) -> str:
    assert request.date is not None and request.place is not None
    lines = [
        f"- id: {request.meeting}",
        f"  date: {request.date.isoformat()}",
        f"  place: {scalar(request.place)}",
        f"  participants: [{', '.join(map(scalar, request.participants))}]",
    ]
    lines += [f"  occasion: {scalar(request.occasion)}"] if request.occasion else []
    lines.append("  sources:")
    return "\n".join(lines) + "\n" + yamltext.indent(source, 4)


# add-source: the disk ------------------------------------------------------------------


def read_article(article: Path) -> bytes:
    """The article as a seed's bytes: its paragraphs, NFC, one per line, LF."""
    try:
        mode = os.stat(article).st_mode  # a FIFO or a device is never read: it could hang or never end
        if not stat.S_ISREG(mode):
            raise RegisterError(f"cannot read {article}: it is {files.what_is(mode)}")
        data = article.read_bytes()
    except OSError as error:
        raise files.failure(article, error, "read") from None
    try:
        paragraphs = normalise_article(decode(data))
    except SourceEncodingError as error:
        raise RegisterError(f"{article} is {error}") from None
    if not paragraphs:
        raise RegisterError(f"{article} is empty: there is no paragraph to register")
    return ("\n".join(paragraphs) + "\n").encode("utf-8")


def _seeds_folder(root: Path) -> Path:
    """seeds/ under the root; refuse one that is not a folder or leads out of the root."""
    folder = root / "seeds"
    if not os.path.lexists(folder):
        return folder
    resolved = folder.resolve()
    if not resolved.is_relative_to(root.resolve()):
        raise RegisterError(f"seeds/ leads out of the root (to {resolved}): a seed there could not be checked")
    if not resolved.is_dir():
        raise RegisterError(f"{folder} is not a folder")
    return folder


def _seed_digests(folder: Path, digest: str) -> dict[str, str | None]:
    """The names in seeds/, with the sha256 of those that could hold the article (named after its hash)."""
    try:
        entries = list(os.scandir(folder)) if folder.exists() else []
    except OSError as error:
        raise files.failure(folder, error, "read") from None
    found: dict[str, str | None] = {}
    for entry in entries:
        same = entry.name.endswith(f"_{digest[:16]}.txt") and entry.is_file(follow_symlinks=False)
        found[entry.name] = _digest_of(Path(entry.path)) if same else None
    return found


def _digest_of(path: Path) -> str | None:
    try:
        return sha256(path.read_bytes())
    except OSError:
        return None  # not readable: not a seed to take over


def _apply(root: Path, plan: SourcePlan) -> None:
    """Write the seed, then meetings.yaml; if the second write fails, take the seed back."""
    folder, seed = root / "seeds", root / plan.seed
    made = _make_folder(folder)
    written = False
    try:
        _tidy(root)
        if plan.write_seed:
            files.atomic_write(seed, plan.content, overwrite=False)
            written = True
        files.atomic_write(root / MEETINGS_FILE, plan.meetings, overwrite=True)
    except BaseException:
        with suppress(OSError):
            if written:
                seed.unlink(missing_ok=True)
            if made:
                folder.rmdir()
        raise


def _make_folder(folder: Path) -> bool:
    try:
        folder.mkdir()
        return True
    except FileExistsError:
        return False
    except OSError as error:
        raise files.failure(folder, error, "create") from None
