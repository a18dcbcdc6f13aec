"""`tracker export`: every format round-trips the record, writes safely, and the
html page works in a real browser without a single request leaving it."""

from __future__ import annotations

import csv
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import write_root
from test_reports import COMMITMENTS, MEETINGS, SOURCES
from typer.testing import CliRunner

from tracker import checks
from tracker.cli import app

runner = CliRunner()
REPOSITORY = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(os.environ.get("TRACKER_TEST_ARTIFACTS", REPOSITORY / "build" / "test-artifacts"))


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
    assert "1 meetings, as of 2024-12-31" in export("-f", "html", "--as-of", "2024-12-31").stdout
    path = tmp_path / "then.sqlite"
    export("-f", "sqlite", "--as-of", "2024-12-31", "-o", str(path))
    assert sqlite3.connect(path).execute("SELECT count(*) FROM meetings").fetchone()[0] == 1


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


@pytest.fixture
def hostile(tmp_path):
    """A record whose quote holds a script and rich markup."""
    return write_root(tmp_path, COMMITMENTS, MEETINGS, SOURCES)


def test_html_escapes_every_piece_of_text(hostile):
    page = export("-f", "html", root=hostile).stdout
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("<script>") == 1  # ours
    assert "http://" not in page and "https://" not in page.replace("https://json-schema", "")


# In a real browser ----------------------------------------------------------------------------


def browser():
    """Headless Chromium driven by Playwright; skipped only outside CI."""
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or not Path(executable).exists():
        if os.environ.get("CI"):
            pytest.fail("CI must have chromium and playwright (see .ci/run)")
        pytest.skip("needs chromium and playwright")
    return sync_playwright, executable


FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def open_page(play, executable, path: Path, **context):
    chromium = play.chromium.launch(executable_path=executable, headless=True, args=FLAGS)
    page = chromium.new_context(**context).new_page()
    requests, dialogs, errors = [], [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    return chromium, page, requests, dialogs, errors


def visible(page, selector: str) -> int:
    return page.eval_on_selector_all(selector, "els => els.filter(e => !e.hidden).length")


def test_the_page_in_a_browser(tmp_path, record):
    sync_playwright, executable = browser()
    path = tmp_path / "record.html"
    export("-f", "html", "-o", str(path))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as play:
        chromium, page, requests, dialogs, errors = open_page(
            play, executable, path, viewport={"width": 1200, "height": 900}
        )
        total = len(record.commitments)
        assert visible(page, "article.commitment") == total
        assert page.text_content("#shown") == f"{total} shown"
        page.select_option("#f-status", "fulfilled")
        assert visible(page, "article.commitment") == 1 and visible(page, "table.matrix tbody tr") == 1
        assert page.is_visible("#c-xi-visit-to-viet-nam")
        page.select_option("#f-status", "")
        page.select_option("#f-theme", "transport")
        assert visible(page, "article.commitment") == 4
        page.select_option("#f-by", "VN")
        assert visible(page, "article.commitment") == 3  # all but the loans, which China alone would give
        page.select_option("#f-theme", "")
        page.select_option("#f-by", "")
        page.click("#c-railway-cooperation-committee a[href='#p-tran-pham-2025-04-14-11']")
        assert page.evaluate("location.hash") == "#p-tran-pham-2025-04-14-11"
        mark = page.text_content("#p-tran-pham-2025-04-14-11 mark")
        assert mark == "They agreed to establish a bilateral intergovernmental railway cooperation committee"
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(ARTIFACTS / "export-page.png"))
        chromium.close()
    assert requests == [path.as_uri()]  # nothing but the page itself
    assert dialogs == [] and errors == []


def test_the_page_on_a_phone(tmp_path):
    sync_playwright, executable = browser()
    path = tmp_path / "record.html"
    export("-f", "html", "-o", str(path))
    with sync_playwright() as play:
        chromium, page, requests, _, _ = open_page(
            play, executable, path, viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True
        )
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390  # the matrix scrolls inside its box; the page itself does not
        page.screenshot(path=str(ARTIFACTS / "export-page-phone.png"))
        chromium.close()
    assert requests == [path.as_uri()]


def test_an_injected_script_is_shown_not_run(tmp_path, hostile):
    sync_playwright, executable = browser()
    path = tmp_path / "hostile.html"
    export("-f", "html", "-o", str(path), root=hostile)
    with sync_playwright() as play:
        chromium, page, requests, dialogs, errors = open_page(play, executable, path)
        assert "<script>alert(1)</script>" in page.text_content("#c-lab blockquote")
        assert page.eval_on_selector_all("script", "els => els.length") == 1
        chromium.close()
    assert dialogs == [] and errors == [] and requests == [path.as_uri()]


def test_many_meetings_make_a_timeline_not_a_grid(tmp_path):
    import sys

    sys.path.insert(0, str(REPOSITORY / "benchmarks"))
    from generate import generate

    generate(tmp_path, meetings=40, commitments=15, per_commitment=3)
    page = export("-f", "html", root=tmp_path).stdout
    data = json.loads(export("-f", "json", root=tmp_path).stdout)
    pairs = {(c["id"], m["meeting"]) for c in data["commitments"] for m in c["mentions"]}
    assert page.count('<span class="dot ') == len(pairs)
    assert 'class="matrix timeline"' in page and "<td></td>" not in page
