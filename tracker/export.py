"""`tracker export`: the whole record for other tools, in one of five formats.

Every format is drawn from one export model (`model.build`), which is also
the JSON export, so they all say the same thing: meetings with their sources
and paragraphs, commitments with their computed status and recurrence, and
mentions with the text of the paragraphs they cite, all as of a date.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

from tracker import files
from tracker.model import MEETINGS_FILE

FORMATS = ("json", "csv", "markdown", "html", "sqlite")
TO_DIRECTORY = ("csv",)
BINARY = ("sqlite",)
RECORD_FOLDERS = ("data", "seeds")


def render(fmt: str, data: dict) -> bytes:
    """A single-file format as bytes (its renderer imported only when asked for)."""
    if fmt in TO_DIRECTORY:
        raise ValueError(f"{fmt} is a folder of files, not one")
    return importlib.import_module(f"tracker.render.{fmt}").render(data)


def write(fmt: str, data: dict, path: Path, *, force: bool, root: Path | None = None) -> None:
    """Write the export to `path` atomically; replace an earlier export only if `force`.

    Raise files.WriteError when it cannot be written, or when `path` is part
    of the record at `root`.
    """
    path = Path(path)
    if root is not None:
        _refuse_the_record(root, path)
    if fmt in TO_DIRECTORY:
        from tracker.render import csv as csv_format

        files.write_folder(path, csv_format.render(data), overwrite=force)
    else:
        files.atomic_write(path, render(fmt, data), overwrite=force)


def _refuse_the_record(root: Path, path: Path) -> None:
    """An export never lands in data/ or seeds/, nor replaces them or the root."""
    target = Path(os.path.realpath(path))
    home = Path(os.path.realpath(root))
    if target == home:
        raise files.WriteError(f"cannot write {path}: it is the record's root, the folder of {MEETINGS_FILE}")
    for name in RECORD_FOLDERS:
        if target.is_relative_to(home / name):
            where = "" if target == home / name else "inside "
            raise files.WriteError(f"cannot write {path}: it is {where}the record's {name}/ folder; export elsewhere")
