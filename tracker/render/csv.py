"""CSV: tidy tables in a directory, one row per meeting, source, commitment and mention.

Cells say what the JSON export says: lists joined with `; `, booleans `true`
or `false`, nothing an empty cell. Rows end in CRLF, as RFC 4180 has it: the
writer then quotes a value holding either line break (with LF rows, a lone CR
went out bare and split its row in two when read back). For Excel
(`--excel`), a table starts with a UTF-8 byte order mark, without which Excel
reads the file in the system's legacy code page and `Việt Nam` becomes
`Viá»‡t Nam`.

A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a
carriage return as a formula, and record text is anyone's text: such a cell
is written with a leading `'` (docs/export.md), which spreadsheets show as
text and do not run.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from functools import partial

from tracker.render.document import essentials, part, prepare
from tracker.render.spill import Aside, Spill, worth_making_aside

LIST_SEPARATOR = "; "
BYTE_ORDER_MARK = "\ufeff"
COLUMNS = {
    "meetings.csv": ["id", "date", "place", "participants", "occasion", "inferred", "notes"],
    "sources.csv": ["id", "meeting", "file", "sha256", "outlet", "side", "paragraphs", "notes", "reviewed"],
    "commitments.csv": [
        "id",
        "title",
        "status",
        "evidence",
        "theme",
        "by",
        "recurrence",
        "meetings",
        "first_mentioned",
        "last_mentioned",
        "dormant",
        "overdue",
        "silent",
        "sides",
        "record_date",
        "inferred",
        "due",
        "due_source",
        "due_paragraph",
        "due_quote",
        "due_note",
        "aliases",
        "related",
        "reason",
        "notes",
    ],
    "mentions.csv": [
        "commitment",
        "source",
        "paragraph",
        "quote",
        "kind",
        "note",
        "meeting",
        "date",
        "outlet",
        "text",
        "inferred",
    ],
}
DUE_WORDS = ("source", "paragraph", "quote", "note")


def rows(data: dict) -> Iterator[tuple[str, dict]]:
    """Every table's rows, each named by its table, made as they are written: no table is ever held whole.

    One pass over the meetings makes meetings.csv and sources.csv side by side,
    one over the commitments makes commitments.csv and mentions.csv: each item
    of the document is made once (`document.Items` makes an item each time it
    is read).
    """
    yield from _meeting_rows(data)
    yield from _commitment_rows(data["commitments"])


MEETING_TABLES = ("meetings.csv", "sources.csv")
COMMITMENT_TABLES = ("commitments.csv", "mentions.csv")


def _meeting_rows(data: dict) -> Iterator[tuple[str, dict]]:
    for meeting in essentials(data["meetings"]):  # no table has what changed at a meeting
        yield "meetings.csv", _meeting(meeting)
        for source in meeting["sources"]:
            yield "sources.csv", _source(meeting, source)


def _commitment_rows(commitments: Iterable[dict]) -> Iterator[tuple[str, dict]]:
    for commitment in commitments:
        yield "commitments.csv", _commitment(commitment)
        for mention in commitment["mentions"]:
            yield "mentions.csv", _mention(commitment, mention)


def _meeting(meeting: dict) -> dict:
    return {
        "id": meeting["id"],
        "date": meeting["date"],
        "place": meeting["place"],
        "participants": LIST_SEPARATOR.join(meeting["participants"]),
        "occasion": meeting["occasion"] or "",
        "inferred": LIST_SEPARATOR.join(meeting["inferred"]),
        "notes": meeting["notes"] or "",
    }


def _source(meeting: dict, source: dict) -> dict:
    return {
        "id": source["id"],
        "meeting": meeting["id"],
        "file": source["file"],
        "sha256": source["sha256"],
        "outlet": source["outlet"],
        "side": source["side"] or "",
        "paragraphs": len(source["paragraphs"]),
        "notes": source["notes"] or "",
        "reviewed": LIST_SEPARATOR.join(str(item["paragraph"]) for item in source["reviewed"]),
    }


def _commitment(commitment: dict) -> dict:
    row = {key: cell(value) for key, value in commitment.items() if key not in ("mentions", "due_words")}
    words = commitment["due_words"] or {}
    return row | {f"due_{key}": cell(words.get(key)) for key in DUE_WORDS}


def _mention(commitment: dict, mention: dict) -> dict:
    return {"commitment": commitment["id"], **{key: cell(value) for key, value in mention.items()}}


def cell(value: object) -> object:
    """A value as a cell: lists joined, booleans as in JSON, None empty."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    return "" if value is None else value


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PIECE = 1 << 20


PARENT_SHARE = 0.4
"""The part of the commitments whose tables this process makes when a second one makes the rest:
this one also makes the meetings' tables, which are small."""


def render(data: dict, *, excel: bool = False) -> Iterator[tuple[str, bytes]]:
    """Every table (COLUMNS) in pieces of bytes, each named by its table, made in one pass (`rows`).

    On a large record, a second process makes the tables of the last commitments while this
    one makes the meetings' and the first commitments' (`Aside`); they are handed on from the
    files it wrote them to, after this one's.
    """
    commitments = data["commitments"]
    if not worth_making_aside(commitments):
        yield from _tables(rows(data), tuple(COLUMNS), excel)
        return
    prepare(commitments)  # their order, worked out once for both processes
    cut = round(len(commitments) * PARENT_SHARE)
    theirs = _commitment_rows(part(commitments, cut))
    with Aside(partial(_write_tables, theirs, COMMITMENT_TABLES), spills=2) as made:
        yield from _tables(_meeting_rows(data), MEETING_TABLES, excel)
        yield from _tables(_commitment_rows(part(commitments, 0, cut)), COMMITMENT_TABLES, excel)
        made.take()
        for name, spill in zip(COMMITMENT_TABLES, made.spills, strict=True):
            yield from ((name, piece) for piece in spill.byte_pieces())


def _write_tables(rows: Iterator[tuple[str, dict]], names: tuple[str, ...], *spills: Spill) -> None:
    """The rows of the tables `names`, without their header rows (those come before them), each
    table's into its spill."""
    into = dict(zip(names, spills, strict=True))
    for name, piece in _tables(rows, names, excel=False, headed=False):
        into[name].write(piece)


def _tables(
    rows: Iterable[tuple[str, dict]], names: tuple[str, ...], excel: bool, *, headed: bool = True
) -> Iterator[tuple[str, bytes]]:
    """The tables `names`, made side by side from `rows`: together they hold about PIECE characters
    before each hands on what it holds. Not `headed`: their rows alone, to follow others'."""
    tables = {name: Table(name, excel=excel, headed=headed) for name in names}
    held = 0
    for name, row in rows:
        held += tables[name].write(row)
        if held >= PIECE:
            yield from _handed_on(tables)
            held = 0
    yield from _handed_on(tables)


def _handed_on(tables: dict[str, Table]) -> Iterator[tuple[str, bytes]]:
    for name, table in tables.items():
        if piece := table.rest():
            yield name, piece


def render_table(name: str, rows: Iterable[dict], *, excel: bool = False) -> bytes:
    """One table with its header row, also when it has no rows; for Excel, after a byte order mark."""
    table = Table(name, excel=excel)
    for row in rows:
        table.write(row)
    return table.rest()


class Table:
    """One table written row by row into text that is handed on (`rest`) as it grows: never held whole."""

    def __init__(self, name: str, *, excel: bool = False, headed: bool = True):
        self.name, self.columns = name, COLUMNS[name]
        self._named = frozenset(self.columns)
        self._out = io.StringIO()
        if excel and headed:
            self._out.write(BYTE_ORDER_MARK)
        self._writer = csv.writer(self._out, lineterminator="\r\n")
        if headed:
            self._writer.writerow(self.columns)

    def write(self, row: dict) -> int:
        """Add a row; how many characters it took."""
        if not self._named.issuperset(row):  # a key the table has no column for: `csv.DictWriter`'s refusal
            raise ValueError(f"{self.name} has no column for {sorted(row.keys() - self._named)}")
        return self._writer.writerow([inert(row.get(key, "")) for key in self.columns])

    def rest(self) -> bytes:
        """The text not yet handed on, as UTF-8."""
        piece = self._out.getvalue().encode("utf-8")
        self._out.seek(0)
        self._out.truncate()
        return piece


def inert(value):
    """A cell a spreadsheet shows and does not run: text that starts like a formula gets a leading `'`."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value
