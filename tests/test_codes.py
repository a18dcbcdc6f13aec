"""One case per problem code, as hledger keeps one fixture and one golden output per error.

Each `tests/codes/CODE.yaml` is a root written as the spec reads (see
`marked.py`): its files, with every problem marked under its line and column.
The check must find exactly the marked problems, and its text output for the
case is the golden file `tests/codes/CODE.txt`, the message a user reads.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import assert_golden
from marked import write_case
from typer.testing import CliRunner

from tracker import checks
from tracker.cli import app
from tracker.problems import CODES, ERROR, WARNING

CASES = Path(__file__).parent / "codes"


def test_every_code_has_a_case():
    assert {path.stem for path in CASES.glob("*.yaml")} == set(CODES)


@pytest.mark.parametrize("code", sorted(CODES))
def test_the_case_finds_exactly_what_it_marks(tmp_path, code):
    root, expected = write_case(tmp_path, (CASES / f"{code}.yaml").read_text(encoding="utf-8"))
    found = {(p.file, p.code.name, p.line, p.column) for p in checks.check(root).problems}
    assert found == expected
    assert code in {marked_code for _, marked_code, _, _ in expected}


@pytest.mark.parametrize("code", sorted(CODES))
def test_the_message_a_user_reads(tmp_path, code):
    root, _ = write_case(tmp_path, (CASES / f"{code}.yaml").read_text(encoding="utf-8"))
    result = CliRunner().invoke(app, ["check", "--root", str(root)])
    assert_golden(f"../codes/{code}.txt", result.stdout)


@pytest.mark.parametrize("code", sorted(CODES))
def test_reports_skip_only_checks_that_cannot_find_an_error(tmp_path, code):
    """A report needs to know only that the record has no error (`load_valid`): the
    checks it skips must never be the ones that would have found one."""
    root, _ = write_case(tmp_path, (CASES / f"{code}.yaml").read_text(encoding="utf-8"))
    full = checks.check(root).problems
    errors_only = checks.check_once(root, errors_only=True).problems
    assert [p for p in errors_only if p.severity == ERROR] == [p for p in full if p.severity == ERROR]
    skipped = {p.code.name for p in full} - {p.code.name for p in errors_only}
    assert all(CODES[name].severity == WARNING for name in skipped)
