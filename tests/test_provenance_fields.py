"""Version 2 of the format: a meeting's inferred facts, a source's side and reviewed
paragraphs, a due date with the words it comes from (SPEC sections 4 and 5).

Each case shows the YAML it adds, at its place in the file, with the expected
problems under it: `# ^ code` marks the line above, at the caret's column.
"""

from __future__ import annotations

import datetime as dt

from conftest import MEETINGS, PLAIN, write_root
from marked import unmark

from tracker import checks

MEETING_TAIL = "    participants: [Tô Lâm, Xi Jinping]\n"
SOURCE_TAIL = "        outlet: VNA\n"


def check_meetings(tmp_path, extra_meeting: str = "", extra_source: str = ""):
    """Problems of the base root with lines added to its meeting and its source; the markers' problems.

    The base source here has no `reviewed` of its own, and paragraphs left
    unread (uncovered-paragraph) are not these tests' concern: coverage has its own.
    """
    meetings = MEETINGS[: MEETINGS.index("        reviewed:\n")].replace(MEETING_TAIL, MEETING_TAIL + extra_meeting)
    meetings = meetings.replace(SOURCE_TAIL, SOURCE_TAIL + extra_source)
    meetings, marks = unmark(meetings)
    result = checks.check(write_root(tmp_path, PLAIN, meetings))
    problems = [(p.code.name, p.line, p.column) for p in result.problems if p.code.name != "uncovered-paragraph"]
    return result, problems, marks


def check_due(tmp_path, due: str):
    """Problems of the base commitment with a `due` added after its status; the markers' problems."""
    text, marks = unmark(PLAIN.replace("    status: agreed\n", "    status: agreed\n" + due))
    result = checks.check(write_root(tmp_path, text))
    return result, [(p.code.name, p.line, p.column) for p in result.problems], marks


# meeting: inferred, notes ------------------------------------------------------------


def test_inferred_facts_with_notes_are_loaded(tmp_path):
    result, problems, _ = check_meetings(
        tmp_path,
        """\
    inferred: [date, place]
    notes: The report says "this afternoon"; dated by its publication.
""",
    )
    assert problems == []
    (meeting,) = result.record.meetings
    assert meeting.inferred == ("date", "place")
    assert meeting.is_inferred("date") and not meeting.is_inferred("participants")
    assert meeting.notes.startswith("The report says")


def test_inferred_without_notes_is_reason_required(tmp_path):
    result, problems, marks = check_meetings(
        tmp_path,
        """\
    inferred: [date]
#             ^ reason-required
""",
    )
    assert problems == marks
    assert result.problems[0].message == "meeting `2025-04-14-ha-noi` infers its date: add `notes` saying how"


def test_nothing_inferred_needs_no_notes(tmp_path):
    _, problems, _ = check_meetings(tmp_path, "    inferred: []\n")
    assert problems == []


def test_inferred_names_only_facts_of_a_meeting_each_once(tmp_path):
    result, problems, marks = check_meetings(
        tmp_path,
        """\
    inferred: [date, weather, date]
#                    ^ bad-value
#                             ^ bad-value
    notes: Worked out from the publication date.
""",
    )
    assert problems == marks
    assert "`weather` is not a fact of a meeting" in result.problems[0].message
    assert result.problems[1].message == "`inferred` names `date` twice"
    assert result.record.meetings[0].inferred == ("date",)


# source: side, notes, reviewed ---------------------------------------------------------


def test_a_side_notes_and_reviewed_paragraphs_are_loaded(tmp_path):
    result, problems, _ = check_meetings(
        tmp_path,
        extra_source="""\
        side: VN
        notes: The byline names no outlet.
        reviewed:
          - paragraph: 1
            reason: the setting of the talks; no undertaking
""",
    )
    assert problems == []
    (source,) = result.record.sources()
    assert (source.side, source.notes) == ("VN", "The byline names no outlet.")
    assert [(r.paragraph, r.reason) for r in source.reviewed] == [(1, "the setting of the talks; no undertaking")]


def test_a_side_that_is_not_a_party(tmp_path):
    result, problems, marks = check_meetings(
        tmp_path,
        extra_source="""\
        side: VNN
#             ^ unknown-party
""",
    )
    assert problems == marks
    (unknown,) = [p for p in result.problems if p.code.name == "unknown-party"]
    assert unknown.message == "source `src-a`: `side` names party `VNN`, which is not declared; did you mean `VN`?"


def test_a_reviewed_paragraph_out_of_range(tmp_path):
    result, problems, marks = check_meetings(
        tmp_path,
        extra_source="""\
        reviewed:
          - {paragraph: 4, reason: the last paragraph exists}
          - {paragraph: 5, reason: one past the last does not}
#                       ^ bad-paragraph
""",
    )
    assert problems == marks
    (bad,) = [p for p in result.problems if p.code.name == "bad-paragraph"]
    assert bad.message == "src-a has paragraphs 1 to 4, not 5"


def test_a_reviewed_paragraph_needs_its_reason(tmp_path):
    _, problems, marks = check_meetings(
        tmp_path,
        extra_source="""\
        reviewed:
          - paragraph: 1
#           ^ missing-field
""",
    )
    assert problems == marks


# due: a bare date, or the date with its words ----------------------------------------------------


def test_a_due_with_its_words_is_loaded(tmp_path):
    result, problems, _ = check_due(
        tmp_path,
        """\
    due:
      date: 2028-04-14
      source: src-a
      paragraph: 3
      quote: Over the next three years
      note: three years from the talks
""",
    )
    assert problems == []
    (commitment,) = result.record.commitments
    assert commitment.due == dt.date(2028, 4, 14)
    words = commitment.due_words
    assert (words.source, words.paragraph, words.quote, words.note) == (
        "src-a",
        3,
        "Over the next three years",
        "three years from the talks",
    )
    assert commitment.citations() == (*commitment.mentions, words)


def test_a_bare_due_has_no_words(tmp_path):
    result, problems, _ = check_due(tmp_path, "    due: 2028-04-14\n")
    assert problems == [("due-unsourced", 5, 10)]  # read, and warned about: a deadline needs its words
    (commitment,) = result.record.commitments
    assert commitment.due == dt.date(2028, 4, 14) and commitment.due_words is None


def test_the_words_of_a_due_cite_a_declared_source(tmp_path):
    result, problems, marks = check_due(
        tmp_path,
        """\
    due: {date: 2028-04-14, source: src-b, paragraph: 3, quote: Over the next three years}
#                                   ^ unknown-source
""",
    )
    assert problems == marks
    assert result.problems[0].message.startswith("`due` cites source `src-b`, which data/meetings.yaml does not")
    assert result.problems[0].commitment == "railway-committee"


def test_the_words_of_a_due_cite_a_paragraph_that_exists(tmp_path):
    result, problems, marks = check_due(
        tmp_path,
        """\
    due: {date: 2028-04-14, source: src-a, paragraph: 7, quote: Over the next three years}
#                                                     ^ bad-paragraph
""",
    )
    assert problems == marks
    assert result.problems[0].message == "src-a has paragraphs 1 to 4, not 7"


def test_the_words_of_a_due_are_at_least_three(tmp_path):
    _, problems, marks = check_due(
        tmp_path,
        """\
    due: {date: 2028-04-14, source: src-a, paragraph: 3, quote: three years}
#                                                               ^ short-quote
""",
    )
    assert problems == marks


def test_the_words_of_a_due_are_in_their_paragraph(tmp_path):
    result, problems, marks = check_due(
        tmp_path,
        """\
    due: {date: 2028-04-14, source: src-a, paragraph: 2, quote: Over the next three years}
#                                                               ^ quote-not-found
""",
    )
    assert problems == marks
    assert result.problems[0].message == "quote not in src-a paragraph 2 (it is in paragraph 3)"


def test_the_words_of_a_due_quote_verbatim(tmp_path):
    result, problems, marks = check_due(
        tmp_path,
        """\
    due:
      date: 2028-04-14
      source: src-a
      paragraph: 3
      quote: Within the next three years
#            ^ quote-not-found
""",
    )
    assert problems == marks
    assert "closest there: »" in result.problems[0].message


def test_a_due_mapping_needs_its_date_and_words(tmp_path):
    _, problems, marks = check_due(
        tmp_path,
        """\
    due:
      date: 2028-04-14
#     ^ missing-field
#     ^ missing-field
#     ^ missing-field
""",
    )
    assert problems == marks


def test_a_due_is_neither_a_list_nor_a_bad_date(tmp_path):
    _, problems, marks = check_due(
        tmp_path,
        """\
    due: [2028-04-14]
#        ^ bad-value
""",
    )
    assert problems == marks
    _, problems, marks = check_due(
        tmp_path,
        """\
    due: {date: 2028-02-30, source: src-a, paragraph: 3, quote: Over the next three years}
#               ^ bad-value
""",
    )
    assert problems == marks


def test_a_due_may_cite_the_paragraph_a_mention_cites(tmp_path):
    _, problems, _ = check_due(
        tmp_path,
        "    due: {date: 2028-04-14, source: src-a, paragraph: 2, quote: They agreed to establish}\n",
    )
    assert problems == []
