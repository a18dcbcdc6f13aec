"""Stop a writer at every step: kill this process at its Nth filesystem call.

The SIGKILL tests run `tracker` through `PROGRAM` with TRACKER_KILL_AT=N: the
calls below that change something are counted (an `open` that only reads is
not: dying before it is dying after the change before it), and the Nth is
never made, because the process dies first, as it would under `kill -9` at
that moment.
"""

from __future__ import annotations

import os
import signal

CALLS = ("open", "write", "fsync", "replace", "rename", "link", "unlink", "mkdir", "rmdir", "chmod")

PROGRAM = (
    "import os, sys; sys.path.insert(0, os.environ['TRACKER_KILLPOINTS']); import killpoints; "
    "killpoints.install(int(os.environ['TRACKER_KILL_AT'])); sys.argv[0] = 'tracker'; "
    "from tracker.cli import main; main()"
)


def install(at: int) -> None:
    count = 0

    def counted(name: str):
        real = getattr(os, name)

        def call(*args, **kwargs):
            nonlocal count
            if name == "open" and not args[1] & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
                return real(*args, **kwargs)
            count += 1
            if count == at:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)

        return call

    for name in CALLS:
        setattr(os, name, counted(name))
