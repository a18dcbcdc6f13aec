"""A hostile environment: one line and the documented exit code, never a traceback.

Each case runs the real console script in a fresh process, since what is
tested is how the process meets its streams, its arguments and its folder.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PLAIN, write_root
from typer.testing import CliRunner

from tracker.cli import app

SCRIPT = str(Path(sys.executable).with_name("tracker"))
BUNDLED = str(Path(__file__).resolve().parent.parent)


def tracker(*args, env: dict | None = None, cwd=None) -> subprocess.CompletedProcess:
    environment = {**os.environ, **(env or {})}
    environment.pop("TRACKER_ROOT", None)
    return subprocess.run([SCRIPT, *args], capture_output=True, env=environment, cwd=cwd, timeout=60, check=False)


def one_line(stream: bytes) -> str:
    lines = stream.decode("utf-8", "replace").splitlines()
    assert len(lines) == 1 and lines[0].startswith("tracker: "), lines
    return lines[0]


ASCII = {"PYTHONIOENCODING": "ascii"}
C_LOCALE = {"LC_ALL": "C", "LANG": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"}


@pytest.mark.parametrize("env", [ASCII, C_LOCALE], ids=["ascii", "C"])
@pytest.mark.parametrize("command", [["status"], ["show", "railway-cooperation-committee"], ["report"]])
def test_a_stdout_that_is_not_utf8_gets_escapes_not_a_traceback(env, command):
    run = tracker(*command, "--root", BUNDLED, env=env)
    assert run.returncode == 0 and b"Traceback" not in run.stderr, run.stderr
    assert run.stdout.isascii()
    assert b"Vi\\u1ec7t Nam" in run.stdout or b"Vi\\u1ec7t" in run.stdout or command[0] == "report"


def test_check_on_an_ascii_stdout_prints_its_problems(tmp_path):
    root = write_root(tmp_path, PLAIN.replace("title: Set up", "title: Lập").replace("agreed\n", "agred\n", 1))
    run = tracker("check", "--root", str(root), env=ASCII)
    assert run.returncode == 1 and b"Traceback" not in run.stderr
    assert run.stdout.count(b"\n") == 1 and b"error[bad-value]" in run.stdout


def test_the_near_miss_utf8_stdout_prints_the_text():
    run = tracker("status", "--root", BUNDLED)
    assert run.returncode == 0 and "Việt Nam".encode() in run.stdout


def test_a_deleted_working_directory_exits_2_with_one_line(tmp_path):
    gone = tmp_path / "gone"
    gone.mkdir()
    shell = f'cd "{gone}" && rmdir "{gone}" && exec "{SCRIPT}" check'
    run = subprocess.run(["sh", "-c", shell], capture_output=True, timeout=60, check=False)
    assert run.returncode == 2
    assert "current folder no longer exists" in one_line(run.stderr)


def test_argv_that_is_not_utf8_is_escaped():
    run = tracker("show", b"railway\xff\x1b[2J", "--root", BUNDLED)
    assert run.returncode == 1
    assert one_line(run.stderr) == "tracker: no commitment `railway\\udcff\\x1b[2J`"
    run = tracker("check", "--root", b"/nowhere\xff")
    assert run.returncode == 2 and "/nowhere\\udcff has no data/meetings.yaml" in one_line(run.stderr)


def test_a_root_name_too_long_exits_2_with_one_line():
    run = tracker("check", "--root", "/" + "x" * 5000)
    assert run.returncode == 2
    line = one_line(run.stderr)
    assert "the name is too long" in line and len(line) < 400


def test_a_folder_without_the_x_bit_on_the_way_up_exits_2(tmp_path, monkeypatch):
    """Looking into a `data/` that may not be searched raises PermissionError (as root it never does)."""
    (tmp_path / "data").mkdir()
    inside = tmp_path / "a" / "b"
    inside.mkdir(parents=True)
    real_is_file = pathlib.Path.is_file

    def is_file(path):
        if str(path) == str(tmp_path / "data" / "meetings.yaml"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_is_file(path)

    monkeypatch.setattr(pathlib.Path, "is_file", is_file)
    monkeypatch.chdir(inside)
    monkeypatch.delenv("TRACKER_ROOT", raising=False)
    result = CliRunner().invoke(app, ["check"], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stderr == f"tracker: cannot look at {tmp_path}/data/meetings.yaml: permission denied; " + (
        "pass --root or set $TRACKER_ROOT\n"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="permissions do not bind root")
def test_a_folder_without_the_x_bit_on_disk(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / "data").chmod(0o600)
    try:
        run = tracker("check", cwd=tmp_path / "a")
    finally:
        (tmp_path / "data").chmod(0o755)
    assert run.returncode == 2 and "permission denied" in one_line(run.stderr)
