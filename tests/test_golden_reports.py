"""Every report command on the bundled record as a terminal shows it: at 80 and 140 columns in
colour, and with NO_COLOR at 80 (SPEC 8: laid out to the terminal's width; NO_COLOR drops the
colour and nothing else; ids never cut).

The golden files hold the text with the escape codes taken out and each line right-stripped
(trailing blanks are invisible, and editors drop them). Regenerate with TRACKER_UPDATE_GOLDEN=1,
then read each diff: ids whole, numbers right-aligned, nothing cropped at 80.
"""

from __future__ import annotations

import datetime as dt
import re
import types
from pathlib import Path

import pytest
from conftest import assert_golden
from typer.testing import CliRunner

from tracker import query
from tracker.cli import app

REPOSITORY = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 1, 1)  # reports of "today" say so; the golden files must not age

REPORTS = {
    "report": ["report"],
    "status": ["status"],
    "recurrence": ["recurrence", "--min", "3"],
    "show": ["show", "railway-cooperation-committee"],
    "meetings": ["meetings"],
    "source": ["source", "vna-2025-05-10"],
    "changes": ["changes", "--meeting", "2025-09-04-beijing"],
    "compare": ["compare", "2025-04-14-ha-noi"],
    "search": ["search", "railway"],
    "suggest": ["suggest"],
    "coverage": ["coverage"],
}
NOT_REPORTS = {"check", "add-source", "new", "schema", "export", "lsp"}  # gate, writers, machine formats, server

SGR = re.compile(r"\x1b\[([0-9;]*)m")
COLOUR = re.compile(r"(?:^|;)(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;|$)")  # foreground, background, bright


class Today(dt.date):
    @classmethod
    def today(cls) -> dt.date:
        return TODAY


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr(query, "dt", types.SimpleNamespace(date=Today, timedelta=dt.timedelta))


def on_terminal(args: list[str], width: int, **environment: str | None) -> str:
    """What `tracker ARGS` prints on a terminal `width` columns wide, escape codes and all."""
    env = {"COLUMNS": str(width), "LINES": "50", "FORCE_COLOR": "1", "TERM": "xterm-256color", "NO_COLOR": None}
    env.update(environment)
    result = CliRunner().invoke(app, [*args, "--root", str(REPOSITORY)], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def seen(text: str) -> str:
    """The text a reader sees: no escape codes, no trailing blanks."""
    return "".join(line.rstrip() + "\n" for line in SGR.sub("", text).splitlines())


def test_every_report_command_has_golden_output():
    from typer.main import get_command

    commands = set(get_command(app).commands)  # type: ignore[attr-defined]
    assert commands - NOT_REPORTS == set(REPORTS)


@pytest.mark.parametrize("width", [80, 140])
@pytest.mark.parametrize("name", list(REPORTS))
def test_a_report_on_a_terminal(name, width):
    text = on_terminal(REPORTS[name], width)
    assert SGR.search(text), "a terminal gets styles"
    shown = seen(text)
    assert all(len(line) <= width for line in shown.splitlines()), "nothing is cropped or overflows"
    assert not re.search(r"\S…", shown), "no cell cut short (rich ends a cut one with …; the record has none)"
    assert_golden(f"reports/{name}-{width}.txt", shown)


@pytest.mark.parametrize("name", list(REPORTS))
def test_no_color_drops_the_colour_and_nothing_else(name):
    text = on_terminal(REPORTS[name], 80, NO_COLOR="1")
    assert not any(COLOUR.search(codes) for codes in SGR.findall(text)), "no colour with NO_COLOR"
    assert_golden(f"reports/{name}-80.txt", seen(text))  # the very layout of the coloured output
