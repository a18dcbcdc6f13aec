"""Test cases written as the spec reads: the files of a root, the problems marked under their lines.

A case is text in sections, each headed `# file: PATH` (relative to the root).
A line `#   ^ code` (the caret under the column, one code or several separated
by spaces) marks a problem on the line above it; marker lines are not written
to the file, so the line numbers are those of the text without them.
Unnamed files come from the shared fixture (`conftest.MEETINGS`, `SOURCE_A`).
`# file: PATH (latin-1)` writes that section's text in Latin-1 (bytes that are
not UTF-8); `# folder: PATH` makes a folder, and a marker after it points at
its line 1. A marker `#^` (the caret against the `#`) means column 1, for the
problems of a whole file.

    # file: data/commitments/main.yaml
    commitments:
      - id: railway-committee
        status: no
    #           ^ bad-value
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import MEETINGS, SOURCE_A, write_root

_FILE = re.compile(r"^# (?P<kind>file|folder): (?P<path>\S+)(?P<latin> \(latin-1\))?\s*$")
_MARK = re.compile(r"^\s*#(?P<gap>\s*)\^\s+(?P<codes>[a-z][a-z-]*(?:\s+[a-z][a-z-]*)*)\s*$")


Case = tuple[dict[str, bytes], list[str], set[tuple[str, str, int, int]]]
Mark = tuple[str, int, int]


def unmark(text: str) -> tuple[str, list[Mark]]:
    """`text` without its marker lines, and what they mark, in order: (code, line, column).

    A marker points at the line above it, so the lines are counted without the
    markers; a code marked twice at one place is there twice.
    """
    lines: list[str] = []
    marks: list[Mark] = []
    for raw in text.splitlines():
        mark = _MARK.match(raw)
        if mark is None:
            lines.append(raw)
            continue
        column = 1 if raw.lstrip().startswith("#^") else raw.index("^") + 1  # `#^`: the file's column 1
        marks += [(code, len(lines), column) for code in mark.group("codes").split()]
    return "\n".join(lines) + "\n", marks


def parse(case: str) -> Case:
    """The files (as bytes) and folders of a case, and the problems it marks: (file, code, line, column)."""
    files: dict[str, bytes] = {}
    folders: list[str] = []
    expected: set[tuple[str, str, int, int]] = set()
    for heading, body in _sections(case):
        name = heading.group("path")
        text, marks = unmark(body)
        if heading.group("kind") == "folder":
            folders.append(name)
        else:
            files[name] = text.encode("latin-1" if heading.group("latin") else "utf-8")
        expected |= {(name, code, max(line, 1), column) for code, line, column in marks}  # a folder's: line 1
    return files, folders, expected


def _sections(case: str) -> list[tuple[re.Match, str]]:
    """Each `# file:` or `# folder:` heading with the text under it."""
    sections: list[tuple[re.Match, list[str]]] = []
    for raw in case.splitlines():
        heading = _FILE.match(raw)
        if heading:
            sections.append((heading, []))
        elif sections:
            sections[-1][1].append(raw)
    return [(heading, "\n".join(lines)) for heading, lines in sections]


def write_case(root: Path, case: str) -> tuple[Path, set[tuple[str, str, int, int]]]:
    """Write a case's root (the shared fixture where it names no file) and return what it marks."""
    files, folders, expected = parse(case)
    meetings = files.pop("data/meetings.yaml", None)
    sources = {name: data for name, data in files.items() if not name.startswith("data/")}
    write_root(root, {}, meetings.decode() if meetings is not None else MEETINGS, {"seeds/a.txt": SOURCE_A, **sources})
    for name, data in files.items():
        if name.startswith("data/"):
            (root / name).write_bytes(data)
    for name in folders:
        (root / name).mkdir(parents=True)
    return root, expected
