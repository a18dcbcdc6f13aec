"""Measure tracker against the honest floor, at two sizes, in one run.

    python benchmarks/run.py                      # 2,000 and 8,000 meetings, best of 3
    python benchmarks/run.py --small              # a quick run of the same code (CI's smoke test)
    python benchmarks/run.py --meetings 500 2000 --repeat 5 --no-page

For each size, `generate.py` writes a corpus (five commitments and twenty
quotes per meeting) under benchmarks/corpus/, kept until the generator changes.
Every measurement is a fresh process, its peak memory read from the kernel
(`os.wait4` gives each child's own rusage), its time the best of `--repeat`
rounds (each round runs every measurement once, so a slow spell of a shared
machine costs every measurement a run rather than a few their best). Tracker's
modules are compiled to bytecode first, as an installed tool's are. Measured:

- the floor: read every source and compose every YAML file with libyaml's
  CSafeLoader, the cyclic collector off, nothing more: what any tool that
  reads this record must do;
- `tracker check --strict`;
- every report command that `tracker --help` lists (with `--json` too where it
  takes it), given an id, a word or a window where it needs one;
- every export format, written with `-o`;
- the html export opened in headless Chromium (load and first paint).

The table gives each wall time, CPU time (user and system, the children a
process forked included: `check` on two cores spends more CPU than wall time;
a loaded machine inflates the wall time, hardly the CPU time) and peak memory,
with its ratio to the floor and to `check`, and the growth from the first size
to the last: about the ratio of the sizes when the cost is linear.
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPORA = HERE / "corpus"
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (a sibling script, not a package)

COMMITMENTS_PER_MEETING = 5
MENTIONS_PER_COMMITMENT = 4
SMALL_SIZES = (40, 160)

CHECK = "check --strict"
FLOOR_NAME = "floor: read sources + compose YAML, GC off"
PAGE_NAME = "html page opens in Chromium (load + first paint)"

# Commands that change the record, serve a protocol or print a constant: not reports.
NOT_REPORTS = {"check", "export", "add-source", "new", "schema", "lsp"}

FLOOR = """
import gc, sys, yaml
from pathlib import Path
gc.disable()
root = Path(sys.argv[1])
for path in sorted((root / "seeds").rglob("*")):
    if path.is_file():
        path.read_bytes()
for path in [root / "data" / "meetings.yaml", *sorted((root / "data" / "commitments").glob("*.yaml"))]:
    yaml.compose(path.read_bytes(), Loader=yaml.CSafeLoader)
"""


@dataclass(frozen=True)
class Run:
    seconds: float
    megabytes: float
    cpu_seconds: float = 0.0  # user + system: what a loaded machine does not inflate


@dataclass(frozen=True)
class Case:
    """One line of the table: what is measured and how it is started."""

    name: str
    command: list[str]


class Failed(Exception):
    pass


# Running a child ---------------------------------------------------------------------


def run_once(command: list[str], allowed: tuple[int, ...] = (0,)) -> Run:
    """Wall time and peak memory (the child's own rusage) of one fresh process, which must exit as `allowed`."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode not in allowed:
            errors.seek(0)
            tail = errors.read()[-600:].decode("utf-8", "replace").strip()
            raise Failed(f"exit {child.returncode}: {tail}")
    return Run(seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)  # Linux counts kilobytes


def best(command: list[str], repeat: int, allowed: tuple[int, ...] = (0,)) -> Run:
    """The fastest of `repeat` runs, with the highest peak memory seen."""
    return best_of([run_once(command, allowed) for _ in range(repeat)])


def best_of(runs: list[Run]) -> Run:
    return Run(
        min(run.seconds for run in runs), max(run.megabytes for run in runs), min(run.cpu_seconds for run in runs)
    )


# The corpus ------------------------------------------------------------------------


def generator_stamp(meetings: int) -> str:
    source = (HERE / "generate.py").read_bytes()
    return f"{meetings} {COMMITMENTS_PER_MEETING} {MENTIONS_PER_COMMITMENT} {hashlib.sha256(source).hexdigest()}"


def corpus(meetings: int, folder: Path) -> Path:
    """The corpus for `meetings`, generated unless an identical one is there."""
    root = folder / f"meetings-{meetings}"
    stamp = root / "generated-by"
    if stamp.is_file() and stamp.read_text() == generator_stamp(meetings):
        return root
    if root.exists():
        shutil.rmtree(root)
    generate.generate(root, meetings, meetings * COMMITMENTS_PER_MEETING, MENTIONS_PER_COMMITMENT)
    stamp.write_text(generator_stamp(meetings))
    return root


# What is measured --------------------------------------------------------------------


def tracker() -> list[str]:
    script = Path(sys.executable).with_name("tracker")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tracker"]


def compile_tracker(package: Path | None = None) -> None:
    """Compile tracker's modules to bytecode before anything is timed, as an installed tool has them.

    An editable install run with PYTHONDONTWRITEBYTECODE set (or from a folder it cannot write to)
    would compile every module it imports on every run: a tenth of a second that no user pays, and
    the floor, whose PyYAML was compiled when it was installed, does not pay either.
    """
    import tracker

    compileall.compile_dir(package or Path(tracker.__file__).parent, quiet=1)


def help_text(*command: str) -> str:
    environment = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
    done = subprocess.run([*tracker(), *command, "--help"], capture_output=True, text=True, env=environment)
    return done.stdout


def commands() -> list[str]:
    """The commands `tracker --help` lists, in its order."""
    panel = help_text().split("Commands", 1)[-1]
    return re.findall(r"^\W (\w[\w-]*) ", panel, flags=re.MULTILINE)


def report_arguments(meetings: int) -> dict[str, list[str]]:
    """What a report needs besides `--root`: an id, words or a window (the last tenth) of the corpus."""
    window = [generate.meeting_date(index, meetings).isoformat() for index in (meetings * 9 // 10, meetings - 1)]
    return {
        "show": [generate.COMMITMENT_ID.format(0)],
        "source": [generate.SOURCE_ID.format(0, 0)],
        "compare": [generate.MEETING_ID.format(0)],
        "search": [generate.search_text()],
        "changes": ["--from", window[0], "--to", window[1]],
    }


def report_cases(root: Path, meetings: int) -> list[Case]:
    arguments = report_arguments(meetings)
    cases = []
    for name in commands():
        if name in NOT_REPORTS:
            continue
        command = [*tracker(), name, *arguments.get(name, []), "--root", str(root)]
        cases.append(Case(name, command))
        if "--json" in help_text(name):
            cases.append(Case(f"{name} --json", [*command, "--json"]))
    return cases


def export_cases(root: Path, scratch: Path) -> list[Case]:
    from tracker.cli import ExportFormat

    command = [*tracker(), "export", "--force", "--root", str(root)]
    formats = [fmt.value for fmt in ExportFormat]
    return [Case(f"export {fmt}", [*command, "-f", fmt, "-o", str(scratch / fmt)]) for fmt in formats]


def cases(root: Path, meetings: int, scratch: Path) -> list[Case]:
    check = Case(CHECK, [*tracker(), "check", "--strict", "--root", str(root)])
    return [check, *report_cases(root, meetings), *export_cases(root, scratch)]


# The page ----------------------------------------------------------------------------


def page_seconds(root: Path, scratch: Path, repeat: int) -> float:
    page = scratch / "page.html"
    run_once([*tracker(), "export", "-f", "html", "-o", str(page), "--force", "--root", str(root)])
    from page import open_seconds  # benchmarks/page.py: load and first paint in headless Chromium

    return min(open_seconds(page) for _ in range(repeat))


# The table ---------------------------------------------------------------------------


@dataclass
class Measured:
    meetings: int
    floor: Run
    runs: dict[str, Run | str]  # a Run, or why it failed
    page: float | str | None
    check_per_round: list[float]  # check's time over the floor's, round by round


def measure(meetings: int, folder: Path, repeat: int, page: bool) -> Measured:
    root = corpus(meetings, folder)
    print(f"measuring {meetings:,} meetings ({root})", flush=True)
    floor = Case(FLOOR_NAME, [sys.executable, "-c", FLOOR, str(root)])
    timed: dict[str, list[Run]] = {}
    failed: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="tracker-bench-") as scratch:
        every = [floor, *cases(root, meetings, Path(scratch))]
        # In rounds, each case once a round, rather than each case `repeat` times in a row: a shared
        # machine slows down for minutes at a time, and a slow spell then costs every case a run,
        # not a few cases their best.
        for _ in range(repeat):
            for case in every:
                if case.name in failed:
                    continue
                try:
                    timed.setdefault(case.name, []).append(run_once(case.command))
                except Failed as error:
                    if case is floor:  # nothing to measure against
                        raise
                    failed[case.name] = str(error)
        opened = _page(root, Path(scratch), repeat) if page else None
    runs: dict[str, Run | str] = {case.name: failed.get(case.name) or best_of(timed[case.name]) for case in every[1:]}
    # The floor and check run one after the other in each round: their ratio there is what a busy
    # host disturbs least, each best time possibly coming from a different spell.
    checked = timed.get(CHECK, []) if CHECK not in failed else []
    paired = zip(timed[FLOOR_NAME], checked, strict=False)  # the floor never fails, so check has no more
    per_round = [check.seconds / floor.seconds for floor, check in paired]
    return Measured(meetings, best_of(timed[FLOOR_NAME]), runs, opened, per_round)


def _page(root: Path, scratch: Path, repeat: int) -> float | str:
    try:
        return page_seconds(root, scratch, repeat)
    except Exception as error:  # a missing browser is a line of the table, not a crash
        return f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"


def ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}x" if base else ""


def markdown(rows: list[list[str]]) -> str:
    lines = [rows[0], ["---"] * len(rows[0]), *rows[1:]]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)


def size_table(result: Measured) -> str:
    """Time and peak memory of each case, with their ratios to the floor and to `check`."""
    check = result.runs.get(CHECK)
    base = check if isinstance(check, Run) else result.floor
    rows = [["what", "time", "x floor", "x check", "CPU", "x floor", "peak memory", "x floor", "x check"]]
    floor = result.floor
    for name, run in [(FLOOR_NAME, floor), *result.runs.items()]:
        if isinstance(run, Run):
            times = [f"{run.seconds:.2f} s", ratio(run.seconds, floor.seconds), ratio(run.seconds, base.seconds)]
            cpu = [f"{run.cpu_seconds:.2f} s", ratio(run.cpu_seconds, floor.cpu_seconds)]
            memory = [f"{run.megabytes:.0f} MB", ratio(run.megabytes, floor.megabytes)]
            rows.append([name, *times, *cpu, *memory, ratio(run.megabytes, base.megabytes)])
        else:
            rows.append([name, f"failed: {run}", *[""] * 7])
    opened = result.page
    shown = f"{opened:.2f} s" if isinstance(opened, float) else f"failed: {opened}" if opened else "not measured"
    rows.append([PAGE_NAME, shown, *[""] * 7])
    return f"{result.meetings:,} meetings\n\n" + markdown(rows) + _per_round(result.check_per_round)


def _per_round(ratios: list[float]) -> str:
    if not ratios:
        return ""
    shown = " ".join(f"{value:.2f}x" for value in ratios)
    median = statistics.median(ratios)
    return f"\n\n{CHECK} over the floor, run one after the other in each round: {shown} (median {median:.2f}x)"


def growth_table(first: Measured, last: Measured) -> str:
    """How each cost grows from the first size to the last (linear: the ratio of the sizes)."""
    rows = [["what", "time", "CPU", "peak memory"]]
    pairs = [(FLOOR_NAME, first.floor, last.floor), *((n, r, last.runs.get(n)) for n, r in first.runs.items())]
    for name, before, after in pairs:
        if isinstance(before, Run) and isinstance(after, Run):
            growth = [ratio(after.seconds, before.seconds), ratio(after.cpu_seconds, before.cpu_seconds)]
            rows.append([name, *growth, ratio(after.megabytes, before.megabytes)])
    if isinstance(first.page, float) and isinstance(last.page, float):
        rows.append([PAGE_NAME, ratio(last.page, first.page), "", ""])
    sizes = f"{first.meetings:,} to {last.meetings:,} meetings ({last.meetings / first.meetings:.0f}x the size)"
    return f"growth from {sizes}\n\n" + markdown(rows)


def machine() -> str:
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"{os.cpu_count()} cores, load average {load}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, nargs="+", default=[2000, 8000], help="the sizes to measure")
    parser.add_argument("--small", action="store_true", help=f"sizes {SMALL_SIZES}, one run each: a smoke test")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the best time is kept")
    parser.add_argument("--no-page", action="store_true", help="do not open the html page in Chromium")
    parser.add_argument("--corpus", type=Path, default=CORPORA, help="where the corpora are kept")
    args = parser.parse_args(argv)
    sizes, repeat = (SMALL_SIZES, 1) if args.small else (args.meetings, args.repeat)
    compile_tracker()
    before = machine()
    results = []
    for size in sizes:  # each size's table as soon as it is measured: a long run shows its progress
        results.append(measure(size, args.corpus, repeat, not args.no_page))
        print(f"\n{size_table(results[-1])}", flush=True)
    print(f"machine: {before} before, {machine().split(', ', 1)[1]} after; best of {repeat}")
    if len(results) > 1:
        print(f"\n{growth_table(results[0], results[-1])}")
    failed = [name for result in results for name, run in result.runs.items() if not isinstance(run, Run)]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
