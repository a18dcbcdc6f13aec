"""`tracker changes`: what is new, advanced, reaffirmed, silent and newly overdue in a window (SPEC 8)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import assert_golden, render
from rich.console import Console
from summits import COMMITMENTS, write_summits
from typer.testing import CliRunner

from tracker import checks, query
from tracker.cli import app
from tracker.render import terminal

D = dt.date
TODAY = D(2026, 1, 1)
GROUPS = ("new", "advanced", "reaffirmed", "silent", "overdue")


@pytest.fixture
def root(tmp_path):
    return write_summits(tmp_path)


@pytest.fixture
def record(root):
    return checks.load_valid(root)


def ids(changes: query.Changes) -> dict[str, list[str]]:
    """The ids in each non-empty group."""
    return {name: [c.id for c in getattr(changes, name)] for name in GROUPS if getattr(changes, name)}


def test_each_meeting_against_every_meeting_before_it(record):
    at = {c.meetings[0].id: c for c in query.changes_per_meeting(record, today=TODAY)}
    assert ids(at["2024-03-01-ha-noi"]) == {
        "new": ["air-quality-ha-noi", "lao-cai-ha-noi-hai-phong-railway", "railway-cooperation-committee"]
    }
    assert ids(at["2024-06-10-beijing"]) == {
        "new": ["red-journey-programme"],
        "advanced": ["railway-cooperation-committee"],
        "reaffirmed": ["air-quality-ha-noi"],
        "silent": ["lao-cai-ha-noi-hai-phong-railway"],
    }
    assert ids(at["2024-06-20-lao-cai"]) == {
        "new": ["dong-dang-smart-border-gate"],
        "reaffirmed": ["lao-cai-ha-noi-hai-phong-railway"],
        "silent": ["air-quality-ha-noi", "railway-cooperation-committee", "red-journey-programme"],
        "overdue": ["railway-cooperation-committee"],  # due 2024-06-15, between the two meetings
    }
    assert ids(at["2024-09-05-nanning"]) == {
        "advanced": ["dong-dang-smart-border-gate", "red-journey-programme"],
        "silent": ["lao-cai-ha-noi-hai-phong-railway"],
    }


def test_advanced_says_from_and_to(record):
    found = query.changes_at(record, "2024-06-10-beijing", today=TODAY)
    (change,) = found.advanced
    assert (change.before, change.after, change.status) == ("agreed", "in-progress", "in-progress")


def test_a_meeting_window_runs_from_the_day_after_the_meeting_before(record):
    found = query.changes_at(record, "2024-06-20-lao-cai", today=TODAY)
    assert (found.start, found.end) == (D(2024, 6, 11), D(2024, 6, 20))
    first = query.changes_at(record, "2024-03-01-ha-noi", today=TODAY)
    assert (first.start, first.end) == (D(2024, 3, 1), D(2024, 3, 1))


def test_silent_leaves_out_what_is_closed(record):
    # The border gate is fulfilled at 2024-09-05: after it, it is done, not silent.
    found = query.changes_between(record, D(2024, 10, 1), D(2024, 12, 31), today=TODAY).total
    assert found.meetings == ()
    assert ids(found) == {"silent": ["red-journey-programme"]}


@pytest.mark.parametrize(
    ("start", "end", "meetings"),
    [
        ("2024-03-01", "2024-06-10", ["2024-03-01-ha-noi", "2024-06-10-beijing"]),  # both edge days count
        ("2024-03-02", "2024-06-09", []),  # the near miss: a day inside each edge
        ("2024-06-10", "2024-06-10", ["2024-06-10-beijing"]),
    ],
)
def test_both_ends_of_the_window_count(record, start, end, meetings):
    found = query.changes_between(record, D.fromisoformat(start), D.fromisoformat(end), today=TODAY)
    assert [m.id for m in found.total.meetings] == meetings
    assert [section.meetings[0].id for section in found.per_meeting] == meetings


def test_a_window_reads_against_every_meeting_before_it(record):
    found = query.changes_between(record, D(2024, 6, 10), D(2024, 6, 20), today=TODAY).total
    assert ids(found) == {
        "new": ["red-journey-programme", "dong-dang-smart-border-gate"],
        "advanced": ["railway-cooperation-committee"],
        "reaffirmed": ["air-quality-ha-noi", "lao-cai-ha-noi-hai-phong-railway"],
        "overdue": ["railway-cooperation-committee"],
    }


@pytest.mark.parametrize(
    ("start", "end", "overdue"),
    [
        ("2024-06-15", "2024-06-16", True),  # due on the first day: it passed in the window
        ("2024-06-01", "2024-06-15", False),  # due on the last day: not overdue yet
        ("2024-06-16", "2024-06-30", False),  # already overdue when the window opened
    ],
)
def test_newly_overdue_is_due_from_the_start_to_before_the_end(record, start, end, overdue):
    found = query.changes_between(record, D.fromisoformat(start), D.fromisoformat(end), today=TODAY).total
    assert bool(found.overdue) is overdue


def test_a_closed_commitment_is_never_newly_overdue(tmp_path):
    text = COMMITMENTS.replace(
        "    title: Build a smart border gate at Đồng Đăng\n", "    title: A gate\n    due: 2024-09-01\n"
    )
    record = checks.load_valid(write_summits(tmp_path, text))
    before = query.changes_between(record, D(2024, 8, 1), D(2024, 9, 4), today=TODAY).total
    assert [c.id for c in before.overdue] == ["dong-dang-smart-border-gate"]
    at_fulfilment = query.changes_between(record, D(2024, 8, 1), D(2024, 9, 5), today=TODAY).total
    assert at_fulfilment.overdue == []


def test_today_the_status_is_the_curated_one(tmp_path):
    text = COMMITMENTS.replace(
        "status: proposed\n    aliases: [air quality]",
        "status: dropped\n    reason: Abandoned.\n    aliases: [air quality]",
    )
    record = checks.load_valid(write_summits(tmp_path, text))
    open_window = query.changes_between(record, D(2024, 6, 11), TODAY, today=TODAY).total
    assert "air-quality-ha-noi" not in [c.id for c in open_window.silent]  # dropped: closed today
    past_window = query.changes_between(record, D(2024, 6, 11), D(2024, 6, 20), today=TODAY).total
    assert "air-quality-ha-noi" in [c.id for c in past_window.silent]  # dropped is a judgement of the present


# The command ---------------------------------------------------------------------------

runner = CliRunner()


def run(root, *args):
    return runner.invoke(app, [*args, "--root", str(root)], catch_exceptions=False)


def test_json_shape_field_by_field(root):
    result = run(root, "changes", "--meeting", "2024-06-10-beijing", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    window = {
        "from": "2024-03-02",
        "to": "2024-06-10",
        "meetings": ["2024-06-10-beijing"],
        "new": [
            {
                "id": "red-journey-programme",
                "title": "Invite young Vietnamese to the Red Journey programme",
                "status": "proposed",
            }
        ],
        "advanced": [
            {
                "id": "railway-cooperation-committee",
                "title": "Set up a railway cooperation committee",
                "status": "in-progress",
                "from_status": "agreed",
                "to_status": "in-progress",
            }
        ],
        "reaffirmed": [
            {"id": "air-quality-ha-noi", "title": "Improve the air quality of Hà Nội", "status": "proposed"}
        ],
        "silent": [
            {
                "id": "lao-cai-ha-noi-hai-phong-railway",
                "title": "Study the Lào Cai - Hà Nội - Hải Phòng railway",
                "status": "proposed",
            }
        ],
        "overdue": [],
    }
    assert data == {**window, "per_meeting": [window]}


def test_json_of_a_window_has_each_meeting_and_the_whole(root):
    data = json.loads(run(root, "changes", "--from", "2024-06-01", "--to", "2024-06-30", "--json").stdout)
    assert (data["from"], data["to"]) == ("2024-06-01", "2024-06-30")
    assert data["meetings"] == ["2024-06-10-beijing", "2024-06-20-lao-cai"]
    assert [(m["from"], m["to"], m["meetings"]) for m in data["per_meeting"]] == [
        ("2024-06-01", "2024-06-10", ["2024-06-10-beijing"]),
        ("2024-06-11", "2024-06-20", ["2024-06-20-lao-cai"]),
    ]
    assert [c["id"] for c in data["overdue"]] == ["railway-cooperation-committee"]


@pytest.mark.parametrize(
    ("start", "end", "new"),
    [
        (
            "2024-06-10",
            "2024-06-20",
            ["red-journey-programme", "dong-dang-smart-border-gate"],
        ),  # mentions on both edges
        ("2024-06-11", "2024-06-19", []),  # the near miss: a day inside each edge holds no meeting
    ],
)
def test_the_command_counts_the_mentions_on_both_edge_days(root, start, end, new):
    data = json.loads(run(root, "changes", "--from", start, "--to", end, "--json").stdout)
    assert [c["id"] for c in data["new"]] == new
    assert [m["meetings"] for m in data["per_meeting"]] == [[m] for m in data["meetings"]]


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--from", "2024-01-01"],
        ["--to", "2024-01-01"],
        ["--meeting", "2024-06-10-beijing", "--from", "2024-01-01", "--to", "2024-12-31"],
        ["--from", "2024-02-30", "--to", "2024-12-31"],
        ["--from", "2024-12-31", "--to", "2024-01-01"],
    ],
)
def test_a_window_that_is_not_one_is_a_usage_error(root, args):
    result = run(root, "changes", *args)
    assert result.exit_code == 2
    assert "Usage: tracker changes" in result.stderr and result.stdout == ""


def test_an_unknown_meeting_suggests_the_nearest(root):
    result = run(root, "changes", "--meeting", "2024-06-10")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "did you mean `2024-06-10-beijing`" in result.stderr


def test_piped_output_is_one_line_a_commitment(root):
    lines = run(root, "changes", "--meeting", "2024-06-10-beijing").stdout.splitlines()
    assert lines[0] == "2024-06-10  Beijing  2024-06-10-beijing  Phạm Minh Chính, Li Qiang"
    assert lines[1] == "1 new, 1 advanced, 1 reaffirmed, 1 silent (2024-03-02 to 2024-06-10)"
    assert "    railway-cooperation-committee     agreed → in-progress  Set up a railway cooperation committee" in lines


def test_a_window_wider_than_its_one_meeting_shows_the_deadlines_passed_after_it(tmp_path):
    root = write_summits(tmp_path, COMMITMENTS.replace("due: 2024-06-15", "due: 2024-07-01"))
    lines = run(root, "changes", "--from", "2024-06-11", "--to", "2024-07-31").stdout.splitlines()
    assert lines[0] == "2024-06-11 to 2024-07-31: 1 meeting"
    window = lines.index("the window: 1 meeting from 2024-06-11 to 2024-07-31")
    assert lines[window + 1] == "1 new, 1 reaffirmed, 3 silent, 1 newly overdue (2024-06-11 to 2024-07-31)"
    assert lines[-1] == "    railway-cooperation-committee     due 2024-07-01  Set up a railway cooperation committee"
    # The near miss: a window that is its meeting's says it once.
    lines = run(root, "changes", "--from", "2024-06-11", "--to", "2024-06-20").stdout.splitlines()
    assert lines[0].startswith("2024-06-20  Lào Cai") and not any(line.startswith("the window") for line in lines)


@pytest.mark.parametrize("width", [80, 140])
def test_the_digest_at_a_fixed_width(record, width):
    out = Console(width=width, force_terminal=True, color_system=None)
    digest = query.changes_between(record, D(2024, 3, 1), D(2024, 9, 5), today=TODAY)
    assert_golden(f"changes-{width}.txt", render(terminal.changes(out, digest), width))
