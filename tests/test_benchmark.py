"""The benchmark harness runs end to end at a small size and prints its tables.

A smoke test, not a timed one: the numbers of a shared CI machine say nothing,
so only the shape of the output is asserted.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
BENCHMARKS = REPOSITORY / "benchmarks"


def browser_available() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return Path(shutil.which("chromium") or "/usr/bin/chromium").exists()


def rows(table: str) -> dict[str, list[str]]:
    """The rows of a Markdown table by their first cell."""
    found = {}
    for line in table.splitlines():
        if line.startswith("| ") and not line.startswith("| ---"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            found[cells[0]] = cells[1:]
    return found


def test_a_small_run_measures_every_command_against_the_floor(tmp_path):
    page = [] if browser_available() else ["--no-page"]
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "run.py"), "--small", "--corpus", str(tmp_path), *page],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    sizes = re.split(r"^(\d[\d,]* meetings|growth from .*)$", done.stdout, flags=re.MULTILINE)
    tables = {title: rows(body) for title, body in zip(sizes[1::2], sizes[2::2], strict=True)}
    assert list(tables)[:2] == ["40 meetings", "160 meetings"]
    assert list(tables)[2].startswith("growth from 40 to 160 meetings")
    for title in ("40 meetings", "160 meetings"):
        table = tables[title]
        assert table["floor: read sources + compose YAML, GC off"][1] == "1.00x"
        expected = ["check --strict", "status --json", "recurrence --json", "show", "source"]
        expected += [f"export {fmt}" for fmt in ("json", "csv", "markdown", "html", "sqlite")]
        for name in expected:
            assert re.fullmatch(r"\d+\.\d\d s", table[name][0]), (name, table[name])
            assert re.fullmatch(r"\d+\.\d\d s", table[name][3]), (name, table[name])  # CPU time
            assert re.fullmatch(r"\d+ MB", table[name][5]), (name, table[name])
        per_round = re.search(
            rf"^{title}\n.*?^check --strict over the floor, [^\n]*?: ([^\n]*) \(median ([^\n]*)\)$",
            done.stdout,
            re.S | re.M,
        )
        assert per_round and re.fullmatch(r"\d+\.\d\dx", per_round.group(1)), done.stdout  # one round each
        assert per_round.group(2) == per_round.group(1)
        opened = table["html page opens in Chromium (load + first paint)"][0]
        assert re.fullmatch(r"\d+\.\d\d s", opened) if not page else opened == "not measured"
    assert "check --strict" in tables[list(tables)[2]]
    assert re.search(r"^machine: \d+ cores, load average [\d.]+ [\d.]+ [\d.]+ before", done.stdout, re.MULTILINE)


def test_tracker_is_compiled_to_bytecode_before_it_is_timed(tmp_path):
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import run
    finally:
        sys.path.remove(str(BENCHMARKS))
    package = tmp_path / "tracker"
    shutil.copytree(REPOSITORY / "tracker", package, ignore=shutil.ignore_patterns("__pycache__"))
    modules = sorted(package.rglob("*.py"))
    assert modules and not any(Path(importlib.util.cache_from_source(str(module))).exists() for module in modules)
    run.compile_tracker(package)
    assert all(Path(importlib.util.cache_from_source(str(module))).exists() for module in modules)
