"""Record text is never a control sequence (SPEC section 7): one problem is one
line in every format, no record can forge a GitHub workflow command, and no
report sends a terminal an escape sequence."""

from __future__ import annotations

import json
import re

import pytest
from conftest import COMMITMENT, MEETINGS, PLAIN, REPORTS, SOURCE_A, write_root
from rich.console import Console
from typer.testing import CliRunner

from tracker import checks
from tracker.cli import app
from tracker.render import terminal
from tracker.text import escape, escape_json

runner = CliRunner()
# C0 but the line feed, DEL, C1, and the bidi and other format characters.
CONTROL = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u2028\u2029]"
)
RICH_STYLE = re.compile(r"\x1b\[[0-9;]*m")


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_escape_makes_controls_visible_and_leaves_text_alone():
    assert escape("a\nb\r\tc") == "a\\nb\\r\\tc"
    assert escape("\x1b]0;title\x07") == "\\x1b]0;title\\x07"
    assert escape("\x7f\x85\x9b") == "\\x7f\\x85\\x9b"
    assert escape("\u202eevil\u2066x\u2069\u200e\u200f") == "\\u202eevil\\u2066x\\u2069\\u200e\\u200f"
    assert escape("\u2028\U000e0041\udcff") == "\\u2028\\U000e0041\\udcff"
    # The near miss: letters, marks, typography and non-breaking spaces are text.
    text = "Việt Nam – “Hà Nội” … Lào\u00a0Cai, 中国, Ελλάδα, a\\nb"
    assert escape(text) == text
    assert escape(escape("\x1b\n")) == escape("\x1b\n")


def test_escape_json_keeps_the_value_and_hides_the_control():
    value = {"title": "a\x1b[2J\x9b\u202eb\U000e0041"}
    dumped = escape_json(json.dumps(value, ensure_ascii=False))
    assert not CONTROL.search(dumped) and json.loads(dumped) == value
    assert escape_json('{"a": "Việt Nam"}') == '{"a": "Việt Nam"}'


# check: one line per problem, whatever the record holds -------------------------------

FORGED = '"railway\\n::add-mask::secret\\n::stop-commands::token\\x1b[31m"'


def forged_root(tmp_path):
    """An id that tries to print its own lines, and a file name with a line break."""
    text = PLAIN.replace("id: railway-committee", f"id: {FORGED}")
    root = write_root(tmp_path, {"main.yaml": text, "x\n::error::forged.yaml": PLAIN.replace("agreed\n", "agred\n", 1)})
    return root


def test_a_forged_workflow_command_stays_inside_its_annotation(tmp_path):
    root = forged_root(tmp_path)
    problems = checks.check(root).problems
    lines = run("check", "--root", str(root), "--format", "github").stdout.splitlines()
    assert len(lines) == 2 * len(problems)
    annotations, plain = lines[: len(problems)], lines[len(problems) :]
    assert all(line.startswith(("::error ", "::warning ")) for line in annotations)
    assert not any(line.startswith("::") for line in plain)
    assert not any(CONTROL.search(line) for line in lines)
    assert "railway\\n::add-mask::secret\\n::stop-commands::token\\x1b[31m" in lines[0]
    assert "file=data/commitments/x\\n%3A%3Aerror%3A%3Aforged.yaml" in "".join(annotations)


def test_text_and_json_are_one_line_per_problem(tmp_path):
    root = forged_root(tmp_path)
    problems = checks.check(root).problems
    text = run("check", "--root", str(root)).stdout
    assert len(text.splitlines()) == len(problems) and not CONTROL.search(text)
    listed = json.loads(run("check", "--root", str(root), "--format", "json").stdout)
    assert all("\n" not in item["message"] and not CONTROL.search(item["message"]) for item in listed)
    assert listed[0]["commitment"] == "railway\\n::add-mask::secret\\n::stop-commands::token\\x1b[31m"


def test_the_near_miss_a_clean_record_prints_nothing(root):
    assert run("check", "--root", str(root), "--format", "github").stdout == ""


def test_source_text_in_a_closest_passage_is_escaped(tmp_path):
    source = SOURCE_A.replace("They agreed to", "They \x1b]8;;http://x\x1b\\agreed\x1b]8;;\x1b\\ to")
    text = PLAIN.replace("establish a bilateral intergovernmental", "establish a bilateral governmental")
    root = write_root(tmp_path, text, sources={"seeds/a.txt": source})
    (problem,) = [p for p in checks.check(root).problems if p.code.name == "quote-not-found"]
    assert "\x1b" not in problem.message and "closest there" in problem.message


# reports: no control sequence reaches the terminal ------------------------------------

EVIL = "\x1b]0;owned\x07\x1b[2J\u202eevil\x9b31m"


def evil_root(tmp_path):
    """A valid record whose free text (title, theme, place, notes, source text) holds escape sequences."""

    def quoted(value: str) -> str:
        return json.dumps(value)  # a JSON string is a YAML double-quoted scalar

    commitment = (
        COMMITMENT.replace("title: Set up a railway cooperation committee", f"title: {quoted('Set up ' + EVIL)}")
        .replace("    by: [VN, CN]\n", f"    by: [VN, CN]\n    theme: {quoted(EVIL)}\n    notes: {quoted(EVIL)}\n")
        .replace("        kind: agreed\n", f"        kind: agreed\n        note: {quoted(EVIL)}\n")
    )
    meetings = MEETINGS.replace("place: Hà Nội", f"place: {quoted('Hà Nội ' + EVIL)}").replace(
        "outlet: VNA", f"outlet: {quoted('VNA' + EVIL)}"
    )
    source = SOURCE_A.replace("They agreed", f"They {EVIL} agreed") + f"\nthe railway cooperation committee {EVIL}\n"
    root = write_root(tmp_path, commitment, meetings, {"seeds/a.txt": source})
    assert not [p for p in checks.check(root).problems if p.severity == "error"]
    return root


@pytest.mark.parametrize("command", REPORTS, ids=lambda c: c[0])
def test_reports_piped_print_no_control_sequence(tmp_path, command):
    root = evil_root(tmp_path)
    for args in (command, [*command, "--json"]):
        result = run(*args, "--root", str(root))
        assert result.exit_code == 0, result.output
        assert not CONTROL.search(result.stdout), (args, result.stdout)


@pytest.mark.parametrize("command", REPORTS, ids=lambda c: c[0])
def test_reports_on_a_terminal_print_only_their_own_styling(tmp_path, monkeypatch, command):
    root = evil_root(tmp_path)
    screens = []

    def styled_console(stream=None, width=None):
        screens.append(Console(force_terminal=True, color_system="truecolor", width=200, highlight=False))
        screens[-1].begin_capture()
        return screens[-1]

    monkeypatch.setattr(terminal, "console", styled_console)
    monkeypatch.setattr(terminal, "emit", lambda out, renderable: out.print(renderable))
    assert run(*command, "--root", str(root)).exit_code == 0
    shown = "".join(screen.end_capture() for screen in screens)
    assert "\x1b[" in shown  # styled, as on a terminal
    assert not CONTROL.search(RICH_STYLE.sub("", shown)), shown


def test_cli_messages_escape_what_the_user_typed(tmp_path):
    root = write_root(tmp_path)
    result = run("show", "railway\x1b[2Jcommittee", "--root", str(root))
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "railway\\x1b[2Jcommittee" in result.stderr
