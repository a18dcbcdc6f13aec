"""Text a writer makes before its place in the output, kept on disk until then, not in memory.

A report whose sections come in another order than the reads that make them
would otherwise read the document twice (each read makes every commitment
again) or hold a section whole: written to a `Spill` as it is made, then
handed on in pieces where it belongs, it costs a write and a read of its
bytes, and memory stays flat.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator
from types import TracebackType
from typing import IO

from tracker.files import failure

PIECE = 1 << 16  # characters handed on at a time: memory stays flat however small the record


class Spill:
    """An anonymous temporary file of text: `write` as it is made, then `pieces` once. A context
    manager: the file is gone when the `with` ends, however it ends."""

    def __init__(self) -> None:
        # newline="": the text comes back exactly as written, a lone CR included; closed by __exit__
        self._file: IO[str]
        try:
            self._file = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")  # noqa: SIM115
        except OSError:  # no temporary folder takes a file: the text is held as the section would be unspilled
            self._file = io.StringIO(newline="")

    def write(self, text: str) -> None:
        try:
            self._file.write(text)
        except OSError as error:  # the temporary folder's disk is full: say so, not which output was meant
            raise failure(f"a temporary file in {tempfile.gettempdir()}", error) from None

    def pieces(self) -> Iterator[str]:
        """What was written, from the start, in pieces of about PIECE characters."""
        self._file.seek(0)
        while piece := self._file.read(PIECE):
            yield piece

    def __enter__(self) -> Spill:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._file.close()
