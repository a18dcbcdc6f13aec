"""`tracker compare MEETING`: what each side's sources say of each commitment (SPEC 8)."""

from __future__ import annotations

import json

import pytest
from conftest import assert_golden, render
from rich.console import Console
from summits import MEETINGS, write_summits
from typer.testing import CliRunner

from tracker import checks, query
from tracker.cli import app
from tracker.render import terminal

runner = CliRunner()


@pytest.fixture
def root(tmp_path):
    return write_summits(tmp_path)


@pytest.fixture
def record(root):
    return checks.load_valid(root)


def run(root, *args):
    return runner.invoke(app, [*args, "--root", str(root)], catch_exceptions=False)


def rows(comparison: query.Comparison) -> list[tuple]:
    return [(row.id, row.kinds, row.one_sided, row.differ) for row in comparison.rows]


def test_a_meeting_both_sides_report(record):
    comparison = query.compare(record, "2024-06-10-beijing")
    assert comparison.sides == ("VN", "CN") and comparison.unattributed == ()
    assert rows(comparison) == [
        ("air-quality-ha-noi", {"VN": "reaffirmed", "CN": None}, True, False),
        ("railway-cooperation-committee", {"VN": "progress", "CN": "agreed"}, False, True),
        ("red-journey-programme", {"VN": None, "CN": "proposed"}, True, False),
    ]


def test_the_same_kind_from_both_sides_is_neither_one_sided_nor_different(tmp_path):
    from summits import COMMITMENTS

    # The near miss of `differ`: Xinhua also reports the committee's first meeting as scheduled.
    text = COMMITMENTS.replace(
        "      - {source: xinhua-2024-06-10, paragraph: 2, quote: agreed to establish a railway cooperation committee, kind: agreed}\n",
        "      - {source: xinhua-2024-06-10, paragraph: 2, quote: agreed to establish a railway cooperation committee, kind: progress}\n",
    )
    comparison = query.compare(checks.load_valid(write_summits(tmp_path, text)), "2024-06-10-beijing")
    assert rows(comparison)[1] == ("railway-cooperation-committee", {"VN": "progress", "CN": "progress"}, False, False)


def test_a_meeting_with_one_side_only_still_lists_what_it_said(record):
    comparison = query.compare(record, "2024-06-20-lao-cai")
    assert comparison.sides == ("VN",)
    assert rows(comparison) == [
        ("dong-dang-smart-border-gate", {"VN": "agreed"}, True, False),
        ("lao-cai-ha-noi-hai-phong-railway", {"VN": "reaffirmed"}, True, False),
    ]


def test_one_side_only_is_said_plainly(root):
    lines = run(root, "compare", "2024-09-05-nanning").stdout.splitlines()
    assert "only China's account is recorded; Việt Nam's is not in the record" in lines
    assert not any("only CN" in line for line in lines)  # no mark on every row: the heading says it


def test_a_source_without_a_side_is_unattributed(tmp_path):
    meetings = MEETINGS.replace("        outlet: Xinhua\n        side: CN\n", "        outlet: Xinhua\n", 1)
    record = checks.load_valid(write_summits(tmp_path, meetings=meetings))
    comparison = query.compare(record, "2024-06-10-beijing")
    assert comparison.sides == ("VN",) and [s.id for s in comparison.unattributed] == ["xinhua-2024-06-10"]
    red = comparison.rows[2]
    assert (red.id, red.kinds, red.unattributed, red.one_sided) == (
        "red-journey-programme",
        {"VN": None},
        "proposed",
        False,
    )
    lines = run(tmp_path, "compare", "2024-06-10-beijing").stdout.splitlines()
    assert "  unattributed: xinhua-2024-06-10 (Xinhua)" in lines
    assert lines[7].split()[:3] == ["commitment", "VN", "unattributed"]


def test_json_shape_field_by_field(root):
    result = run(root, "compare", "2024-06-10-beijing", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["meeting"], data["sides"], data["unattributed"]) == ("2024-06-10-beijing", ["VN", "CN"], [])
    assert data["rows"][1] == {
        "id": "railway-cooperation-committee",
        "title": "Set up a railway cooperation committee",
        "kinds": {"VN": "progress", "CN": "agreed"},
        "unattributed": None,
        "one_sided": False,
        "differ": True,
        "quotes": [
            {
                "side": "VN",
                "source": "vna-2024-06-10",
                "paragraph": 2,
                "kind": "progress",
                "quote": "will soon organise the first meeting of the railway cooperation committee",
            },
            {
                "side": "CN",
                "source": "xinhua-2024-06-10",
                "paragraph": 2,
                "kind": "agreed",
                "quote": "agreed to establish a railway cooperation committee",
            },
        ],
    }
    assert [(r["id"], r["one_sided"], r["differ"]) for r in data["rows"]] == [
        ("air-quality-ha-noi", True, False),
        ("railway-cooperation-committee", False, True),
        ("red-journey-programme", True, False),
    ]


def test_piped_quotes_are_one_line_each(root):
    lines = run(root, "compare", "2024-06-10-beijing", "--quotes").stdout.splitlines()
    at = lines.index("railway-cooperation-committee  differ")
    assert lines[at + 1 : at + 3] == [
        "  VN  vna-2024-06-10 ¶2  ◐ progress »will soon organise the first meeting of the railway cooperation committee«",
        "  CN  xinhua-2024-06-10 ¶2  ● agreed »agreed to establish a railway cooperation committee«",
    ]


def test_an_unknown_meeting_suggests_the_nearest(root):
    result = run(root, "compare", "beijing")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "no meeting `beijing`; did you mean `2024-06-10-beijing`" in result.stderr


@pytest.mark.parametrize("width", [80, 140])
def test_the_sides_side_by_side_at_a_fixed_width(record, width):
    out = Console(width=width, force_terminal=True, color_system=None)
    comparison = query.compare(record, "2024-06-10-beijing")
    assert_golden(f"compare-{width}.txt", render(terminal.compare(out, record, comparison, quotes=True), width))


def test_a_terminal_too_narrow_for_the_kinds_shows_their_symbols_and_says_what_they_mean(record):
    comparison = query.compare(record, "2024-06-10-beijing")
    narrow = render(terminal.compare(Console(width=50, force_terminal=True), record, comparison), 50).splitlines()
    assert "railway-cooperation-committee   ◐    ●    differ" in narrow  # never "pro…": proposed or progress?
    assert not any("…" in line for line in narrow)
    assert narrow[-2:] == ["○ proposed  ● agreed  · reaffirmed  ◐ progress  ✔", "fulfilled"]
    wide = render(terminal.compare(Console(width=80, force_terminal=True), record, comparison), 80).splitlines()
    assert "railway-cooperation-committee   ◐ progress     ● agreed     differ" in wide
    assert not any("✔ fulfilled" in line for line in wide)  # the words are there: no legend


def test_a_terminal_too_narrow_even_for_the_symbols_puts_each_sides_kind_under_the_whole_id(record):
    comparison = query.compare(record, "2024-06-10-beijing")
    narrow = render(terminal.compare(Console(width=30, force_terminal=True), record, comparison), 30).splitlines()
    assert not any("…" in line for line in narrow)
    at = narrow.index("railway-cooperation-committee")  # 29 cells: whole on its own line
    assert narrow[at + 1].split() == ["VN", "◐", "CN", "●", "differ"]
    # The near miss: where the symbols fit, the table stays.
    fits = render(terminal.compare(Console(width=50, force_terminal=True), record, comparison), 50).splitlines()
    assert "railway-cooperation-committee" not in fits


@pytest.mark.parametrize("width", [80, 140])
def test_one_sides_account_at_a_fixed_width(record, width):
    out = Console(width=width, force_terminal=True, color_system=None)
    comparison = query.compare(record, "2024-09-05-nanning")
    assert_golden(
        f"compare-one-side-{width}.txt", render(terminal.compare(out, record, comparison, quotes=True), width)
    )
