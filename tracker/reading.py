"""Reading a file the record names: everything is decided before the first byte.

A file under the root is read only when its real path (every symlink
resolved) stays inside the root and it is a regular file. It is then opened
without following a last link and without blocking, so that a FIFO swapped
in after the check can neither hang the read nor be read; its type is checked
again on the open descriptor; and at most `limit` bytes are ever taken, so no
file (a device, a huge file, one that grows) can exhaust the check.

Every way of failing is an `Unreadable` with the reason in words; nothing
here raises an OSError.
"""

from __future__ import annotations

import errno
import os
import stat

from tracker import files
from tracker.files import what_is

MEGABYTE = 1024 * 1024
MAX_YAML_BYTES = 64 * MEGABYTE
MAX_SOURCE_BYTES = 16 * MEGABYTE

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)

# Why a file was not read, as the callers sort them into problem codes.
MISSING, DANGLING, OUTSIDE, NOT_REGULAR, FAILED, TOO_LARGE = (
    "missing",
    "dangling",
    "outside",
    "not-regular",
    "failed",
    "too-large",
)


class Unreadable(Exception):
    """A file that was not read: `why` (one of the constants above) and `reason` in words."""

    def __init__(self, why: str, reason: str):
        super().__init__(reason)
        self.why = why
        self.reason = reason


def real_root(root: os.PathLike | str) -> str:
    """The root's real path, the one containment is judged against."""
    return os.path.realpath(root)


def read_inside(root: str, relative: str, limit: int, folders: dict[str, str] | None = None) -> bytes:
    """The bytes of `root/relative`, a regular file inside `root` (a real path); raise Unreadable.

    `folders` (see `resolve_inside`) is kept by a caller that reads many files.
    """
    real = resolve_inside(root, relative, folders)
    try:
        handle = os.open(real, _OPEN_FLAGS)
    except OSError as error:
        raise Unreadable(FAILED, f"cannot be read ({files.reason(error)})") from None
    try:
        return _read_regular(handle, limit)
    except OSError as error:
        raise Unreadable(FAILED, f"cannot be read ({files.reason(error)})") from None
    finally:
        os.close(handle)


def resolve_inside(root: str, relative: str, folders: dict[str, str] | None = None) -> str:
    """The real path of `root/relative` if it is a regular file inside `root`; raise Unreadable.

    `folders` keeps the real path of each folder resolved, for the next file
    in it (thousands of sources in one folder): see `_real_path`.
    """
    if "\0" in relative:
        raise Unreadable(FAILED, "is not a possible path (it holds a NUL character)")
    path = os.path.join(root, relative)
    try:
        real = _real_path(path, folders)
        mode = os.lstat(real).st_mode
    except (OSError, ValueError) as error:
        raise _unresolved(path, error) from None
    if real != root and not real.startswith(root.rstrip(os.sep) + os.sep):
        raise Unreadable(OUTSIDE, "is a symlink leading out of the root")
    other = what_is(mode)
    if other:
        raise Unreadable(NOT_REGULAR, f"is {other}, not a regular file")
    return real


def _real_path(path: str, folders: dict[str, str] | None) -> str:
    """`os.path.realpath(path, strict=True)`, its folder's real path taken from `folders` when held.

    Resolving a path looks at every folder above it; with its folder's real
    path known, only the last name is left, and a plain name there is the
    real path. A link there (or a last name `.`, `..`, none) is resolved in
    full, as before: what is read and what is refused are the same.
    """
    folder, name = os.path.split(path)
    if folders is None or name in ("", ".", ".."):
        return os.path.realpath(path, strict=True)
    real_folder = folders.get(folder)
    if real_folder is None:
        real_folder = folders[folder] = os.path.realpath(folder, strict=True)
    real = os.path.join(real_folder, name)
    if stat.S_ISLNK(os.lstat(real).st_mode):
        return os.path.realpath(path, strict=True)
    return real


def _unresolved(path: str, error: OSError | ValueError) -> Unreadable:
    if isinstance(error, ValueError):
        return Unreadable(FAILED, "is not a possible path")
    if error.errno == errno.ENOENT:
        if os.path.islink(path):
            return Unreadable(DANGLING, "is a symlink to a file that does not exist")
        return Unreadable(MISSING, "does not exist")
    if error.errno == errno.ELOOP:
        return Unreadable(FAILED, "cannot be read (a loop of symbolic links)")
    return Unreadable(FAILED, f"cannot be read ({files.reason(error)})")


def _read_regular(handle: int, limit: int) -> bytes:
    info = os.fstat(handle)
    other = what_is(info.st_mode)
    if other:  # swapped in between the check and the open
        raise Unreadable(NOT_REGULAR, f"is {other}, not a regular file")
    if info.st_size > limit:
        raise _too_large(limit)
    chunks, taken = [], 0
    while taken <= limit:
        chunk = os.read(handle, min(limit + 1 - taken, MEGABYTE) or 1)
        if not chunk:
            break
        chunks.append(chunk)
        taken += len(chunk)
    if taken > limit:  # it grew while it was read
        raise _too_large(limit)
    return b"".join(chunks)


def _too_large(limit: int) -> Unreadable:
    size = f"{limit // MEGABYTE} MB" if limit >= MEGABYTE else f"{limit} bytes"
    return Unreadable(TOO_LARGE, f"is larger than {size}, the most a file may hold; it was not read")
