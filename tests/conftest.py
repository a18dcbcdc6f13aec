"""Shared fixtures: a small valid root, written from inline text."""

from __future__ import annotations

import hashlib
import os
import re
import sys
import textwrap
from pathlib import Path

import pytest

from tracker import checks

SOURCE_A = (
    "BEIJING — The two leaders met on Thursday.\n"
    "\n"
    "They agreed to establish a bilateral intergovernmental railway cooperation committee.\n"
    "Over the next three years, China will invite young Vietnamese to join the Red Journey program.\n"
    "The Lào Cai – Hà Nội – Hải Phòng railway was called a “priority” by both sides.\n"
)

MEETINGS = """\
parties:
  VN: Việt Nam
  CN: China
meetings:
  - id: 2025-04-14-ha-noi
    date: 2025-04-14
    place: Hà Nội
    participants: [Tô Lâm, Xi Jinping]
    sources:
      - id: src-a
        file: seeds/a.txt
        sha256: {sha:seeds/a.txt}
        outlet: VNA
        reviewed:
          - paragraph: 2
            reason: read; the tests cite it where they need it
          - paragraph: 3
            reason: read; the tests cite it where they need it
"""

COMMITMENT = """\
commitments:
  - id: railway-committee
    title: Set up a railway cooperation committee
    status: agreed
    by: [VN, CN]
    aliases: [railway cooperation committee]
    mentions:
      - source: src-a
        paragraph: 2
        quote: establish a bilateral intergovernmental railway cooperation committee
        kind: agreed
"""

# The base commitment without aliases (same line numbers), for tests about one
# mention: a broken mention also leaves its alias uncited, which is right but
# beside their point.
PLAIN = COMMITMENT.replace("aliases: [railway cooperation committee]", "aliases: []")


BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def generate(root: Path, meetings: int, commitments: int, per_commitment: int) -> Path:
    """A synthetic, valid record of these sizes under `root`, written by the benchmark's own
    generator (benchmarks/generate.py), so that a test at scale reads what the benchmark measures."""
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    from generate import generate as write_record

    write_record(root, meetings=meetings, commitments=commitments, per_commitment=per_commitment)
    return root


def write_root(
    root: Path,
    commitments: str | dict[str, str] | None = COMMITMENT,
    meetings: str = MEETINGS,
    sources: dict[str, bytes | str] | None = None,
) -> Path:
    """Write a root: sources first, then meetings.yaml with `{sha:PATH}` filled in."""
    for name, content in (sources if sources is not None else {"seeds/a.txt": SOURCE_A}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)

    def digest(match: re.Match) -> str:
        path = root / match.group(1)
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "f" * 64

    (root / "data" / "commitments").mkdir(parents=True, exist_ok=True)
    (root / "data" / "meetings.yaml").write_text(re.sub(r"\{sha:([^}]+)\}", digest, meetings), encoding="utf-8")
    files = {"main.yaml": commitments} if isinstance(commitments, str) else (commitments or {})
    for name, text in files.items():
        (root / "data" / "commitments" / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def found(root: Path) -> list[tuple[str, int, int]]:
    """(code, line, column) of every problem, in report order."""
    return [(p.code.name, p.line, p.column) for p in checks.check(root).problems]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_root(tmp_path)


REPORTS = [  # every command that reads the record, as run on `root`
    ["report"],
    ["status"],
    ["recurrence"],
    ["show", "railway-committee"],
    ["meetings"],
    ["source", "src-a"],
    ["suggest"],
    ["changes", "--meeting", "2025-04-14-ha-noi"],
    ["changes", "--from", "2025-01-01", "--to", "2025-12-31"],
    ["search", "railway"],
    ["compare", "2025-04-14-ha-noi", "--quotes"],
    ["coverage"],
]


GOLDEN = Path(__file__).parent / "golden"


def assert_golden(name: str, text: str) -> None:
    """`text` equals tests/golden/NAME. TRACKER_UPDATE_GOLDEN=1 rewrites the file: review its diff.

    A missing golden file fails: a test that writes its own expectation cannot fail.
    """
    path = GOLDEN / name
    if os.environ.get("TRACKER_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file tests/golden/{name}: run with TRACKER_UPDATE_GOLDEN=1, then review it"
    assert text == path.read_text(encoding="utf-8")


def render(renderable, width: int) -> str:
    """What a terminal `width` columns wide shows of `renderable`, without colour, lines right-stripped."""
    from rich.console import Console

    with open(os.devnull, "w") as sink:
        out = Console(width=width, force_terminal=True, color_system=None, record=True, file=sink)
        out.print(renderable)
    return "".join(line.rstrip() + "\n" for line in out.export_text().splitlines())


# Tests that need a package index ---------------------------------------------------------


def network_tests_wanted() -> bool:
    """`network` tests run in CI and when asked for; the rest of the suite works offline."""
    return os.environ.get("TRACKER_NETWORK_TESTS") == "1" or os.environ.get("CI") == "true"


def pytest_collection_modifyitems(config, items):
    if network_tests_wanted():
        return
    skip = pytest.mark.skip(reason="needs a package index: set TRACKER_NETWORK_TESTS=1 to run it")
    for item in items:
        if "network" in item.keywords:
            item.add_marker(skip)
