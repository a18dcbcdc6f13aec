"""The sqlite export as Datasette and sqlite3 users meet it: Datasette finds the
full-text index by itself, and Vietnamese names are found without their diacritics."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import write_root
from datasette.app import Datasette
from datasette.utils import detect_fts
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from tracker.cli import app
from tracker.render.datasette import COLUMNS, QUERIES
from tracker.text import fold, joined_names

runner = CliRunner()

NAMES = (
    "HÀ NỘI — State President Lương Cường received the delegation.\n"
    "They agreed to upgrade the Đồng Đăng – Hà Nội railway line.\n"
    "Hanoi and Beijing will keep talking.\n"
    "The ministers discussed trade at length.\n"
)

MEETINGS = """\
parties: {VN: Việt Nam, CN: China}
meetings:
  - id: 2025-04-14-ha-noi
    date: 2025-04-14
    place: Hà Nội
    participants: [Tô Lâm, Xi Jinping]
    sources:
      - id: names
        file: seeds/names.txt
        sha256: {sha:seeds/names.txt}
        outlet: VNA
"""

COMMITMENTS = """\
commitments:
  - id: dong-dang-railway
    title: Upgrade the Đồng Đăng - Hà Nội railway
    status: agreed
    due: 2020-01-01
    mentions:
      - source: names
        paragraph: 2
        quote: agreed to upgrade the Đồng Đăng – Hà Nội railway
        kind: agreed
"""


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    """The record above exported to records/names.sqlite, with Datasette metadata beside it."""
    folder = tmp_path_factory.mktemp("records")
    root = write_root(folder / "root", COMMITMENTS, MEETINGS, {"seeds/names.txt": NAMES})
    database, metadata = folder / "names.sqlite", folder / "names.metadata.json"
    result = runner.invoke(
        app,
        ["export", "-f", "sqlite", "-o", str(database), "--datasette-metadata", str(metadata), "--root", str(root)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return database


def matches(database: Path, query: str) -> list[int]:
    """The numbers of the paragraphs whose index entry matches the FTS5 query."""
    connection = sqlite3.connect(database)
    rows = connection.execute(
        "SELECT p.number FROM paragraphs_fts JOIN paragraphs p ON p.rowid = paragraphs_fts.rowid "
        "WHERE paragraphs_fts MATCH ? ORDER BY p.number",
        (query,),
    ).fetchall()
    return [number for (number,) in rows]


@pytest.mark.parametrize(
    ("query", "paragraphs"),
    [
        ("Cuong", [1]),  # Cường: diacritics removed by the tokenizer
        ("Cường", [1]),
        ('"Ha Noi"', [1, 2]),  # HÀ NỘI, Hà Nội; not Hanoi: an index of words cannot split one
        ("Hanoi", [1, 2, 3]),  # names are also indexed without their spaces
        ("Dong Dang", [2]),  # đ has no decomposition: the tool's own folding
        ('"Dong Dang"', [2]),
        ("Đồng", [2]),
        ("Cuon", []),  # whole words only
        ('"Noi Ha"', []),
        ("Hanoi trade", []),
    ],
)
def test_match_finds_names_without_diacritics(exported, query, paragraphs):
    assert matches(exported, query) == paragraphs


def test_the_full_text_index_is_the_one_sqlite_rebuilds_from_the_paragraphs(tmp_path):
    """The index is filled source by source as the paragraphs go in: it must be, entry for entry,
    what FTS5 makes from the paragraphs table itself, so no paragraph is indexed under another's
    rowid (the project's own record: several sources, each numbered from 1)."""
    shadows = ("data", "idx", "docsize", "config")

    def index(connection: sqlite3.Connection) -> list[list[tuple]]:
        return [connection.execute(f"SELECT * FROM paragraphs_fts_{name} ORDER BY 1").fetchall() for name in shadows]

    rebuilt = tmp_path / "rebuilt.sqlite"
    result = runner.invoke(app, ["export", "-f", "sqlite", "-o", str(rebuilt), "--root", str(REPOSITORY)])
    assert result.exit_code == 0, result.output
    connection = sqlite3.connect(rebuilt)
    written = index(connection)
    with connection:
        connection.execute("INSERT INTO paragraphs_fts(paragraphs_fts) VALUES ('rebuild')")
    assert written[2] and index(connection) == written
    assert connection.execute("INSERT INTO paragraphs_fts(paragraphs_fts) VALUES ('integrity-check')")


def test_datasette_detects_the_full_text_index(exported):
    connection = sqlite3.connect(exported)
    assert detect_fts(connection, "paragraphs") == "paragraphs_fts"
    assert detect_fts(connection, "commitments") is None


def get(database: Path, *urls: str, metadata: Path | None = None) -> list:
    """Datasette's JSON for each url, served in-process from the database."""

    async def fetch():
        options = {"metadata": json.loads(metadata.read_text(encoding="utf-8"))} if metadata else {}
        # No threads: Datasette's would outlive the test, and a process with other threads never
        # forks (the exports' second process).
        datasette = Datasette([str(database)], settings={"num_sql_threads": 0}, **options)
        responses = [await datasette.client.get(url) for url in urls]
        assert [response.status_code for response in responses] == [200] * len(urls)
        return [
            response.json() if url.split("?")[0].endswith(".json") else response.text
            for url, response in zip(urls, responses, strict=True)
        ]

    return asyncio.run(fetch())


def numbers(rows: list[dict]) -> list[int]:
    return sorted(row["number"] for row in rows)


def test_datasette_search_narrows_the_paragraphs(exported):
    everything, cuong, dong_dang, hanoi, page = get(
        exported,
        "/names/paragraphs.json?_shape=array",
        "/names/paragraphs.json?_shape=array&_search=Cuong",
        "/names/paragraphs.json?_shape=array&_search=Dong+Dang",
        "/names/paragraphs.json?_shape=array&_search=Hanoi",
        "/names/paragraphs",
    )
    assert numbers(everything) == [1, 2, 3, 4]
    assert numbers(cuong) == [1] and numbers(dong_dang) == [2] and numbers(hanoi) == [1, 2, 3]
    assert 'name="_search"' in page  # the search box


def test_every_column_is_described(exported):
    connection = sqlite3.connect(exported)
    tables = [name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    described = {table: [row[1] for row in connection.execute(f"PRAGMA table_info({table})")] for table in COLUMNS}
    hint = "describe every table and column of the sqlite export in tracker/render/datasette.py"
    assert {table for table in tables if not table.startswith("paragraphs_fts")} == set(COLUMNS), hint
    assert {table: list(columns) for table, columns in COLUMNS.items()} == described, hint


def test_datasette_metadata_gives_facets_and_canned_queries(exported):
    metadata = exported.with_name("names.metadata.json")
    data = json.loads(metadata.read_text(encoding="utf-8"))
    assert data["title"] and data["license"] and data["source"]
    assert set(data["databases"]) == {"names"}  # Datasette names a database after its file
    overdue, by_meeting, commitments, other = get(
        exported,
        "/names/overdue.json?_shape=array",
        "/names/by_meeting.json?_shape=array&meeting=2025-04-14-ha-noi",
        "/names/commitments.json?_extra=facet_results",
        "/names/by_meeting.json?_shape=array&meeting=2024-01-01-nowhere",
        metadata=metadata,
    )
    assert [row["id"] for row in overdue] == ["dong-dang-railway"]
    assert [(row["id"], row["kind"], row["paragraph"]) for row in by_meeting] == [("dong-dang-railway", "agreed", 2)]
    assert other == []
    assert {"status", "theme", "dormant", "overdue", "by_parties", "sides"} <= set(commitments["facet_results"])
    assert set(QUERIES) == {"dormant", "overdue", "by_meeting"}


def test_datasette_metadata_goes_with_sqlite_only(tmp_path):
    result = runner.invoke(app, ["export", "-f", "json", "--datasette-metadata", str(tmp_path / "m.json")])
    assert result.exit_code == 2 and "--format sqlite" in result.output
    assert not (tmp_path / "m.json").exists()


def test_datasette_metadata_never_replaces_the_database(tmp_path):
    path = tmp_path / "record.sqlite"
    result = runner.invoke(app, ["export", "-f", "sqlite", "-o", str(path), "--datasette-metadata", str(path)])
    assert result.exit_code == 2 and "must differ" in result.output and not path.exists()


def test_an_existing_metadata_file_is_kept_without_force(exported, tmp_path):
    kept = tmp_path / "mine.json"
    kept.write_text("{}", encoding="utf-8")
    database = tmp_path / "new.sqlite"
    root = exported.parent / "root"
    args = ["export", "-f", "sqlite", "-o", str(database), "--datasette-metadata", str(kept), "--root", str(root)]
    refused = runner.invoke(app, args)
    assert refused.exit_code == 1 and "already exists" in refused.output
    assert kept.read_text(encoding="utf-8") == "{}" and not database.exists()  # nothing written
    assert runner.invoke(app, [*args, "--force"]).exit_code == 0
    assert set(json.loads(kept.read_text(encoding="utf-8"))["databases"]) == {"new"}


REPOSITORY = Path(__file__).resolve().parent.parent


def built_in_memory(data: dict) -> bytes:
    """The database as SQLite builds it in memory (no journal, no file): the reference bytes."""
    from tracker.render import sqlite as sqlite_format

    connection = sqlite3.connect(":memory:")
    with connection:
        sqlite_format._fill(connection, data)
    return connection.serialize()


def test_the_database_built_on_disk_is_the_one_built_in_memory_byte_for_byte(tmp_path):
    """However many transactions wrote the file and whichever SQLite did, the same record
    gives the same bytes."""
    from tracker import checks
    from tracker.render import document

    path = tmp_path / "record.sqlite"
    result = runner.invoke(app, ["export", "-f", "sqlite", "-o", str(path), "--root", str(REPOSITORY)])
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == built_in_memory(document.build(checks.load_valid(REPOSITORY)))


def test_the_database_is_built_in_the_temporary_beside_the_target_never_in_memory(tmp_path, monkeypatch):
    from tracker.render import sqlite as sqlite_format

    opened: list[str] = []
    real = sqlite3.connect
    monkeypatch.setattr(sqlite_format.sqlite3, "connect", lambda name, *a, **k: opened.append(name) or real(name))
    path = tmp_path / "record.sqlite"
    result = runner.invoke(app, ["export", "-f", "sqlite", "-o", str(path), "--root", str(REPOSITORY)])
    assert result.exit_code == 0, result.output
    assert len(opened) == 1 and Path(opened[0]).parent == tmp_path and Path(opened[0]).name.startswith(".record.")
    assert sorted(tmp_path.iterdir()) == [path]


def joined_word_by_word(text: str) -> list[str]:
    """The definition of the joined names: every run of two or more words (a letter, then word
    characters) apart by spaces within a line, its capitalised words taken word by word."""
    joined: list[str] = []
    for run in re.finditer(r"[^\W\d_]\w*(?:[^\S\n]+[^\W\d_]\w*)+", text):
        names: list[str] = []
        for word in [*run.group().split(), ""]:
            if word[:1].isupper():
                names.append(word)
                continue
            if len(names) > 1:
                joined += ["".join(names[i : i + size]) for size in (2, 3) for i in range(len(names) - size + 1)]
            names = []
    return [fold(name) for name in joined]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("the president Lương Cường met Xi Jinping.", ["luongcuong", "xijinping"]),
        ("in 1Hà Nội today", ["hanoi"]),  # a word starts at its first letter
        ("in _Hà Nội today", ["hanoi"]),
        ("in aHà Nội today", []),  # aHà is not capitalised
        ("in 1aHà Nội Capital", ["noicapital"]),
        ("in àHà Nội Capital", ["noicapital"]),
        ("the Hà\nNội line", []),  # a name never reaches across a line break
        ("Hà Nội–Lào Cai", ["hanoi", "laocai"]),
        ("The Lào Cai Hà Nội line", ["thelao", "laocai", "caiha", "hanoi", "thelaocai", "laocaiha", "caihanoi"]),
        ("“Hà Nội” and Đà Nẵng, ΑΘΗΝΑ Πόλη", ["hanoi", "danang", "αθηναπολη"]),
    ],
)
def test_names_are_joined_word_by_word(text, names):
    assert joined_names(text) == names == joined_word_by_word(text)


@given(st.text(alphabet="aAzZàÀđĐσΣ1٣_ \t\n\x1c\u00a0-.“", max_size=40))
def test_names_are_joined_as_the_word_by_word_definition_says(text):
    assert joined_names(text) == joined_word_by_word(text)


MADE_AHEAD = """
import os, sys
from pathlib import Path
from tracker import checks, export
from tracker.render import document, sqlite

forks = []
fork = os.fork
os.fork = lambda: forks.append(1) or fork()
sqlite.WORTH_MAKING_AHEAD = 1
root = Path(sys.argv[1])
export.write("sqlite", document.stream(checks.load_valid(root)), Path(sys.argv[2]), force=False, root=root)
print(len(forks))
"""


def test_the_commitments_rows_made_in_a_second_process_give_the_same_bytes(tmp_path):
    """In a process of its own: a test run's other threads would keep the export from forking."""
    from tracker import checks
    from tracker.render import document

    path = tmp_path / "record.sqlite"
    done = subprocess.run(
        [sys.executable, "-c", MADE_AHEAD, str(REPOSITORY), str(path)], capture_output=True, text=True, check=False
    )
    assert done.stdout == "1\n", done.stderr
    assert path.read_bytes() == built_in_memory(document.build(checks.load_valid(REPOSITORY)))
