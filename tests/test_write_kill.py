"""Writers killed at any moment, and writers at the same time: the record always parses and
passes its check, every target is absent or complete, and no registration is lost."""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import PLAIN, write_root
from typer.testing import CliRunner

from tracker import checks, loader
from tracker.cli import app

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS))
from killpoints import PROGRAM  # noqa: E402

MEETING = "2025-04-14-ha-noi"
BATCH = 8
runner = CliRunner()


def tracker(root: Path, *args: str, kill_at: int = 0) -> subprocess.CompletedProcess:
    """Run the command line in a new process; with `kill_at`, SIGKILL it at that filesystem call."""
    env = {**os.environ, "TRACKER_KILLPOINTS": str(TESTS), "TRACKER_KILL_AT": str(kill_at)}
    command = [sys.executable, "-c", PROGRAM, *args, "--root", str(root)]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def temporaries(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob("*") if re.search(r"\.[a-z0-9_]{8}\.tmp\Z", p.name)]


def kill_at_every_step(template: Path, tmp_path: Path, args, judge) -> int:
    """Run the writer on fresh copies of `template`, killed at its 1st, 2nd, ... filesystem call
    (in parallel batches), until a run is not killed; `judge(root)` inspects every copy.
    Returns how many steps the writer has."""

    def trial(step: int) -> bool:
        root = tmp_path / f"run-{step}"
        shutil.copytree(template, root, symlinks=True)
        done = tracker(root, *args(root), kill_at=step)
        assert done.returncode in (0, -signal.SIGKILL), done.stderr
        return done.returncode == -signal.SIGKILL

    with ThreadPoolExecutor(BATCH) as pool:
        for first in range(1, 300, BATCH):
            killed = list(pool.map(trial, range(first, first + BATCH)))
            for step in range(first, first + BATCH):
                judge(tmp_path / f"run-{step}")
            if not all(killed):
                return first + killed.index(False)
    raise AssertionError("the writer never finished")


def again(root: Path, *args: str):
    """The next run, after a kill: in this process, which is quicker."""
    return runner.invoke(app, [*args, "--root", str(root)])


def passes(root: Path) -> bool:
    result = checks.check(root)
    return result.errors == 0


@pytest.fixture
def template(tmp_path):
    root = write_root(tmp_path / "template", PLAIN)
    (tmp_path / "article.txt").write_text("Both sides agreed to build a bridge.\n\nA second paragraph.\n")
    return root


def finished(template: Path, args) -> Path:
    """A copy of `template` on which the writer ran to the end: what a complete write makes."""
    complete = template.parent / "complete"
    shutil.copytree(template, complete)
    assert tracker(complete, *args(complete)).returncode == 0
    return complete


def test_add_source_killed_at_any_step(template, tmp_path):
    article = str(tmp_path / "article.txt")
    args = lambda root: ["add-source", article, "--meeting", MEETING, "--outlet", "VOV"]  # noqa: E731
    old, new = files_under(template), files_under(finished(template, args))

    def judge(root: Path) -> None:
        now = files_under(root)
        assert now["data/meetings.yaml"] in (old["data/meetings.yaml"], new["data/meetings.yaml"])
        assert all(now[name] == new[name] for name in now if name.startswith("seeds/0"))  # absent or complete
        assert passes(root)
        rerun = again(root, *args(root))  # the next run finishes the job, or says it is done
        assert rerun.exit_code == 0 or "already registered" in rerun.stderr, rerun.stderr
        assert files_under(root) == new and not temporaries(root)

    assert kill_at_every_step(template, tmp_path, args, judge) > 8


def test_new_write_killed_at_any_step(template, tmp_path):
    args = lambda root: ["new", "bridge", "--write", str(root / "data/commitments/main.yaml")]  # noqa: E731
    old, new = files_under(template), files_under(finished(template, args))

    def judge(root: Path) -> None:
        now = files_under(root)
        assert now in (old, new) or temporaries(root)
        assert now["data/commitments/main.yaml"] in (
            old["data/commitments/main.yaml"],
            new["data/commitments/main.yaml"],
        )
        # a killed writer's temporary is an `ignored-file` warning until the next write removes it
        assert [p.code.name for p in loader.load(root).problems if p.code.name != "ignored-file"] == []
        rerun = again(root, *args(root))
        assert rerun.exit_code == 0 or "already exists" in rerun.stderr, rerun.stderr
        assert files_under(root) == new and not temporaries(root)

    assert kill_at_every_step(template, tmp_path, args, judge) > 5


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown", "html", "sqlite"])
def test_export_killed_at_any_step_leaves_the_target_absent_or_complete(template, tmp_path, fmt):
    def target(root: Path) -> Path:
        return root.parent / f"{root.name}-out" / "export"

    def args(root: Path) -> list[str]:
        return ["export", "-f", fmt, "-o", str(target(root)), "--force", "--as-of", "2025-12-31"]

    def made(root: Path) -> list[str]:
        target(root).parent.mkdir()
        return args(root)

    expected = read_target(target(finished(template, made)))
    old = b"an earlier export"
    earlier = {"meetings.csv": old} if fmt == "csv" else old

    def with_earlier_export(root: Path) -> list[str]:
        target(root).parent.mkdir(exist_ok=True)
        if fmt == "csv":
            target(root).mkdir()
            (target(root) / "meetings.csv").write_bytes(old)
        else:
            target(root).write_bytes(old)
        return args(root)

    def judge(root: Path) -> None:
        assert read_target(target(root)) in (None, expected, earlier)
        assert again(root, *args(root)).exit_code == 0  # the next run replaces it and tidies up
        assert read_target(target(root)) == expected and not temporaries(target(root).parent)

    assert kill_at_every_step(template, tmp_path, with_earlier_export, judge) > 4


def read_target(target: Path):
    if not os.path.lexists(target):
        return None
    if target.is_dir():
        return {name: (target / name).read_bytes() for name in sorted(os.listdir(target))}
    return target.read_bytes()


def test_add_source_killed_after_random_delays(template, tmp_path):
    """Kills between any two instructions, not only at filesystem calls: sqlite, rendering, imports."""
    rng = random.Random(9)
    for trial in range(12):
        root = tmp_path / f"trial-{trial}"
        shutil.copytree(template, root)
        article = tmp_path / f"article-{trial}.txt"
        article.write_text(f"Report number {trial} of the talks.\n")
        command = [sys.executable, "-m", "tracker", "add-source", str(article), "--meeting", MEETING]
        process = subprocess.Popen(
            [*command, "--outlet", "VOV", "--root", str(root)], stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(0.05, 0.6))
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert passes(root)
        assert process.returncode in (0, -signal.SIGKILL)


# At the same time -----------------------------------------------------------------------------


def test_concurrent_add_sources_all_register_with_distinct_seeds(template, tmp_path):
    count = 6
    articles = []
    for number in range(count):
        article = tmp_path / f"article-{number}.txt"
        article.write_text(f"Report {number}: both sides agreed to build bridge number {number}.\n")
        articles.append(article)
    command = [sys.executable, "-m", "tracker", "add-source"]
    processes = [
        subprocess.Popen(
            [*command, str(article), "--meeting", MEETING, "--outlet", f"Outlet {n}", "--root", str(template)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for n, article in enumerate(articles)
    ]
    assert [process.wait() for process in processes] == [0] * count, [p.stderr.read() for p in processes]
    sources = loader.load(template).record.meetings[0].sources
    assert sorted(s.id for s in sources) == sorted(["src-a", *(f"outlet-{n}-2025-04-14" for n in range(count))])
    seeds = [p.name for p in (template / "seeds").iterdir() if p.name != "a.txt"]
    assert sorted(name[:3] for name in seeds) == [f"{n:03d}" for n in range(count)]
    assert passes(template) and not temporaries(template)


def test_concurrent_new_writes_all_land(template):
    target = str(template / "data/commitments/main.yaml")
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "tracker", "new", f"bridge-{n}", "--write", target, "--root", str(template)],
            stderr=subprocess.PIPE,
        )
        for n in range(4)
    ]
    assert [process.wait() for process in processes] == [0] * 4
    ids = [c.id for c in loader.load(template).record.commitments]
    assert sorted(ids) == sorted(["railway-committee", *(f"bridge-{n}" for n in range(4))])
