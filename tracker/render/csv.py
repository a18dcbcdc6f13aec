"""CSV: tidy tables in a directory, one row per meeting, source, commitment and mention.

A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a
carriage return as a formula, and record text is anyone's text: such a cell
is written with a leading `'` (docs/export.md), which spreadsheets show as
text and do not run.
"""

from __future__ import annotations

import csv
import io

LIST_SEPARATOR = "; "
COLUMNS = {
    "meetings.csv": ["id", "date", "place", "participants", "occasion"],
    "sources.csv": ["id", "meeting", "file", "sha256", "outlet", "paragraphs"],
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
        "due",
        "aliases",
        "related",
        "reason",
        "notes",
    ],
    "mentions.csv": ["commitment", "source", "paragraph", "quote", "kind", "note", "meeting", "date", "outlet", "text"],
}


def tables(data: dict) -> dict[str, list[dict]]:
    meetings, sources, commitments, mentions = [], [], [], []
    for meeting in data["meetings"]:
        meetings.append(
            {
                "id": meeting["id"],
                "date": meeting["date"],
                "place": meeting["place"],
                "participants": LIST_SEPARATOR.join(meeting["participants"]),
                "occasion": meeting["occasion"] or "",
            }
        )
        for source in meeting["sources"]:
            sources.append(
                {
                    "id": source["id"],
                    "meeting": meeting["id"],
                    "file": source["file"],
                    "sha256": source["sha256"],
                    "outlet": source["outlet"],
                    "paragraphs": len(source["paragraphs"]),
                }
            )
    for commitment in data["commitments"]:
        commitments.append(
            {
                key: (LIST_SEPARATOR.join(value) if isinstance(value, list) else "" if value is None else value)
                for key, value in commitment.items()
                if key not in ("mentions",)
            }
        )
        for mention in commitment["mentions"]:
            mentions.append({"commitment": commitment["id"], **{k: "" if v is None else v for k, v in mention.items()}})
    return {"meetings.csv": meetings, "sources.csv": sources, "commitments.csv": commitments, "mentions.csv": mentions}


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def render(data: dict) -> dict[str, bytes]:
    """Every table, by file name."""
    return {name: render_table(name, rows) for name, rows in tables(data).items()}


def render_table(name: str, rows: list[dict]) -> bytes:
    """One table with its header row, also when it has no rows.

    Rows end in CRLF, as RFC 4180 has it: the writer then quotes a value
    holding either line break (with LF rows, a lone CR went out bare and
    split its row in two when read back).
    """
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS[name], lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({key: inert(value) for key, value in row.items()} for row in rows)
    return out.getvalue().encode("utf-8")


def inert(value):
    """A cell a spreadsheet shows and does not run: text that starts like a formula gets a leading `'`."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value
