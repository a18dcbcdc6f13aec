"""`tracker check` as a library call: load a root, run every check, sort the problems."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tracker import checks, loader
from tracker.model import Record
from tracker.problems import ERROR, WARNING, Problem


@dataclass(frozen=True)
class CheckResult:
    record: Record
    problems: list[Problem]

    @property
    def errors(self) -> int:
        return sum(1 for found in self.problems if found.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for found in self.problems if found.severity == WARNING)

    def passed(self, strict: bool = False) -> bool:
        return self.errors == 0 and not (strict and self.warnings)


@contextmanager
def collector_paused():
    """Pause the cyclic garbage collector while a record is built.

    Loading allocates hundreds of thousands of objects and keeps most of
    them, so the collector would rescan a growing heap over and over for
    cycles that loading does not make: a third of the run on a large record.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def check(root: Path) -> CheckResult:
    """Every problem of the record under `root`, in file, line and column order."""
    with collector_paused():
        loaded = loader.load(root)
        problems = loaded.problems + checks.run(loaded.record)
    problems.sort(key=Problem.sort_key)
    return CheckResult(loaded.record, problems)


class InvalidRecord(Exception):
    """Reports refuse a record with errors: their numbers would be wrong."""

    def __init__(self, errors: int):
        super().__init__(
            f"the record has {errors} error{'' if errors == 1 else 's'}; run `tracker check` to see and fix them"
        )
        self.errors = errors


def load_valid(root: Path) -> Record:
    """The record under `root`, checked; raise InvalidRecord if it has errors."""
    result = check(root)
    if result.errors:
        raise InvalidRecord(result.errors)
    return result.record
