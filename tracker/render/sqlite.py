"""SQLite: meetings, sources, paragraphs, commitments and mentions with keys, and
full-text search over paragraphs (FTS5), for sqlite3, Datasette or DuckDB.

The index `paragraphs_fts` is an external-content FTS5 table over
`paragraphs`, declared with `content="paragraphs"` (double quotes: the form
Datasette looks for to offer its search box). It indexes two columns:

- `text`, tokenised with `unicode61 remove_diacritics 2`, so `Cuong` finds
  `Cường` and `"Ha Noi"` finds `Hà Nội`;
- `folded`, the text in the tool's own alias folding (`text.search_form`):
  `đ` as `d`, which Unicode does not decompose (`Dong Dang` finds `Đồng
  Đăng`), and names also written without their spaces (`Hanoi` finds `Hà Nội`).
"""

from __future__ import annotations

import errno
import itertools
import json
import sqlite3
from collections.abc import Callable, Iterator

from tracker.render.document import essentials
from tracker.split import Ahead
from tracker.text import search_form

SCHEMA = """
CREATE TABLE meetings (
    id TEXT PRIMARY KEY, date TEXT NOT NULL, place TEXT NOT NULL, participants TEXT NOT NULL, occasion TEXT,
    inferred TEXT NOT NULL, notes TEXT
);
CREATE TABLE sources (
    id TEXT PRIMARY KEY, meeting_id TEXT NOT NULL REFERENCES meetings(id), file TEXT NOT NULL,
    sha256 TEXT NOT NULL, outlet TEXT NOT NULL, title TEXT, url TEXT, side TEXT, notes TEXT, reviewed TEXT NOT NULL
);
CREATE TABLE paragraphs (
    source_id TEXT NOT NULL REFERENCES sources(id), number INTEGER NOT NULL, text TEXT NOT NULL,
    folded TEXT NOT NULL,
    PRIMARY KEY (source_id, number)
);
CREATE TABLE commitments (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, status TEXT, evidence TEXT, theme TEXT, by_parties TEXT NOT NULL,
    due TEXT, recurrence INTEGER NOT NULL, first_mentioned TEXT, last_mentioned TEXT,
    dormant INTEGER NOT NULL, overdue INTEGER NOT NULL, aliases TEXT NOT NULL, related TEXT NOT NULL,
    reason TEXT, notes TEXT, silent INTEGER NOT NULL, sides TEXT NOT NULL,
    due_source TEXT, due_paragraph INTEGER, due_quote TEXT, due_note TEXT
);
CREATE TABLE mentions (
    id INTEGER PRIMARY KEY, commitment_id TEXT NOT NULL REFERENCES commitments(id),
    source_id TEXT NOT NULL, paragraph INTEGER NOT NULL, quote TEXT NOT NULL, kind TEXT NOT NULL, note TEXT,
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    FOREIGN KEY (source_id, paragraph) REFERENCES paragraphs(source_id, number)
);
CREATE VIRTUAL TABLE paragraphs_fts USING fts5(
    text, folded, content="paragraphs", content_rowid="rowid", tokenize="unicode61 remove_diacritics 2"
);
"""

INDEXES = (
    "CREATE INDEX mentions_by_commitment ON mentions(commitment_id)",
    "CREATE INDEX mentions_by_paragraph ON mentions(source_id, paragraph)",
)
"""Made once the rows are in: an index sorted from a full table is built in a third of the time
of one kept up to date insert by insert."""


HEADER_COUNTERS = ((24, 4), (92, 8))
"""Where the database header counts the transactions that wrote the file and names the SQLite
library that wrote it last (https://sqlite.org/fileformat2.html#the_database_header): zeroed, as a
database built in memory has them, so the same record gives the same bytes whatever the library."""


def write(data: dict, path: str) -> None:
    """Build the database in the (new, empty) file at `path`, on disk as it grows: never held in memory.

    No journal: the file is a temporary that nobody reads until it is
    complete (`files.atomic_build`), so a crash leaves nothing to recover.
    Raise OSError when the file cannot be written.
    """
    try:
        _build(data, path)
    except sqlite3.Error as error:
        raise _as_os_error(error) from None
    with open(path, "r+b") as handle:
        for offset, size in HEADER_COUNTERS:
            handle.seek(offset)
            handle.write(bytes(size))


WORTH_MAKING_AHEAD = 1_000
"""Commitments from which the rows are made in a second process while this one inserts them:
fewer, and forking costs more than it saves."""


def _build(data: dict, path: str) -> None:
    made = _made_ahead(data)
    try:
        _build_with(data, path, made)
    finally:
        made.close()


def _made_ahead(data: dict) -> Ahead:
    """What takes Python time in the rows, in the order `_fill` asks for it: each paragraph's
    `search_form`, then each commitment's rows by its index (`_rows_of`: its computed status,
    recurrence and mentions). A child process makes them while this one inserts; the same
    values, whoever makes them."""
    commitments = data["commitments"]

    def make(item: str | int) -> str | CommitmentRows:
        return search_form(item) if isinstance(item, str) else _rows_of(commitments[item])

    return Ahead(
        lambda: itertools.chain(_paragraphs(data), range(len(commitments))),
        make,
        fork=len(commitments) >= WORTH_MAKING_AHEAD,
    )


def _paragraphs(data: dict) -> Iterator[str]:
    for meeting in essentials(data["meetings"]):
        for source in meeting["sources"]:
            yield from source["paragraphs"]


def _build_with(data: dict, path: str, made: Ahead) -> None:
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")  # the file is flushed once, when it is complete
        with connection:
            _fill(connection, data, made.next, made.next)
    finally:
        connection.close()


SQLITE_FULL = 13


def _as_os_error(error: sqlite3.Error) -> OSError:
    """SQLite's failure to write as an OSError, which `files` words as one line naming the path."""
    if getattr(error, "sqlite_errorcode", None) == SQLITE_FULL:
        return OSError(errno.ENOSPC, str(error))
    return OSError(errno.EIO, str(error))


CommitmentRows = tuple[tuple, list[tuple]]


def _fill(
    connection: sqlite3.Connection,
    data: dict,
    folded: Callable[[str], str] = search_form,
    commitment_rows: Callable[[int], CommitmentRows] | None = None,
) -> None:
    """Make the tables (`SCHEMA`), insert the document's rows, then make the `INDEXES`. A
    paragraph's search column is `folded(text)`, a commitment's rows `commitment_rows(index)` (by
    default made here).

    Each source's paragraphs go into the full-text index as they go into their table, by rowid,
    as the triggers of an external-content table would: the same index as a 'rebuild' at the end
    makes, but built while the second process is still making rows, not after it.
    """
    connection.executescript(SCHEMA)
    rows_of = commitment_rows or (lambda index: _rows_of(data["commitments"][index]))
    rowid = 1  # the paragraphs' rowids: 1, 2, ... in the order they are inserted
    for meeting in essentials(data["meetings"]):  # no table has what changed at a meeting
        connection.execute(
            "INSERT INTO meetings VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                meeting["id"],
                meeting["date"],
                meeting["place"],
                json.dumps(meeting["participants"], ensure_ascii=False),
                meeting["occasion"],
                json.dumps(meeting["inferred"]),
                meeting["notes"],
            ),
        )
        for source in meeting["sources"]:
            connection.execute(
                "INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    source["id"],
                    meeting["id"],
                    source["file"],
                    source["sha256"],
                    source["outlet"],
                    source["title"],
                    source["url"],
                    source["side"],
                    source["notes"],
                    json.dumps(source["reviewed"], ensure_ascii=False),
                ),
            )
            paragraphs = [
                (source["id"], number, text, folded(text)) for number, text in enumerate(source["paragraphs"], 1)
            ]
            connection.executemany("INSERT INTO paragraphs VALUES (?, ?, ?, ?)", paragraphs)
            connection.executemany(
                "INSERT INTO paragraphs_fts (rowid, text, folded) VALUES (?, ?, ?)",
                ((at, text, search) for at, (_, _, text, search) in enumerate(paragraphs, rowid)),
            )
            rowid += len(paragraphs)
    for index in range(len(data["commitments"])):
        commitment, mentions = rows_of(index)
        connection.execute(
            "INSERT INTO commitments VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            commitment,
        )
        connection.executemany(
            "INSERT INTO mentions (commitment_id, source_id, paragraph, quote, kind, note, meeting_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            mentions,
        )
    for statement in INDEXES:  # in the transaction of the inserts (`executescript` would commit them first)
        connection.execute(statement)


def _rows_of(c: dict) -> CommitmentRows:
    """A commitment's row and its mentions' rows."""
    words = c["due_words"] or {}
    commitment = (
        c["id"],
        c["title"],
        c["status"],
        c["evidence"],
        c["theme"],
        json.dumps(c["by"]),
        c["due"],
        c["recurrence"],
        c["first_mentioned"],
        c["last_mentioned"],
        int(c["dormant"]),
        int(c["overdue"]),
        json.dumps(c["aliases"], ensure_ascii=False),
        json.dumps(c["related"]),
        c["reason"],
        c["notes"],
        c["silent"],
        json.dumps(c["sides"]),
        words.get("source"),
        words.get("paragraph"),
        words.get("quote"),
        words.get("note"),
    )
    mentions = [
        (c["id"], m["source"], m["paragraph"], m["quote"], m["kind"], m["note"], m["meeting"]) for m in c["mentions"]
    ]
    return commitment, mentions
