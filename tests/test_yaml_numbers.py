"""YAML 1.1's numbers and anchored patterns (SPEC section 5): a value is what
the curator meant or a bad-value that says how YAML read it, never a traceback."""

from __future__ import annotations

import pytest
from conftest import MEETINGS, PLAIN, found, write_root

from tracker import checks

PARAGRAPH = "        paragraph: 2\n"


def paragraph_problem(tmp_path, value: str):
    root = write_root(tmp_path, PLAIN.replace(PARAGRAPH, f"        paragraph: {value}\n"))
    problems = checks.check(root).problems
    return [(p.code.name, p.line, p.column) for p in problems], [p.message for p in problems]


@pytest.mark.parametrize(
    "value, message",
    [
        ("010", "`010` is read by YAML 1.1 as the octal number 8; write 10"),
        ("0x1f", "`0x1f` is read by YAML 1.1 as the hexadecimal number 31; write 31"),
        ("0b10", "`0b10` is read by YAML 1.1 as the binary number 2; write 2"),
        ("1_000", "`1_000` is read by YAML 1.1 as the number 1000; write 1000"),
        ("+5", "`+5` is read by YAML 1.1 as the number 5; write 5"),
        ("1:20", "`1:20` is read by YAML 1.1 as the sexagesimal (base 60) number 80; write 80"),
    ],
)
def test_yaml_11_integers_are_bad_values_that_name_the_reading(tmp_path, value, message):
    assert paragraph_problem(tmp_path, value) == ([("bad-value", 9, 20)], [message])


def test_a_number_of_five_thousand_digits_is_a_bad_value(tmp_path):
    codes, (message,) = paragraph_problem(tmp_path, "9" * 5000)
    assert codes == [("bad-value", 9, 20)]
    assert message.startswith("`9999") and "too long for a paragraph number" in message and len(message) < 120


@pytest.mark.parametrize("value", ["0x" + "f" * 5000, "1" + "_0" * 3000, "1" + ":30" * 3000])
def test_long_numbers_in_other_spellings_are_bad_values(tmp_path, value):
    assert paragraph_problem(tmp_path, value)[0] == [("bad-value", 9, 20)]


def test_the_near_miss_a_plain_number_is_a_paragraph(tmp_path):
    assert paragraph_problem(tmp_path, "2") == ([], [])
    assert paragraph_problem(tmp_path, "10")[0] == [("bad-paragraph", 9, 20)]
    assert paragraph_problem(tmp_path, "-1")[0] == [("bad-paragraph", 9, 20)]


def test_a_yaml_11_number_where_text_is_expected_says_how_it_was_read(tmp_path):
    root = write_root(
        tmp_path, PLAIN.replace("    by: [VN, CN]\n", "    by: [VN, CN]\n    theme: 0o17\n    notes: 010\n")
    )
    (problem,) = checks.check(root).problems
    assert (problem.code.name, problem.line, problem.column) == ("bad-value", 7, 12)
    assert problem.message == (
        "expected text: `010` is read by YAML 1.1 as the octal number 8; quote it if you mean text"
    )


# Patterns match whole values: no trailing line break ----------------------------------


@pytest.mark.parametrize(
    "old, new, at",
    [
        ("  - id: railway-committee\n", '  - id: "railway-committee\\n"\n', (2, 9)),
        ("  - id: railway-committee\n", "  - id: |\n      railway-committee\n", (2, 9)),
        ("      - source: src-a\n", '      - source: "src-a\\n"\n', (8, 17)),
    ],
)
def test_an_id_with_a_trailing_line_break_is_not_an_id(tmp_path, old, new, at):
    text = PLAIN.replace(old, new)
    problems = [(p.code.name, p.line, p.column) for p in checks.check(write_root(tmp_path, text)).problems]
    assert ("bad-value", *at) in problems


def test_a_sha256_with_a_trailing_line_break_is_not_a_sha256(tmp_path):
    meetings = MEETINGS.replace("sha256: {sha:seeds/a.txt}", 'sha256: "{sha:seeds/a.txt}\\n"')
    assert found(write_root(tmp_path, PLAIN, meetings)) == [("bad-value", 12, 17)]


def test_a_date_of_other_digits_is_not_a_date(tmp_path):
    meetings = MEETINGS.replace("date: 2025-04-14", "date: '２０２５-04-14'")
    assert found(write_root(tmp_path, PLAIN, meetings)) == [("bad-value", 6, 11)]


def test_the_near_miss_plain_ids_hashes_and_dates_pass(tmp_path):
    assert found(write_root(tmp_path, PLAIN)) == []
