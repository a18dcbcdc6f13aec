"""Curator's helpers: candidate mentions (`suggest`) and commitment skeletons (`new`).

`suggest` is the `uncited-alias` check seen from the curator's side: the
same matcher, the same rule, with the paragraph and a mention ready to paste.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.aliases import alias_spans
from tracker.checks.aliases import uncited
from tracker.model import Record

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


def yaml_scalar(value: str) -> str:
    """`value` as a YAML scalar that reads back as the same text: plain when safe."""
    import json

    import yaml

    from tracker.yamlio import Loader

    try:
        node = yaml.compose(f"key: {value}\n", Loader=Loader)
        plain = node.value[0][1]
        if plain.tag == "tag:yaml.org,2002:str" and plain.value == value and "\n" not in value:
            return value
    except yaml.YAMLError:
        pass
    return json.dumps(value, ensure_ascii=False)


class CurateError(Exception):
    pass


def skeleton(
    record: Record, commitment: str, *, title: str, theme: str | None, by: tuple[str, ...], source: str | None
) -> str:
    """A commitment as YAML text (a `- id:` block at indent 0) that passes the schema."""
    from tracker.schema import SLUG

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
    from pathlib import Path

    from tracker import writing

    path = Path(path)
    if not path.exists():
        writing.atomic_write(path, ("commitments:\n" + _indent(item, 2)).encode("utf-8"), overwrite=False)
        return
    old = path.read_text(encoding="utf-8")
    new = writing.append_item(old, writing.block_list(old, "commitments"), item)
    writing.atomic_write(path, new.encode("utf-8"), overwrite=True)


def _indent(text: str, spaces: int) -> str:
    return "".join(" " * spaces + line if line.strip() else line for line in text.splitlines(keepends=True))
