"""Status, evidence, recurrence and time travel: pure functions over a loaded record.

Everything here is computed "as of" a date. As of today (the default) a
commitment's status is the curated one, which `tracker check` has already
held against the evidence. As of an earlier date only the mentions from
meetings on or before it count, and the status is the evidence stage they
show: `stalled` and `dropped` are judgements of the present.

Time is measured against the record, not the calendar: the *record date* is
the date of the latest meeting on or before the as-of date. A commitment is
dormant when its last mention is more than a year before the record date, and
*silent* for as many of the record's meetings as came after its last mention:
a record that stops in 2025 does not make every commitment dormant in 2027.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from tracker.model import STAGE_STATUS, STAGES, STATUSES, Commitment, Meeting, Mention, Record, evidence_stage

DORMANT_AFTER_DAYS = 365
CLOSED = ("fulfilled", "dropped")


@dataclass(frozen=True)
class Cited:
    """A mention with the meeting whose source it cites."""

    mention: Mention
    meeting: Meeting


@dataclass(frozen=True)
class Horizon:
    """The record as seen on `as_of`: its meetings on or before that date, in date order."""

    as_of: dt.date
    meetings: tuple[Meeting, ...]

    @property
    def latest(self) -> Meeting | None:
        return self.meetings[-1] if self.meetings else None

    @property
    def record_date(self) -> dt.date | None:
        """The date of the latest meeting on or before `as_of`: where the record stops."""
        return self.meetings[-1].date if self.meetings else None

    def meetings_after(self, date: dt.date) -> int:
        """How many of these meetings are dated after `date`."""
        return len(self.meetings) - bisect.bisect_right(self.meetings, date, key=_date)


def _date(meeting: Meeting) -> dt.date:
    return meeting.date or dt.date.min


def horizon(record: Record, as_of: dt.date | None = None, today: dt.date | None = None) -> Horizon:
    """The record as seen on `as_of` (default: today)."""
    as_of = as_of or today or dt.date.today()
    return Horizon(as_of, tuple(meeting for meeting in meetings_in_order(record) if _date(meeting) <= as_of))


@dataclass(frozen=True)
class State:
    """One commitment as it stood on `as_of`."""

    commitment: Commitment
    as_of: dt.date
    status: str | None
    evidence: str | None
    cited: tuple[Cited, ...]  # date order
    meetings: tuple[Meeting, ...]  # distinct, date order
    dormant: bool
    overdue: bool
    horizon: Horizon
    silent: int = 0
    """How many of the record's meetings, up to `as_of`, came after the last mention."""
    sides: tuple[str, ...] = ()
    """The party codes of the sides whose sources mention it, in the order of `parties`."""

    @property
    def id(self) -> str:
        return self.commitment.id

    @property
    def record_date(self) -> dt.date | None:
        return self.horizon.record_date

    @property
    def recurrence(self) -> int:
        return len(self.meetings)

    @property
    def first_mentioned(self) -> dt.date:
        return self.meetings[0].date

    @property
    def last_mentioned(self) -> dt.date:
        return self.meetings[-1].date


def meetings_in_order(record: Record) -> list[Meeting]:
    """Date order; a meeting whose date did not load (a record with errors) comes first."""
    return sorted(record.meetings, key=lambda meeting: (meeting.date or dt.date.min, meeting.id or ""))


def meeting_of_source(record: Record) -> dict[str, Meeting]:
    return {source.id: meeting for meeting in record.meetings for source in meeting.sources}


@dataclass(frozen=True)
class _Context:
    """What every commitment's state is computed against."""

    meetings: dict[str, Meeting]  # source id -> its meeting
    sides: dict[str, str]  # source id -> its side, for sources that have one
    party_order: dict[str, int]
    horizon: Horizon
    present: bool


def states(record: Record, as_of: dt.date | None = None, today: dt.date | None = None) -> list[State]:
    """The state of every commitment mentioned on or before `as_of` (default: today)."""
    today = today or dt.date.today()
    as_of = as_of or today
    context = _Context(
        meeting_of_source(record),
        {source.id: source.side for source in record.sources() if source.id and source.side},
        {code: index for index, code in enumerate(record.parties)},
        horizon(record, as_of),
        as_of >= today,
    )
    result = []
    for commitment in record.commitments:
        state = _state(commitment, context)
        if state is not None:
            result.append(state)
    return result


def _state(commitment: Commitment, context: _Context) -> State | None:
    as_of, meetings = context.horizon.as_of, context.meetings
    cited = sorted(
        (Cited(mention, meetings[mention.source]) for mention in commitment.mentions if mention.source in meetings),
        key=lambda item: (item.meeting.date, item.meeting.id),
    )
    cited = [item for item in cited if item.meeting.date <= as_of]
    if not cited:
        return None  # it did not exist yet
    stage = evidence_stage(item.mention for item in cited)
    evidence = STAGE_STATUS.get(stage)
    status = commitment.status if context.present else evidence
    distinct = tuple(dict.fromkeys(item.meeting for item in cited))
    last, record_date = _date(distinct[-1]), context.horizon.record_date
    open_ = status not in CLOSED
    dormant = open_ and record_date is not None and (record_date - last).days > DORMANT_AFTER_DAYS
    overdue = open_ and commitment.due is not None and commitment.due < as_of
    silent = context.horizon.meetings_after(last)
    sides = {context.sides[item.mention.source] for item in cited if item.mention.source in context.sides}
    ordered = tuple(sorted(sides, key=lambda code: (context.party_order.get(code, len(context.party_order)), code)))
    return State(
        commitment, as_of, status, evidence, tuple(cited), distinct, dormant, overdue, context.horizon, silent, ordered
    )


def select(
    found: Iterable[State], status: str | None = None, theme: str | None = None, by: str | None = None
) -> list[State]:
    """The states that pass every filter given."""
    return [
        state
        for state in found
        if (status is None or state.status == status)
        and (theme is None or state.commitment.theme == theme)
        and (by is None or by in (state.commitment.by or ()))
    ]


def by_status(found: Iterable[State]) -> list[State]:
    """Status order (proposed ... dropped), then most recurring, then id."""
    order = {status: index for index, status in enumerate(STATUSES)}
    return sorted(found, key=lambda state: (order.get(state.status, len(order)), -state.recurrence, state.id))


def most_recurring(found: Iterable[State], limit: int = 10) -> list[State]:
    return sorted(found, key=lambda state: (-state.recurrence, state.last_mentioned, state.id))[:limit]


@dataclass(frozen=True)
class Matrix:
    """Commitments by meetings. A row keeps only its non-empty cells: meeting index -> kind."""

    meetings: list[Meeting]
    rows: list[tuple[State, dict[int, str]]]

    def cells(self, row: dict[int, str]) -> list[str | None]:
        """One cell per meeting: the highest-stage mention kind there, or None."""
        cells: list[str | None] = [None] * len(self.meetings)
        for index, kind in row.items():
            cells[index] = kind
        return cells


def recurrence_matrix(record: Record, found: Iterable[State], minimum: int = 1) -> Matrix:
    kept = [state for state in found if state.recurrence >= minimum]
    shown = {meeting.id for state in kept for meeting in state.meetings}
    meetings = [meeting for meeting in meetings_in_order(record) if meeting.id in shown]
    column = {meeting.id: index for index, meeting in enumerate(meetings)}
    rows = []
    for state in sorted(kept, key=lambda state: (state.first_mentioned, -state.recurrence, state.id)):
        kinds: dict[int, str] = {}
        for item in state.cited:
            index = column[item.meeting.id]
            kinds[index] = higher_kind(kinds.get(index), item.mention.kind)
        rows.append((state, kinds))
    return Matrix(meetings, rows)


def higher_kind(kind: str | None, other: str | None) -> str | None:
    """The kind of higher stage; a staged kind beats `reaffirmed`, which beats none."""
    rank = lambda value: -1 if value is None else STAGES.get(value, 0)  # noqa: E731
    return other if rank(other) > rank(kind) else kind


@dataclass(frozen=True)
class Step:
    """The status history: after this meeting, the evidence stood at `status`."""

    meeting: Meeting
    status: str | None
    kinds: tuple[str, ...]


def history(state: State) -> list[Step]:
    steps, stage = [], None
    for meeting in state.meetings:
        kinds = tuple(item.mention.kind for item in state.cited if item.meeting is meeting)
        stage = max(filter(None, [stage, *(STAGES.get(kind) for kind in kinds)]), default=None)
        steps.append(Step(meeting, STAGE_STATUS.get(stage), kinds))
    return steps


@dataclass(frozen=True)
class Overview:
    as_of: dt.date
    total: int
    statuses: Counter
    themes: Counter
    recurring: list[State]
    dormant: list[State]
    overdue: list[State]
    horizon: Horizon

    @property
    def meetings(self) -> int:
        """How many meetings the record holds up to `as_of`."""
        return len(self.horizon.meetings)

    @property
    def record_date(self) -> dt.date | None:
        return self.horizon.record_date


def overview(found: list[State], seen: Horizon, limit: int = 10) -> Overview:
    return Overview(
        as_of=seen.as_of,
        horizon=seen,
        total=len(found),
        statuses=Counter(state.status for state in found),
        themes=Counter(state.commitment.theme or "(none)" for state in found),
        recurring=most_recurring(found, limit),
        dormant=sorted((s for s in found if s.dormant), key=lambda s: (s.last_mentioned, s.id)),
        overdue=sorted((s for s in found if s.overdue), key=lambda s: (s.commitment.due, s.id)),
    )


def citations(record: Record) -> dict[tuple[str, int], list[str]]:
    """(source id, paragraph) -> ids of the commitments citing it (by a mention or a due's words), in record order."""
    cited: dict[tuple[str, int], list[str]] = {}
    for commitment in record.commitments:
        for mention in commitment.citations():
            ids = cited.setdefault((mention.source, mention.paragraph), [])
            if commitment.id not in ids:
                ids.append(commitment.id)
    return cited


def find_source(record: Record, source_id: str):
    """(source, meeting) for a source id, or None."""
    return record.source(source_id)
