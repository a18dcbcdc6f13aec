"""The loaded record: typed, immutable, every field with its position.

A field that was missing or invalid in the YAML is None here; the problem
that explains why was reported by the loader, so checks skip such fields.
"""

from __future__ import annotations

import datetime as dt
import struct
from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from operator import attrgetter
from pathlib import Path
from typing import TypeVar

from tracker.sources import SourceText

T = TypeVar("T")

# (line, column), both 1-based.
Pos = tuple[int, int]

_PAIR = struct.Struct("=II")
_HEAD = struct.Struct("=I")


_ORDERS: list[tuple[str, ...]] = []
"""Every order of keys that a mapping of this process has had, numbered by its place here."""
_ORDER_NUMBERS: dict[tuple[str, ...], int] = {}


def _order(keys: tuple[str, ...]) -> int:
    """The number of an order of keys in this process (numbered on first sight)."""
    number = _ORDER_NUMBERS.get(keys)
    if number is None:
        number = _ORDER_NUMBERS[keys] = len(_ORDERS)
        _ORDERS.append(keys)
    return number


class _Packed(Mapping):
    """A mapping from the keys of one order of keys, whose values are packed in bytes that begin with its number."""

    __slots__ = ("_packed",)

    def __init__(self, packed: bytes):
        self._packed = packed

    def _keys(self) -> tuple[str, ...]:
        return _ORDERS[_HEAD.unpack_from(self._packed)[0]]

    def __contains__(self, key) -> bool:
        return key in self._keys()

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys())

    def __len__(self) -> int:
        return len(self._keys())

    def __eq__(self, other) -> bool:
        return dict(self.items()) == dict(other.items()) if isinstance(other, Mapping) else NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict(self.items())})"

    def __reduce__(self):
        """Pickled as its keys and its numbers: the other process numbers its orders of keys otherwise."""
        return (_unpickled, (type(self), self._keys(), self._packed[_HEAD.size :]))


class Where(_Packed):
    """Where a mapping (key "") and each of its keys' values stand: key -> (line, column).

    A record keeps one of these per mapping, hundreds of thousands in a large
    record, so it holds one reference: bytes holding the number of its order
    of keys (kept once per process, shared by every mapping that orders its
    keys alike) and then line, column, line, column ... 0-based as libyaml
    counts, native unsigned 32-bit integers. It reads back as 1-based (line,
    column) tuples; it crosses to another process (`tracker.split`) as its
    keys and positions, so the numbering need not agree.
    """

    __slots__ = ()

    @classmethod
    def packed(cls, keys: tuple[str, ...], spots: array) -> Where:
        """The mapping whose keys, in file order, stand at `spots` (0-based line, column pairs, as an array("I"))."""
        spots.insert(0, _order(keys))
        return cls(spots.tobytes())

    def __getitem__(self, key: str) -> Pos:
        try:
            index = self._keys().index(key)
        except ValueError:
            raise KeyError(key) from None
        line, column = _PAIR.unpack_from(self._packed, _HEAD.size + _PAIR.size * index)
        return (line + 1, column + 1)


def _unpickled(kind: type[_Packed], keys: tuple[str, ...], numbers: bytes) -> _Packed:
    """A `Where` or `Items` from another process: its order of keys numbered as this process numbers it."""
    return kind(_HEAD.pack(_order(keys)) + numbers)


class Items(_Packed):
    """Where the items of a mapping's lists stand: key -> ((line, column), ...), packed as `Where` is.

    The bytes hold the number of the order of keys, then each list's count of
    items, then every item's line and column, 0-based.
    """

    __slots__ = ()

    @classmethod
    def packed(cls, lists: dict[str, list[int]]) -> Items:
        """`lists`: key -> the 0-based line, column pairs of its items, flat."""
        numbers = array("I", [_order(tuple(lists))])
        numbers.extend(len(spots) // 2 for spots in lists.values())
        for spots in lists.values():
            numbers.extend(spots)
        return cls(numbers.tobytes())

    def __getitem__(self, key: str) -> tuple[Pos, ...]:
        keys = self._keys()
        try:
            index = keys.index(key)
        except ValueError:
            raise KeyError(key) from None
        numbers = memoryview(self._packed).cast("I")
        counts = numbers[1 : 1 + len(keys)]
        start = 1 + len(keys) + 2 * sum(counts[:index])
        spots = numbers[start : start + 2 * counts[index]]
        return tuple((spots[n] + 1, spots[n + 1] + 1) for n in range(0, len(spots), 2))


STAGES = {"proposed": 1, "agreed": 2, "progress": 3, "fulfilled": 4}
"""The stage each mention kind gives evidence of; `reaffirmed` has none."""
MENTION_KINDS = ("proposed", "agreed", "reaffirmed", "progress", "fulfilled")
KIND_SYMBOLS = {"proposed": "○", "agreed": "●", "reaffirmed": "·", "progress": "◐", "fulfilled": "✔"}
"""The symbol each mention kind is drawn with, in every output: the terminal, markdown, the html page."""
STATUS_STAGES = {"proposed": 1, "agreed": 2, "in-progress": 3, "fulfilled": 4}
JUDGEMENTS = ("stalled", "dropped")
STATUSES = (*STATUS_STAGES, *JUDGEMENTS)
STAGE_STATUS = {stage: status for status, stage in STATUS_STAGES.items()}

MEETING_FACTS = ("date", "place", "participants", "occasion")
"""The facts of a meeting that `inferred` may name: those the sources may leave unstated."""

MEETINGS_FILE = "data/meetings.yaml"
COMMITMENTS_DIR = "data/commitments"


@dataclass(frozen=True, slots=True, eq=False)
class Located:
    """Where a mapping and each of its keys stand: `where[""]` is the mapping."""

    file: str
    where: Mapping[str, Pos]

    def at(self, key: str = "") -> Pos:
        return self.where.get(key) or self.where[""]

    def __reduce__(self):
        """Pickled as its constructor's arguments: records cross to another process
        (`tracker.split`) at a few bytes a field, without a Python call per field."""
        arguments = _ARGUMENTS.get(type(self))
        if arguments is None:
            arguments = _ARGUMENTS[type(self)] = attrgetter(*(field.name for field in fields(self)))
        return (type(self), arguments(self))


_ARGUMENTS: dict[type, attrgetter] = {}
"""By type: the getter of its constructor's arguments, in order, as a tuple (every type has several fields)."""


@dataclass(frozen=True, slots=True, eq=False)
class Reviewed(Located):
    """A paragraph of a source read and judged to hold no commitment, and why."""

    paragraph: int | None
    reason: str | None


@dataclass(frozen=True, slots=True, eq=False)
class Source(Located):
    id: str | None
    path: str | None
    sha256: str | None
    outlet: str | None
    title: str | None
    url: str | None
    side: str | None = None
    """The party whose account this is (a code of `parties`); None for a third party."""
    notes: str | None = None
    reviewed: tuple[Reviewed, ...] = ()


@dataclass(frozen=True, slots=True, eq=False)
class Meeting(Located):
    id: str | None
    date: dt.date | None
    place: str | None
    participants: tuple[str, ...] | None
    occasion: str | None
    sources: tuple[Source, ...]
    inferred: tuple[str, ...] = ()
    """The facts (of MEETING_FACTS) that the sources do not state; `notes` says how they were worked out."""
    notes: str | None = None
    # Positions of list items: `inferred` entries.
    item_where: Mapping[str, Sequence[Pos]] = field(default_factory=dict)

    def is_inferred(self, fact: str) -> bool:
        return fact in self.inferred


@dataclass(frozen=True, slots=True, eq=False)
class Mention(Located):
    source: str | None
    paragraph: int | None
    quote: str | None
    kind: str | None
    note: str | None

    @property
    def stage(self) -> int | None:
        return STAGES.get(self.kind) if self.kind is not None else None


@dataclass(frozen=True, slots=True, eq=False)
class Due(Located):
    """A deadline with the words it comes from: checked like a mention's quote."""

    date: dt.date | None
    source: str | None
    paragraph: int | None
    quote: str | None
    note: str | None
    """How the date follows from the words (e.g. "three years from the talks")."""


def known(value: T | None) -> T:
    """A field that a checked record always has: reports and exports read only records
    without errors (`checks.load_valid`), where every required field has loaded."""
    if value is None:
        raise ValueError("a required field did not load: reports read only a checked record")
    return value


def evidence_stage(mentions) -> int | None:
    """The highest stage among `mentions`, None when none has a stage (all reaffirmed)."""
    stages = [STAGES[mention.kind] for mention in mentions if mention.kind in STAGES]  # `stage`, read once
    return max(stages) if stages else None


@dataclass(frozen=True, slots=True, eq=False)
class Commitment(Located):
    id: str | None
    title: str | None
    status: str | None
    theme: str | None
    by: tuple[str, ...] | None
    due: dt.date | None
    """The deadline's date, written bare (version 1) or with its words (`due_words`)."""
    aliases: tuple[str, ...] | None
    related: tuple[str, ...] | None
    reason: str | None
    notes: str | None
    mentions: tuple[Mention, ...]
    # Positions of list items: `by`, `aliases` and `related` entries.
    item_where: Mapping[str, Sequence[Pos]] = field(default_factory=dict)
    due_words: Due | None = None
    """The source, paragraph and quote of `due`; None when it is a bare date."""

    def citations(self) -> tuple[Mention | Due, ...]:
        """Everything that cites a source paragraph with a quote: the mentions, then the due's words."""
        return self.mentions if self.due_words is None else (*self.mentions, self.due_words)


@dataclass(slots=True)
class Record:
    """Everything loaded from one root."""

    root: Path
    parties: dict[str, str]
    meetings: list[Meeting]
    commitments: list[Commitment]
    files: list[str]
    texts: dict[str, SourceText | None] = field(default_factory=dict)
    """Source id -> its text, or None when it could not be read."""
    memo: dict = field(default_factory=dict, repr=False)
    """Indexes derived from the record that checks may keep for the next run (see checks.Checker)."""
    _by_source_id: dict[str | None, tuple[Source, Meeting]] | None = field(default=None, repr=False)

    def sources(self) -> list[Source]:
        return [source for meeting in self.meetings for source in meeting.sources]

    def source(self, source_id: str | None) -> tuple[Source, Meeting] | None:
        """The source with this id (the first, if an id is used twice) and its meeting."""
        if self._by_source_id is None:
            self._by_source_id = {}
            for meeting in self.meetings:
                for source in meeting.sources:
                    self._by_source_id.setdefault(source.id, (source, meeting))
        return self._by_source_id.get(source_id)

    def text(self, source_id: str | None) -> SourceText | None:
        """The text of the source with this id; None when it could not be read or there is no such source."""
        return self.texts.get(source_id) if source_id is not None else None

    def paragraph(self, source_id: str | None, number: int | None) -> str | None:
        """Paragraph `number` (1-based) of a source's text; None when the text could not be read."""
        text = self.text(source_id)
        return None if text is None else text.paragraphs[known(number) - 1]
