"""The export carries what changed at each meeting and what each side said there; the html page shows it."""

from __future__ import annotations

import json

import pytest
from conftest import write_root
from summits import write_summits
from test_export_html import DESKTOP, PHONE, Reader, chromium, write_page  # noqa: F401 (chromium is a fixture)
from typer.testing import CliRunner

from tracker.cli import app

runner = CliRunner()


@pytest.fixture
def root(tmp_path):
    return write_summits(tmp_path / "summits")


def exported(root, *args) -> dict:
    result = runner.invoke(app, ["export", "-f", "json", *args, "--root", str(root)], catch_exceptions=False)
    return json.loads(result.stdout)


def test_each_meeting_carries_its_changes_and_where_both_sides_report_the_comparison(root):
    meetings = {m["id"]: m for m in exported(root)["meetings"]}
    beijing = meetings["2024-06-10-beijing"]
    assert beijing["changes"] == {
        "from": "2024-03-02",
        "to": "2024-06-10",
        "new": [{"id": "red-journey-programme", "status": "proposed"}],
        "advanced": [
            {
                "id": "railway-cooperation-committee",
                "status": "in-progress",
                "from_status": "agreed",
                "to_status": "in-progress",
            }
        ],
        "reaffirmed": [{"id": "air-quality-ha-noi", "status": "proposed"}],
        "silent": [{"id": "lao-cai-ha-noi-hai-phong-railway", "status": "proposed"}],
        "overdue": [],
    }
    assert beijing["comparison"]["sides"] == ["VN", "CN"]
    assert [(r["id"], r["kinds"], r["one_sided"], r["differ"]) for r in beijing["comparison"]["rows"]] == [
        ("air-quality-ha-noi", {"VN": "reaffirmed", "CN": None}, True, False),
        ("railway-cooperation-committee", {"VN": "progress", "CN": "agreed"}, False, True),
        ("red-journey-programme", {"VN": None, "CN": "proposed"}, True, False),
    ]
    # One side's reports only: nothing to set side by side.
    assert meetings["2024-06-20-lao-cai"]["comparison"] is None
    assert [c["id"] for c in meetings["2024-06-20-lao-cai"]["changes"]["overdue"]] == ["railway-cooperation-committee"]


def test_as_of_reads_the_changes_as_they_stood(root):
    meetings = exported(root, "--as-of", "2024-06-10")["meetings"]
    assert [m["id"] for m in meetings] == ["2024-03-01-ha-noi", "2024-06-10-beijing"]


def test_the_page_shows_what_changed_newest_first_and_what_each_side_said(chromium, tmp_path, root):  # noqa: F811
    path = write_page(tmp_path, root)
    reader = Reader(chromium, path.as_uri(), **DESKTOP)
    page = reader.page
    order = page.eval_on_selector_all("#changes-list article.changes", "found => found.map(e => e.id)")
    assert order == ["w-2024-09-05-nanning", "w-2024-06-20-lao-cai", "w-2024-06-10-beijing", "w-2024-03-01-ha-noi"]
    nanning = page.text_content("#w-2024-09-05-nanning")
    assert "Advanced: the evidence rose" in nanning and "dong-dang-smart-border-gate" in nanning
    assert "Silent" in nanning and "lao-cai-ha-noi-hai-phong-railway" in nanning
    assert reader.count("#w-2024-06-20-lao-cai table.sides") == 0  # one side's reports only
    rows = page.eval_on_selector_all(
        "#w-2024-06-10-beijing table.sides tbody tr",
        "found => found.map(row => [...row.querySelectorAll('td')].map(cell => cell.textContent))",
    )
    assert rows == [
        ["· reaffirmed", "—", "only VN"],
        ["◐ progress", "● agreed", "the sides differ"],
        ["—", "○ proposed", "only CN"],
    ]
    sides = page.eval_on_selector_all(
        "#w-2024-06-10-beijing table.sides tbody tr:nth-child(2) details.quotes li .side",
        "found => found.map(e => e.textContent)",
    )
    assert sides == ["VN", "CN"]  # each quote with the side of its source
    # The filters apply: only what they keep is listed.
    page.select_option("#f-status", "fulfilled")
    reader.wait("!document.querySelector('#w-2024-09-05-nanning').textContent.includes('red-journey-programme')")
    assert "dong-dang-smart-border-gate" in page.text_content("#w-2024-09-05-nanning")
    reader.close(path.as_uri())
    # A link to a meeting's changes builds them and scrolls there.
    reader = Reader(chromium, f"{path.as_uri()}#w-2024-06-10-beijing", **DESKTOP)
    assert reader.below_the_bar("#w-2024-06-10-beijing")
    reader.close(path.as_uri())


def test_what_changed_and_what_each_side_said_read_on_a_phone(chromium, tmp_path, root):  # noqa: F811
    path = write_page(tmp_path, root)
    reader = Reader(chromium, f"{path.as_uri()}#w-2024-06-10-beijing", **PHONE)
    page = reader.page
    assert reader.below_the_bar("#w-2024-06-10-beijing")
    page.eval_on_selector_all("#w-2024-06-10-beijing details.quotes", "found => found.forEach(d => d.open = true)")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing but a table's own box may scroll
    table = "#w-2024-06-10-beijing table.sides"
    assert page.eval_on_selector(table, "t => t.offsetWidth <= t.parentElement.clientWidth")  # the sides fit a phone
    # Each kind reads whole on one line ("reaffirmed", never "reaffi" and "rmed"), and so does every word of a title.
    lines = page.eval_on_selector_all(
        f"{table} td > span[class^=k-]",
        "found => found.map(e => new Set([...e.getClientRects()].map(r => r.top)).size)",
    )
    assert len(lines) == 4 and set(lines) == {1}
    words_whole = """found => found.every(a => {
        const range = document.createRange();
        let at = 0;
        for (const word of a.textContent.split(" ")) {  // a word wrapped inside itself draws on two lines
            range.setStart(a.firstChild, at);
            range.setEnd(a.firstChild, at + word.length);
            at += word.length + 1;
            if (new Set([...range.getClientRects()].map(r => r.top)).size > 1) return false;
        }
        return true;
    })"""
    assert page.eval_on_selector_all(f"{table} tbody th > a", words_whole)
    reader.close(path.as_uri())


HOSTILE_TWO_SIDES = {
    "seeds/vn.txt": "Both sides agreed on a </script><script>alert(1)</script> joint lab today.\n",
    "seeds/cn.txt": "China proposed a joint <img src=x onerror=alert(2)> lab on Monday.\n",
}
HOSTILE_MEETINGS = """\
parties: {VN: Việt Nam, CN: China}
meetings:
  - id: talks
    date: 2025-03-01
    place: "<b onmouseover=alert(3)>Hà Nội</b>"
    participants: [A, B]
    sources:
      - {id: vn-report, file: seeds/vn.txt, sha256: "{sha:seeds/vn.txt}", outlet: VNA, side: VN}
      - {id: cn-report, file: seeds/cn.txt, sha256: "{sha:seeds/cn.txt}", outlet: Xinhua, side: CN}
"""
HOSTILE_COMMITMENTS = """\
commitments:
  - id: lab
    title: "A joint lab </script><script>alert(4)</script> \\e[31mred"
    status: agreed
    mentions:
      - {source: vn-report, paragraph: 1, quote: "agreed on a </script><script>alert(1)</script> joint lab", kind: agreed}
      - {source: cn-report, paragraph: 1, quote: "proposed a joint <img src=x onerror=alert(2)> lab", kind: proposed}
"""


def test_record_text_in_the_changes_and_the_comparison_is_shown_not_run(chromium, tmp_path):  # noqa: F811
    root = write_root(tmp_path / "hostile", HOSTILE_COMMITMENTS, HOSTILE_MEETINGS, HOSTILE_TWO_SIDES)
    path = write_page(tmp_path, root)
    html = path.read_text(encoding="utf-8")
    assert "<img src=x" not in html and "alert(4)</script>" not in html and "\x1b" not in html
    reader = Reader(chromium, f"{path.as_uri()}#w-talks", **DESKTOP)
    page = reader.page
    assert reader.below_the_bar("#w-talks")
    assert page.text_content("#w-talks .g-new li a") == "A joint lab </script><script>alert(4)</script> \x1b[31mred"
    assert "<b onmouseover=alert(3)>Hà Nội</b>" in page.text_content("#w-talks h3")
    page.eval_on_selector_all("#w-talks details.quotes", "found => found.forEach(d => d.open = true)")
    quotes = page.eval_on_selector_all("#w-talks table.sides blockquote", "found => found.map(e => e.textContent)")
    assert quotes == [
        "agreed on a </script><script>alert(1)</script> joint lab",
        "proposed a joint <img src=x onerror=alert(2)> lab",
    ]
    assert page.eval_on_selector_all("#w-talks img, #w-talks b, #w-talks script", "found => found.length") == 0
    reader.close(path.as_uri())


def test_markdown_has_what_changed_at_each_meeting_newest_first(root):
    report = runner.invoke(app, ["export", "-f", "markdown", "--root", str(root)], catch_exceptions=False).stdout
    section = report[report.index("## What changed at each meeting") : report.index("## Sources")]
    headings = [line for line in section.splitlines() if line.startswith("### ")]
    assert headings == [
        "### 2024-09-05, Nanning",
        "### 2024-06-20, Lào Cai",
        "### 2024-06-10, Beijing",
        "### 2024-03-01, Hà Nội",
    ]
    assert "- newly overdue: [railway-cooperation-committee](#railway-cooperation-committee) (in-progress)" in section
    assert (
        "| [railway-cooperation-committee](#railway-cooperation-committee) | ◐ progress | ● agreed | the sides differ |"
        in section
    )
    assert section.count("| commitment | VN | CN | |") == 1  # the one meeting both sides reported
