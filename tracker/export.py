"""`tracker export`: the whole record for other tools, in one of five formats.

Every format is drawn from one export model (`model.build`), which is also
the JSON export, so they all say the same thing: meetings with their sources
and paragraphs, commitments with their computed status and recurrence, and
mentions with the text of the paragraphs they cite, all as of a date.
"""

from __future__ import annotations

import importlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from tracker import files

FORMATS = ("json", "csv", "markdown", "html", "sqlite")
TO_DIRECTORY = ("csv",)
BINARY = ("sqlite",)
STREAMED = ("json", "markdown", "html")
"""Formats written in pieces as they are made (`module.pieces(data)`), never held whole."""


def render(fmt: str, data: dict) -> bytes:
    """A single-file format as bytes: `tracker.render.<fmt>.render`, imported when asked for."""
    if fmt not in FORMATS or fmt in TO_DIRECTORY:  # pragma: no cover - csv is a directory, see _write_directory
        raise ValueError(fmt)
    return importlib.import_module(f"tracker.render.{fmt}").render(data)


def pieces(fmt: str, data: dict) -> Iterator[bytes]:
    """A single-file format as pieces of bytes, written as they are made where the format allows it."""
    if fmt in STREAMED:
        module = importlib.import_module(f"tracker.render.{fmt}")
        for piece in _batched(module.pieces(data)):
            yield piece.encode("utf-8")
    else:
        yield render(fmt, data)


def _batched(pieces: Iterator[str], size: int = 1 << 20) -> Iterator[str]:
    """Small pieces joined into about `size` characters: fewer writes, still little held."""
    held: list[str] = []
    count = 0
    for piece in pieces:
        held.append(piece)
        count += len(piece)
        if count >= size:
            yield "".join(held)
            held, count = [], 0
    if held:
        yield "".join(held)


def write(
    fmt: str, data: dict, path: Path, *, force: bool, excel: bool = False, datasette_metadata: Path | None = None
) -> None:
    """Write the export to `path` atomically; refuse to replace it unless `force`.

    `excel` (csv only) writes tables that Excel opens as UTF-8. With
    `datasette_metadata` (sqlite only), also write Datasette's metadata for
    the database there; both targets are checked before either is written.
    """
    path = Path(path)
    if datasette_metadata is not None:
        _refuse_existing(Path(datasette_metadata), force)
    if fmt in TO_DIRECTORY:
        _write_directory(data, path, force, excel)
    elif fmt == "sqlite":
        _write_sqlite(data, path, force)
    else:
        files.atomic_write(path, pieces(fmt, data), overwrite=force)
    if datasette_metadata is not None:
        _write_datasette_metadata(data, path, Path(datasette_metadata), force)


def _write_datasette_metadata(data: dict, database: Path, path: Path, force: bool) -> None:
    """Datasette names a database after its file's stem: `record.sqlite` is `record`."""
    from tracker.render import datasette

    files.atomic_write(path, datasette.render(data, database.stem), overwrite=force)


def _refuse_existing(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise files.WriteError(f"{path} already exists (pass --force to replace it)")


def _write_sqlite(data: dict, path: Path, force: bool) -> None:
    """Build the database beside `path`, then rename it into place."""
    from tracker.render import sqlite

    _refuse_existing(path, force)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    os.unlink(temporary)  # sqlite creates it
    try:
        sqlite.write(data, temporary)
        os.chmod(temporary, files.file_mode(path))
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _write_directory(data: dict, path: Path, force: bool, excel: bool) -> None:
    """Build the tables in a sibling directory, then rename it into place."""
    from tracker.render import csv as csv_format

    _refuse_existing(path, force)
    staging = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}."))
    try:
        os.chmod(staging, files.file_mode(path, directory=True))
        for name, rows in csv_format.tables(data).items():
            with open(staging / name, "w", encoding="utf-8", newline="") as table:
                csv_format.write_table(table, name, rows, excel=excel)
        if path.exists():
            old = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.old."))
            old.rmdir()
            path.rename(old)
            staging.rename(path)
            shutil.rmtree(old)
        else:
            staging.rename(path)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
