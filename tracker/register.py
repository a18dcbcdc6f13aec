"""Register a new article: normalise it, copy it under seeds/, record it in meetings.yaml.

The seed is written first (a new file: never over an existing one), then
meetings.yaml, by inserting text; if that second write fails the seed is
removed again, so a failed registration leaves every file as it was.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from tracker import loader, schema, writing
from tracker.aliases import fold
from tracker.curate import yaml_scalar
from tracker.model import MEETINGS_FILE
from tracker.sources import SourceEncodingError, decode, sha256
from tracker.yamlio import YamlSyntaxError, parse


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
        new = writing.append_item(old, writing.block_list(old, "meetings", index, "sources"), source)
    else:
        item = _meeting_yaml(meeting, date, place, participants, occasion, source)
        new = writing.append_item(old, writing.block_list(old, "meetings"), item)
    _validate(new)
    writing.atomic_write(seed, content, overwrite=False)
    try:
        writing.atomic_write(meetings_path, new.encode("utf-8"), overwrite=True)
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
        f"  participants: [{', '.join(_flow_scalar(name) for name in participants)}]",
    ]
    lines += [f"  occasion: {yaml_scalar(occasion)}"] if occasion else []
    lines.append("  sources:")
    lines += ["    " + line for line in source.splitlines()]
    return "\n".join(lines) + "\n"


def _flow_scalar(value: str) -> str:
    """`value` for a flow list: plain when YAML reads it back as that text, else quoted."""
    import json

    import yaml

    from tracker.yamlio import Loader

    try:
        items = yaml.compose(f"[{value}]", Loader=Loader).value
        if len(items) == 1 and items[0].tag == schema.STR and items[0].value == value:
            return value
    except yaml.YAMLError:
        pass
    return json.dumps(value, ensure_ascii=False)


def _validate(text: str) -> None:
    """Refuse to write a meetings.yaml that would not load cleanly."""
    try:
        node = parse(text.encode("utf-8"))
    except YamlSyntaxError as error:
        raise RegisterError(f"the new {MEETINGS_FILE} would not parse ({error}); nothing was written") from None
    walker = schema.Walker(MEETINGS_FILE)
    loader.MEETINGS_FILE_SHAPE.load(walker, node)
    if walker.problems:
        first = walker.problems[0]
        raise RegisterError(f"the new {MEETINGS_FILE} would have problems ({first.message}); nothing was written")
