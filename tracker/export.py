"""`tracker export`: the whole record for other tools, in one of five formats.

Every format is drawn from one export model (`model.build`), which is also
the JSON export, so they all say the same thing: meetings with their sources
and paragraphs, commitments with their computed status and recurrence, and
mentions with the text of the paragraphs they cite, all as of a date.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
from collections.abc import Iterator
from pathlib import Path

from tracker import files
from tracker.model import MEETINGS_FILE, Record
from tracker.render import csv as csv_format
from tracker.render import datasette

TO_DIRECTORY = ("csv",)
RECORD_FOLDERS = ("data", "seeds")
STREAMED = ("json", "markdown", "html")
"""Formats written in pieces as they are made (`module.pieces(data)`), never held whole."""
BUILT_ON_DISK = ("sqlite",)
"""Formats a library writes into a file by its name: built in a temporary beside the target."""


def document_for(fmt: str, record: Record, as_of: dt.date | None) -> dict:
    """The export document `fmt` is written from: for every format the streamed one (`document.stream`),
    each meeting and commitment made as it is read and not kept. Every format reads the commitments
    once (what it makes before its place in the output waits on disk, `render.spill`)."""
    from tracker.render import document

    return document.stream(record, as_of)


def pieces(fmt: str, data: dict) -> Iterator[bytes]:
    """A streamed format (STREAMED) as pieces of bytes, written as they are made, never held whole.

    The format's module, `tracker.render.<fmt>`, is imported when asked for: an
    html export does not load sqlite."""
    module = importlib.import_module(f"tracker.render.{fmt}")
    for piece in _batched(module.pieces(data)):
        yield piece if isinstance(piece, bytes) else piece.encode("utf-8")


def _batched(pieces: Iterator[str | bytes], size: int = 1 << 20) -> Iterator[str | bytes]:
    """Small pieces of text joined into about `size` characters: fewer writes, still little held.
    Bytes (a section made aside, `spill.Aside`, already UTF-8) are handed on as they come."""
    held: list[str] = []
    count = 0
    for piece in pieces:
        if isinstance(piece, bytes):
            if held:
                yield "".join(held)
                held, count = [], 0
            yield piece
            continue
        held.append(piece)
        count += len(piece)
        if count >= size:
            yield "".join(held)
            held, count = [], 0
    if held:
        yield "".join(held)


def write(
    fmt: str,
    data: dict,
    path: Path,
    *,
    force: bool,
    excel: bool = False,
    datasette_metadata: Path | None = None,
    root: Path | None = None,
) -> None:
    """Write the export to `path` atomically; replace an earlier export only if `force`.

    `excel` (csv only) writes tables that Excel opens as UTF-8. With
    `datasette_metadata` (sqlite only), also write Datasette's metadata for
    the database there; both targets are checked before either is written.
    Raise files.WriteError when a target cannot be written, or is part of
    the record at `root`.
    """
    path = Path(path)
    metadata = Path(datasette_metadata) if datasette_metadata is not None else None
    for target in (path, metadata):
        if target is not None and root is not None:
            _refuse_the_record(root, target)
    if metadata is not None:
        files.check_target(metadata, overwrite=force)  # the database's own write checks its target
    if fmt in TO_DIRECTORY:
        files.write_folder(path, csv_format.COLUMNS, csv_format.render(data, excel=excel), overwrite=force)
    elif fmt in BUILT_ON_DISK:
        from tracker.render import sqlite

        files.atomic_build(path, lambda name: sqlite.write(data, name), overwrite=force)
    else:
        files.atomic_write(path, pieces(fmt, data), overwrite=force)
    if metadata is not None:
        _write_datasette_metadata(data, path, metadata, force)


def _write_datasette_metadata(data: dict, database: Path, path: Path, force: bool) -> None:
    """Datasette names a database after its file's stem: `record.sqlite` is `record`."""
    files.atomic_write(path, datasette.render(data, database.stem), overwrite=force)


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
