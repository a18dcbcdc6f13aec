"""Markdown: a readable report: status summary, recurrence table, each commitment with its quotes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from tracker.model import STATUSES
from tracker.query import higher_kind
from tracker.render.document import TITLE, cells, meeting_index

SYMBOLS = {"proposed": "○", "agreed": "●", "reaffirmed": "·", "progress": "◐", "fulfilled": "✔"}
GRID_MEETINGS = 40
"""Up to this many meetings the recurrence is a grid, a column per meeting; past it a
grid is wider than any page, and each commitment lists the meetings that mention it."""


def _cell(text) -> str:
    """Text for a table cell: pipes escaped, one line."""
    return str(text or "").replace("|", "\\|").replace("\n", " ")


def _fact(meeting: dict, fact: str) -> str:
    """A meeting's fact for the page, marked `*` (escaped for markdown) when the sources do not state it."""
    value = meeting[fact]
    text = ", ".join(value) if isinstance(value, list) else str(value or "")
    return _cell(text) + ("\\*" if fact in meeting["inferred"] else "")


def _inferred_notes(meetings: list[dict]) -> list[str]:
    """The footnote of the marks: what each meeting infers, and how."""
    inferred = [meeting for meeting in meetings if meeting["inferred"]]
    if not inferred:
        return []
    lines = ["\\* inferred, not stated by the sources:", ""]
    for meeting in inferred:
        note = f": {_cell(meeting['notes'])}" if meeting["notes"] else ""
        lines.append(f"- {meeting['id']} ({', '.join(meeting['inferred'])}){note}")
    return [*lines, ""]


def render(data: dict) -> bytes:
    return "".join(pieces(data)).encode("utf-8")


def pieces(data: dict) -> Iterator[str]:
    """The report, a section or a commitment at a time: written as it is made, never held whole."""
    commitments = data["commitments"]
    by_id = {meeting["id"]: meeting for meeting in data["meetings"]}
    latest = data["meetings"][-1] if data["meetings"] else None
    intro = (
        f"{len(commitments)} commitments from {len(data['meetings'])} meetings, as of {data['as_of']}; "
        f"record date {_fact(latest, 'date') if latest else 'none'}."
    )
    yield _text([f"# {TITLE}", "", intro, ""])
    yield _text(_status(commitments))
    yield from map(_text, _recurrence(data))
    yield _text(_inferred_notes(data["meetings"]) + _sources(data) + ["## Commitments", ""])
    for commitment in commitments:
        yield _text(_commitment(commitment, by_id))


def _text(lines: list[str]) -> str:
    return "".join(line + "\n" for line in lines)


def _status(commitments: list[dict]) -> list[str]:
    counts = Counter(c["status"] for c in commitments)
    lines = ["## Status", "", "| status | commitments |", "|---|---:|"]
    return lines + [f"| {status} | {counts[status]} |" for status in STATUSES if counts[status]] + [""]


def _recurrence(data: dict) -> Iterator[list[str]]:
    """The matrix (or, past GRID_MEETINGS meetings, each row's meetings), then its legend.

    Commas between legend entries: `·` is a symbol here.
    """
    grid = len(data["meetings"]) <= GRID_MEETINGS
    yield ["## Recurrence across meetings", "", *(_grid_head(data) if grid else _list_head())]
    index = meeting_index(data)
    for commitment in sorted(data["commitments"], key=lambda c: (c["first_mentioned"], -c["recurrence"], c["id"])):
        row = _grid_row(data, commitment, index) if grid else _list_row(commitment)
        yield [f"| [{commitment['id']}](#{commitment['id']}) | {row} | {commitment['recurrence']} |"]
    legend = ", ".join(f"{symbol} {kind}" for kind, symbol in SYMBOLS.items())
    yield ["", f"Each cell is what that meeting's reports say: {legend}.", ""]


def _grid_head(data: dict) -> list[str]:
    dates = " | ".join(f"{_fact(m, 'date')}<br>{_fact(m, 'place')}" for m in data["meetings"])
    return [f"| commitment | {dates} | n |", "|---|" + ":-:|" * len(data["meetings"]) + "--:|"]


def _grid_row(data: dict, commitment: dict, index: dict[str, int]) -> str:
    return " | ".join(SYMBOLS[kind] if kind else "" for kind in cells(data, commitment, index))


def _list_head() -> list[str]:
    return ["| commitment | meetings that mention it | n |", "|---|---|--:|"]


def _list_row(commitment: dict) -> str:
    """The meetings of a row, in date order: `2024-08-19 ●, 2025-04-14 ◐` (a meeting's highest kind)."""
    kinds: dict[tuple[str, str], str | None] = {}
    for mention in commitment["mentions"]:
        date = mention["date"] + ("\\*" if "date" in mention["inferred"] else "")
        meeting = (date, mention["meeting"])
        kinds[meeting] = higher_kind(kinds.get(meeting), mention["kind"])
    return ", ".join(f"{date} {SYMBOLS[kind]}" for (date, _), kind in sorted(kinds.items()) if kind)


def _sources(data: dict) -> list[str]:
    lines = [
        "## Sources",
        "",
        "| source | outlet | meeting | date | place | file | paragraphs |",
        "|---|---|---|---|---|---|--:|",
    ]
    for meeting in data["meetings"]:
        for source in meeting["sources"]:
            cells = [
                f'<a id="{_source_anchor(source["id"])}"></a>{source["id"]}',
                _cell(source["outlet"]),
                meeting["id"],
                _fact(meeting, "date"),
                _fact(meeting, "place"),
                f"`{_cell(source['file'])}`",
                str(len(source["paragraphs"])),
            ]
            lines.append("| " + " | ".join(cells) + " |")
    return lines + [""]


def _source_anchor(source_id: str) -> str:
    return f"source-{source_id}"


def _commitment(commitment: dict, meetings: dict[str, dict]) -> list[str]:
    lines = [f'<a id="{commitment["id"]}"></a>', "", f"### {_cell(commitment['title'])}", ""]
    facts = [f"`{commitment['id']}`", f"**{commitment['status']}**"]
    facts += [f"theme: {_cell(commitment['theme'])}"] if commitment["theme"] else []
    facts += [f"by: {', '.join(commitment['by'])}"] if commitment["by"] else []
    facts += [_due(commitment)] if commitment["due"] else []
    facts += ["dormant"] if commitment["dormant"] else []
    facts += ["overdue"] if commitment["overdue"] else []
    lines += ["; ".join(facts), ""]
    if commitment["reason"]:
        lines += [f"Reason: {_cell(commitment['reason'])}", ""]
    if commitment["notes"]:
        lines += [f"Notes: {_cell(commitment['notes'])}", ""]
    for mention in commitment["mentions"]:
        lines += [_mention_heading(mention, meetings[mention["meeting"]]), "", f"  > {_cell(mention['quote'])}", ""]
    return lines


def _mention_heading(mention: dict, meeting: dict) -> str:
    """When and where, who reported it, and where in their report: `2025-04-14, Hà Nội: VNA, ... ¶11 (agreed)`."""
    source = f"[{mention['source']}](#{_source_anchor(mention['source'])})"
    return (
        f"- {_fact(meeting, 'date')}, {_fact(meeting, 'place')}: {_cell(mention['outlet'])}, "
        f"{source} ¶{mention['paragraph']} ({mention['kind']}):"
    )


def _due(commitment: dict) -> str:
    words = commitment["due_words"]
    if words is None:
        return f"due: {commitment['due']}"
    note = f", {_cell(words['note'])}" if words["note"] else ""
    return f"due: {commitment['due']} (“{_cell(words['quote'])}”, {words['source']} ¶{words['paragraph']}{note})"
