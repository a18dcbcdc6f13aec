"""`tracker check` on two cores: the commitment files shared out between two processes.

Composing and walking the YAML is most of a check, and the problems of a
commitment depend on it, the meetings and the sources' texts alone (the
checks' PER_COMMITMENT). So the work divides, with neither process waiting on
the other for long:

- a child is forked first thing, and walks the later commitment files while
  the parent walks the meetings file and reads the sources;
- the parent posts the meetings and the texts to the child (a `Mailbox`:
  posting never waits for the taker), walks the earlier commitment files, and
  posts what of its commitments the alias check needs: their aliases and the
  paragraphs they cite;
- each runs the per-commitment checks on its own commitments; the child posts
  its commitments and their problems back, then scans every source for every
  alias, once, and finds where the parent's aliases are named uncited too;
- meanwhile the parent scans the sources for coverage's cues (`meanwhile`)
  and takes in the child's commitments.

The output does not depend on timing: each file's commitments and problems
are what one process would find, they are put together in file order, and
the problems are sorted as always. If the child cannot be had (no fork, other
threads running) or dies at any point, the parent does its share itself.

`Ahead` is the same idea for a writer: a child makes, in order, the values the
parent will ask for, while the parent does the rest of its work.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import os
import pickle
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

from tracker import aliases, loader
from tracker.model import Commitment, Record
from tracker.problems import Problem

WORTH_SPLITTING = 2_000_000
"""Bytes of commitment files below which a second process costs more than it saves."""
PARENT_SHARE = 0.45
"""The parent's share of the bytes when the child scans for aliases: the parent also walks the
meetings, reads the sources, scans them for cues, and takes in the child's share."""
PARENT_SHARE_WITHOUT_SCANS = 0.40
"""The parent's share when no alias is scanned for (a report needs only the errors)."""

PerCommitment = Callable[[Record, Commitment], Iterable[Problem]]


def worthwhile(root: Path, names: list[str]) -> bool:
    """Whether the commitment files are large enough, and a child can be forked safely."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return False
    return sum(_size(root, name) for name in names) >= WORTH_SPLITTING


def halves(root: Path, names: list[str], share: float = PARENT_SHARE) -> tuple[list[str], list[str]]:
    """The commitment files in two runs of file order: the first about `share` of the bytes."""
    sizes = [_size(root, name) for name in names]
    total, running, cut = sum(sizes), 0, 0
    while cut < len(names) and running + sizes[cut] / 2 < total * share:
        running += sizes[cut]
        cut += 1
    return names[:cut], names[cut:]


def _size(root: Path, name: str) -> int:
    try:
        return os.stat(os.path.join(root, name)).st_size
    except OSError:
        return 0


class AliasCheck(NamedTuple):
    """A per-commitment check that needs every source scanned for every alias (uncited-alias)."""

    per_commitment: PerCommitment
    """A commitment's problems, from the record's alias index (`aliases.alias_index`)."""
    of_places: Callable[[Commitment, list[aliases.Place]], Iterable[Problem]]
    """A commitment's problems, from its uncited places found in another process."""


def load_and_check(
    root: Path,
    names: list[str],
    load_context: Callable[[], Record],
    per_commitment: PerCommitment,
    *,
    alias_check: AliasCheck | None = None,
    meanwhile: Callable[[Record], None] | None = None,
    keep_scans: bool = False,
) -> tuple[Record, list[Problem]]:
    """The record under `root`, its commitment files `names` loaded, and their load and per-commitment problems.

    `load_context()` loads the rest (meetings, texts), its problems its own. `alias_check` is run
    on every commitment too; with `keep_scans`, the record's memo then holds every source's scan
    for every alias (`aliases.alias_index` scans nothing). `meanwhile` is work of the parent's
    own on the loaded record, done while the child finishes.
    """
    mine, theirs = halves(root, names, PARENT_SHARE if alias_check else PARENT_SHARE_WITHOUT_SCANS)
    context, for_scanning, their_share = Mailbox(), Mailbox(), Mailbox()
    child = Child(
        lambda: _their_share(root, theirs, per_commitment, alias_check, keep_scans, context, for_scanning, their_share),
        posted_by_parent=[context, for_scanning],
        posted_by_child=[their_share],
    )
    record = load_context()
    if child.running:
        context.post((record.parties, record.meetings, record.texts, record.files))
    problems: list[Problem] = []
    own = _walk(root, mine, problems)
    if alias_check and child.running:  # what the child needs to find where the parent's aliases are uncited
        for_scanning.post([(commitment.aliases or (), aliases.cited_places(commitment)) for commitment in own])
    problems += _checked(record, own, per_commitment)
    if meanwhile is not None:
        meanwhile(record)
    shared = _gathered(child, their_share)
    if shared is None:  # no child, or it died: its share is done here
        other, found = _share(record, theirs, per_commitment)
        record.commitments = own + other
        if alias_check:
            found += _checked(record, record.commitments, alias_check.per_commitment, keep=True)
    else:
        other, found, places, scans = shared
        record.commitments = own + other
        if alias_check:
            found += [problem for index, where in places for problem in alias_check.of_places(own[index], where)]
        if alias_check and keep_scans:
            aliases.adopt_scans(record, aliases.record_aliases(record.commitments), scans)
    return record, problems + found


def _share(record: Record, names: list[str], per_commitment: PerCommitment) -> tuple[list[Commitment], list[Problem]]:
    """The commitments of the files `names`, and their problems: loading's and the per-commitment checks'."""
    problems: list[Problem] = []
    commitments = _walk(record.root, names, problems)
    return commitments, problems + _checked(record, commitments, per_commitment)


def _their_share(
    root: Path,
    names: list[str],
    per_commitment: PerCommitment,
    alias_check: AliasCheck | None,
    keep_scans: bool,
    context: Mailbox,
    for_scanning: Mailbox,
    their_share: Mailbox,
) -> tuple[list[Problem], list[tuple[int, list[aliases.Place]]], aliases.Hits]:
    """In the child: `_share`, walking before the parent's record has come, posted as soon as it
    is made. Then every source is scanned for every alias, the parent's too, once: returned are the
    problems of `alias_check` on its own commitments, the uncited places of the parent's, by index,
    and with `keep_scans` the scans."""
    problems: list[Problem] = []
    commitments = _walk(root, names, problems)
    parties, meetings, texts, files = context.take()
    view = Record(root, parties, meetings, commitments, files, texts)
    problems += _checked(view, commitments, per_commitment)
    their_share.post_lists((commitments, problems))
    if alias_check is None:
        return [], [], []
    parents = for_scanning.take()
    every = {alias for named, _ in parents for alias in named if alias} | set(aliases.record_aliases(commitments))
    index = aliases.alias_index(view, tuple(sorted(every)))
    late = _checked(view, commitments, alias_check.per_commitment, keep=True)
    places = [(number, list(aliases.uncited_places(index, *parent))) for number, parent in enumerate(parents)]
    scans = aliases.hits_of(view) if keep_scans else []
    return late, [(number, where) for number, where in places if where], scans


def _gathered(
    child: Child, their_share: Mailbox
) -> tuple[list[Commitment], list[Problem], list[tuple[int, list[aliases.Place]]], aliases.Hits] | None:
    """The child's commitments, their problems, the parent's uncited places and the scans asked for;
    None unless all came whole."""
    if not child.running:
        child.result()
        return None
    try:
        commitments, problems = their_share.take_lists()
    except Exception:  # the child died before it posted its share, or posted it cut short
        commitments = None
    late = child.result()
    if commitments is None or late is None:
        return None
    found, places, scans = late
    return commitments, problems + found, places, scans


def _walk(root: Path, names: list[str], problems: list[Problem]) -> list[Commitment]:
    return loader.load_commitments(root, names, problems)


def _checked(
    record: Record, commitments: list[Commitment], per_commitment: PerCommitment, keep: bool = False
) -> list[Problem]:
    """The per-commitment problems of `commitments`, checked against `record` (whose commitments they need not be).

    The indexes the checks build in `record.memo` name the record itself: a cycle the paused
    collector would never free, so they go with the checks, unless `keep` (the alias scans).
    """
    memo = record.memo
    if not keep:
        record.memo = {}
    try:
        return [found for commitment in commitments for found in per_commitment(record, commitment)]
    finally:
        record.memo = memo


class Mailbox:
    """One value passed once from one process to the other, through an anonymous file.

    Posting never waits for the taker, however large the value (a pipe holds
    64 KB, and a parent blocked on it would stop working while the child
    walks). Created before the fork; `take()` waits until the value is
    posted, and raises EOFError if the poster ended without posting.
    """

    def __init__(self) -> None:
        try:
            self._file: BinaryIO | None = _anonymous_file()
        except OSError:  # no temporary folder takes a file: no child is forked (`usable`)
            self._file = None
        self._ends = dict(zip(("ready", "posting"), os.pipe(), strict=True))

    @property
    def usable(self) -> bool:
        return self._file is not None

    def keep_for(self, posting: bool) -> None:
        """After the fork: keep only the end of the signal this process uses."""
        self._close_end("ready" if posting else "posting")

    def post(self, value: Any) -> None:
        self._posted(lambda file: pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL))

    def post_lists(self, lists: tuple[list, ...]) -> None:
        """Lists that are taken back a piece at a time (`PIECE`), in little more memory than they take."""
        self._posted(lambda file: _send(lists, file))

    def take(self) -> Any:
        return self._taken(pickle.load)

    def take_lists(self) -> tuple[list, ...]:
        return self._taken(_received)

    def _posted(self, write: Callable[[BinaryIO], None]) -> None:
        with contextlib.suppress(OSError):  # the taker gone: nobody will take it
            if self._file is not None:
                write(self._file)
                self._file.flush()
                os.write(self._ends["posting"], b"!")
        self.close()

    def _taken(self, read: Callable[[BinaryIO], Any]) -> Any:
        try:
            if os.read(self._ends["ready"], 1) != b"!":
                raise EOFError("the value was never posted")
            assert self._file is not None  # posted, so a file was had
            self._file.seek(0)
            return read(self._file)
        finally:
            self.close()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        for end in list(self._ends):
            self._close_end(end)

    def _close_end(self, end: str) -> None:
        """Close an end once: a number closed twice may by then be another file's."""
        number = self._ends.pop(end, None)
        if number is not None:
            os.close(number)


def _anonymous_file() -> BinaryIO:
    """A file no name leads to, in memory where the system can (Linux's memfd), else in the temporary folder."""
    if hasattr(os, "memfd_create"):
        return os.fdopen(os.memfd_create("tracker-split", os.MFD_CLOEXEC), "w+b")
    return tempfile.TemporaryFile()


PIECE = 500
"""Items pickled at a time: unpickling holds its memo and the objects it builds with only until
the end of a piece, so a share comes back in little more memory than its items take."""


class Child:
    """`work()` run in a forked process; `result()` is its return value, or None if it failed.

    `work()` returns a tuple of lists, each coming back a piece at a time (`PIECE`). The
    mailboxes `posted_by_parent` are the parent's to post and the child's to take;
    `posted_by_child` the other way round.
    """

    def __init__(
        self,
        work: Callable[[], tuple[list, ...]],
        posted_by_parent: Iterable[Mailbox] = (),
        posted_by_child: Iterable[Mailbox] = (),
    ):
        self._boxes = [*posted_by_parent, *posted_by_child]
        self._pid = 0
        self._answer: BinaryIO | None = None
        forked = _forked(lambda out: _send(work(), out), list(posted_by_parent), list(posted_by_child))
        if forked is not None:
            self._pid, self._answer = forked

    @property
    def running(self) -> bool:
        """Whether a child was forked (it may have died since)."""
        return self._answer is not None

    def abandon(self) -> None:
        """End the child, whatever it is doing: its result is not wanted."""
        for box in self._boxes:
            box.close()
        if self._answer is not None:
            self._answer.close()
            self._answer = None
            _ended(self._pid)
            self._pid = 0

    def result(self) -> tuple[list, ...] | None:
        for box in self._boxes:
            box.close()  # what was not posted never will be: a child waiting for it learns so
        if self._answer is None:
            return None
        try:
            with self._answer as answer:
                value = _received(answer)
        except Exception:  # the child died or wrote nothing whole
            value = None
        _, status = os.waitpid(self._pid, 0)
        self._pid, self._answer = 0, None
        return value if status == 0 else None


def _forked(
    write: Callable[[BinaryIO], None], to_child: Iterable[Mailbox] = (), from_child: Iterable[Mailbox] = ()
) -> tuple[int, BinaryIO] | None:
    """A forked process that runs `write(pipe)` and exits: its pid and the pipe's reading end.

    None when no process can be had, or other threads make forking unsafe: the caller then
    does the work itself. The mailboxes `to_child` are the parent's to post, `from_child` the child's.
    """
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return None
    if not all(box.usable for box in (*to_child, *from_child)):
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
            for box in to_child:
                box.keep_for(posting=False)
            for box in from_child:
                box.keep_for(posting=True)
            os.close(reading)
            with os.fdopen(writing, "wb") as out:
                write(out)
            status = 0
        finally:
            os._exit(status)
    os.close(writing)
    for box in to_child:
        box.keep_for(posting=True)
    for box in from_child:
        box.keep_for(posting=False)
    return pid, os.fdopen(reading, "rb")


def _ended(pid: int) -> None:
    """Kill the child `pid` (0: none) and reap it: nothing it does from now on is wanted."""
    if pid:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


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
        _ended(self._pid)
        self._pid = 0
