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

import functools
import gc
from collections.abc import Callable, Iterable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tracker import loader, split
from tracker.aliases import MEMO_KEY as ALIAS_INDEX
from tracker.checks import (
    coverage,
    ids,
    provenance,
    quotes,
    references,
    source_changed,
    stages,
    status,
    uncited_alias,
)
from tracker.coverage import SCANS_KEPT, scan_ahead
from tracker.model import Commitment, Record
from tracker.problems import ERROR, WARNING, Problem
from tracker.text import counted

Check = Callable[[Record], Iterable[Problem]]
CommitmentCheck = Callable[[Record, Commitment], Iterable[Problem]]

# The problems of a commitment that depend on it alone, given the meetings and
# the sources' texts: a Checker runs them again only for the commitments of a
# file that changed.
PER_COMMITMENT: tuple[CommitmentCheck, ...] = (
    quotes.per_commitment,
    status.per_commitment,
    references.per_commitment,
    uncited_alias.per_commitment,
    stages.per_commitment,
)
# Checks that look across the record: run every time, over indexes kept in
# `record.memo` where they are costly to build.
ACROSS: tuple[Check, ...] = (
    ids.check,
    references.across,
    source_changed.check,
    quotes.across,
    provenance.check,
)
# Checks that judge whether the record is complete: run only when it has no error, since
# what it cites is not known while a file cannot be read or a mention points nowhere.
WHEN_VALID: tuple[Check, ...] = (coverage.check,)
# Checks whose every problem is a warning (uncited-alias, uncovered-paragraph): a report,
# which needs only to know that the record has no error, does not run them (`load_valid`).
WARNINGS_ONLY = frozenset({uncited_alias.per_commitment, coverage.check})
ERROR_CHECKS: tuple[CommitmentCheck, ...] = tuple(c for c in PER_COMMITMENT if c not in WARNINGS_ONLY)


def run(record: Record, loaded: list[Problem] | None = None) -> list[Problem]:
    """Every check's problems (given those the loader found), unsorted."""
    found = [problem for check in ACROSS for problem in check(record)]
    for commitment in record.commitments:
        found += [problem for check in PER_COMMITMENT for problem in check(record, commitment)]
    return found + when_valid(record, [*(loaded or ()), *found])


def when_valid(record: Record, problems: list[Problem]) -> list[Problem]:
    """WHEN_VALID's problems, when `problems` hold no error; else none."""
    if any(found.severity == ERROR for found in problems):
        return []
    return [found for check in WHEN_VALID for found in check(record)]


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
            # Everything built meanwhile is in the youngest generation, which the next
            # allocation would have the collector walk object by object: a quarter of a
            # second on a large record. Moved to the oldest, it is collected as usual, only
            # not at once (`freeze` then `unfreeze` is how that is said).
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def check(root: Path, documents: Mapping[str, bytes] | None = None) -> CheckResult:
    """Every problem of the record under `root`, in file, line and column order.

    `documents`: YAML files as an editor holds them, read instead of the disk
    (the language server checks unsaved text exactly as `tracker check` would).
    """
    if documents:
        return Checker(root).check(documents)
    return check_once(root)


def check_once(root: Path, errors_only: bool = False, keep_alias_index: bool = False) -> CheckResult:
    """One run over the files on disk, the commitment files shared out between two
    processes when the record is large (`tracker.split`): the same problems either way.

    `errors_only`: skip the checks in WARNINGS_ONLY; the errors are the same.
    `keep_alias_index`: the record's memo keeps the alias index (`aliases.alias_index`)
    for what comes next (`tracker suggest`), rather than scan every source again.
    """
    with collector_paused():
        problems: list[Problem] = []
        names = loader.list_commitment_files(root, problems)
        if split.worthwhile(root, names):
            alias_check = split.AliasCheck(uncited_alias.per_commitment, uncited_alias.of_places)
            record, found = split.load_and_check(
                root,
                names,
                functools.partial(_load_context, root, names, problems),
                errors_of,
                alias_check=None if errors_only else alias_check,
                meanwhile=None if errors_only else scan_ahead,
                keep_scans=keep_alias_index,
            )
            problems += found
        else:
            record = _load_context(root, names, problems)
            record.commitments = loader.load_commitments(root, names, problems)
            of = errors_of if errors_only else problems_of
            for commitment in record.commitments:
                problems += of(record, commitment)
        if not keep_alias_index:  # one run has no next: the alias index goes before the checks across build theirs
            record.memo.pop(ALIAS_INDEX, None)
        problems += [found for check in ACROSS for found in check(record)]
        if not errors_only:
            problems += when_valid(record, problems)
    problems.sort(key=Problem.sort_key)
    return CheckResult(record, problems)


def _load_context(root: Path, names: list[str], problems: list[Problem]) -> Record:
    """The meetings and the sources' texts under `root`, listing the commitment files `names`, none read."""
    record = loader.load_meetings(root, names, problems)
    problems += loader.read_sources(record)
    return record


def problems_of(record: Record, commitment: Commitment) -> list[Problem]:
    """PER_COMMITMENT's problems of one commitment."""
    return [found for check in PER_COMMITMENT for found in check(record, commitment)]


def errors_of(record: Record, commitment: Commitment) -> list[Problem]:
    """PER_COMMITMENT's problems of one commitment, but for the checks that can only warn."""
    return [found for check in ERROR_CHECKS for found in check(record, commitment)]


class Checker:
    """Checks one root again and again, redoing only what a change touches.

    `tracker check` uses one for a single run; the language server keeps one
    for as long as it serves, so an edit to one file costs about that file:
    YAML files are walked again only when their bytes change, sources read
    again only when their files do, the per-commitment checks run again only
    for the commitments of a changed file (or all of them when the meetings
    or a source changed), and the checks across the record reuse their
    costly indexes (`record.memo`). The problems are those of one fresh run.
    """

    def __init__(self, root: Path):
        self.root = root
        self._loads = loader.LoadCache()
        self._memo: dict = {SCANS_KEPT: {}}  # a memo kept from run to run holds the cue scans too
        self._per_file: dict[str, tuple[tuple, list[Problem]]] = {}
        self._context: tuple = ()

    def check(self, documents: Mapping[str, bytes] | None = None) -> CheckResult:
        with collector_paused():
            loaded = loader.load(self.root, documents=documents, cache=self._loads)
            record = loaded.record
            record.memo = self._memo
            problems = loaded.problems + [found for check in ACROSS for found in check(record)]
            problems += self._per_commitment(record)
            problems += when_valid(record, problems)
        problems.sort(key=Problem.sort_key)
        return CheckResult(record, problems)

    def _per_commitment(self, record: Record) -> list[Problem]:
        """PER_COMMITMENT's problems, file by file, reused while their inputs are the same objects."""
        context = (*record.meetings, *record.texts.values(), *record.parties.items())
        if not _same(self._context, context):
            self._per_file = {}  # the meetings, a source or the parties changed: every commitment again
        self._context = context
        by_file: dict[str, list[Commitment]] = {}
        for commitment in record.commitments:
            by_file.setdefault(commitment.file, []).append(commitment)
        kept: dict[str, tuple[tuple, list[Problem]]] = {}
        found: list[Problem] = []
        for name, commitments in by_file.items():
            inputs = tuple(commitments)
            held = self._per_file.get(name)
            if held is None or not _same(held[0], inputs):
                held = (inputs, [p for c in commitments for check in PER_COMMITMENT for p in check(record, c)])
            kept[name] = held
            found += held[1]
        self._per_file = kept
        return found


def _same(these: tuple, those: tuple) -> bool:
    """Whether two tuples hold the very same objects (loading reuses them when nothing changed)."""
    return len(these) == len(those) and all(a is b or a == b for a, b in zip(these, those, strict=True))


class InvalidRecord(Exception):
    """Reports refuse a record with errors: their numbers would be wrong."""

    def __init__(self, errors: int):
        super().__init__(f"the record has {counted(errors, 'error')}; run `tracker check` to see and fix them")
        self.errors = errors


def load_valid(root: Path) -> Record:
    """The record under `root`, checked; raise InvalidRecord if it has errors.

    Warnings do not stop a report, so the checks that can only warn are not run.
    """
    result = check_once(root, errors_only=True)
    if result.errors:
        raise InvalidRecord(result.errors)
    return result.record


def load_unchecked(root: Path) -> Record:
    """The record under `root` as loaded, without running the checks: errors and all.

    A large record is loaded on two processes, as a check is (`tracker.split`).
    """
    with collector_paused():
        problems: list[Problem] = []
        names = loader.list_commitment_files(root, problems)
        if split.worthwhile(root, names):
            load_context = functools.partial(_load_context, root, names, problems)
            return split.load_and_check(root, names, load_context, _unjudged)[0]
        record = _load_context(root, names, problems)
        record.commitments = loader.load_commitments(root, names, problems)
        return record


def _unjudged(record: Record, commitment: Commitment) -> list[Problem]:
    return []
