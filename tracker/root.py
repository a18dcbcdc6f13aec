"""Find the root: the directory that holds data/meetings.yaml (SPEC section 2)."""

from __future__ import annotations

import os
from pathlib import Path

from tracker.model import MEETINGS_FILE

ENV_VAR = "TRACKER_ROOT"


class RootNotFound(Exception):
    pass


def find_root(explicit: Path | None = None, cwd: Path | None = None) -> Path:
    """`--root`, else $TRACKER_ROOT, else the nearest directory upwards holding the data."""
    given = explicit or (Path(os.environ[ENV_VAR]) if os.environ.get(ENV_VAR) else None)
    if given is not None:
        if (given / MEETINGS_FILE).is_file():
            return given
        origin = "--root" if explicit else f"${ENV_VAR}"
        raise RootNotFound(f"{origin} {given} has no {MEETINGS_FILE}")
    start = (cwd or Path.cwd()).absolute()
    for folder in (start, *start.parents):
        if (folder / MEETINGS_FILE).is_file():
            return folder
    raise RootNotFound(f"no {MEETINGS_FILE} in {start} or any folder above it; pass --root or set ${ENV_VAR}")
