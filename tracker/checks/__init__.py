"""`tracker check`: load a root, run every check, sort the problems.

The checks are plain functions from a loaded record to problems.

Each module documents the codes it reports in its docstring. The loader
reports the structural codes (yaml-syntax, duplicate-key, missing-field,
unknown-field, bad-value, no-mentions and the source-reading ones) before
any check runs; checks skip whatever the loader left as None.

The loader also judges the files themselves, each entry on its own, so that
one entry that cannot be read never hides the others:

- file-unreadable (error): data/meetings.yaml, data/commitments/ or a
  `*.yaml` in it cannot be read, or is not what it must be. data/commitments/
  must be a folder (missing, a file, or not listable is an error); a
  `*.yaml` in it must be a regular file whose real path stays inside the
  root: a folder, a FIFO, a device, a socket, a loop of symbolic links, a
  symlink leading out of the root, a file larger than 64 MB, or one that
  cannot be opened (permission denied) is an error. Nothing is read before
  this is decided, and a FIFO never blocks the check.
- ignored-file (warning): an entry of data/commitments/ that is not read on
  purpose: a name that does not end in `.yaml` (whatever it is: a file, a
  folder, a link), or a `*.yaml` symlink to a file that does not exist (a
  file gone, like a deleted one). Subfolders are not read.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tracker import loader
from tracker.checks import ids, provenance, quotes, references, source_changed, status, uncited_alias
from tracker.model import Record
from tracker.problems import ERROR, WARNING, Problem

Check = Callable[[Record], Iterable[Problem]]

CHECKS: tuple[Check, ...] = (
    ids.check,
    references.check,
    source_changed.check,
    quotes.check,
    status.check,
    provenance.check,
    uncited_alias.check,
)


def run(record: Record) -> list[Problem]:
    return [found for check in CHECKS for found in check(record)]


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


def check(root: Path, documents: Mapping[str, bytes] | None = None) -> CheckResult:
    """Every problem of the record under `root`, in file, line and column order.

    `documents`: YAML files as an editor holds them, read instead of the disk
    (the language server checks unsaved text exactly as `tracker check` would).
    """
    with collector_paused():
        loaded = loader.load(root, documents=documents)
        problems = loaded.problems + run(loaded.record)
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
