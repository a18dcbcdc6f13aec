"""Time against the record (SPEC section 6): the record date, dormant, silent and sides,
and the marks on inferred facts in every output (SPEC section 4)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import write_root
from typer.testing import CliRunner

from tracker import checks, query
from tracker.cli import app
from tracker.render import document
from tracker.render import markdown as markdown_format

D = dt.date
TODAY = D(2031, 1, 1)
SOURCES = {
    "seeds/one.txt": "Both sides agreed to build the bridge over the river.\nThey agreed to open a new ferry line.\n",
    "seeds/two.txt": "The two sides agreed to speed up work on the bridge over the river.\n",
    "seeds/three.txt": "Work on the bridge over the river began this spring.\n",
}
# Three meetings: 2025-01-09 is 365 days after 2024-01-10, and 2025-01-10 is 366.
MEETINGS = """\
parties: {VN: Việt Nam, CN: China}
meetings:
  - id: first
    date: 2024-01-10
    place: Hà Nội
    participants: [A, B]
    inferred: [date, place]
    notes: The report says "this afternoon" and names no city; dated by its publication.
    sources:
      - {id: one, file: seeds/one.txt, sha256: "{sha:seeds/one.txt}", outlet: VNA, side: VN}
  - id: second
    date: 2025-01-09
    place: Beijing
    participants: [A, C]
    sources:
      - {id: two, file: seeds/two.txt, sha256: "{sha:seeds/two.txt}", outlet: Xinhua, side: CN}
  - id: third
    date: 2025-01-10
    place: Beijing
    participants: [A, C]
    sources:
      - {id: three, file: seeds/three.txt, sha256: "{sha:seeds/three.txt}", outlet: Reuters}
"""
COMMITMENTS = """\
commitments:
  - id: bridge
    title: Build the bridge
    status: in-progress
    due:
      date: 2026-01-10
      source: one
      paragraph: 1
      quote: agreed to build the bridge
      note: two years from the talks
    mentions:
      - {source: one, paragraph: 1, quote: agreed to build the bridge, kind: agreed}
      - {source: two, paragraph: 1, quote: speed up work on the bridge, kind: reaffirmed}
      - {source: three, paragraph: 1, quote: Work on the bridge ... began this spring, kind: progress}
  - id: ferry
    title: A ferry line
    status: agreed
    mentions:
      - {source: one, paragraph: 2, quote: open a new ferry line, kind: agreed}
"""

runner = CliRunner()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_root(tmp_path, COMMITMENTS, MEETINGS, SOURCES)


@pytest.fixture
def record(root):
    return checks.load_valid(root)


def state_of(record, commitment: str, as_of: dt.date) -> query.State:
    return {state.id: state for state in query.states(record, as_of, today=TODAY)}[commitment]


def run(root, *args):
    return runner.invoke(app, [*args, "--root", str(root)], catch_exceptions=False)


# The record date, dormant, silent ---------------------------------------------------------


@pytest.mark.parametrize(
    "as_of, record_date",
    [
        (D(2024, 1, 10), D(2024, 1, 10)),  # the day of a meeting
        (D(2024, 6, 1), D(2024, 1, 10)),  # between meetings: the one before
        (D(2025, 1, 10), D(2025, 1, 10)),
        (D(2030, 1, 1), D(2025, 1, 10)),  # after the last meeting: the last
    ],
)
def test_the_record_date_is_the_latest_meeting_on_or_before_the_as_of_date(record, as_of, record_date):
    assert query.horizon(record, as_of).record_date == record_date
    assert state_of(record, "ferry", as_of).record_date == record_date


def test_before_the_first_meeting_there_is_no_record_date(record):
    assert query.horizon(record, D(2020, 1, 1)).record_date is None


def test_dormant_when_the_last_mention_is_more_than_a_year_before_the_record_date(record):
    assert not state_of(record, "ferry", D(2025, 1, 9)).dormant  # record date 365 days after its mention
    assert state_of(record, "ferry", D(2025, 1, 10)).dormant  # 366 days


def test_the_calendar_alone_makes_nothing_dormant(record):
    # Five years after the last meeting: the record stopped, not the governments.
    assert not state_of(record, "bridge", D(2030, 1, 1)).dormant
    assert state_of(record, "ferry", D(2030, 1, 1)).dormant  # a year older than the record date


@pytest.mark.parametrize(
    "as_of, silent",
    [(D(2024, 6, 1), 0), (D(2025, 1, 9), 1), (D(2025, 1, 10), 2), (D(2030, 1, 1), 2)],
)
def test_silent_counts_the_meetings_after_the_last_mention_up_to_the_as_of_date(record, as_of, silent):
    assert state_of(record, "ferry", as_of).silent == silent


def test_a_commitment_mentioned_at_the_latest_meeting_is_not_silent(record):
    assert state_of(record, "bridge", D(2030, 1, 1)).silent == 0
    assert state_of(record, "bridge", D(2025, 1, 9)).silent == 0


def test_sides_are_the_parties_whose_sources_mention_it_in_the_order_of_parties(record):
    assert state_of(record, "bridge", D(2030, 1, 1)).sides == ("VN", "CN")  # the third-party source has none
    assert state_of(record, "bridge", D(2024, 6, 1)).sides == ("VN",)
    assert state_of(record, "ferry", D(2030, 1, 1)).sides == ("VN",)


def test_status_json_carries_silent_sides_and_the_record_date(root):
    rows = {row["id"]: row for row in json.loads(run(root, "status", "--json", "--as-of", "2025-01-09").stdout)}
    assert {key: rows["ferry"][key] for key in ("silent", "sides", "record_date", "dormant", "inferred")} == {
        "silent": 1,
        "sides": ["VN"],
        "record_date": "2025-01-09",
        "dormant": False,
        "inferred": ["first_mentioned", "last_mentioned"],
    }
    assert rows["bridge"]["sides"] == ["VN", "CN"] and rows["bridge"]["inferred"] == ["first_mentioned"]


def test_report_counts_the_meetings_up_to_the_as_of_date(root):
    data = json.loads(run(root, "report", "--json", "--as-of", "2024-06-01").stdout)
    assert (data["meetings"], data["record_date"], data["inferred"]) == (1, "2024-01-10", ["record_date"])
    heading = run(root, "report", "--as-of", "2024-06-01").stdout.splitlines()[0]
    assert heading == "2 commitments from 1 meeting, as of 2024-06-01; record date 2024-01-10*"
    heading = run(root, "report", "--as-of", "2030-01-01").stdout.splitlines()[0]
    assert heading == "2 commitments from 3 meetings, as of 2030-01-01; record date 2025-01-10"


@pytest.mark.parametrize("command", [["report"], ["status"], ["recurrence"]])
def test_every_report_heading_says_the_record_date(root, command):
    result = run(root, *command, "--as-of", "2025-06-01")
    assert "as of 2025-06-01; record date 2025-01-10" in result.stdout.splitlines()[0]


# Inferred facts are marked everywhere --------------------------------------------------------

FOOTNOTE = (
    '* inferred, not stated by the sources: first (date, place): The report says "this afternoon" '
    "and names no city; dated by its publication."
)


def test_status_marks_an_inferred_date_and_says_why(root):
    lines = run(root, "status", "--as-of", "2024-06-01").stdout.splitlines()
    assert lines[0] == "as of 2024-06-01; record date 2024-01-10*"
    assert any(line.startswith("agreed") and "2024-01-10*" in line for line in lines)
    assert lines[-1] == FOOTNOTE


def test_a_stated_date_is_not_marked_and_needs_no_footnote(root):
    lines = run(root, "status", "--as-of", "2025-01-10", "--status", "in-progress").stdout.splitlines()
    assert "2025-01-10*" not in "\n".join(lines) and "2025-01-10" in lines[-1]
    assert not any(line.startswith("* inferred") for line in lines)


def test_show_marks_the_meeting_of_each_mention_and_its_history(root):
    out = run(root, "show", "bridge").stdout
    assert "2024-01-10*  Hà Nội*  one ¶1" in out
    assert "2025-01-09  Beijing  two ¶1" in out
    assert "  2024-01-10*  agreed  (agreed) Hà Nội*" in out
    assert out.splitlines()[-1] == FOOTNOTE


def test_meetings_and_recurrence_mark_inferred_facts(root):
    meetings = run(root, "meetings").stdout.splitlines()
    assert meetings[2].split()[:3] == ["2024-01-10*", "first", "Hà"] and "Nội*" in meetings[2]
    assert meetings[-1] == FOOTNOTE
    recurrence = run(root, "recurrence").stdout
    assert "2024-01-10*" in recurrence and "Hà Nội*" in recurrence and recurrence.splitlines()[-1] == FOOTNOTE


def test_source_and_coverage_mark_the_meeting_date(root):
    assert "first (2024-01-10*)" in run(root, "source", "one").stdout
    assert run(root, "source", "two").stdout.splitlines()[-1] != FOOTNOTE


def test_json_names_the_inferred_keys(root):
    meetings = json.loads(run(root, "meetings", "--json").stdout)
    assert (meetings[0]["inferred"], meetings[0]["notes"][:15]) == (["date", "place"], "The report says")
    assert (meetings[1]["inferred"], meetings[1]["notes"]) == ([], None)
    assert [source["side"] for meeting in meetings for source in meeting["sources"]] == ["VN", "CN", None]
    shown = json.loads(run(root, "show", "bridge", "--json").stdout)
    assert [mention["inferred"] for mention in shown["mentions"]] == [["date"], [], []]
    assert [step["inferred"] for step in shown["history"]] == [["date"], [], []]
    source = json.loads(run(root, "source", "one", "--json").stdout)
    assert (source["date"], source["inferred"], source["side"]) == ("2024-01-10", ["date"], "VN")


def test_the_export_document_carries_provenance_sides_and_the_due_words(record):
    data = document.build(record, D(2030, 1, 1), today=TODAY)
    first = data["meetings"][0]
    assert (first["inferred"], first["notes"][:15]) == (["date", "place"], "The report says")
    assert [s["side"] for m in data["meetings"] for s in m["sources"]] == ["VN", "CN", None]
    assert data["record_date"] == "2025-01-10"
    bridge = next(c for c in data["commitments"] if c["id"] == "bridge")
    assert bridge["due"] == "2026-01-10"
    assert bridge["due_words"] == {
        "source": "one",
        "paragraph": 1,
        "quote": "agreed to build the bridge",
        "note": "two years from the talks",
        "text": "Both sides agreed to build the bridge over the river.",
    }
    assert (bridge["silent"], bridge["sides"]) == (0, ["VN", "CN"])


def test_markdown_marks_inferred_facts_with_their_note(record):
    page = markdown_format.render(document.build(record, D(2030, 1, 1), today=TODAY)).decode()
    assert "2024-01-10\\*<br>Hà Nội\\*" in page
    assert "- first (date, place): The report says" in page
    assert "- 2024-01-10\\*, Hà Nội\\*: VNA, [one](#source-one) ¶1 (agreed):" in page
    assert "| first | 2024-01-10\\* | Hà Nội\\* |" in page  # the sources table
    assert "due: 2026-01-10 (“agreed to build the bridge”, one ¶1, two years from the talks)" in page


def test_show_gives_the_words_of_the_due_date(root):
    out = run(root, "show", "bridge").stdout
    assert "due         2026-01-10, from one ¶1 (two years from the talks)" in out
    assert "Both sides »agreed to build the bridge« over the river." in out


def test_search_changes_and_compare_mark_the_meeting_date(root):
    found = run(root, "search", "ferry").stdout.splitlines()
    assert found[2].startswith("2024-01-10*  first  one ¶2") and found[-1] == FOOTNOTE
    assert json.loads(run(root, "search", "ferry", "--json").stdout)[0]["inferred"] == ["date"]
    changes = run(root, "changes", "--meeting", "first").stdout.splitlines()
    assert changes[0].startswith("2024-01-10*  Hà Nội*  first") and changes[-1] == FOOTNOTE
    compared = run(root, "compare", "first").stdout.splitlines()
    assert compared[0].startswith("2024-01-10*  Hà Nội*  first") and compared[-1] == FOOTNOTE


def test_the_words_since_an_inferred_date_are_marked(root):
    shown = json.loads(run(root, "show", "bridge", "--json").stdout)
    assert shown["mentions"][1]["words"]["against"]["inferred"] == ["date"]
    assert "words since 2024-01-10* (one ¶1)" in run(root, "show", "bridge").stdout
