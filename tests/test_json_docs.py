"""docs/json.md names every key of the public JSON shapes that the analyst's commands print."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from summits import write_summits
from typer.testing import CliRunner

from tracker.cli import app

DOC = (Path(__file__).resolve().parent.parent / "docs" / "json.md").read_text(encoding="utf-8")
NAMED = {word for span in re.findall(r"`([^`]*)`", DOC) for word in re.findall(r"\w+", span)}


DATA_KEYED = {"kinds"}  # objects whose keys are data (party codes), not names of the shape


def keys(value) -> set[str]:
    """Every key of every object in `value`, however deep."""
    if isinstance(value, dict):
        return set(value) | {key for name, item in value.items() if name not in DATA_KEYED for key in keys(item)}
    if isinstance(value, list):
        return {key for item in value for key in keys(item)}
    return set()


@pytest.mark.parametrize(
    "command",
    [
        ["changes", "--from", "2024-01-01", "--to", "2024-12-31"],
        ["search", "railway"],
        ["show", "railway-cooperation-committee"],
        ["recurrence"],
        ["compare", "2024-06-10-beijing"],
    ],
)
def test_every_key_printed_is_documented(tmp_path, command):
    root = write_summits(tmp_path)
    result = CliRunner().invoke(app, [*command, "--json", "--root", str(root)], catch_exceptions=False)
    missing = keys(json.loads(result.stdout)) - NAMED
    assert not missing, f"docs/json.md does not name {sorted(missing)}"


def test_the_exports_analyses_of_each_meeting_are_documented(tmp_path):
    root = write_summits(tmp_path)
    result = CliRunner().invoke(app, ["export", "-f", "json", "--root", str(root)], catch_exceptions=False)
    meetings = json.loads(result.stdout)["meetings"]
    section = DOC[DOC.index("## `tracker export --format json`") :]
    named = {word for span in re.findall(r"`([^`]*)`", section) for word in re.findall(r"\w+", span)}
    printed = keys([{"changes": m["changes"], "comparison": m["comparison"]} for m in meetings])
    assert any(m["comparison"] for m in meetings)  # the record has a meeting both sides reported
    assert not printed - named, f"docs/json.md's export section does not name {sorted(printed - named)}"
