"""Every problem code of `tracker check`: a case that triggers it, at its line and
column, and a nearby case that must not (SPEC section 7)."""

from __future__ import annotations

import os
import unicodedata

import pytest
from conftest import COMMITMENT, MEETINGS, PLAIN, SOURCE_A, found, write_root

from tracker import checks


def test_the_base_record_is_clean(root):
    assert found(root) == []


# yaml-syntax, duplicate-key, missing-field, unknown-field ------------------------


def test_yaml_syntax_points_at_the_parser_mark(tmp_path):
    root = write_root(tmp_path, "commitments:\n  - id: x\n    title: [unclosed\n")
    assert found(root) == [("yaml-syntax", 4, 1)]


def test_duplicate_key_points_at_the_second_key(tmp_path):
    text = COMMITMENT.replace("    status: agreed\n", "    status: agreed\n    title: Again\n")
    assert found(write_root(tmp_path, text)) == [("duplicate-key", 5, 5)]


def test_missing_field_points_at_the_mapping(tmp_path):
    text = COMMITMENT.replace("    title: Set up a railway cooperation committee\n", "")
    assert found(write_root(tmp_path, text)) == [("missing-field", 2, 5)]


def test_unknown_field_points_at_the_key_and_suggests(tmp_path):
    text = COMMITMENT.replace("    mentions:", "    mentionss:")
    problems = checks.check(write_root(tmp_path, text)).problems
    assert [(p.code.name, p.line, p.column) for p in problems] == [
        ("no-mentions", 2, 5),
        ("uncited-alias", 6, 15),
        ("unknown-field", 7, 5),
    ]
    assert "did you mean `mentions`" in problems[2].message


def test_an_empty_commitments_file_is_reported_not_a_crash(tmp_path):
    assert found(write_root(tmp_path, "")) == [("missing-field", 1, 1)]


def test_a_commitments_file_that_is_a_list_is_reported(tmp_path):
    assert found(write_root(tmp_path, "- id: x\n")) == [("bad-value", 1, 1)]


# bad-value ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, replacement, expected",
    [
        ("    status: agreed\n", "    status: agred\n", [("bad-value", 4, 13)]),
        ("    status: agreed\n", "    status: no\n", [("bad-value", 4, 13)]),
        ("    title: Set up a railway cooperation committee\n", "    title: 2025-04-15\n", [("bad-value", 3, 12)]),
        ("    title: Set up a railway cooperation committee\n", "    title: on\n", [("bad-value", 3, 12)]),
        ("    title: Set up a railway cooperation committee\n", "    title: 12\n", [("bad-value", 3, 12)]),
        ("  - id: railway-committee\n", "  - id: Railway_Committee\n", [("bad-value", 2, 9)]),
        ("    by: [VN, CN]\n", "    by: VN\n", [("bad-value", 5, 9)]),
        ("        paragraph: 2\n", '        paragraph: "2"\n', [("bad-value", 9, 20)]),
        ("        paragraph: 2\n", "        paragraph: 0x2\n", [("bad-value", 9, 20)]),
        ("        kind: agreed\n", "        kind: agreeing\n", [("bad-value", 11, 15)]),
        ("    status: agreed\n", "    status: agreed\n    due: 2025-02-30\n", [("bad-value", 5, 10)]),
        ("    status: agreed\n", "    status: agreed\n    due: 30/12/2025\n", [("bad-value", 5, 10)]),
        ("    status: agreed\n", "    status: agreed\n    notes:\n", [("bad-value", 5, 11)]),
    ],
)
def test_bad_values_are_reported_at_the_value(tmp_path, line, replacement, expected):
    assert line in PLAIN
    assert found(write_root(tmp_path, PLAIN.replace(line, replacement))) == expected


def test_yaml_surprises_say_how_yaml_read_them(tmp_path):
    text = COMMITMENT.replace("    status: agreed\n", "    status: no\n")
    (problem,) = checks.check(write_root(tmp_path, text)).problems
    assert "read by YAML as a boolean" in problem.message


@pytest.mark.parametrize("due", ["2025-12-31", "'2025-12-31'"])
def test_a_due_date_plain_or_quoted_is_a_date(tmp_path, due):
    text = COMMITMENT.replace("    status: agreed\n", f"    status: agreed\n    due: {due}\n")
    root = write_root(tmp_path, text)
    assert found(root) == [("due-unsourced", 5, 10)]  # a bare date is read, and warned about
    assert str(checks.check(root).record.commitments[0].due) == "2025-12-31"


def test_a_quoted_yaml_keyword_is_text(tmp_path):
    text = COMMITMENT.replace("    status: agreed\n", "    status: agreed\n    theme: 'no'\n")
    assert found(write_root(tmp_path, text)) == []


def test_a_meeting_with_no_participants_is_bad(tmp_path):
    meetings = MEETINGS.replace("[Tô Lâm, Xi Jinping]", "[]")
    assert found(write_root(tmp_path, meetings=meetings)) == [("bad-value", 8, 19)]


def test_aliases_that_repeat_a_collection_are_refused_without_blowing_up(tmp_path):
    # A "billion laughs": nine levels of nine aliases each, used where a list is walked.
    laughs = "defs:\n  a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"  {chr(98 + n)}: &{chr(98 + n)} [{', '.join(['*' + chr(97 + n)] * 9)}]\n" for n in range(8)
    )
    text = laughs + PLAIN.replace("aliases: []", "aliases: *i")
    problems = found(write_root(tmp_path, text))
    assert problems[0] == ("unknown-field", 1, 1)
    assert {code for code, _, _ in problems[1:]} == {"bad-value"}
    assert len(problems) == 10  # each of the nine items of *i is a list, not text


def test_an_alias_repeating_a_walked_list_is_refused(tmp_path):
    text = PLAIN.replace("by: [VN, CN]", "by: &parties [VN, CN]").replace("aliases: []", "aliases: *parties")
    assert found(write_root(tmp_path, text)) == [("bad-value", 5, 9)]


def test_deep_nesting_is_a_syntax_error_not_a_crash(tmp_path):
    root = write_root(tmp_path, {"main.yaml": COMMITMENT, "deep.yaml": "[" * 60_000})
    assert found(root)[0] == ("yaml-syntax", 1, 1001)


def test_a_scalar_alias_is_harmless(tmp_path):
    text = COMMITMENT.replace("    status: agreed\n", "    status: &s agreed\n    theme: *s\n")
    assert found(write_root(tmp_path, text)) == []


# duplicate-id ------------------------------------------------------------------


def test_duplicate_commitment_ids_across_files(tmp_path):
    root = write_root(tmp_path, {"a.yaml": COMMITMENT, "b.yaml": COMMITMENT})
    problems = checks.check(root).problems
    assert [(p.file, p.code.name, p.line, p.column) for p in problems] == [
        ("data/commitments/b.yaml", "duplicate-id", 2, 9)
    ]
    assert "data/commitments/a.yaml:2:9" in problems[0].message


def test_duplicate_meeting_and_source_ids(tmp_path):
    meeting = MEETINGS[MEETINGS.index("  - id: 2025") :]
    root = write_root(tmp_path, meetings=MEETINGS + meeting)
    assert found(root) == [("duplicate-id", 19, 9), ("duplicate-id", 24, 13)]  # the second meeting starts at line 19


# no-mentions, unknown-source, unknown-party, unknown-related -----------------------


def test_no_mentions_when_the_list_is_empty(tmp_path):
    text = PLAIN[: PLAIN.index("    mentions:")] + "    mentions: []\n"
    assert found(write_root(tmp_path, text)) == [("no-mentions", 7, 15)]


def test_unknown_source_suggests_the_nearest(tmp_path):
    text = PLAIN.replace("source: src-a", "source: src-b")
    problems = checks.check(write_root(tmp_path, text)).problems
    assert [(p.code.name, p.line, p.column) for p in problems] == [("unknown-source", 8, 17)]
    assert "did you mean `src-a`" in problems[0].message


def test_unknown_party_points_at_the_item(tmp_path):
    text = COMMITMENT.replace("by: [VN, CN]", "by: [VN, US]")
    assert found(write_root(tmp_path, text)) == [("unknown-party", 5, 14)]


def test_unknown_related_and_a_known_one(tmp_path):
    other = COMMITMENT.replace("railway-committee", "other").replace("commitments:\n", "")
    text = COMMITMENT.replace("    by: [VN, CN]\n", "    by: [VN, CN]\n    related: [other, missing]\n") + other
    assert found(write_root(tmp_path, text))[:1] == [("unknown-related", 6, 22)]


# bad-paragraph, quote-not-found, short-quote, duplicate-mention ---------------------


def test_bad_paragraph_names_the_range(tmp_path):
    text = PLAIN.replace("paragraph: 2", "paragraph: 9")
    problems = checks.check(write_root(tmp_path, text)).problems
    assert [(p.code.name, p.line, p.column) for p in problems] == [("bad-paragraph", 9, 20)]
    assert "paragraphs 1 to 4, not 9" in problems[0].message


def test_quote_in_another_paragraph_says_where(tmp_path):
    text = PLAIN.replace("paragraph: 2", "paragraph: 3")
    problems = checks.check(write_root(tmp_path, text)).problems
    assert [(p.code.name, p.line, p.column) for p in problems] == [("quote-not-found", 10, 16)]
    assert problems[0].message == "quote not in src-a paragraph 3 (it is in paragraph 2)"


def test_quote_nowhere_shows_the_closest_passage(tmp_path):
    text = COMMITMENT.replace("a bilateral intergovernmental", "a bilateral")
    (problem,) = checks.check(write_root(tmp_path, text)).problems
    assert problem.code.name == "quote-not-found"
    assert "»establish a bilateral intergovernmental railway cooperation committee" in problem.message


def test_short_quote(tmp_path):
    text = COMMITMENT.replace(
        "quote: establish a bilateral intergovernmental railway cooperation committee", "quote: cooperation committee"
    )
    assert found(write_root(tmp_path, text)) == [("short-quote", 10, 16)]


def test_three_words_are_enough(tmp_path):
    text = COMMITMENT.replace(
        "quote: establish a bilateral intergovernmental railway cooperation committee",
        "quote: railway cooperation committee",
    )
    assert found(write_root(tmp_path, text)) == []


def test_duplicate_mention_is_a_warning(tmp_path):
    mention = COMMITMENT[COMMITMENT.index("      - source") :]
    root = write_root(tmp_path, COMMITMENT + mention)
    result = checks.check(root)
    assert found(root) == [("duplicate-mention", 12, 9)]
    assert result.passed() and not result.passed(strict=True)


# The legitimate variants pass ------------------------------------------------------


def test_quote_written_in_nfd_matches(tmp_path):
    quote = unicodedata.normalize("NFD", "The Lào Cai – Hà Nội – Hải Phòng railway")
    text = (
        COMMITMENT.replace("paragraph: 2", "paragraph: 4")
        .replace("establish a bilateral intergovernmental railway cooperation committee", quote)
        .replace("aliases: [railway cooperation committee]", "aliases: []")
    )
    assert found(write_root(tmp_path, text)) == []


def test_straight_quotes_and_hyphens_match_curly_ones_and_dashes(tmp_path):
    text = (
        COMMITMENT.replace("paragraph: 2", "paragraph: 4")
        .replace(
            "quote: establish a bilateral intergovernmental railway cooperation committee",
            "quote: 'Hà Nội - Hải Phòng railway was called a \"priority\" by'",
        )
        .replace("aliases: [railway cooperation committee]", "aliases: []")
    )
    assert found(write_root(tmp_path, text)) == []


def test_elided_quote_matches(tmp_path):
    text = COMMITMENT.replace(
        "establish a bilateral intergovernmental railway cooperation committee",
        "They agreed to establish ... railway cooperation committee",
    )
    assert found(write_root(tmp_path, text)) == []


def test_source_with_bom_and_crlf(tmp_path):
    source = ("\ufeff" + SOURCE_A.replace("\n", "\r\n")).encode()
    assert found(write_root(tmp_path, sources={"seeds/a.txt": source})) == []


# Sources -----------------------------------------------------------------------------


def test_source_missing(tmp_path):
    root = write_root(tmp_path, sources={})
    assert found(root) == [("source-missing", 11, 15)]


@pytest.mark.parametrize("path", ["../a.txt", "/etc/hostname", "seeds/../../a.txt", "seeds\\a.txt"])
def test_source_outside(tmp_path, path):
    root = write_root(tmp_path, meetings=MEETINGS.replace("file: seeds/a.txt", f"file: '{path}'"))
    assert found(root) == [("source-outside", 11, 15)]


def test_source_symlink_leading_out_of_the_root(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text(SOURCE_A, encoding="utf-8")
    root = write_root(tmp_path / "root")
    (root / "seeds" / "a.txt").unlink()
    os.symlink(outside, root / "seeds" / "a.txt")
    assert ("source-outside", 11, 15) in found(root)


def test_source_symlink_inside_the_root_is_fine(tmp_path):
    root = write_root(tmp_path)
    (root / "seeds" / "b.txt").write_text(SOURCE_A, encoding="utf-8")
    (root / "seeds" / "a.txt").unlink()
    os.symlink(root / "seeds" / "b.txt", root / "seeds" / "a.txt")
    assert found(root) == []


# Two sources in one folder: src-b is read first, then src-a from the same folder.
TWO_SOURCES = MEETINGS.replace(
    "    sources:\n",
    "    sources:\n      - id: src-b\n        file: seeds/b.txt\n        sha256: {sha:seeds/b.txt}\n        outlet: VNA\n",
)


def test_a_symlink_leading_out_is_refused_in_a_folder_already_read_from(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text(SOURCE_A, encoding="utf-8")
    root = write_root(tmp_path / "root", meetings=TWO_SOURCES, sources={"seeds/b.txt": SOURCE_A})
    os.symlink(outside, root / "seeds" / "a.txt")
    codes = found(root)
    assert ("source-outside", 15, 15) in codes
    assert not [code for code in codes if code[1] == 11]  # src-b, a file in the same folder, is read


@pytest.mark.parametrize("inside", [False, True])
def test_a_folder_of_sources_that_is_a_symlink_is_read_only_when_it_stays_inside(tmp_path, inside):
    folder = tmp_path / "root" / "archive" if inside else tmp_path / "elsewhere"
    folder.mkdir(parents=True)
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text(SOURCE_A, encoding="utf-8")
    root = write_root(tmp_path / "root", meetings=TWO_SOURCES, sources={})
    os.symlink(folder, root / "seeds")
    refused = [code for code in found(root) if code[0] in ("source-outside", "source-missing")]
    assert refused == ([] if inside else [("source-outside", 11, 15), ("source-outside", 15, 15)])


def test_source_encoding_names_the_byte_offset(tmp_path):
    root = write_root(tmp_path, sources={"seeds/a.txt": SOURCE_A.encode() + b"\xff\n"})
    (problem,) = checks.check(root).problems
    assert (problem.code.name, problem.line, problem.column) == ("source-encoding", 11, 15)
    assert f"offset {len(SOURCE_A.encode())}" in problem.message


def test_source_changed(tmp_path):
    root = write_root(tmp_path)
    (root / "seeds" / "a.txt").write_text(SOURCE_A + "An added line.\n", encoding="utf-8")
    assert found(root) == [("source-changed", 12, 17)]


# status-evidence, reason-required ------------------------------------------------------


def test_status_must_equal_the_evidence_stage(tmp_path):
    text = COMMITMENT.replace("status: agreed", "status: in-progress")
    problems = checks.check(write_root(tmp_path, text)).problems
    assert [(p.code.name, p.line, p.column) for p in problems] == [("status-evidence", 4, 13)]
    assert "the evidence says `agreed`" in problems[0].message


def test_only_reaffirmed_mentions_show_no_stage(tmp_path):
    text = COMMITMENT.replace("kind: agreed", "kind: reaffirmed")
    assert found(write_root(tmp_path, text)) == [("status-evidence", 4, 13)]


def test_the_highest_stage_wins(tmp_path):
    mention = COMMITMENT[COMMITMENT.index("      - source") :].replace("kind: agreed", "kind: progress")
    mention = mention.replace("paragraph: 2", "paragraph: 4").replace(
        "establish a bilateral intergovernmental railway cooperation committee", "railway was called"
    )
    text = COMMITMENT.replace("status: agreed", "status: in-progress") + mention
    assert found(write_root(tmp_path, text)) == []


def test_stalled_needs_a_reason(tmp_path):
    text = COMMITMENT.replace("status: agreed", "status: stalled")
    assert found(write_root(tmp_path, text)) == [("reason-required", 4, 13)]


def test_stalled_with_a_reason_passes(tmp_path):
    text = COMMITMENT.replace("status: agreed", "status: stalled\n    reason: No step reported since the agreement")
    assert found(write_root(tmp_path, text)) == []


# uncited-alias -------------------------------------------------------------------------


def test_uncited_alias_points_at_the_alias(tmp_path):
    text = COMMITMENT.replace(
        "aliases: [railway cooperation committee]", "aliases: [railway cooperation committee, Red Journey]"
    )
    problems = checks.check(write_root(tmp_path, text)).problems
    assert [(p.code.name, p.line, p.column) for p in problems] == [("uncited-alias", 6, 46)]
    assert "src-a paragraph 3 names `Red Journey`" in problems[0].message


def test_alias_matching_ignores_case_and_diacritics(tmp_path):
    text = COMMITMENT.replace("aliases: [railway cooperation committee]", "aliases: [LAO CAI - HA NOI]")
    assert found(write_root(tmp_path, text)) == [("uncited-alias", 6, 15)]


def test_alias_matching_is_by_whole_words(tmp_path):
    text = COMMITMENT.replace("aliases: [railway cooperation committee]", "aliases: [rail, Red Journ]")
    assert found(write_root(tmp_path, text)) == []


# All problems, one run, in order ------------------------------------------------------------


def test_all_problems_are_reported_in_file_and_line_order(tmp_path):
    text = PLAIN.replace("status: agreed", "status: agred").replace("source: src-a", "source: nope")
    other = PLAIN.replace("title: Set up", "titel: Set up")
    root = write_root(tmp_path, {"b.yaml": text, "a.yaml": other})
    (root / "seeds" / "a.txt").write_text(SOURCE_A + "changed\n", encoding="utf-8")
    assert [(p.file, p.line, p.code.name) for p in checks.check(root).problems] == [
        ("data/commitments/a.yaml", 2, "missing-field"),
        ("data/commitments/a.yaml", 3, "unknown-field"),
        ("data/commitments/b.yaml", 2, "duplicate-id"),
        ("data/commitments/b.yaml", 4, "bad-value"),
        ("data/commitments/b.yaml", 8, "unknown-source"),
        ("data/meetings.yaml", 12, "source-changed"),
    ]


@pytest.mark.parametrize(
    "content, expected, message",
    [
        (b"commitments:\n  - id: \xff\n", ("yaml-syntax", 2, 9), "not valid UTF-8: byte 0xff at offset 21"),
        ("commitments:\n  - id: é\x01\n".encode(), ("yaml-syntax", 2, 10), "character U+0001 is not allowed"),
    ],
)
def test_bad_bytes_in_yaml_name_line_and_column(tmp_path, content, expected, message):
    root = write_root(tmp_path, {})
    (root / "data" / "commitments" / "bad.yaml").write_bytes(content)
    (problem,) = checks.check(root).problems
    assert (problem.code.name, problem.line, problem.column) == expected
    assert message in problem.message
