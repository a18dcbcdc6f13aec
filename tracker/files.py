"""Writing files: atomically, one implementation for every writer.

A write goes to a temporary beside its target (`.NAME.XXXXXXXX.tmp`), is
flushed to disk and renamed into place, so a crash leaves the old file or the
new one, never half of one. A writer holds an advisory lock on its temporary
while it lives: a temporary that nobody holds was left by a writer that died,
and the next write of that target removes it.

Only regular files are replaced, and a folder only when it holds nothing but
the files that would replace it. Every OSError becomes a WriteError whose
message is one line naming the path and the reason.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: writers run unlocked there
    fcntl = None  # type: ignore[assignment]


class WriteError(Exception):
    """A write that cannot happen; the message names the path and the reason, in one line."""


_REASONS = {
    errno.ENOENT: "no such file or folder",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EISDIR: "it is a directory",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.ENAMETOOLONG: "the name is too long",
    errno.ELOOP: "too many levels of symbolic links",
    errno.EIO: "input/output error",
    errno.EXDEV: "it is on another file system",
}


def reason(error: OSError) -> str:
    """An OSError in words, without the path (the message names it once)."""
    return _REASONS.get(error.errno or 0) or (error.strerror or str(error)).lower()


def failure(path: Path | str, error: OSError, doing: str = "write") -> WriteError:
    return WriteError(f"cannot {doing} {path}: {reason(error)}")


def what_is(mode: int) -> str | None:
    """What a file of this mode is, in words; None for a regular file."""
    for test, name in (
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return None if stat.S_ISREG(mode) else "not a regular file"


# Writing one file ------------------------------------------------------------------


def atomic_write(path: Path | str, data: bytes | Iterable[bytes], *, overwrite: bool) -> None:
    """Write `data` (bytes, or pieces of bytes) to `path` atomically; replace a regular file only if `overwrite`.

    Pieces are written as they come, so a large file need not be held in memory whole.
    """
    path = Path(path)
    check_target(path, overwrite=overwrite)
    try:
        remove_stale(path)
        with _temporary(path) as (temporary, handle):
            _write_pieces(handle, data)
            os.fsync(handle)
            _install(temporary, path, overwrite)
        _sync_folder(path.parent)
    except OSError as error:
        raise failure(path, error) from None


def atomic_build(path: Path | str, build: Callable[[str], None], *, overwrite: bool) -> None:
    """Make `path` atomically with `build(name)`, which writes the file at `name` (an empty
    temporary beside `path`) by its name: for writers, like SQLite, that open a file themselves.

    The file is built on disk as it grows, never held in memory whole.
    """
    path = Path(path)
    check_target(path, overwrite=overwrite)
    try:
        remove_stale(path)
        with _temporary(path) as (temporary, handle):
            build(temporary)
            os.fsync(handle)
            _install(temporary, path, overwrite)
        _sync_folder(path.parent)
    except OSError as error:
        raise failure(path, error) from None


def check_target(path: Path, *, overwrite: bool) -> None:
    """Raise WriteError unless `path` can be written: its folder exists, and it is absent or a
    regular file to `overwrite`."""
    try:
        _check_folder(path)
        _refuse_existing_file(path, overwrite)
    except OSError as error:
        raise failure(path, error) from None


def _refuse_existing_file(path: Path, overwrite: bool) -> None:
    existing = _lstat(path)
    if existing is None:
        return
    other = what_is(existing.st_mode)
    if other:
        raise WriteError(f"cannot write {path}: it is {other}; only a regular file is ever replaced")
    if not overwrite:
        raise WriteError(f"{path} already exists (pass --force to replace it)")


def _write_pieces(handle: int, data: bytes | Iterable[bytes]) -> None:
    for piece in [data] if isinstance(data, bytes) else data:
        view = memoryview(piece)
        while view:
            view = view[os.write(handle, view) :]


def _install(temporary: str, path: Path, overwrite: bool) -> None:
    if overwrite:
        os.replace(temporary, path)
        return
    try:
        os.link(temporary, path)  # unlike a rename, fails if `path` appeared meanwhile
    except FileExistsError:
        raise WriteError(f"{path} already exists (pass --force to replace it)") from None
    os.unlink(temporary)


# Writing a folder of files -----------------------------------------------------------


def write_folder(
    path: Path | str, names: Collection[str], pieces: Iterable[tuple[str, bytes]], *, overwrite: bool
) -> None:
    """Write a folder of the files `names` at `path`, built beside it and renamed into place.

    `pieces` are (name, bytes) pairs, each appended to its file as it comes: the
    files are written side by side, so a writer makes them all in one pass over
    what it reads, and none is held in memory whole. A file no piece names is
    written empty. The folder replaces nothing unless every file was written.

    An existing folder is replaced only if `overwrite` and if it holds nothing
    but regular files named as in `names`: the files an earlier write made.
    """
    path = Path(path)
    try:
        _check_folder(path)
        _refuse_existing_folder(path, overwrite, names)
        remove_stale(path)
        with _temporary(path, folder=True) as (staging, _):
            _write_side_by_side(staging, names, pieces)
            _swap_folder(staging, path)
        _sync_folder(path.parent)
    except OSError as error:
        raise failure(path, error) from None


def _refuse_existing_folder(path: Path, overwrite: bool, contents: Collection[str]) -> None:
    existing = _lstat(path)
    if existing is None:
        return
    if not stat.S_ISDIR(existing.st_mode):
        other = what_is(existing.st_mode) or "a file"
        raise WriteError(f"cannot write {path}: it is {other}, not a folder of tables of an earlier export")
    if not overwrite:
        raise WriteError(f"{path} already exists (pass --force to replace it)")
    strangers = sorted(
        entry.name
        for entry in os.scandir(path)
        if entry.name not in contents or not entry.is_file(follow_symlinks=False)
    )
    if strangers:
        raise WriteError(f"cannot replace {path}: it holds {names(strangers)}, which an export did not write")


def _write_side_by_side(folder: str, names: Collection[str], pieces: Iterable[tuple[str, bytes]]) -> None:
    """Each of `names` made new in `folder`, and each piece appended to its file; all flushed to disk."""
    handles: dict[str, int] = {}
    try:
        for name in names:
            handles[name] = os.open(os.path.join(folder, name), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        for name, piece in pieces:
            _write_pieces(handles[name], piece)
        for handle in handles.values():
            os.fsync(handle)
    finally:
        for handle in handles.values():
            os.close(handle)


def _swap_folder(staging: str, path: Path) -> None:
    """Put `staging` at `path`; an existing folder is moved aside first and then removed.

    A crash between the two renames leaves no folder at `path` (and both
    temporaries for the next write to remove), never a half-written one.
    """
    if _lstat(path) is None:
        os.rename(staging, path)
        return
    with _held(str(path)):
        aside = tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        os.rename(path, aside)  # a folder renamed onto an empty folder replaces it
        try:
            os.rename(staging, path)
        except OSError:
            os.rename(aside, path)
            raise
    shutil.rmtree(aside, ignore_errors=True)


# Temporaries, and what killed writers leave behind -----------------------------------


@contextmanager
def _temporary(path: Path, *, folder: bool = False) -> Iterator[tuple[str, int]]:
    """A temporary file (or folder) beside `path`, locked while it lives, removed unless installed."""
    prefix, directory = f".{path.name}.", path.parent
    for _ in range(100):
        if folder:
            name = tempfile.mkdtemp(dir=directory, prefix=prefix, suffix=".tmp")
            handle = os.open(name, os.O_RDONLY | os.O_DIRECTORY)
        else:
            handle, name = tempfile.mkstemp(dir=directory, prefix=prefix, suffix=".tmp")
        _lock(handle)
        if _still_named(name, handle):
            break  # a cleaner did not take it between creating and locking
        os.close(handle)
    else:  # pragma: no cover - a hundred lost races
        raise OSError(errno.EAGAIN, "temporary files keep vanishing")
    try:
        os.chmod(name, mode_for(path, folder))
        yield name, handle
    finally:
        os.close(handle)
        _remove(name)


def _still_named(name: str, handle: int) -> bool:
    existing = _lstat(Path(name))
    return existing is not None and existing.st_ino == os.fstat(handle).st_ino


def _stale_pattern(name: str) -> re.Pattern:
    # mkstemp's and mkdtemp's random part: 8 characters of [a-z0-9_]
    return re.compile(re.escape(f".{name}.") + r"[a-z0-9_]{8}\.tmp\Z")


def remove_stale(path: Path, *, any_name: bool = False) -> None:
    """Remove the temporaries of writes of `path` whose writer died (nobody holds their lock).

    With `any_name`, those of every file in `path`'s folder (a folder only
    tracker writes to, like seeds/).
    """
    folder = path if any_name else path.parent
    pattern = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp\Z") if any_name else _stale_pattern(path.name)
    try:
        entries = [entry for entry in os.scandir(folder) if pattern.match(entry.name)]
    except OSError:
        return
    for entry in entries:
        with suppress(OSError), _held(entry.path, wait=False):
            _remove(entry.path)


@contextmanager
def _held(name: str, wait: bool = True) -> Iterator[None]:
    """Hold the advisory lock of file or folder `name`; raise BlockingIOError if busy and not `wait`."""
    handle = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        _lock(handle, wait)
        yield
    finally:
        os.close(handle)


def _lock(handle: int, wait: bool = True) -> None:
    if fcntl is not None:
        fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))


def _remove(name: str) -> None:
    status = _lstat(Path(name))
    if status is None:
        return
    if stat.S_ISDIR(status.st_mode):
        shutil.rmtree(name, ignore_errors=True)
    else:
        with suppress(FileNotFoundError):
            os.unlink(name)


# The record's lock ------------------------------------------------------------------

LOCK_TIMEOUT = 60.0


@contextmanager
def record_lock(folder: Path) -> Iterator[None]:
    """Hold the advisory lock of the record whose data lives in `folder` (its data/).

    Every writer of the record holds it from reading to writing, so two
    writers at once never plan from the same old text. It is a `flock` on the
    folder itself: no lock file to commit, and the system releases it when the
    holder dies, however it dies.
    """
    try:
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as error:
        raise failure(folder, error, "lock") from None
    try:
        _wait_for_lock(handle, folder, LOCK_TIMEOUT)
        yield
    finally:
        os.close(handle)


def _wait_for_lock(handle: int, folder: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            _lock(handle, wait=False)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise WriteError(
                    f"cannot lock {folder}: another tracker has been writing the record for a minute"
                ) from None
            time.sleep(0.02)
        except OSError as error:
            raise failure(folder, error, "lock") from None


# Small helpers -------------------------------------------------------------------------


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None


def _check_folder(path: Path) -> None:
    """Refuse a target whose folder is missing or is not a folder, saying so."""
    folder = path.parent
    try:
        if not stat.S_ISDIR(os.stat(folder).st_mode):
            raise WriteError(f"cannot write {path}: {folder} is not a folder")
    except FileNotFoundError:
        raise WriteError(f"cannot write {path}: the folder {folder} does not exist") from None


def _sync_folder(folder: Path) -> None:
    """Flush the folder's entries, so that a rename survives a power cut."""
    with suppress(OSError):
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def mode_for(path: Path, folder: bool = False) -> int:
    """The mode for `path`: the existing file's, else what the umask allows."""
    existing = _lstat(path)
    if existing is not None:
        return existing.st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return (0o777 if folder else 0o666) & ~umask


def names(entries: Iterable[str]) -> str:
    """A short list of names for a message: the first three and how many more."""
    items = list(entries)
    return ", ".join(items[:3]) + (f" and {len(items) - 3} more" if len(items) > 3 else "")
