"""Signs of life on a terminal: a spinner for slow work, a pager for long output.

Both only where a person is watching (a terminal), and both the way users
already set them: the pager is `$TRACKER_PAGER`, else `$PAGER`, else
`less -FRX` (as git does: it quits when the text fits one screen); an empty
value or `cat` turns it off.
"""

from __future__ import annotations

import codecs
import contextlib
import itertools
import os
import shlex
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

SPINNER_AFTER_SECONDS = 1.0
FRAME_SECONDS = 0.08
FRAMES = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
"""rich's "dots", drawn as its status drew them: a frame every 80 ms."""
ASCII_FRAMES = "-\\|/"
"""For a terminal whose encoding has no braille (rich's "line")."""
HIDE_CURSOR, SHOW_CURSOR, CLEAR_LINE = b"\x1b[?25l", b"\x1b[?25h", b"\r\x1b[2K"


@contextmanager
def spinner(message: str, stream=None) -> Iterator[None]:
    """A spinner on a terminal's stderr while work that takes over a second runs; nothing otherwise.

    Drawn from SIGALRM where it can be (POSIX, the main thread, no timer of someone else's): no
    thread runs meanwhile, so the work may still fork (`tracker/split.py` will not fork beside
    other threads). Elsewhere a thread draws it.
    """
    stream = stream or sys.stderr
    if not stream.isatty():
        yield
        return
    descriptor = _alarm_descriptor(stream)
    context: contextlib.AbstractContextManager[None] = (
        _threaded(message, stream) if descriptor is None else _AlarmSpinner(message, stream, descriptor)
    )
    with context:
        yield


def _alarm_descriptor(stream) -> int | None:
    """The stream's file descriptor when the spinner can be drawn from SIGALRM, else None."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return None
    if signal.getitimer(signal.ITIMER_REAL) != (0.0, 0.0):  # the timer is someone else's
        return None
    try:
        return stream.fileno()
    except (AttributeError, OSError, ValueError):
        return None


class _AlarmSpinner:
    """The spinner drawn by a SIGALRM handler on an interval timer, in the main thread.

    A process made by fork() does not inherit its parent's interval timers (setitimer(2), "a child
    created via fork(2) does not inherit its parent's interval timers"), and CPython clears a signal
    caught but not yet handled in the child: a child of the work never draws, nor is it interrupted.
    """

    def __init__(self, message: str, stream, descriptor: int):
        self.stream, self.descriptor = stream, descriptor
        self.frames = itertools.cycle(_drawn_frames(message, stream, descriptor))
        self.done = self.shown = False
        self.previous: Any = None

    def __enter__(self) -> None:
        self.stream.flush()  # what was written before comes before the spinner
        self.previous = signal.signal(signal.SIGALRM, self._draw)
        signal.siginterrupt(signal.SIGALRM, False)  # system calls restart, even in C code that would not retry
        signal.setitimer(signal.ITIMER_REAL, SPINNER_AFTER_SECONDS, FRAME_SECONDS)

    def __exit__(self, *exception: object) -> None:
        self.done = True  # a signal already caught draws nothing now
        signal.setitimer(signal.ITIMER_REAL, 0)  # as it was: only an unset timer is taken (`_alarm_descriptor`)
        signal.signal(signal.SIGALRM, signal.SIG_DFL if self.previous is None else self.previous)
        if self.shown:
            self.stream.flush()
            _write(self.descriptor, CLEAR_LINE + SHOW_CURSOR)

    def _draw(self, _signal: int, _frame: Any) -> None:
        """The next frame. It runs between any two bytecodes of the work, perhaps in the middle of a
        buffered write to the stream: it writes to the descriptor, and it never raises."""
        if self.done:
            return
        first, self.shown = not self.shown, True
        _write(self.descriptor, (HIDE_CURSOR if first else b"") + next(self.frames))


def _write(descriptor: int, data: bytes) -> None:
    """`data` to a terminal, unbuffered; a terminal that went away is not the work's failure."""
    with contextlib.suppress(OSError):
        os.write(descriptor, data)


def _drawn_frames(message: str, stream, descriptor: int) -> list[bytes]:
    """Each frame as written: the line cleared, the frame (green where colour is on), the message
    cut to the terminal's width, all in the terminal's encoding."""
    from tracker.render.colour import styling

    encoding = getattr(stream, "encoding", None) or "ascii"
    try:
        codecs.lookup(encoding)
    except LookupError:
        encoding = "ascii"
    frames = FRAMES if _can_show(FRAMES, encoding) else ASCII_FRAMES
    width = shutil.get_terminal_size().columns
    with contextlib.suppress(OSError):
        width = os.get_terminal_size(descriptor).columns or width  # 0: a terminal that never said
    text = " " + message[: max(width - 3, 0)]
    green = ("\x1b[32m", "\x1b[0m") if styling(stream).colour else ("", "")
    return [CLEAR_LINE + f"{green[0]}{frame}{green[1]}{text}".encode(encoding, "replace") for frame in frames]


def _can_show(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


@contextmanager
def _threaded(message: str, stream) -> Iterator[None]:
    """The spinner drawn by rich's status, after a timer: threads, where no signal can draw it."""
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
