"""The reviewer's rules in the gate: a stage never goes back (kind-regression), a deadline
gives its words (due-unsourced), every paragraph with commitment language is cited or
waived (uncovered-paragraph). SPEC sections 5, 6, 7 and 7.1."""

from __future__ import annotations

from pathlib import Path

from conftest import write_root
from test_coverage import COMMITMENTS as COVERAGE_COMMITMENTS
from test_coverage import MEETINGS as COVERAGE_MEETINGS
from test_coverage import SOURCES as COVERAGE_SOURCES

from tracker import checks

SOURCES = {
    "seeds/one.txt": "Both sides agreed to build the bridge.\nChina proposed to build the bridge.\n",
    "seeds/two.txt": "China again proposed to build the bridge.\nWork on the bridge has progressed.\n",
    "seeds/same-day.txt": "Both sides agreed to build the bridge at the second summit.\n",
    "seeds/three.txt": "The two sides agreed to build the bridge soon.\n",
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
    date: 2025-01-10
    place: Beijing
    participants: [A, C]
    sources:
      - {id: two, file: seeds/two.txt, sha256: "{sha:seeds/two.txt}", outlet: Xinhua}
  - id: second-same-day
    date: 2025-01-10
    place: Beijing
    participants: [D, C]
    sources:
      - {id: same-day, file: seeds/same-day.txt, sha256: "{sha:seeds/same-day.txt}", outlet: VNA}
  - id: third
    date: 2025-06-01
    place: Hà Nội
    participants: [A, C]
    sources:
      - {id: three, file: seeds/three.txt, sha256: "{sha:seeds/three.txt}", outlet: VNA}
"""
AGREED_FIRST = "{source: one, paragraph: 1, quote: agreed to build the bridge, kind: agreed}"
PROPOSED_FIRST = "{source: one, paragraph: 2, quote: China proposed to build, kind: proposed}"
PROPOSED_SECOND = "{source: two, paragraph: 1, quote: again proposed to build, kind: KIND}"
PROGRESS_SECOND = "{source: two, paragraph: 2, quote: Work on the bridge has progressed, kind: progress}"
AGREED_SAME_DAY = "{source: same-day, paragraph: 1, quote: agreed to build the bridge, kind: agreed}"
AGREED_THIRD = "{source: three, paragraph: 1, quote: agreed to build the bridge, kind: agreed}"


def bridge(status: str, *mentions: str) -> str:
    """A commitment with these mentions, one a line from line 6."""
    lines = "".join(f"      - {mention}\n" for mention in mentions)
    return f"commitments:\n  - id: bridge\n    title: Build the bridge\n    status: {status}\n    mentions:\n{lines}"


def problems(tmp_path: Path, commitments: str) -> list:
    root = write_root(tmp_path, commitments, MEETINGS, SOURCES)
    return [p for p in checks.check(root).problems if p.code.name != "uncovered-paragraph"]


def found(tmp_path: Path, commitments: str) -> list[tuple[str, int, int]]:
    return [(p.code.name, p.line, p.column) for p in problems(tmp_path, commitments)]


# kind-regression -------------------------------------------------------------------------------


def test_a_proposal_after_an_agreement_goes_back(tmp_path):
    text = bridge("agreed", AGREED_FIRST, PROPOSED_SECOND.replace("KIND", "proposed"))
    (problem,) = problems(tmp_path, text)
    #       - {source: two, paragraph: 1, quote: again proposed to build, kind: proposed}
    #                                                                          ^ line 7
    assert (problem.code.name, problem.line, problem.column) == ("kind-regression", 7, 75)
    assert problem.commitment == "bridge" and problem.severity == "warning"
    assert problem.message == (
        "`proposed` at second goes back below `agreed`, reached at first (2024-01-10): "
        "a stage never goes back; a later report that repeats it is `reaffirmed`"
    )


def test_reaffirmed_repeats_without_going_back(tmp_path):
    assert found(tmp_path, bridge("agreed", AGREED_FIRST, PROPOSED_SECOND.replace("KIND", "reaffirmed"))) == []


def test_the_order_is_the_meetings_dates_not_the_files(tmp_path):
    text = bridge("agreed", PROPOSED_SECOND.replace("KIND", "proposed"), AGREED_FIRST)
    assert found(tmp_path, text) == [("kind-regression", 6, 75)]
    # A proposal first and the agreement later is how commitments grow.
    text = bridge("agreed", AGREED_THIRD, PROPOSED_SECOND.replace("KIND", "proposed"))
    assert found(tmp_path, text) == []


def test_mentions_at_one_meeting_do_not_regress_against_each_other(tmp_path):
    assert found(tmp_path, bridge("agreed", PROPOSED_FIRST, AGREED_FIRST)) == []


def test_meetings_on_the_same_date_do_not_regress_against_each_other(tmp_path):
    text = bridge("agreed", AGREED_SAME_DAY, PROPOSED_SECOND.replace("KIND", "proposed"))
    assert found(tmp_path, text) == []


def test_an_agreement_after_progress_goes_back_and_names_the_stage(tmp_path):
    text = bridge("in-progress", AGREED_FIRST, PROGRESS_SECOND, AGREED_THIRD)
    (problem,) = problems(tmp_path, text)
    assert (problem.code.name, problem.line) == ("kind-regression", 8)
    assert "`agreed` at third goes back below `progress`, reached at second (2025-01-10)" in problem.message


def test_the_stage_is_reported_where_it_was_first_reached(tmp_path):
    text = bridge("agreed", AGREED_FIRST, AGREED_SAME_DAY, AGREED_THIRD, PROPOSED_SECOND.replace("KIND", "proposed"))
    (problem,) = problems(tmp_path, text)
    assert "reached at first (2024-01-10)" in problem.message


# uncovered-paragraph -------------------------------------------------------------------------------


def test_uncovered_paragraphs_are_warned_at_their_source(tmp_path):
    root = write_root(tmp_path, COVERAGE_COMMITMENTS, COVERAGE_MEETINGS, COVERAGE_SOURCES)
    result = checks.check(root)
    found = [(p.file, p.code.name, p.line, p.column) for p in result.problems]
    # the id of the source (`      - id: src-a`, line 8 of data/meetings.yaml), whose `reviewed` would waive it
    assert found == [("data/meetings.yaml", "uncovered-paragraph", 8, 13)] * 2
    assert [p.message for p in result.problems] == [
        "src-a paragraph 3 has the language of a commitment (will) but no mention cites it "
        "and no `reviewed` entry waives it (see `tracker coverage`)",
        "src-a paragraph 8 has the language of a commitment (will) but no mention cites it "
        "and no `reviewed` entry waives it (see `tracker coverage`)",
    ]
    assert result.passed() and not result.passed(strict=True)


def test_a_reviewed_entry_waives_a_paragraph(tmp_path):
    reviewed = "          - {paragraph: 4, reason: a call for peace in general; no undertaking between the two}\n"
    waived = (
        reviewed + reviewed.replace("paragraph: 4", "paragraph: 3") + reviewed.replace("paragraph: 4", "paragraph: 8")
    )
    root = write_root(tmp_path, COVERAGE_COMMITMENTS, COVERAGE_MEETINGS.replace(reviewed, waived), COVERAGE_SOURCES)
    assert checks.check(root).problems == []


def test_coverage_is_not_judged_while_the_record_has_errors(tmp_path):
    # A mention that points nowhere may be the very one that covers a paragraph.
    broken = COVERAGE_COMMITMENTS.replace("paragraph: 1, quote", "paragraph: 9, quote")
    root = write_root(tmp_path, broken, COVERAGE_MEETINGS, COVERAGE_SOURCES)
    assert [p.code.name for p in checks.check(root).problems] == ["bad-paragraph"]
