"""`tracker check` on two cores: the commitment files shared out between two processes.

Composing and walking the YAML is most of a check, and the problems of a
commitment depend on it, the meetings and the sources' texts alone (the
checks' PER_COMMITMENT). So after the meetings and the texts are loaded, the
process forks: the child loads the later commitment files and runs the
per-commitment checks on theirs, the parent does the same with the earlier
files, and the child's commitments and problems come back pickled. The parent
then runs the checks across the record on all of it.

The output does not depend on timing: each file's commitments and problems
are what one process would find, they are put together in file order, and
the problems are sorted as always. If the child cannot be had (no fork, other
threads running) or dies, the parent does its share itself.

`Ahead` is the same idea for a writer: a child makes, in order, the values the
parent will ask for, while the parent does the rest of its work.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import itertools
import os
import pickle
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any, BinaryIO

from tracker import loader
from tracker.model import Commitment, Record
from tracker.problems import Problem

WORTH_SPLITTING = 2_000_000
"""Bytes of commitment files below which a second process costs more than it saves."""
PARENT_SHARE = 0.45
"""The parent's share of the bytes: it also unpickles the child's and checks across the record."""

Share = tuple[list[Commitment], list[Problem]]


def worthwhile(record: Record) -> bool:
    """Whether the record's commitment files are large enough, and a child can be forked safely."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return False
    return sum(_size(record, name) for name in record.files[1:]) >= WORTH_SPLITTING


def halves(record: Record, share: float = PARENT_SHARE) -> tuple[list[str], list[str]]:
    """The commitment files in two runs of file order: the first about `share` of the bytes."""
    names = record.files[1:]
    sizes = [_size(record, name) for name in names]
    total, running, cut = sum(sizes), 0, 0
    while cut < len(names) and running + sizes[cut] / 2 < total * share:
        running += sizes[cut]
        cut += 1
    return names[:cut], names[cut:]


def _size(record: Record, name: str) -> int:
    try:
        return os.stat(os.path.join(record.root, name)).st_size
    except OSError:
        return 0


def load_and_check(
    record: Record,
    per_commitment: Callable[[Record, Commitment], list[Problem]],
    meanwhile: Callable[[], None] | None = None,
) -> list[Problem]:
    """Fill `record.commitments` from its commitment files; their load and per-commitment problems.

    `record` has its meetings and texts loaded; `per_commitment` gives one
    commitment's problems. `meanwhile` is work of the parent's own (on the
    meetings and texts alone), done after its share while the child finishes.
    """
    mine, theirs = halves(record)
    child = Child(lambda: _share(record, theirs, per_commitment))
    own = _share(record, mine, per_commitment)
    if meanwhile is not None:
        meanwhile()
    other = child.result()
    record.commitments = own[0] + other[0]
    return own[1] + other[1]


def _share(record: Record, names: list[str], per_commitment) -> Share:
    """The commitments of the files `names`, and their problems: loading's and the per-commitment checks'."""
    problems: list[Problem] = []
    commitments = loader.load_commitments(record, names, problems)
    view = dataclasses.replace(record, commitments=commitments, memo={})
    for commitment in commitments:
        problems += per_commitment(view, commitment)
    view.memo.clear()  # its indexes name the view itself: a cycle the paused collector would never free
    return commitments, problems


PIECE = 500
"""Items pickled at a time: unpickling holds its memo and the objects it builds with only until
the end of a piece, so a share comes back in little more memory than its items take."""


class Child:
    """`work()` run in a forked process; `result()` is its return value, or `work()` run here if that failed.

    `work()` returns a tuple of lists; each comes back a piece at a time (`PIECE`).
    """

    def __init__(self, work: Callable[[], tuple[list, ...]]):
        self._work = work
        self._pid = 0
        self._answer: BinaryIO | None = None
        forked = _forked(lambda out: _send(work(), out))
        if forked is not None:
            self._pid, self._answer = forked

    def result(self) -> Any:
        if self._answer is None:
            return self._work()
        try:
            with self._answer as answer:
                value = _received(answer)
        except Exception:  # the child died or wrote nothing whole: do its share here
            value = None
        _, status = os.waitpid(self._pid, 0)
        self._pid, self._answer = 0, None
        return value if status == 0 and value is not None else self._work()


def _forked(write: Callable[[BinaryIO], None]) -> tuple[int, BinaryIO] | None:
    """A forked process that runs `write(pipe)` and exits: its pid and the pipe's reading end.

    None when no process can be had, or other threads make forking unsafe: the caller then
    does the work itself.
    """
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return None
    reading, writing = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(reading)
        os.close(writing)
        return None
    if pid == 0:  # the child: never returns into the caller's code
        status = 1
        try:
            os.close(reading)
            with os.fdopen(writing, "wb") as out:
                write(out)
            status = 0
        finally:
            os._exit(status)
    os.close(writing)
    return pid, os.fdopen(reading, "rb")


def _send(lists: tuple[list, ...], out: BinaryIO) -> None:
    """Each list's items, a piece at a time, as (which list, items); then None, the end."""
    for index, items in enumerate(lists):
        for start in range(0, len(items), PIECE):
            pickle.dump((index, items[start : start + PIECE]), out, protocol=pickle.HIGHEST_PROTOCOL)
    pickle.dump((len(lists), None), out, protocol=pickle.HIGHEST_PROTOCOL)


def _received(answer: BinaryIO) -> tuple[list, ...]:
    """What `_send` wrote, whole (a stream cut short raises)."""
    lists: dict[int, list] = {}
    while True:
        index, items = pickle.load(answer)
        if items is None:
            return tuple(lists.get(number, []) for number in range(index))
        lists.setdefault(index, []).extend(items)


class Ahead:
    """`make(item)` for each of `items()`, made in a forked process ahead of the one reading them.

    The reader asks for them in order, `next(item)` giving `make(item)` for the item it holds: the
    child makes them from its own run of `items()`, which must give the same items in the same order
    (a pure function of data both processes hold), and sends them a piece at a time (`PIECE`). If no
    child can be had, or it dies, or its answer runs short, they are made here, so the result never
    depends on the child. `close()` ends the child.
    """

    def __init__(self, items: Callable[[], Iterable[Any]], make: Callable[[Any], Any], *, fork: bool = True):
        self._make = make
        self._made: Iterator[Any] = iter(())
        self._pid = 0
        self._answer: BinaryIO | None = None
        forked = _forked(lambda out: self._send(items(), out)) if fork else None
        if forked is not None:
            self._pid, self._answer = forked

    def _send(self, items: Iterable[Any], out: BinaryIO) -> None:
        """In the child: each item made, a piece at a time, each piece sent as soon as it is made."""
        gc.disable()  # the child lives only until it has made them, its objects freed by their counts
        made = map(self._make, items)
        while piece := list(itertools.islice(made, PIECE)):
            pickle.dump(piece, out, protocol=pickle.HIGHEST_PROTOCOL)
            out.flush()

    def next(self, item: Any) -> Any:
        for made in self._made:
            return made
        if self._answer is not None:
            try:
                self._made = iter(pickle.load(self._answer))
                return next(self._made)
            except Exception:  # the end, or the child died: the rest is made here
                self.close()
        return self._make(item)

    def close(self) -> None:
        """End the child, whatever it is doing: what it made and was not read is not wanted."""
        if self._answer is not None:
            self._answer.close()
            self._answer = None
        if self._pid:
            with contextlib.suppress(OSError):
                os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
            self._pid = 0
