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


def parse(case: str) -> Case:
    """The files (as bytes) and folders of a case, and the problems it marks: (file, code, line, column)."""
    files: dict[str, list[str]] = {}
    encodings: dict[str, str] = {}
    folders: list[str] = []
    expected: set[tuple[str, str, int, int]] = set()
    current: list[str] | None = None
    name = ""
    for raw in case.splitlines():
        heading = _FILE.match(raw)
        if heading:
            name = heading.group("path")
            if heading.group("kind") == "folder":
                folders.append(name)
                current = None
            else:
                current = files.setdefault(name, [])
                encodings[name] = "latin-1" if heading.group("latin") else "utf-8"
            continue
        mark = _MARK.match(raw)
        if mark:
            line = len(current) if current is not None else 1
            column = 1 if raw.lstrip().startswith("#^") else raw.index("^") + 1  # `#^`: the file's column 1
            for code in mark.group("codes").split():
                expected.add((name, code, line, column))
            continue
        if current is not None:
            current.append(raw)
    written = {name: ("\n".join(lines) + "\n").encode(encodings[name]) for name, lines in files.items()}
    return written, folders, expected


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
