"""Text a writer makes before its place in the output, kept on disk until then, not in memory.

A report whose sections come in another order than the reads that make them
would otherwise read the document twice (each read makes every commitment
again) or hold a section whole: written to a `Spill` as it is made, then
handed on in pieces where it belongs, it costs a write and a read of its
bytes, and memory stays flat.

An `Aside` has a section made into a spill by a second process, while this one
makes what comes before it: an export's two largest parts are made on two cores.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sized
from types import TracebackType
from typing import IO, Generic, TypeVar

from tracker import split
from tracker.files import failure

PIECE = 1 << 16  # characters handed on at a time: memory stays flat however small the record
BYTES_PIECE = 1 << 20  # bytes handed on at a time by `byte_pieces`


class Spill:
    """An anonymous temporary file of text: `write` as it is made, then `pieces` once. A context
    manager: the file is gone when the `with` ends, however it ends."""

    def __init__(self) -> None:
        # newline="": the text comes back exactly as written, a lone CR included; closed by __exit__
        self._file: IO[str]
        try:
            self._file = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")  # noqa: SIM115
            self.on_disk = True
        except OSError:  # no temporary folder takes a file: the text is held as the section would be unspilled
            self._file = io.StringIO(newline="")
            self.on_disk = False

    def write(self, text: str | bytes) -> None:
        """Add text, or bytes of UTF-8 text (written as they are, on disk)."""
        with _disk_full_said():
            if isinstance(text, str):
                self._file.write(text)
            elif isinstance(self._file, io.TextIOWrapper):
                self._file.flush()  # the text before them first
                self._file.buffer.write(text)
            else:
                self._file.write(text.decode("utf-8"))

    def write_all(self, pieces: Iterable[str | bytes]) -> None:
        for piece in pieces:
            self.write(piece)

    def flush(self) -> None:
        """Hand what is buffered to the file; a full disk is reported as a write's would be."""
        with _disk_full_said():
            self._file.flush()

    def restart(self) -> None:
        """Empty it, to be written again from the start."""
        self._file.seek(0)
        self._file.truncate()

    def pieces(self) -> Iterator[str]:
        """What was written, from the start, in pieces of about PIECE characters."""
        self._file.seek(0)
        while piece := self._file.read(PIECE):
            yield piece

    def byte_pieces(self) -> Iterator[bytes]:
        """What was written, from the start, as UTF-8 in pieces of about BYTES_PIECE bytes: on disk,
        the file's own bytes, handed on without decoding them and encoding them again."""
        if not isinstance(self._file, io.TextIOWrapper):
            yield from (piece.encode("utf-8") for piece in self.pieces())
            return
        self._file.flush()
        raw = self._file.buffer
        raw.seek(0)
        while piece := raw.read(BYTES_PIECE):
            yield piece

    def __enter__(self) -> Spill:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._file.close()


@contextlib.contextmanager
def _disk_full_said() -> Iterator[None]:
    """The temporary folder's disk full (or failing) as one line naming it, not the output meant."""
    try:
        yield
    except OSError as error:
        raise failure(f"a temporary file in {tempfile.gettempdir()}", error) from None


WORTH_MAKING_ASIDE = 1_000
"""Items from which a section is made by a second process (`Aside`): fewer, and forking costs more than it saves."""


def worth_making_aside(items: Sized) -> bool:
    """Whether a list of the document is long enough to be made aside: its `at_most` if it has one
    (`document.Items`), which does not work out the list to know."""
    count = getattr(items, "at_most", None)
    return (len(items) if count is None else count) >= WORTH_MAKING_ASIDE


Made = TypeVar("Made")


class Aside(Generic[Made]):
    """`make(*spills)` run by a forked child while this process goes on: it writes sections of the
    output into the `spills` and returns a small value (picklable: it comes back through a pipe).

    `take()` waits for the child and gives the value; then the sections are in `spills`. If no
    child can be had (no fork, other threads, no file on disk both processes can reach) or it
    fails, `make` runs here instead, into the spills emptied: the output is the same whoever makes
    it. A context manager: the child, if it still runs, and the files are gone when the `with` ends.
    """

    def __init__(self, make: Callable[..., Made], *, spills: int = 1, fork: bool = True):
        self._make = make
        self.spills = tuple(Spill() for _ in range(spills))
        on_disk = all(spill.on_disk for spill in self.spills)
        self._child = split.Child(self._made_in_child) if fork and on_disk else None

    def _made_in_child(self) -> tuple[list, ...]:
        value = self._make(*self.spills)
        for spill in self.spills:
            spill.flush()  # the child ends with os._exit, which would not flush them
        return ([value],)

    def take(self) -> Made:
        answer = self._child.result() if self._child is not None else None
        self._child = None
        if answer is None or len(answer[0]) != 1:  # no child, or it failed: made here, from the start
            for spill in self.spills:
                spill.restart()
            return self._make(*self.spills)
        return answer[0][0]

    def __enter__(self) -> Aside[Made]:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._child is not None:
            self._child.abandon()
            self._child = None
        for spill in self.spills:
            spill.__exit__(kind, error, trace)
