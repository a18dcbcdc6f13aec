"""Signs of life on a terminal: a spinner for slow work, a pager for long output.

Both only where a person is watching (a terminal), and both the way users
already set them: the pager is `$TRACKER_PAGER`, else `$PAGER`, else
`less -FRX` (as git does: it quits when the text fits one screen); an empty
value or `cat` turns it off.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

SPINNER_AFTER_SECONDS = 1.0


@contextmanager
def spinner(message: str, stream=None) -> Iterator[None]:
    """A spinner on a terminal's stderr while work that takes over a second runs; nothing otherwise."""
    stream = stream or sys.stderr
    if not stream.isatty():
        yield
        return
    lock = threading.Lock()
    state: dict = {"done": False, "status": None}

    def start() -> None:
        from rich.console import Console

        with lock:
            if not state["done"]:  # a timer that fires as the work ends starts nothing
                state["status"] = Console(file=stream).status(message)
                state["status"].start()

    timer = threading.Timer(SPINNER_AFTER_SECONDS, start)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            state["done"] = True
            if state["status"] is not None:
                state["status"].stop()


def pager_command() -> list[str] | None:
    """The pager to run, or None when paging is off or there is none."""
    chosen = os.environ.get("TRACKER_PAGER", os.environ.get("PAGER", "less -FRX"))
    words = shlex.split(chosen) if chosen.strip() else []
    if not words or words[0] == "cat" or shutil.which(words[0]) is None:
        return None
    return words


def page(text: str, stream=None) -> None:
    """`text` through the pager when it is longer than the terminal, else straight out."""
    with paged(stream) as write:
        write(text)


@contextmanager
def paged(stream=None) -> Iterator[Callable[[str], None]]:
    """A writer that sends what it is given through the pager once it outgrows the terminal, else
    straight out: a long report streams into the pager as it is laid out, never held whole."""
    stream = stream or sys.stdout
    command = pager_command() if stream.isatty() else None
    if command is None:
        yield stream.write
        return
    pager = _Pager(command, shutil.get_terminal_size().lines, stream)
    try:
        yield pager.write
    finally:
        pager.close()


class _Pager:
    """Holds text until it is a screen long, then starts the pager and feeds it the rest as it comes."""

    def __init__(self, command: list[str], height: int, stream):
        self.command, self.height, self.stream = command, height, stream
        self.held: list[str] = []
        self.lines = 0
        self.process: subprocess.Popen | None = None
        self.straight = False  # no pager would start: straight out
        self.quit = False  # the reader quit the pager: the rest is not wanted

    def write(self, text: str) -> None:
        if self.straight:
            self.stream.write(text)
        elif self.process is not None:
            self._feed(text)
        else:
            self.held.append(text)
            self.lines += text.count("\n")
            if self.lines >= self.height:
                self._start()

    def _start(self) -> None:
        environment = {**os.environ, "LESS": os.environ.get("LESS", "FRX")}
        held, self.held = "".join(self.held), []
        try:
            self.process = subprocess.Popen(self.command, stdin=subprocess.PIPE, env=environment)
        except OSError:
            self.straight = True
            self.stream.write(held)
            return
        self._feed(held)

    def _feed(self, text: str) -> None:
        if self.quit or self.process is None or self.process.stdin is None:
            return
        try:
            self.process.stdin.write(text.encode("utf-8", "replace"))
        except OSError:  # a broken pipe among them
            self.quit = True

    def close(self) -> None:
        if self.process is None:
            self.stream.write("".join(self.held))
            return
        try:
            if self.process.stdin is not None:
                self.process.stdin.close()
        except OSError:
            pass
        self.process.wait()
