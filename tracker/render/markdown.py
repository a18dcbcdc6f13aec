"""Markdown: a readable report: status summary, recurrence table, what changed at each meeting, each
commitment with its quotes.

Every piece of record text goes through `text`, the one escape of this
format: a title can hold no HTML (`<script>`), link, emphasis or table
pipe, and no line break that would end its line of the table or the quote.
Ids are slugs (a record with any other does not load), so they go into
anchors, links and code spans as they are.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import partial

from tracker.model import KIND_SYMBOLS, STATUSES
from tracker.query import higher_kind, recurrence_order
from tracker.render.document import TITLE, cells, essentials, meeting_index
from tracker.render.json import joined
from tracker.render.spill import Aside, Spill, worth_making_aside
from tracker.text import counted

GRID_MEETINGS = 40
"""Up to this many meetings the recurrence is a grid, a column per meeting; past it a
grid is wider than any page, and each commitment lists the meetings that mention it."""


# Characters with a meaning anywhere in a line: backslash-escaped (CommonMark
# lets any ASCII punctuation be), or an entity where HTML would read them.
_INLINE = str.maketrans(
    {
        **{character: "\\" + character for character in "\\`*_[]|~#!"},
        "<": "&lt;",
        ">": "&gt;",
        "&": "&amp;",
    }
)
_LINE_BREAK = re.compile(r"\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")
# What would start a list, a heading rule or a setext underline at the start of a line.
_LINE_START = re.compile(r"^([+\-=])|^(\d+)([.)])")


def text(value) -> str:
    """Record text as inline markdown that shows exactly that text, on one line (breaks become <br>)."""
    escaped = str(value if value is not None else "").translate(_INLINE)
    # Each pass only when it can change something: most text starts with a letter and breaks no line
    # (_LINE_START's \d is a decimal digit; every break of _LINE_BREAK is unprintable).
    start = escaped[:1]
    if start in ("+", "-", "=") or start.isdecimal():
        escaped = _LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", escaped)
    return escaped if escaped.isprintable() else _LINE_BREAK.sub("<br>", escaped)


def _fact(meeting: dict, fact: str) -> str:
    """A meeting's fact for the page, marked `*` (escaped for markdown) when the sources do not state it."""
    value = meeting[fact]
    shown = text(", ".join(value) if isinstance(value, list) else value)
    return shown + ("\\*" if fact in meeting["inferred"] else "")


def _inferred_note(meeting: dict) -> str:
    note = f": {text(meeting['notes'])}" if meeting["notes"] else ""
    return f"- {meeting['id']} ({', '.join(meeting['inferred'])}){note}"


def render(data: dict) -> bytes:
    return joined(pieces(data))


def pieces(data: dict) -> Iterator[str | bytes]:
    """The report, a section or a commitment at a time: written as it is made, never held whole.

    The meetings are read once (`_changes`, which keeps what the later
    sections need of each, `Meetings`), and the commitments once
    (`_read_commitments`: the counts, the recurrence rows, short, kept to be
    sorted, and their own section), on a large record by a second process
    meanwhile (`Aside`). The sections made before their place in the report
    wait on disk (`Spill`): each read of the document makes every item again.
    """
    with Aside(partial(_read_commitments, data), fork=worth_making_aside(data["commitments"])) as made:
        meetings = Meetings()
        with Spill() as changes:
            changes.write_all(map(_joined, _changes(data, meetings)))
            statuses, rows = made.take()
            latest = data["meetings"][-1] if data["meetings"] else None
            intro = (
                f"{counted(sum(statuses.values()), 'commitment')} from {counted(len(data['meetings']), 'meeting')}, "
                f"as of {data['as_of']}; "
                f"record date {_fact(latest, 'date') if latest else 'none'}."
            )
            yield _joined([f"# {TITLE}", "", intro, ""])
            yield _joined(_status(statuses))
            yield from map(_joined, _recurrence(data, rows))
            yield from changes.byte_pieces()
        yield _joined(meetings.inferred_notes() + meetings.sources() + ["## Commitments", ""])
        yield from made.spills[0].byte_pieces()


def _read_commitments(data: dict, written: Spill) -> tuple[Counter[str], list[str]]:
    """One read of the commitments: how many have each status, and their recurrence rows in
    `recurrence_order`; their section is written to `written`."""
    # Only a grid places meetings by index, and a grid has at most GRID_MEETINGS of them.
    index = meeting_index(data) if _is_grid(data) else {}
    when_and_where = {meeting["id"]: _when_and_where(meeting) for meeting in essentials(data["meetings"])}
    statuses: Counter[str] = Counter()
    rows: list[tuple[tuple, str]] = []
    for commitment in data["commitments"]:
        statuses[commitment["status"]] += 1
        order = recurrence_order(commitment["first_mentioned"], commitment["recurrence"], commitment["id"])
        rows.append((order, _recurrence_row(data, commitment, index)))
        written.write(_joined(_commitment(commitment, when_and_where)))
    rows.sort(key=lambda row: row[0])  # the keys differ: each ends in the commitment's id
    return statuses, [row for _, row in rows]


class Meetings:
    """What the sections after the changes need of the meetings, kept as `_changes` reads them, newest
    first: a few facts and lines a meeting, so that the meetings are read once."""

    def __init__(self) -> None:
        self.by_id: dict[str, dict] = {}
        self._notes: list[str] = []
        self._sources: list[list[str]] = []

    def keep(self, meeting: dict) -> None:
        self.by_id[meeting["id"]] = _when_and_where(meeting)
        if meeting["inferred"]:
            self._notes.append(_inferred_note(meeting))
        self._sources.append(_source_rows(meeting))

    def inferred_notes(self) -> list[str]:
        """The footnote of the marks: what each meeting infers, and how, oldest first."""
        if not self._notes:
            return []
        return ["\\* inferred, not stated by the sources:", "", *reversed(self._notes), ""]

    def sources(self) -> list[str]:
        rows = [row for meeting in reversed(self._sources) for row in meeting]
        return [*SOURCES_HEAD, *rows, ""]


def _joined(lines: list[str]) -> str:
    return "".join(line + "\n" for line in lines)


def _when_and_where(meeting: dict) -> dict:
    """What a mention's heading says of its meeting: all a commitment needs of it, kept for every meeting."""
    return {"date": meeting["date"], "place": meeting["place"], "inferred": meeting["inferred"]}


def _status(counts: Counter[str]) -> list[str]:
    lines = ["## Status", "", "| status | commitments |", "|---|---:|"]
    return lines + [f"| {status} | {counts[status]} |" for status in STATUSES if counts[status]] + [""]


def _recurrence(data: dict, rows: list[str]) -> Iterator[list[str]]:
    """The matrix (or, past GRID_MEETINGS meetings, each row's meetings), then its legend.

    `rows`: `_recurrence_row` of every commitment, in `recurrence_order`.
    Commas between legend entries: `·` is a symbol here.
    """
    grid = _is_grid(data)
    yield ["## Recurrence across meetings", "", *(_grid_head(data) if grid else _list_head())]
    yield from ([row] for row in rows)
    legend = ", ".join(f"{symbol} {kind}" for kind, symbol in KIND_SYMBOLS.items())
    yield ["", f"Each cell is what that meeting's reports say: {legend}.", ""]


def _is_grid(data: dict) -> bool:
    return len(data["meetings"]) <= GRID_MEETINGS


def _recurrence_row(data: dict, commitment: dict, index: dict[str, int]) -> str:
    """A commitment's line of the recurrence table; `index` is `meeting_index(data)`."""
    row = _grid_row(data, commitment, index) if _is_grid(data) else _list_row(commitment)
    return f"| [{commitment['id']}](#{commitment['id']}) | {row} | {commitment['recurrence']} |"


def _grid_head(data: dict) -> list[str]:
    dates = " | ".join(f"{_fact(m, 'date')}<br>{_fact(m, 'place')}" for m in data["meetings"])
    return [f"| commitment | {dates} | n |", "|---|" + ":-:|" * len(data["meetings"]) + "--:|"]


def _grid_row(data: dict, commitment: dict, index: dict[str, int]) -> str:
    return " | ".join(KIND_SYMBOLS[kind] if kind else "" for kind in cells(data, commitment, index))


def _list_head() -> list[str]:
    return ["| commitment | meetings that mention it | n |", "|---|---|--:|"]


def _list_row(commitment: dict) -> str:
    """The meetings of a row, in date order: `2024-08-19 ●, 2025-04-14 ◐` (a meeting's highest kind)."""
    kinds: dict[tuple[str, str], str | None] = {}
    for mention in commitment["mentions"]:
        date = mention["date"] + ("\\*" if "date" in mention["inferred"] else "")
        meeting = (date, mention["meeting"])
        kinds[meeting] = higher_kind(kinds.get(meeting), mention["kind"])
    return ", ".join(f"{date} {KIND_SYMBOLS[kind]}" for (date, _), kind in sorted(kinds.items()) if kind)


CHANGE_GROUPS = {
    "new": "new",
    "advanced": "advanced",
    "reaffirmed": "reaffirmed",
    "silent": "silent (reported at the meeting before, not here)",
    "overdue": "newly overdue",
}


def _changes(data: dict, meetings: Meetings) -> Iterator[list[str]]:
    """Each meeting's changes, newest first, and what each side said where both sides reported; each
    meeting is kept in `meetings` as it is read."""
    yield [
        "## What changed at each meeting",
        "",
        "Newest first, each meeting read against every meeting before it.",
        "",
    ]
    for meeting in reversed(data["meetings"]):
        meetings.keep(meeting)
        changes = meeting.get("changes")
        if changes is None:
            continue
        lines = [f"### {meeting['date']}, {text(meeting['place'])}", ""]
        for name, label in CHANGE_GROUPS.items():
            if changes[name]:
                lines.append(f"- {label}: " + ", ".join(_change(name, entry) for entry in changes[name]))
        lines += ["- nothing changed"] if len(lines) == 2 else []
        yield lines + [""] + (_compared(meeting["comparison"]) if meeting.get("comparison") else [])


def _change(group: str, entry: dict) -> str:
    link = f"[{entry['id']}](#{entry['id']})"
    if group == "advanced":
        return f"{link} ({entry['from_status'] or 'reaffirmed only'} → {entry['to_status']})"
    return f"{link} ({entry['status'] or 'reaffirmed only'})"


def _compared(comparison: dict) -> list[str]:
    sides = comparison["sides"] + (["unattributed"] if comparison["unattributed"] else [])
    lines = ["| commitment | " + " | ".join(map(text, sides)) + " | |", "|---|" + "---|" * len(sides) + "---|"]
    for row in comparison["rows"]:
        kinds = [row["kinds"][side] for side in comparison["sides"]]
        kinds += [row["unattributed"]] if comparison["unattributed"] else []
        cells = [f"{KIND_SYMBOLS[kind]} {kind}" if kind else "—" for kind in kinds]
        only = next((side for side in comparison["sides"] if row["kinds"][side]), "")
        mark = "the sides differ" if row["differ"] else f"only {text(only)}" if row["one_sided"] else ""
        lines.append(f"| [{row['id']}](#{row['id']}) | " + " | ".join(cells) + f" | {mark} |")
    return lines + [""]


SOURCES_HEAD = [
    "## Sources",
    "",
    "| source | outlet | meeting | date | place | file | paragraphs |",
    "|---|---|---|---|---|---|--:|",
]


def _source_rows(meeting: dict) -> list[str]:
    """The meeting's sources' lines of the table of sources."""
    lines = []
    for source in meeting["sources"]:
        cells = [
            f'<a id="{_source_anchor(source["id"])}"></a>{source["id"]}',
            text(source["outlet"]),
            meeting["id"],
            _fact(meeting, "date"),
            _fact(meeting, "place"),
            text(source["file"]),
            str(len(source["paragraphs"])),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _source_anchor(source_id: str) -> str:
    return f"source-{source_id}"


def _commitment(commitment: dict, meetings: dict[str, dict]) -> list[str]:
    lines = [f'<a id="{commitment["id"]}"></a>', "", f"### {text(commitment['title'])}", ""]
    facts = [f"`{commitment['id']}`", f"**{commitment['status']}**"]
    facts += [f"theme: {text(commitment['theme'])}"] if commitment["theme"] else []
    facts += [f"by: {', '.join(map(text, commitment['by']))}"] if commitment["by"] else []
    facts += [_due(commitment)] if commitment["due"] else []
    facts += ["dormant"] if commitment["dormant"] else []
    facts += ["overdue"] if commitment["overdue"] else []
    lines += ["; ".join(facts), ""]
    if commitment["reason"]:
        lines += [f"Reason: {text(commitment['reason'])}", ""]
    if commitment["notes"]:
        lines += [f"Notes: {text(commitment['notes'])}", ""]
    for mention in commitment["mentions"]:
        lines += [_mention_heading(mention, meetings[mention["meeting"]]), "", f"  > {text(mention['quote'])}", ""]
    return lines


def _mention_heading(mention: dict, meeting: dict) -> str:
    """When and where, who reported it, and where in their report: `2025-04-14, Hà Nội: VNA, ... ¶11 (agreed)`."""
    source = f"[{mention['source']}](#{_source_anchor(mention['source'])})"
    return (
        f"- {_fact(meeting, 'date')}, {_fact(meeting, 'place')}: {text(mention['outlet'])}, "
        f"{source} ¶{mention['paragraph']} ({mention['kind']}):"
    )


def _due(commitment: dict) -> str:
    words = commitment["due_words"]
    if words is None:
        return f"due: {commitment['due']}"
    note = f", {text(words['note'])}" if words["note"] else ""
    return f"due: {commitment['due']} (“{text(words['quote'])}”, {words['source']} ¶{words['paragraph']}{note})"
