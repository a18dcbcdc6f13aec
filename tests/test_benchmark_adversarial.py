"""The adversarial benchmark runs end to end at a small size (a smoke test: no timing is asserted)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

BENCHMARK = Path(__file__).resolve().parent.parent / "benchmarks" / "adversarial.py"


def test_a_small_run_compares_hostile_records_with_clean_ones(tmp_path):
    done = subprocess.run(
        [sys.executable, str(BENCHMARK), "--small", "--corpus", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert [row.split(" | ")[0] for row in rows] == [
        "| 40 meetings + 100 broken `related`, 100 near-miss quotes, 200 duplicated aliases",
        "| 100-word near-miss quote in a 2,000-word paragraph",
        "| 0.2 MB quote",
    ]
    cell = r"\d+\.\d\d s \(\d+\.\d\d s CPU\), \d+ MB"
    assert all(re.fullmatch(rf"\| .* \| {cell} \| {cell} \| .*x \(.*x CPU\) \| .*x \|", row) for row in rows), rows
