"""Writing files: atomically, one implementation for every writer.

A write goes to a temporary file in the same directory, is flushed to disk,
and is renamed into place, so a crash leaves the old file or the new one,
never half of one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


class WriteError(Exception):
    pass


def atomic_write(path: Path, data: bytes | Iterable[bytes], *, overwrite: bool) -> None:
    """Write `data` (bytes, or pieces of bytes) to `path` atomically; refuse an existing file unless `overwrite`.

    Pieces are written as they come, so a large file need not be held in memory whole.
    """
    if not overwrite and path.exists():
        raise WriteError(f"{path} already exists (pass --force to replace it)")
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(temporary, file_mode(path))
        with os.fdopen(handle, "wb") as stream:
            for piece in [data] if isinstance(data, bytes) else data:
                stream.write(piece)
            stream.flush()
            os.fsync(stream.fileno())
        if overwrite:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)  # fails if `path` appeared meanwhile
            os.unlink(temporary)
    except FileExistsError:
        os.unlink(temporary)
        raise WriteError(f"{path} already exists (pass --force to replace it)") from None
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def file_mode(path: Path, directory: bool = False) -> int:
    """The mode for `path`: the existing file's, else what the umask allows."""
    if path.exists():
        return path.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return (0o777 if directory else 0o666) & ~umask
