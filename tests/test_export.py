"""`tracker export`: every format round-trips the record and writes safely.

The html page has tests of its own, in a real browser: test_export_html.py."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tracker import checks
from tracker.cli import app
from tracker.text import counted

runner = CliRunner()
REPOSITORY = Path(__file__).resolve().parent.parent


def export(*args, root=REPOSITORY):
    return runner.invoke(app, ["export", *args, "--root", str(root)], catch_exceptions=False)


@pytest.fixture(scope="module")
def record():
    return checks.load_valid(REPOSITORY)


def test_json_rereads_to_the_same_counts(tmp_path, record):
    assert export("-f", "json", "-o", str(tmp_path / "r.json")).exit_code == 0
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert (data["format"], data["version"]) == ("tracker-export", 1)
    assert len(data["commitments"]) == len(record.commitments)
    assert len(data["meetings"]) == len(record.meetings)
    assert sum(len(c["mentions"]) for c in data["commitments"]) == sum(len(c.mentions) for c in record.commitments)
    railway = next(c for c in data["commitments"] if c["id"] == "railway-cooperation-committee")
    assert railway["status"] == "agreed" and railway["recurrence"] == 2
    assert railway["mentions"][0]["text"].startswith("They agreed to establish")


def test_json_goes_to_stdout_without_a_path():
    result = export("-f", "json")
    assert json.loads(result.stdout)["as_of"]


def test_csv_rows_match_the_model(tmp_path, record):
    out = tmp_path / "tables"
    assert export("-f", "csv", "-o", str(out)).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["commitments.csv", "meetings.csv", "mentions.csv", "sources.csv"]
    with open(out / "mentions.csv", encoding="utf-8") as stream:
        mentions = list(csv.DictReader(stream))
    assert len(mentions) == sum(len(c.mentions) for c in record.commitments)
    expected = {(c.id, m.source, m.paragraph, m.kind) for c in record.commitments for m in c.mentions}
    assert {(m["commitment"], m["source"], int(m["paragraph"]), m["kind"]) for m in mentions} == expected
    with open(out / "commitments.csv", encoding="utf-8") as stream:
        rows = {row["id"]: row for row in csv.DictReader(stream)}
    assert rows["red-journey-programme"]["due"] == "2028-04-14" and rows["red-journey-programme"]["by"] == "CN"


def test_empty_tables_keep_their_header(tmp_path):
    root = tmp_path / "empty"
    (root / "data" / "commitments").mkdir(parents=True)
    (root / "data" / "meetings.yaml").write_text("parties: {VN: Việt Nam}\nmeetings: []\n", encoding="utf-8")
    assert export("-f", "csv", "-o", str(tmp_path / "t"), root=root).exit_code == 0
    assert (tmp_path / "t" / "mentions.csv").read_text().startswith("commitment,source,paragraph,quote,kind")


def test_sqlite_answers_queries(tmp_path, record):
    path = tmp_path / "record.sqlite"
    assert export("-f", "sqlite", "-o", str(path)).exit_code == 0
    db = sqlite3.connect(path)
    rows = db.execute(
        "SELECT meetings.date, mentions.kind, paragraphs.text FROM mentions "
        "JOIN meetings ON meetings.id = mentions.meeting_id "
        "JOIN paragraphs ON paragraphs.source_id = mentions.source_id AND paragraphs.number = mentions.paragraph "
        "WHERE mentions.commitment_id = 'railway-cooperation-committee' ORDER BY meetings.date"
    ).fetchall()
    assert [(date, kind) for date, kind, _ in rows] == [("2025-04-14", "agreed"), ("2025-09-04", "reaffirmed")]
    hits = db.execute(
        "SELECT p.source_id, p.number FROM paragraphs_fts JOIN paragraphs p ON p.rowid = paragraphs_fts.rowid "
        "WHERE paragraphs_fts MATCH 'railway' ORDER BY p.source_id, p.number"
    ).fetchall()
    assert ("tran-pham-2025-04-14", 11) in hits and len(hits) >= 6
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("SELECT count(*) FROM commitments").fetchone()[0] == len(record.commitments)


def test_markdown_is_a_readable_report(tmp_path):
    text = export("-f", "markdown").stdout
    assert text.startswith("# Việt Nam-China commitments\n")
    assert "## Recurrence across meetings" in text and "| in-progress | 4 |" in text
    assert "  > They agreed to establish a bilateral intergovernmental railway cooperation committee" in text


def test_as_of_applies_to_every_format(tmp_path):
    data = json.loads(export("-f", "json", "--as-of", "2024-12-31").stdout)
    assert [m["id"] for m in data["meetings"]] == ["2024-08-19-beijing"]
    assert all(c["meetings"] == ["2024-08-19-beijing"] for c in data["commitments"])
    assert (
        "1 meeting (2024-08-19 to 2024-08-19), as of 2024-12-31" in export("-f", "html", "--as-of", "2024-12-31").stdout
    )
    path = tmp_path / "then.sqlite"
    export("-f", "sqlite", "--as-of", "2024-12-31", "-o", str(path))
    assert sqlite3.connect(path).execute("SELECT count(*) FROM meetings").fetchone()[0] == 1


def test_json_as_of_a_date_before_the_first_meeting_has_empty_lists(tmp_path):
    path = tmp_path / "before.json"
    assert export("-f", "json", "--as-of", "2020-01-01", "-o", str(path)).exit_code == 0
    data = json.loads(path.read_text(encoding="utf-8"))
    assert (data["meetings"], data["commitments"], data["record_date"]) == ([], [], None)
    assert '"meetings": [],' in path.read_text(encoding="utf-8")  # as `json.dumps` writes an empty list


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown", "html", "sqlite"])
def test_refuses_to_overwrite_without_force(tmp_path, fmt):
    path = tmp_path / f"out.{fmt}"
    assert export("-f", fmt, "-o", str(path)).exit_code == 0
    before = sorted(p.name for p in tmp_path.iterdir())
    result = export("-f", fmt, "-o", str(path))
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert export("-f", fmt, "-o", str(path), "--force").exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no temporary file left behind


def test_csv_and_sqlite_need_a_path():
    assert export("-f", "sqlite").exit_code == 2


def test_written_files_keep_ordinary_permissions(tmp_path):
    export("-f", "html", "-o", str(tmp_path / "page.html"))
    assert (tmp_path / "page.html").stat().st_mode & 0o044  # readable by others, as the umask allows


def test_one_meeting_and_one_commitment_are_counted_in_the_singular(root):
    # conftest's root: one commitment, from one meeting.
    markdown = export("-f", "markdown", root=root).stdout
    assert "1 commitment from 1 meeting, as of" in markdown
    html = export("-f", "html", root=root).stdout
    assert "1 commitment from 1 meeting (" in html


def test_counted_says_the_plural_unless_the_count_is_one():
    assert [counted(n, "meeting") for n in (0, 1, 2)] == ["0 meetings", "1 meeting", "2 meetings"]
    assert counted(2000, "meeting", grouped=True) == "2,000 meetings"
