"""The spinner on a terminal: drawn from a signal, not a thread, so that a large check still forks."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import generate

from tracker.render import progress

REPOSITORY = Path(__file__).resolve().parent.parent

SPIN = r"""
import json, os, select, signal, sys, threading, time
from tracker import checks, split
from tracker.render import progress

mode, encoding = sys.argv[1], sys.argv[2]
record = checks.check_once(sys.argv[3]).record
split.WORTH_SPLITTING = 0  # the bundled record counts as large
progress.SPINNER_AFTER_SECONDS = 0.1
if mode == "no-setitimer":
    del signal.setitimer


def theirs(*_):
    pass


signal.signal(signal.SIGALRM, theirs)
master, slave = os.openpty()
terminal = os.fdopen(slave, "w", encoding=encoding)
seen = {}
try:
    with progress.spinner("checking the record", terminal):
        time.sleep(0.5)  # several frames
        seen["threads"], seen["worthwhile"] = threading.active_count(), split.worthwhile(record.root, record.files[1:])
        if mode == "raises":
            raise ValueError("the work failed")
        if mode == "interrupted":
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(1)
        if mode == "forks":
            child = os.fork()
            if child == 0:  # an inherited timer would now end the child
                signal.signal(signal.SIGALRM, signal.SIG_DFL)
                time.sleep(0.5)
                os._exit(0 if signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0) else 5)
            seen["child"] = os.waitpid(child, 0)[1]
except (ValueError, KeyboardInterrupt) as error:
    seen["raised"] = type(error).__name__
written = b""
while select.select([master], [], [], 0.2)[0]:
    written += os.read(master, 65536)
seen["written"] = written.decode(encoding)
seen["handler_restored"] = signal.getsignal(signal.SIGALRM) is theirs
seen["timer"] = signal.getitimer(signal.ITIMER_REAL)
seen["threads_after"] = threading.active_count()
print(json.dumps(seen))
"""


def spun(mode: str, encoding: str = "utf-8") -> dict:
    """The spinner around half a second of work on a pseudo-terminal, in a fresh interpreter: a test
    run's own threads would hide whether the spinner starts one."""
    done = subprocess.run(
        [sys.executable, "-c", SPIN, mode, encoding, str(REPOSITORY)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


DRAWN = "\r\x1b[2K\x1b[32m⠋\x1b[0m checking the record"
CLEARED = "\r\x1b[2K\x1b[?25h"


def test_a_spinner_runs_no_thread_so_a_large_record_still_splits_on_a_terminal():
    seen = spun("works")
    assert (seen["threads"], seen["worthwhile"]) == (1, True)
    assert seen["written"].startswith("\x1b[?25l" + DRAWN)  # the cursor hidden, the first frame
    assert "⠙" in seen["written"] and seen["written"].endswith(CLEARED)
    assert seen["handler_restored"] and seen["timer"] == [0.0, 0.0]


def test_where_no_signal_can_draw_it_a_thread_does_and_the_record_is_checked_in_one_process():
    """The near miss: the fork guard still refuses beside another thread, here the spinner's."""
    seen = spun("no-setitimer")
    assert seen["threads"] > 1 and not seen["worthwhile"]
    assert "checking the record" in seen["written"] and "\x1b[?25h" in seen["written"]  # rich's status
    assert seen["threads_after"] == 1


@pytest.mark.parametrize("mode", ["raises", "interrupted"])
def test_the_terminal_and_the_signal_are_restored_when_the_work_raises(mode):
    seen = spun(mode)
    assert seen["raised"] == {"raises": "ValueError", "interrupted": "KeyboardInterrupt"}[mode]
    assert seen["written"].startswith("\x1b[?25l" + DRAWN) and seen["written"].endswith(CLEARED)
    assert seen["handler_restored"] and seen["timer"] == [0.0, 0.0]


def test_a_child_forked_while_it_spins_gets_no_alarm():
    seen = spun("forks")
    assert os.WIFEXITED(seen["child"]) and os.WEXITSTATUS(seen["child"]) == 0
    assert seen["written"].endswith(CLEARED)


def test_a_terminal_without_braille_gets_ascii_frames():
    seen = spun("works", encoding="ascii")
    assert seen["written"].startswith("\x1b[?25l\r\x1b[2K\x1b[32m-\x1b[0m checking the record")
    assert "\\" in seen["written"] and seen["written"].endswith(CLEARED)


def test_nothing_is_drawn_for_work_shorter_than_the_delay():
    master, slave = os.openpty()
    with os.fdopen(slave, "w") as terminal:
        with progress.spinner("checking the record", terminal):
            pass
        assert not select.select([master], [], [], progress.SPINNER_AFTER_SECONDS + 0.3)[0]
    os.close(master)


CHECK = r"""
import os, sys
from tracker import cli, split
from tracker.render import progress

marker, root = sys.argv[1], sys.argv[2]
split.WORTH_SPLITTING = 0
progress.SPINNER_AFTER_SECONDS = 0.01
forked = split._forked


def noted(*args):
    child = forked(*args)
    if child is not None:
        with open(marker, "a") as out:
            out.write("forked\n")
    return child


split._forked = noted
sys.argv = ["tracker", "check", "--root", root, "--format", "json"]
cli.main()
"""


def checked(root: Path, marker: Path, terminal: bool) -> tuple[subprocess.CompletedProcess, bytes]:
    """`tracker check` of `root`, its stderr a pseudo-terminal or a pipe; what the terminal showed."""
    master, slave = os.openpty() if terminal else (-1, subprocess.PIPE)
    done = subprocess.run(
        [sys.executable, "-c", CHECK, str(marker), str(root)], stdout=subprocess.PIPE, stderr=slave, timeout=120
    )
    shown = b""
    if terminal:
        os.close(slave)
        while select.select([master], [], [], 0.2)[0]:
            try:
                shown += os.read(master, 65536)
            except OSError:  # the terminal's other end closed: all was read
                break
        os.close(master)
    return done, shown


def test_check_on_a_terminal_splits_and_finds_the_problems_it_finds_piped(tmp_path):
    root = generate(tmp_path / "record", meetings=60, commitments=400, per_commitment=3)
    first = sorted((root / "data" / "commitments").glob("*.yaml"))[0]
    first.write_text(first.read_text(encoding="utf-8").replace("kind: agreed", "kind: agred", 1), encoding="utf-8")
    piped, _ = checked(root, tmp_path / "piped", terminal=False)
    on_terminal, shown = checked(root, tmp_path / "terminal", terminal=True)
    assert (tmp_path / "piped").read_text() == (tmp_path / "terminal").read_text() == "forked\n"
    assert piped.returncode == on_terminal.returncode == 1
    assert on_terminal.stdout == piped.stdout and "bad-value" in piped.stdout.decode()
    assert shown.startswith(b"\x1b[?25l\r\x1b[2K") and shown.endswith(CLEARED.encode())
