"""The checks of `tracker check`: plain functions from a loaded record to problems.

Each module documents the codes it reports in its docstring. The loader
reports the structural codes (yaml-syntax, duplicate-key, missing-field,
unknown-field, bad-value, no-mentions and the source-reading ones) before
any check runs; checks skip whatever the loader left as None.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from tracker.checks import aliases, ids, quotes, references, source_changed, status
from tracker.model import Record
from tracker.problems import Problem

Check = Callable[[Record], Iterable[Problem]]

CHECKS: tuple[Check, ...] = (
    ids.check,
    references.check,
    source_changed.check,
    quotes.check,
    status.check,
    aliases.check,
)


def run(record: Record) -> list[Problem]:
    return [found for check in CHECKS for found in check(record)]
