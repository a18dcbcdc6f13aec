"""Curator's helpers: candidate mentions (`suggest`), commitment skeletons (`new`),
and registering an article (`add-source`).

`suggest` is the `uncited-alias` check seen from the curator's side: the
same matcher, the same rule, with the paragraph and a mention ready to paste.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from tracker import files, loader, schema, yamltext
from tracker.aliases import alias_spans, uncited
from tracker.model import MEETINGS_FILE, Record
from tracker.schema import SLUG
from tracker.sources import SourceEncodingError, decode, sha256
from tracker.text import fold
from tracker.yamlio import YamlSyntaxError, parse
from tracker.yamltext import yaml_scalar

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
        pad = " " * indent
        return (
            f"{pad}- source: {self.source}\n"
            f"{pad}  paragraph: {self.paragraph}\n"
            f"{pad}  quote: {yaml_scalar(self.quote())}\n"
            f"{pad}  kind: reaffirmed  # or proposed, agreed, progress, fulfilled\n"
        )


def suggestions(record: Record, commitment: str | None = None) -> list[Suggestion]:
    """Uncited paragraphs naming an alias, grouped by commitment in record order."""
    order = {c.id: index for index, c in enumerate(record.commitments)}
    found = []
    for item, alias, source, paragraph in uncited(record):
        if commitment is not None and item.id != commitment:
            continue
        text = record.texts[source].paragraphs[paragraph - 1]
        found.append(Suggestion(item.id, source, paragraph, alias, text, alias_spans(alias, text)))
    return sorted(found, key=lambda s: (order[s.commitment], s.source, s.paragraph))


class CurateError(Exception):
    pass


def skeleton(
    record: Record, commitment: str, *, title: str, theme: str | None, by: tuple[str, ...], source: str | None
) -> str:
    """A commitment as YAML text (a `- id:` block at indent 0) that passes the schema."""
    if not re.match(SLUG, commitment):
        raise CurateError(f"`{commitment}` is not an id: use lowercase letters, digits and single hyphens")
    if commitment in {c.id for c in record.commitments}:
        raise CurateError(f"commitment `{commitment}` already exists")
    sources = [s.id for s in record.sources() if s.id]
    if source is not None and source not in sources:
        raise CurateError(f"there is no source `{source}`")
    source = source or (sources[-1] if sources else "source-id")
    lines = [f"- id: {commitment}", f"  title: {yaml_scalar(title)}", "  status: proposed"]
    lines += [f"  theme: {yaml_scalar(theme)}"] if theme else []
    lines += [f"  by: [{', '.join(by)}]"] if by else []
    lines += [
        "  aliases: []",
        "  mentions:",
        f"    - source: {source}",
        "      paragraph: 1",
        "      quote: copy at least three words of the paragraph",
        "      kind: proposed",
    ]
    return "\n".join(lines) + "\n"


def append_commitment(path, item: str) -> None:
    """Append `item` to the commitments file at `path` (created if missing), atomically."""
    path = Path(path)
    if not path.exists():
        files.atomic_write(path, ("commitments:\n" + _indent(item, 2)).encode("utf-8"), overwrite=False)
        return
    old = path.read_text(encoding="utf-8")
    new = yamltext.append_item(old, yamltext.block_list(old, "commitments"), item)
    files.atomic_write(path, new.encode("utf-8"), overwrite=True)


def _indent(text: str, spaces: int) -> str:
    return "".join(" " * spaces + line if line.strip() else line for line in text.splitlines(keepends=True))


# add-source -----------------------------------------------------------------------


class RegisterError(Exception):
    pass


@dataclass(frozen=True)
class Registered:
    source: str
    meeting: str
    path: str  # relative to the root
    paragraphs: int
    created_meeting: bool


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


def add_source(
    root: Path,
    article: Path,
    *,
    meeting: str,
    outlet: str,
    source_id: str | None = None,
    date: dt.date | None = None,
    place: str | None = None,
    participants: tuple[str, ...] = (),
    occasion: str | None = None,
    title: str | None = None,
    url: str | None = None,
) -> Registered:
    paragraphs = _read_article(article)
    content = ("\n".join(paragraphs) + "\n").encode("utf-8")
    digest = sha256(content)
    record = loader.load(root, read_texts=False).record
    existing = {m.id: m for m in record.meetings}
    if meeting not in existing and not (date and place and participants):
        raise RegisterError(
            f"there is no meeting `{meeting}`; to create it, give --date, --place and at least one --participant"
        )
    if not re.match(schema.SLUG, meeting):
        raise RegisterError(f"`{meeting}` is not an id: use lowercase letters, digits and single hyphens")
    meeting_date = existing[meeting].date if meeting in existing else date
    source_id = source_id or _free_id(f"{slug(outlet)}-{meeting_date}", {s.id for s in record.sources()})
    if source_id in {s.id for s in record.sources()}:
        raise RegisterError(f"source id `{source_id}` is already used")
    seed = _seed_path(root, digest)
    source = _source_yaml(source_id, seed.relative_to(root).as_posix(), digest, outlet, title, url)
    meetings_path = root / MEETINGS_FILE
    old = meetings_path.read_text(encoding="utf-8")
    if meeting in existing:
        index = [m.id for m in record.meetings].index(meeting)
        new = yamltext.append_item(old, yamltext.block_list(old, "meetings", index, "sources"), source)
    else:
        item = _meeting_yaml(meeting, date, place, participants, occasion, source)
        new = yamltext.append_item(old, yamltext.block_list(old, "meetings"), item)
    _validate(new)
    files.atomic_write(seed, content, overwrite=False)
    try:
        files.atomic_write(meetings_path, new.encode("utf-8"), overwrite=True)
    except BaseException:
        seed.unlink()
        raise
    return Registered(source_id, meeting, seed.relative_to(root).as_posix(), len(paragraphs), meeting not in existing)


def _read_article(article: Path) -> list[str]:
    try:
        data = article.read_bytes()
    except OSError as error:
        raise RegisterError(f"cannot read {article}: {error.strerror}") from None
    try:
        paragraphs = normalise_article(decode(data))
    except SourceEncodingError as error:
        raise RegisterError(f"{article} is {error}") from None
    if not paragraphs:
        raise RegisterError(f"{article} is empty: there is no paragraph to register")
    return paragraphs


def _seed_path(root: Path, digest: str) -> Path:
    """seeds/NNN_<16 hex of the sha256>.txt, numbered after the last seed."""
    folder = root / "seeds"
    folder.mkdir(exist_ok=True)
    numbers = [int(match.group(1)) for path in folder.iterdir() if (match := re.match(r"(\d+)_", path.name))]
    return folder / f"{max(numbers, default=-1) + 1:03d}_{digest[:16]}.txt"


def _free_id(base: str, taken: set) -> str:
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _source_yaml(source_id, path, digest, outlet, title, url) -> str:
    lines = [f"- id: {source_id}", f"  file: {path}", f"  sha256: {digest}", f"  outlet: {yaml_scalar(outlet)}"]
    lines += [f"  title: {yaml_scalar(title)}"] if title else []
    lines += [f"  url: {yaml_scalar(url)}"] if url else []
    return "\n".join(lines) + "\n"


def _meeting_yaml(meeting, date, place, participants, occasion, source: str) -> str:
    lines = [
        f"- id: {meeting}",
        f"  date: {date.isoformat()}",
        f"  place: {yaml_scalar(place)}",
        f"  participants: [{', '.join(yamltext.flow_scalar(name) for name in participants)}]",
    ]
    lines += [f"  occasion: {yaml_scalar(occasion)}"] if occasion else []
    lines.append("  sources:")
    lines += ["    " + line for line in source.splitlines()]
    return "\n".join(lines) + "\n"


def _validate(text: str) -> None:
    """Refuse to write a meetings.yaml that would not load cleanly."""
    try:
        node = parse(text.encode("utf-8"))
    except YamlSyntaxError as error:
        raise RegisterError(f"the new {MEETINGS_FILE} would not parse ({error}); nothing was written") from None
    walker = schema.Walker(MEETINGS_FILE)
    schema.MEETINGS_FILE_SHAPE.load(walker, node)
    if walker.problems:
        first = walker.problems[0]
        raise RegisterError(f"the new {MEETINGS_FILE} would have problems ({first.message}); nothing was written")
