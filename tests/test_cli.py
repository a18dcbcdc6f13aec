"""`tracker check` end to end: exit codes, formats, root discovery."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import COMMITMENT, PLAIN, write_root
from typer.testing import CliRunner

from tracker.cli import app
from tracker.render import problems as formats

runner = CliRunner()
BROKEN = PLAIN.replace("status: agreed", "status: agred").replace("paragraph: 2", "paragraph: 3")
TEXT_LINE = re.compile(r"^[^:]+:\d+:\d+: (error|warning)\[[a-z-]+\] .+$")


def run(*args: str, env: dict | None = None):
    return runner.invoke(app, list(args), env=env, catch_exceptions=False)


def test_a_clean_record_exits_0_with_a_summary(root):
    result = run("check", "--root", str(root))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "ok: no problems in 3 files\n"


def test_errors_exit_1_one_line_each(tmp_path):
    root = write_root(tmp_path, BROKEN)
    result = run("check", "--root", str(root))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and all(TEXT_LINE.match(line) for line in lines)
    assert lines[0].startswith("data/commitments/main.yaml:4:13: error[bad-value] railway-committee: `agred`")
    assert "\x1b[" not in result.stdout  # not a terminal: no colour
    assert result.stderr == "2 errors, 0 warnings in 3 files\n"


def test_json_format_has_the_documented_keys(tmp_path):
    root = write_root(tmp_path, BROKEN)
    result = run("check", "--root", str(root), "--format", "json")
    problems = json.loads(result.stdout)
    assert result.exit_code == 1 and result.stderr == ""
    assert problems[1] == {
        "file": "data/commitments/main.yaml",
        "line": 10,
        "column": 16,
        "severity": "error",
        "code": "quote-not-found",
        "message": "quote not in src-a paragraph 3 (it is in paragraph 2)",
        "commitment": "railway-committee",
    }


def test_json_of_a_clean_record_is_an_empty_list(root):
    assert json.loads(run("check", "--root", str(root), "-f", "json").stdout) == []


def test_github_format_is_workflow_commands_then_the_plain_list(tmp_path):
    root = write_root(tmp_path, BROKEN)
    lines = run("check", "--root", str(root), "--format", "github").stdout.splitlines()
    assert lines[0] == (
        "::error file=data/commitments/main.yaml,line=4,col=13,title=bad-value::railway-committee: "
        "`agred` is not a status (did you mean `agreed`? one of: proposed, agreed, in-progress, fulfilled, stalled, dropped)"
    )
    assert lines[1].startswith("::error file=data/commitments/main.yaml,line=10,col=16,title=quote-not-found::")
    assert all(TEXT_LINE.match(line) for line in lines[2:]) and len(lines) == 4


def test_github_escaping_follows_the_actions_toolkit():
    from tracker.problems import BAD_VALUE, Problem

    # A problem escapes its line breaks when it is made; the toolkit's escapes come on top.
    found = Problem("a,b:c.yaml", 1, 2, BAD_VALUE, "100% sure\r\nnext: a,b")
    assert formats.github_line(found) == (
        "::error file=a%2Cb%3Ac.yaml,line=1,col=2,title=bad-value::100%25 sure\\r\\nnext: a,b"
    )
    assert formats._escape_data("100% sure\r\n") == "100%25 sure%0D%0A"


def test_text_lines_are_never_wrapped(tmp_path):
    root = write_root(tmp_path, BROKEN)
    result = runner.invoke(app, ["check", "--root", str(root)], terminal_width=40, catch_exceptions=False)
    assert all(TEXT_LINE.match(line) for line in result.stdout.splitlines())


def test_warnings_pass_unless_strict(tmp_path):
    mention = COMMITMENT[COMMITMENT.index("      - source") :]
    root = write_root(tmp_path, COMMITMENT + mention)
    assert run("check", "--root", str(root)).exit_code == 0
    assert run("check", "--root", str(root), "--strict").exit_code == 1


def test_no_root_exits_2_with_one_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("check", env={"TRACKER_ROOT": ""})
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "data/meetings.yaml" in result.stderr


def test_a_root_without_data_exits_2(tmp_path):
    result = run("check", "--root", str(tmp_path))
    assert result.exit_code == 2 and "has no data/meetings.yaml" in result.stderr


def test_a_bad_option_exits_2(root):
    assert runner.invoke(app, ["check", "--root", str(root), "--format", "xml"]).exit_code == 2


def test_the_root_is_found_from_the_environment(root, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path.parent)
    assert run("check", env={"TRACKER_ROOT": str(root)}).exit_code == 0


def test_the_root_is_found_walking_up(root, monkeypatch):
    monkeypatch.chdir(root / "data" / "commitments")
    assert run("check", env={"TRACKER_ROOT": ""}).exit_code == 0


class Stream(io.StringIO):
    def __init__(self, tty: bool):
        super().__init__()
        self.tty = tty

    def isatty(self):
        return self.tty


STYLING_CASES = [
    # (isatty, environment, bold, colour)
    (True, {}, True, True),
    (False, {}, False, False),
    (True, {"NO_COLOR": "1"}, True, False),
    (True, {"NO_COLOR": ""}, True, True),  # set but empty: as if unset
    (False, {"FORCE_COLOR": "1"}, True, True),
    (True, {"FORCE_COLOR": ""}, False, False),
    (False, {"FORCE_COLOR": "1", "NO_COLOR": "1"}, True, False),
    (True, {"TERM": "dumb"}, False, False),
    (False, {"FORCE_COLOR": "1", "TERM": "dumb"}, False, False),
    (True, {"TTY_COMPATIBLE": "0", "FORCE_COLOR": "1"}, False, False),
    (False, {"TTY_COMPATIBLE": "1"}, True, True),
]


@pytest.mark.parametrize(("tty", "environ", "bold", "colour"), STYLING_CASES)
def test_check_and_the_reports_style_output_by_one_decision(monkeypatch, tty, environ, bold, colour):
    """`check`'s plain ANSI and the reports' rich console agree on every convention users set."""
    from rich.style import Style

    from tracker.render import colour as styling
    from tracker.render import terminal

    for name in ("NO_COLOR", "FORCE_COLOR", "TERM", "TTY_COMPATIBLE", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    assert styling.styling(Stream(tty)) == (bold, colour)

    out = Stream(tty)
    console = terminal.console(out)
    console.print("words", style=Style(bold=True, color="red"))
    written = out.getvalue()
    assert ("\x1b[1" in written) is bold
    assert ("31m" in written or ";31" in written) is colour

    from tracker.problems import BAD_VALUE, Problem

    line = formats.text_line(Problem("data/meetings.yaml", 3, 7, BAD_VALUE, "words"), styling.styling(Stream(tty)))
    assert line.replace("\x1b[1m", "").replace("\x1b[31m", "").replace("\x1b[0m", "") == (
        "data/meetings.yaml:3:7: error[bad-value] words"
    )
    assert ("\x1b[1m" in line, "\x1b[31m" in line) == (bold, colour)


def console_script() -> list[str]:
    script = Path(sys.executable).with_name("tracker")
    if script.exists():
        return [str(script)]
    found = shutil.which("tracker")
    if found is None:
        pytest.skip("the tracker console script is not installed")
    return [found]


def test_the_real_console_script(tmp_path):
    root = write_root(tmp_path, BROKEN)
    finished = subprocess.run([*console_script(), "check", "--root", str(root)], capture_output=True, text=True)
    assert finished.returncode == 1
    assert finished.stdout.splitlines()[0].startswith("data/commitments/main.yaml:4:13: error[bad-value]")
    assert "Traceback" not in finished.stderr


def test_the_console_script_has_said_everything_when_it_ends(tmp_path):
    """It ends without freeing the record object by object: what it printed is out first, piped or not."""
    root = write_root(tmp_path, BROKEN)
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    command = [*console_script(), "check", "--root", str(root)]
    piped = subprocess.run([*command, "-f", "json"], capture_output=True, env=buffered)
    assert piped.returncode == 1
    assert [problem["code"] for problem in json.loads(piped.stdout)] == ["bad-value", "quote-not-found"]
    with open(tmp_path / "out.txt", "w") as file:
        written = subprocess.run(command, stdout=file, stderr=subprocess.PIPE, env=buffered)
    assert written.returncode == 1 and "error[bad-value]" in (tmp_path / "out.txt").read_text()
    assert written.stderr.decode().startswith("2 errors")


def test_the_console_script_read_by_a_reader_that_left_ends_quietly(tmp_path):
    root = write_root(tmp_path, BROKEN)
    reading, writing = os.pipe()
    os.close(reading)  # the reader is gone before anything is written
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    command = [*console_script(), "check", "--root", str(root)]
    finished = subprocess.run(command, stdout=writing, stderr=subprocess.PIPE, env=buffered)
    os.close(writing)
    assert finished.returncode == 1
    assert b"Traceback" not in finished.stderr and b"Exception" not in finished.stderr


def test_every_command_has_help():
    import typer.main

    group = typer.main.get_command(app)
    for name, command in group.commands.items():
        assert command.help, f"`tracker {name}` has no help"
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name


def test_start_up_imports_neither_rich_nor_the_reports():
    code = "import sys, tracker.cli; print(sorted(m for m in sys.modules if m.split('.')[0] in ('rich', 'tracker', 'pygls', 'lsprotocol')))"
    modules = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "rich" not in modules and "pygls" not in modules and "lsprotocol" not in modules
    assert "'tracker.cli'" in modules and "tracker.checks" not in modules


def test_bundled_record_passes_the_strict_check():
    repository = Path(__file__).resolve().parent.parent
    result = run("check", "--root", str(repository), "--strict")
    assert result.exit_code == 0, result.stdout
