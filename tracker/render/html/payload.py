"""The data the page builds itself from: the export document, reshaped for a browser.

Two JSON blobs go into the page, each a `<script type="application/json">`
that the browser never runs:

- `record`: parties, meetings (with their sources, paragraph counts instead of
  paragraphs) and commitments (their mentions point at meetings by index and
  carry where their quote sits in the paragraph). The page parses it once.
- `paragraphs`: source id -> its paragraphs, parsed only when a reader first
  opens a source or follows a link to a paragraph.

Keys the page does not know pass through unchanged, so a field added to the
export document reaches the page's script without a change here. A new part
of the page that needs data of its own adds a function to `PARTS`.

Both blobs are written piece by piece (`record_pieces`, `paragraph_pieces`),
so the page is never held in memory whole next to the document. The
commitments are shaped as the page's one read of them gathers its facts, and
wait on disk (`CommitmentsAside`, a `Spill`) for their place after the meetings.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator

from tracker.model import KIND_SYMBOLS, STAGE_STATUS, STAGES, STATUSES
from tracker.render.document import essentials
from tracker.render.html import chart
from tracker.render.html.facts import ATTENTION_SHOWN, Facts
from tracker.render.spill import Spill
from tracker.text import escape_json, quote_spans

# Keys the page has no use for, or gets in a smaller form.
COMMITMENT_DROPPED = ("meetings", "mentions", "record_date")  # the record's date is in `head`
# `meeting` becomes an index; its date, outlet and what it infers are the meeting's own.
MENTION_DROPPED = ("text", "date", "outlet", "inferred")
SOURCE_DROPPED = ("paragraphs", "sha256")
GROUP = 200  # commitments or meetings per json.dumps call: few calls, little memory
SOURCE_GROUP = 100  # sources per call, each with all its paragraphs
MEETING_GROUP = 50  # meetings per call, each with what changed at it and its comparison

_SCRIPT_ESCAPES = [(char, f"\\u{ord(char):04x}") for char in "<>&\u2028\u2029"]
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def script_safe(text: str) -> str:
    """JSON text that cannot end or confuse the script element holding it.

    `<` `>` `&` become `\\u003c` `\\u003e` `\\u0026` (so no `</script>` or `<!--`
    survives), and U+2028/2029, which JSON allows raw, are escaped too.
    """
    for char, escaped in _SCRIPT_ESCAPES:
        if char in text:  # a scan that finds nothing is far cheaper than a regex pass
            text = text.replace(char, escaped)
    return text


def dumps(value) -> str:
    """Compact JSON, safe inside a script element and on a terminal (control characters as escapes)."""
    return script_safe(escape_json(json.dumps(value, ensure_ascii=False, separators=(",", ":"))))


def shown_paragraph(text: str) -> str:
    """The paragraph as the page shows it: NFC, the form quote marks are measured in."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def marks(shown: str, quote: str) -> list[int]:
    """Where the quote's words are in the shown paragraph: start, end, start, end ... in UTF-16 units.

    Browsers count string offsets in UTF-16 code units, Python in code points;
    they differ only after a character outside the Basic Multilingual Plane.
    """
    at = shown.find(quote) if quote else -1
    # Verbatim is the usual case, and needs no normalising.
    spans = [(at, at + len(quote))] if at >= 0 else quote_spans(shown, quote)[1]
    if not shown.isascii() and _ASTRAL.search(shown):
        units = lambda offset: len(shown[:offset].encode("utf-16-le")) // 2  # noqa: E731
        spans = [(units(start), units(end)) for start, end in spans]
    return [offset for span in spans for offset in span]


# The record blob -------------------------------------------------------------------


def head(data: dict) -> dict:
    """What the page says about the record as a whole."""
    meetings = data["meetings"]
    return {
        "as_of": data["as_of"],
        "record_date": data.get("record_date") or (meetings[-1]["date"] if meetings else None),
        "parties": data["parties"],
        "statuses": list(STATUSES),
        "stages": STAGES,
        "stage_status": STAGE_STATUS,
        "symbols": KIND_SYMBOLS,
        "attention_shown": ATTENTION_SHOWN,
        "chart": {"bar": chart.BAR, "layers": chart.LAYERS, "gap_up_to": chart.GAP_UP_TO, "names": chart.LAYER_NAMES},
    }


def meeting(entry: dict, cited: dict[str, set[int]]) -> dict:
    """A meeting with its sources, each with counts of its paragraphs and of those cited in their place."""
    sources = [
        {
            **compact(source, SOURCE_DROPPED),
            "paragraphs": len(source["paragraphs"]),
            "cited": len(cited.get(source["id"], ())),
        }
        for source in entry["sources"]
    ]
    return {**compact(entry, ("sources",)), "sources": sources}


def commitment(entry: dict, index: dict[str, int], paragraphs: dict[str, list[str]]) -> dict:
    """A commitment whose mentions name their meeting by index and carry their quote's marks."""
    mentions = []
    for mention in entry["mentions"]:
        shaped = compact(mention, MENTION_DROPPED)
        shaped["meeting"] = index[mention["meeting"]]
        texts = paragraphs.get(mention["source"]) or []
        number = mention["paragraph"]
        shaped["marks"] = marks(texts[number - 1], mention["quote"] or "") if 0 < number <= len(texts) else []
        mentions.append(shaped)
    return {**compact(entry, COMMITMENT_DROPPED), "mentions": mentions}


def compact(entry: dict, dropped: tuple[str, ...]) -> dict:
    """The entry without the keys `dropped`, nor those that say nothing (None, false, empty): the
    script reads a missing key as any of those, and at 40,000 commitments the bytes add up."""
    shaped = entry.copy()
    for key in dropped:
        shaped.pop(key, None)
    for key in [key for key, value in shaped.items() if value is None or value is False or value == []]:
        del shaped[key]
    return shaped


PARTS = {
    # name -> the function that builds it from the export document (small, whole-record data)
    "head": head,
}


def record_pieces(data: dict, facts: Facts, commitments: Iterator[bytes]) -> Iterator[str | bytes]:
    """The record blob as JSON text, a group of items at a time: one pass over the meetings, then the
    `commitments` as `CommitmentsAside` wrote them. `facts` from `facts.gather`."""
    yield "{" + ",".join(f"{json.dumps(name)}:{dumps(build(data))}" for name, build in PARTS.items())
    yield ',"meetings":['
    yield from _grouped((meeting(entry, facts.cited) for entry in data["meetings"]), MEETING_GROUP)
    yield '],"commitments":['
    yield from commitments
    yield "]}"


class CommitmentsAside:
    """The record blob's commitments, shaped (`commitment`) as they are read and written to `out`,
    `GROUP` to a json.dumps call, comma-separated: call `add` with each, then `close`."""

    def __init__(self, index: dict[str, int], paragraphs: dict[str, list[str]], out: Spill, *, first: bool = True):
        """`first`: these are the first commitments of the blob (the rest follow a comma)."""
        self._index, self._paragraphs, self._out = index, paragraphs, out
        self._group: list[dict] = []
        self._first = first

    def add(self, entry: dict) -> None:
        self._group.append(commitment(entry, self._index, self._paragraphs))
        if len(self._group) == GROUP:
            self.close()

    def close(self) -> None:
        """Write the commitments not yet written."""
        if self._group:
            self._out.write(_items(self._group, self._first))
            self._group, self._first = [], False


def places_and_paragraphs(data: dict) -> tuple[dict[str, int], dict[str, list[str]]]:
    """One pass over the meetings: meeting id -> its place in the document (`document.meeting_index`),
    and source id -> its paragraphs as shown (the same strings as the document's, unless not NFC)."""
    index: dict[str, int] = {}
    paragraphs: dict[str, list[str]] = {}
    for at, entry in enumerate(essentials(data["meetings"])):  # the meetings' analysis is not needed here
        index[entry["id"]] = at
        for source in entry["sources"]:
            paragraphs[source["id"]] = [shown_paragraph(text) for text in source["paragraphs"]]
    return index, paragraphs


def paragraph_pieces(paragraphs: dict[str, list[str]]) -> Iterator[str]:
    """The paragraphs blob: {source id: [paragraph, ...]}, a group of sources at a time."""
    yield "{"
    ids = list(paragraphs)
    for start in range(0, len(ids), SOURCE_GROUP):
        group = {source: paragraphs[source] for source in ids[start : start + SOURCE_GROUP]}
        yield ("," if start else "") + dumps(group)[1:-1]
    yield "}"


def _grouped(items, size: int = GROUP) -> Iterator[str]:
    """JSON array items, comma-separated, dumped `size` at a time."""
    group: list = []
    first = True
    for item in items:
        group.append(item)
        if len(group) == size:
            yield _items(group, first)
            group, first = [], False
    if group:
        yield _items(group, first)


def _items(group: list, first: bool) -> str:
    """A group of a JSON array's items, after a comma unless they are the `first`."""
    return ("" if first else ",") + dumps(group)[1:-1]
