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
from collections.abc import Iterator
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
    stream = stream or sys.stdout
    command = pager_command() if stream.isatty() else None
    height = shutil.get_terminal_size().lines
    if command is None or text.count("\n") < height:
        stream.write(text)
        return
    environment = {**os.environ, "LESS": os.environ.get("LESS", "FRX")}
    try:
        subprocess.run(command, input=text.encode("utf-8", "replace"), env=environment, check=False)
    except OSError:
        stream.write(text)
