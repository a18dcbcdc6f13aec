"""Machine formats of `tracker check`: text, json and GitHub workflow commands.

Written plainly, never through rich: lines are never wrapped and `[code]`
is never taken for markup. Styling (text format only) is plain ANSI, as
`tracker.render.colour` decides: bold locations, red errors and yellow warnings.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from tracker.problems import ERROR, Problem
from tracker.render.colour import NONE, Styling
from tracker.text import counted, escape_json

_RED, _YELLOW, _BOLD, _RESET = "\x1b[31m", "\x1b[33m", "\x1b[1m", "\x1b[0m"


def text_line(found: Problem, styling: Styling = NONE) -> str:
    subject = f"{found.commitment}: " if found.commitment else ""
    label = f"{found.severity}[{found.code.name}]"
    location = f"{found.file}:{found.line}:{found.column}:"
    if styling.colour:
        label = (_RED if found.severity == ERROR else _YELLOW) + label + _RESET
    if styling.bold:
        location = _BOLD + location + _RESET
    return f"{location} {label} {subject}{found.message}"


def text(problems: Iterable[Problem], styling: Styling = NONE) -> str:
    return "".join(text_line(found, styling) + "\n" for found in problems)


def as_json(problems: Iterable[Problem]) -> str:
    return escape_json(json.dumps([found.as_dict() for found in problems], ensure_ascii=False, indent=2)) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github_line(found: Problem) -> str:
    """One workflow command, escaped as the Actions toolkit escapes them."""
    subject = f"{found.commitment}: " if found.commitment else ""
    properties = ",".join(
        f"{key}={_escape_property(str(value))}"
        for key, value in (
            ("file", found.file),
            ("line", found.line),
            ("col", found.column),
            ("title", found.code.name),
        )
    )
    return f"::{found.severity} {properties}::{_escape_data(subject + found.message)}"


def github(problems: list[Problem]) -> str:
    """Annotations first; GitHub shows only a few, so the plain list follows."""
    annotations = "".join(github_line(found) + "\n" for found in problems)
    return annotations + text(problems)


def summary(errors: int, warnings: int, files: int) -> str:
    if not errors and not warnings:
        return f"ok: no problems in {counted(files, 'file')}"
    return f"{counted(errors, 'error')}, {counted(warnings, 'warning')} in {counted(files, 'file')}"
