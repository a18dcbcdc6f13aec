"""Reports: status as of a date, recurrence, dormancy and overdue, and the
commands that show them (SPEC sections 6 and 8)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from conftest import generate, render, write_root
from rich.console import Console
from typer.testing import CliRunner

from tracker import checks, query
from tracker.cli import app
from tracker.render import json as shapes
from tracker.render import terminal as pretty

D = dt.date
TODAY = D(2026, 1, 1)
SOURCES = {
    "seeds/one.txt": "Both sides agreed to build the bridge over the river.\nThey agreed to a new ferry line.\n",
    "seeds/two.txt": "Work on the bridge over the river began this spring.\nChina proposed a joint <script>alert(1)</script> [bold]lab[/bold] today.\n",
}
MEETINGS = """\
parties: {VN: Việt Nam, CN: China}
meetings:
  - id: first
    date: 2024-01-10
    place: Hà Nội
    participants: [A, B]
    sources:
      - {id: one, file: seeds/one.txt, sha256: "{sha:seeds/one.txt}", outlet: VNA}
  - id: second
    date: 2025-03-01
    place: Beijing
    participants: [A, C]
    sources:
      - {id: two, file: seeds/two.txt, sha256: "{sha:seeds/two.txt}", outlet: VOV}
"""
COMMITMENTS = """\
commitments:
  - id: bridge
    title: Build the bridge
    status: in-progress
    theme: transport
    by: [VN, CN]
    due: 2025-02-01
    mentions:
      - {source: one, paragraph: 1, quote: agreed to build the bridge, kind: agreed}
      - {source: two, paragraph: 1, quote: Work on the bridge ... began this spring, kind: progress}
  - id: lab
    title: A joint lab
    status: proposed
    theme: science
    by: [CN]
    mentions:
      - {source: two, paragraph: 2, quote: "China proposed a joint <script>alert(1)</script> [bold]lab[/bold]", kind: proposed}
  - id: ferry
    title: A ferry line
    status: stalled
    reason: Nothing was reported after the first meeting.
    theme: transport
    mentions:
      - {source: one, paragraph: 2, quote: They agreed to a new ferry line., kind: agreed}
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_root(tmp_path, COMMITMENTS, MEETINGS, SOURCES)


@pytest.fixture
def record(root):
    return checks.load_valid(root)


def state_of(record, commitment: str, as_of=None):
    found = {state.id: state for state in query.states(record, as_of, today=TODAY)}
    return found.get(commitment)


# The library -------------------------------------------------------------------------


def test_today_the_status_is_the_curated_one(record):
    bridge, ferry = state_of(record, "bridge"), state_of(record, "ferry")
    assert (bridge.status, bridge.evidence, bridge.recurrence) == ("in-progress", "in-progress", 2)
    assert (bridge.first_mentioned, bridge.last_mentioned) == (D(2024, 1, 10), D(2025, 3, 1))
    assert (ferry.status, ferry.evidence) == ("stalled", "agreed")


def test_as_of_an_earlier_date_the_status_is_the_evidence_then(record):
    assert state_of(record, "bridge", D(2024, 6, 1)).status == "agreed"
    assert state_of(record, "ferry", D(2024, 6, 1)).status == "agreed"  # stalled is a judgement of the present
    assert state_of(record, "lab", D(2024, 6, 1)) is None  # not mentioned yet


def test_a_mention_on_the_as_of_date_counts(record):
    assert state_of(record, "bridge", D(2025, 3, 1)).status == "in-progress"
    assert state_of(record, "bridge", D(2025, 2, 28)).status == "agreed"
    assert state_of(record, "lab", D(2025, 3, 1)).recurrence == 1


def test_dormant_is_measured_against_the_record_date(record):
    # On 2025-01-10 the calendar is 366 days past the only meeting, but so is the record: not dormant.
    assert not state_of(record, "bridge", D(2025, 1, 10)).dormant
    # The record date 2025-03-01 is 416 days after the ferry's only mention.
    assert state_of(record, "ferry", D(2025, 3, 1)).dormant
    assert not state_of(record, "bridge", D(2025, 3, 1)).dormant


def test_overdue_when_due_is_before_the_date(record):
    assert not state_of(record, "bridge", D(2025, 2, 1)).overdue
    assert state_of(record, "bridge", D(2025, 2, 2)).overdue


def test_closed_commitments_are_neither_dormant_nor_overdue(tmp_path):
    text = COMMITMENTS.replace("status: in-progress", "status: fulfilled").replace(
        "kind: progress}", "kind: fulfilled}"
    )
    record = checks.load_valid(write_root(tmp_path, text, MEETINGS, SOURCES))
    bridge = state_of(record, "bridge", D(2030, 1, 1))
    assert bridge.status == "fulfilled" and not bridge.dormant and not bridge.overdue


def test_filters(record):
    found = query.states(record, today=TODAY)
    assert [s.id for s in query.select(found, theme="transport")] == ["bridge", "ferry"]
    assert [s.id for s in query.select(found, by="CN")] == ["bridge", "lab"]
    assert [s.id for s in query.select(found, status="stalled")] == ["ferry"]


def test_status_order_groups_by_status_then_recurrence(record):
    assert [s.id for s in query.by_status(query.states(record, today=TODAY))] == ["lab", "bridge", "ferry"]


def test_recurrence_matrix_cells_are_the_highest_kind_per_meeting(record):
    matrix = query.recurrence_matrix(record, query.states(record, today=TODAY))
    assert shapes.matrix_as_json(matrix) == {
        "meetings": ["first", "second"],
        "rows": [
            {"id": "bridge", "recurrence": 2, "cells": ["agreed", "progress"]},
            {"id": "ferry", "recurrence": 1, "cells": ["agreed", None]},
            {"id": "lab", "recurrence": 1, "cells": [None, "proposed"]},
        ],
    }
    assert [state.id for state, _ in query.recurrence_matrix(record, query.states(record), 2).rows] == ["bridge"]


def test_history_is_the_stage_after_each_meeting(record):
    steps = query.history(state_of(record, "bridge"))
    assert [(step.meeting.id, step.status, step.kinds) for step in steps] == [
        ("first", "agreed", ("agreed",)),
        ("second", "in-progress", ("progress",)),
    ]


# The commands --------------------------------------------------------------------------

runner = CliRunner()


def run(root, *args):
    return runner.invoke(app, [*args, "--root", str(root)], catch_exceptions=False)


def test_status_json_field_by_field(root):
    result = run(root, "status", "--json", "--as-of", "2025-06-01")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [row["id"] for row in rows] == ["lab", "ferry", "bridge"]  # stalled is not a status of the past
    assert rows[2] == {
        "id": "bridge",
        "title": "Build the bridge",
        "status": "in-progress",
        "evidence": "in-progress",
        "theme": "transport",
        "by": ["VN", "CN"],
        "recurrence": 2,
        "meetings": ["first", "second"],
        "first_mentioned": "2024-01-10",
        "last_mentioned": "2025-03-01",
        "dormant": False,
        "overdue": True,
        "silent": 0,
        "sides": [],
        "record_date": "2025-03-01",
        "inferred": [],
    }
    assert rows[1]["status"] == "agreed" and rows[1]["dormant"] is True and rows[1]["silent"] == 1


def test_meetings_json(root):
    rows = json.loads(run(root, "meetings", "--json").stdout)
    assert rows == [
        {
            "id": "first",
            "date": "2024-01-10",
            "place": "Hà Nội",
            "participants": ["A", "B"],
            "inferred": [],
            "notes": None,
            "sources": [
                {"id": "one", "file": "seeds/one.txt", "outlet": "VNA", "side": None, "paragraphs": 2, "cited": 2}
            ],
        },
        {
            "id": "second",
            "date": "2025-03-01",
            "place": "Beijing",
            "participants": ["A", "C"],
            "inferred": [],
            "notes": None,
            "sources": [
                {"id": "two", "file": "seeds/two.txt", "outlet": "VOV", "side": None, "paragraphs": 2, "cited": 2}
            ],
        },
    ]


def test_recurrence_json_with_min(root):
    data = json.loads(run(root, "recurrence", "--json", "--min", "2").stdout)
    assert data == {
        "meetings": ["first", "second"],
        "rows": [{"id": "bridge", "recurrence": 2, "cells": ["agreed", "progress"]}],
    }


def test_report_json(root):
    data = json.loads(run(root, "report", "--json", "--as-of", "2025-06-01").stdout)
    assert data["as_of"] == "2025-06-01" and data["total"] == 3
    assert data["statuses"] == {
        "proposed": 1,
        "agreed": 1,
        "in-progress": 1,
        "fulfilled": 0,
        "stalled": 0,
        "dropped": 0,
    }
    assert data["themes"] == {"science": 1, "transport": 2}
    assert [row["id"] for row in data["overdue"]] == ["bridge"]
    assert [row["id"] for row in data["dormant"]] == ["ferry"]


def test_show_json_carries_the_paragraphs_and_history(root):
    data = json.loads(run(root, "show", "bridge", "--json").stdout)
    assert data["mentions"][1]["text"] == "Work on the bridge over the river began this spring."
    assert data["mentions"][1]["outlet"] == "VOV" and data["mentions"][1]["date"] == "2025-03-01"
    assert [step["status"] for step in data["history"]] == ["agreed", "in-progress"]


def test_source_json_marks_citing_commitments(root):
    data = json.loads(run(root, "source", "two", "--json").stdout)
    assert [(p["number"], p["cited_by"]) for p in data["paragraphs"]] == [(1, ["bridge"]), (2, ["lab"])]
    assert json.loads(run(root, "source", "two", "-p", "2", "--json").stdout)["paragraphs"][0]["number"] == 2


def test_source_marks_the_quoted_words_as_show_does(root, tmp_path):
    lines = run(root, "source", "two").stdout.splitlines()
    assert lines[2].endswith("»Work on the bridge« over the river »began this spring«.  [bridge]")
    assert lines[3].endswith("»China proposed a joint <script>alert(1)</script> [bold]lab[/bold]« today.  [lab]")
    without_ferry = write_root(tmp_path / "f", COMMITMENTS[: COMMITMENTS.index("  - id: ferry")], MEETINGS, SOURCES)
    lines = run(without_ferry, "source", "one").stdout.splitlines()
    assert lines[2].endswith("Both sides »agreed to build the bridge« over the river.  [bridge]")
    assert lines[3].endswith("They agreed to a new ferry line.")  # cited by none: nothing marked


def test_piped_show_marks_the_quote_and_prints_markup_as_written(root):
    result = run(root, "show", "lab")
    assert "»China proposed a joint <script>alert(1)</script> [bold]lab[/bold]« today." in result.stdout
    assert "\x1b[" not in result.stdout


def test_piped_status_is_plain_and_stable(root):
    result = run(root, "status", "--as-of", "2025-06-01")
    assert result.stdout.splitlines() == [
        "as of 2025-06-01; record date 2025-03-01",
        "",
        "status        id       title              n   last",
        "─" * 83,
        "proposed      lab      A joint lab        1   2025-03-01",
        "",
        "agreed        ferry    A ferry line       1   2024-01-10   dormant",
        "",
        "in-progress   bridge   Build the bridge   2   2025-03-01   overdue (due 2025-02-01)",
    ]


def test_unknown_ids_suggest_the_nearest(root):
    result = run(root, "show", "bridg")
    assert result.exit_code == 1 and "did you mean `bridge`?" in result.stderr
    result = run(root, "source", "tow")
    assert result.exit_code == 1 and "did you mean `two`" in result.stderr


def test_a_commitment_not_yet_mentioned_then(root):
    result = run(root, "show", "lab", "--as-of", "2024-06-01")
    assert result.exit_code == 1 and "not mentioned on or before 2024-06-01" in result.stderr


def test_a_commitment_mentioned_only_after_today_is_not_mentioned_on_or_before_today(tmp_path):
    later = MEETINGS.replace("date: 2025-03-01", "date: 2999-03-01")
    root = write_root(tmp_path, COMMITMENTS, later, SOURCES)
    result = run(root, "show", "lab")
    assert result.exit_code == 1
    assert result.stderr == "tracker: `lab` was not mentioned on or before today\n"
    assert run(root, "show", "ferry").exit_code == 0  # the near miss: mentioned at the earlier meeting


def test_the_library_raises_an_unknown_id_with_its_nearest_ids(record):
    with pytest.raises(query.Unknown) as raised:
        query.state_of(record, "bridg")
    assert (raised.value.what, raised.value.name, raised.value.nearest) == ("commitment", "bridg", ["bridge"])
    assert str(raised.value) == "no commitment `bridg`; did you mean `bridge`?"
    assert query.state_of(record, "bridge").id == "bridge"
    with pytest.raises(query.Unknown) as raised:
        query.source_of(record, "TWO")
    assert raised.value.nearest == ["two"]  # the same name in another case comes first
    assert query.source_of(record, "two")[0].id == "two"


def test_a_paragraph_past_the_end_of_a_source_is_one_line_and_exit_1(root, record):
    result = run(root, "source", "two", "-p", "3")
    assert (result.exit_code, result.stderr) == (1, "tracker: two has paragraphs 1 to 2, not 3\n")
    with pytest.raises(query.NoSuchParagraph):
        query.source_of(record, "two", 0)
    assert run(root, "source", "two", "-p", "2").exit_code == 0  # the last paragraph is there


def test_a_commitment_not_yet_mentioned_is_a_typed_refusal(record):
    with pytest.raises(query.NotYetMentioned, match="not mentioned on or before 2024-06-01"):
        query.state_of(record, "lab", D(2024, 6, 1))
    assert query.state_of(record, "lab", D(2025, 3, 1)).id == "lab"


def test_a_theme_or_party_the_record_lacks_is_unknown(record):
    with pytest.raises(query.Unknown, match="no theme `transprt`; did you mean `transport`?"):
        query.filtered(record, theme="transprt")
    with pytest.raises(query.Unknown, match="no party `vn`; did you mean `VN`?"):
        query.filtered(record, by="vn")
    assert [state.id for state in query.filtered(record, D(2025, 6, 1), by="CN")] == ["bridge", "lab"]


def test_a_bad_date_or_status_is_a_usage_error(root):
    assert run(root, "status", "--as-of", "2024-13-01").exit_code == 2
    assert run(root, "status", "--status", "done").exit_code == 2
    assert "did you mean `agreed`?" in run(root, "status", "--status", "agred").stderr


@pytest.mark.parametrize("command", ["report", "status", "recurrence"])
def test_a_theme_or_party_the_record_does_not_have_is_refused_with_the_nearest(root, command):
    result = run(root, command, "--theme", "transprt")
    assert result.exit_code == 1 and result.stderr == "tracker: no theme `transprt`; did you mean `transport`?\n"
    result = run(root, command, "--by", "cn")
    assert result.exit_code == 1 and result.stderr == "tracker: no party `cn`; did you mean `CN`?\n"


def test_filters_that_match_nothing_say_so(root):
    result = run(root, "status", "--theme", "science", "--status", "fulfilled")
    assert result.exit_code == 0
    assert result.stderr == "tracker: no commitment matches status fulfilled and theme science\n"


def test_reports_refuse_a_record_with_errors(tmp_path):
    root = write_root(tmp_path, COMMITMENTS.replace("status: proposed", "status: agreed"), MEETINGS, SOURCES)
    for command in (["report"], ["status"], ["recurrence"], ["show", "lab"], ["meetings"], ["source", "one"]):
        result = run(root, *command)
        assert result.exit_code == 1, command
        assert result.stderr == "tracker: the record has 1 error; run `tracker check` to see and fix them\n"


# Many meetings: the timeline (golden output of every report: test_golden_reports.py) ---------------


def generated(root: Path, meetings: int, commitments: int = 12, per_commitment: int = 3) -> Path:
    generate(root, meetings=meetings, commitments=commitments, per_commitment=per_commitment)
    return root


def test_many_meetings_piped_become_a_timeline_one_character_each(tmp_path):
    generated(tmp_path, meetings=30)
    result = runner.invoke(app, ["recurrence", "--root", str(tmp_path)], catch_exceptions=False)
    record = checks.load_valid(tmp_path)
    matrix = query.recurrence_matrix(record, query.states(record))
    heading, blank, what, *lines = result.stdout.splitlines()
    assert heading.startswith("as of ") and "; record date 20" in heading and blank == ""
    assert what == "one column per meeting, in date order (listed below)"
    assert lines[0].split()[:2] == ["commitment", "2000"]  # the ruler marks the first year
    for (state, row), line in zip(matrix.rows, lines[2:], strict=False):
        timeline = line[lines[0].index("2000") :][: len(matrix.meetings)]
        assert {i for i, char in enumerate(timeline) if char != " "} == set(row), state.id
    assert lines[2 + len(matrix.rows)].startswith("○ proposed")
    listed = lines[3 + len(matrix.rows) :][: len(matrix.meetings)]  # every meeting, numbered
    assert [line.split()[0] for line in listed] == [str(n) for n in range(1, len(matrix.meetings) + 1)]


RANK = {None: -1, "reaffirmed": 0, "proposed": 1, "agreed": 2, "progress": 3, "fulfilled": 4}
MONTH, QUARTER, YEAR = (lambda d: (d.year, d.month)), (lambda d: (d.year, (d.month - 1) // 3)), (lambda d: d.year)


def timeline_at(root: Path, width: int) -> tuple[query.Matrix, list[str]]:
    record = checks.load_valid(root)
    matrix = query.recurrence_matrix(record, query.states(record))
    out = Console(width=width, force_terminal=True, color_system=None)
    return matrix, render(pretty.recurrence(out, matrix, width), width).splitlines()


@pytest.mark.parametrize(
    ("width", "period", "key", "finer"),
    [(80, "month", MONTH, None), (40, "quarter", QUARTER, MONTH), (25, "year", YEAR, QUARTER)],
)
def test_hundreds_of_meetings_are_binned_by_the_finest_period_that_fits(tmp_path, width, period, key, finer):
    matrix, lines = timeline_at(generated(tmp_path, meetings=300, commitments=8, per_commitment=5), width)
    assert all(len(line) <= width for line in lines)
    said = " ".join(lines[:5])
    assert said.startswith(f"one column per {period} with a meeting")
    assert f"a cell shows the highest kind reported that {period}" in said
    header = next(index for index, line in enumerate(lines) if line.startswith("commitment "))
    start = lines[header].index("2000")
    periods = sorted({key(meeting.date) for meeting in matrix.meetings})
    label = max(len(state.id) for state, _ in matrix.rows)
    if finer:  # the finer period would not have fitted
        assert label + 4 + 1 + len({finer(meeting.date) for meeting in matrix.meetings}) > width
    for (state, _), line in zip(matrix.rows, lines[header + 2 :], strict=False):
        assert line.split()[0] == state.id and line.split()[-1] == str(state.recurrence)  # ids and counts whole
        highest: dict = {}
        for item in state.cited:
            at = periods.index(key(item.meeting.date))
            highest[at] = max(highest.get(at), item.mention.kind, key=RANK.__getitem__)
        cells = line[start : start + len(periods)]
        assert {i: char for i, char in enumerate(cells) if char != " "} == {
            i: pretty.KIND_SYMBOLS[kind] for i, kind in highest.items()
        }, state.id
    assert not any(re.match(r" *\d+  \d{4}-\d\d-\d\d", line) for line in lines)  # no list of hundreds of meetings


def test_a_column_per_meeting_is_kept_while_the_meetings_fit(tmp_path):
    matrix, lines = timeline_at(generated(tmp_path, meetings=60, commitments=8, per_commitment=5), 80)
    assert lines[0] == "one column per meeting, in date order (listed below)"
    assert all(len(line) <= 80 for line in lines)
    legend = next(index for index, line in enumerate(lines) if line.startswith("○ proposed"))
    assert lines[legend + 1].startswith("  1  2000-01-01") and lines[legend + 60].startswith(" 60  ")


def test_binning_leaves_the_json_matrix_a_cell_per_meeting(tmp_path):
    data = json.loads(
        run(generated(tmp_path, meetings=300, commitments=8, per_commitment=5), "recurrence", "--json").stdout
    )
    assert len(data["meetings"]) == 300
    assert all(len(row["cells"]) == 300 for row in data["rows"])


def test_the_matrix_has_every_meeting_up_to_the_as_of_date_even_silent_ones(tmp_path):
    from summits import write_summits

    root = write_summits(tmp_path)
    data = json.loads(run(root, "recurrence", "--json", "--status", "fulfilled").stdout)
    assert data == {
        "meetings": ["2024-03-01-ha-noi", "2024-06-10-beijing", "2024-06-20-lao-cai", "2024-09-05-nanning"],
        "rows": [{"id": "dong-dang-smart-border-gate", "recurrence": 2, "cells": [None, None, "agreed", "fulfilled"]}],
    }
    data = json.loads(run(root, "recurrence", "--json", "--min", "3", "--as-of", "2024-06-20").stdout)
    assert data == {"meetings": ["2024-03-01-ha-noi", "2024-06-10-beijing", "2024-06-20-lao-cai"], "rows": []}
    heading, _, *lines = run(root, "recurrence", "--status", "fulfilled").stdout.splitlines()
    assert heading.endswith("; record date 2024-09-05")
    assert lines[0].split() == ["2024-03-01", "2024-06-10", "2024-06-20", "2024-09-05"]


def test_known_narrows_a_field_a_checked_record_has_and_refuses_one_that_did_not_load():
    from tracker.model import known

    assert known(0) == 0 and known("") == ""  # falsy values are values
    with pytest.raises(ValueError, match="reports read only a checked record"):
        known(None)
