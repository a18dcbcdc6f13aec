"""Whether output is styled: one decision for `check`'s plain ANSI and the reports' rich.

`tracker check` writes its ANSI by hand and never imports rich (start-up), so
the conventions rich follows are written out here, and the reports' console
is built from the same answer (`terminal.console`):

- TTY_COMPATIBLE=1 or 0, else FORCE_COLOR (set and non-empty), say whether the
  stream counts as a terminal whatever `isatty` says: FORCE_COLOR=1 styles
  piped output, as a CI log wants;
- TERM=dumb (or unknown) has no styling at all;
- NO_COLOR (set and non-empty) drops colour and nothing else: bold stays.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import NamedTuple


class Styling(NamedTuple):
    bold: bool
    colour: bool


NONE = Styling(bold=False, colour=False)


def is_terminal(stream, environ: Mapping[str, str] | None = None) -> bool:
    """Whether `stream` is written as a terminal: laid out to its width, and styled."""
    environ = os.environ if environ is None else environ
    compatible = environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "1"
    forced = environ.get("FORCE_COLOR")
    if forced is not None:
        return forced != ""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or a closed stream: not a terminal
        return False


def styling(stream, environ: Mapping[str, str] | None = None) -> Styling:
    """How output to `stream` is styled, by the conventions above."""
    environ = os.environ if environ is None else environ
    if not is_terminal(stream, environ) or environ.get("TERM", "").lower() in ("dumb", "unknown"):
        return NONE
    return Styling(bold=True, colour=environ.get("NO_COLOR", "") == "")
