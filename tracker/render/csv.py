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


def tables(data: dict) -> dict[str, Iterator[dict]]:
    """Each table's rows, made as they are written: no table is ever held whole."""
    return {
        "meetings.csv": _meetings(data),
        "sources.csv": _sources(data),
        "commitments.csv": _commitments(data),
        "mentions.csv": _mentions(data),
    }


def _meetings(data: dict) -> Iterator[dict]:
    for meeting in data["meetings"]:
        yield {
            "id": meeting["id"],
            "date": meeting["date"],
            "place": meeting["place"],
            "participants": LIST_SEPARATOR.join(meeting["participants"]),
            "occasion": meeting["occasion"] or "",
            "inferred": LIST_SEPARATOR.join(meeting["inferred"]),
            "notes": meeting["notes"] or "",
        }


def _sources(data: dict) -> Iterator[dict]:
    for meeting in data["meetings"]:
        for source in meeting["sources"]:
            yield {
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


def _commitments(data: dict) -> Iterator[dict]:
    for commitment in data["commitments"]:
        row = {key: cell(value) for key, value in commitment.items() if key not in ("mentions", "due_words")}
        words = commitment["due_words"] or {}
        yield row | {f"due_{key}": cell(words.get(key)) for key in DUE_WORDS}


def _mentions(data: dict) -> Iterator[dict]:
    for commitment in data["commitments"]:
        for mention in commitment["mentions"]:
            yield {"commitment": commitment["id"], **{key: cell(value) for key, value in mention.items()}}


def cell(value: object) -> object:
    """A value as a cell: lists joined, booleans as in JSON, None empty."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    return "" if value is None else value


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PIECE = 1 << 20


def render(data: dict, *, excel: bool = False) -> dict[str, Iterator[bytes]]:
    """Every table by file name, each as pieces of bytes made as they are written."""
    return {name: table_pieces(name, rows, excel=excel) for name, rows in tables(data).items()}


def render_table(name: str, rows: Iterable[dict], *, excel: bool = False) -> bytes:
    """One table with its header row, also when it has no rows; for Excel, after a byte order mark."""
    return b"".join(table_pieces(name, rows, excel=excel))


def table_pieces(name: str, rows: Iterable[dict], *, excel: bool = False) -> Iterator[bytes]:
    """`render_table` in pieces of about PIECE characters, row by row: no table is held whole."""
    out = io.StringIO()
    if excel:
        out.write(BYTE_ORDER_MARK)
    columns = COLUMNS[name]
    named = frozenset(columns)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        if not named.issuperset(row):  # a key the table has no column for: `csv.DictWriter`'s refusal
            raise ValueError(f"{name} has no column for {sorted(row.keys() - named)}")
        writer.writerow([inert(row.get(key, "")) for key in columns])
        if out.tell() >= PIECE:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode("utf-8")


def inert(value):
    """A cell a spreadsheet shows and does not run: text that starts like a formula gets a leading `'`."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value
