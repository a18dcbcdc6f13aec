"""Status, evidence, recurrence and time travel: pure functions over a loaded record.

Everything here is computed "as of" a date. As of today (the default) a
commitment's status is the curated one, which `tracker check` has already
held against the evidence. As of an earlier date only the mentions from
meetings on or before it count, and the status is the evidence stage they
show: `stalled` and `dropped` are judgements of the present.
"""

from __future__ import annotations

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

    @property
    def id(self) -> str:
        return self.commitment.id

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
    return sorted(record.meetings, key=lambda meeting: (meeting.date, meeting.id))


def meeting_of_source(record: Record) -> dict[str, Meeting]:
    return {source.id: meeting for meeting in record.meetings for source in meeting.sources}


def states(record: Record, as_of: dt.date | None = None, today: dt.date | None = None) -> list[State]:
    """The state of every commitment mentioned on or before `as_of` (default: today)."""
    today = today or dt.date.today()
    as_of = as_of or today
    present = as_of >= today
    meetings = meeting_of_source(record)
    result = []
    for commitment in record.commitments:
        state = _state(commitment, meetings, as_of, present)
        if state is not None:
            result.append(state)
    return result


def _state(commitment: Commitment, meetings: dict[str, Meeting], as_of: dt.date, present: bool) -> State | None:
    cited = sorted(
        (Cited(mention, meetings[mention.source]) for mention in commitment.mentions if mention.source in meetings),
        key=lambda item: (item.meeting.date, item.meeting.id),
    )
    cited = [item for item in cited if item.meeting.date <= as_of]
    if not cited:
        return None  # it did not exist yet
    stage = evidence_stage(item.mention for item in cited)
    evidence = STAGE_STATUS.get(stage)
    status = commitment.status if present else evidence
    distinct = tuple(dict.fromkeys(item.meeting for item in cited))
    open_ = status not in CLOSED
    dormant = open_ and (as_of - distinct[-1].date).days > DORMANT_AFTER_DAYS
    overdue = open_ and commitment.due is not None and commitment.due < as_of
    return State(commitment, as_of, status, evidence, tuple(cited), distinct, dormant, overdue)


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


def overview(found: list[State], as_of: dt.date, limit: int = 10) -> Overview:
    return Overview(
        as_of=as_of,
        total=len(found),
        statuses=Counter(state.status for state in found),
        themes=Counter(state.commitment.theme or "(none)" for state in found),
        recurring=most_recurring(found, limit),
        dormant=sorted((s for s in found if s.dormant), key=lambda s: (s.last_mentioned, s.id)),
        overdue=sorted((s for s in found if s.overdue), key=lambda s: (s.commitment.due, s.id)),
    )


def citations(record: Record) -> dict[tuple[str, int], list[str]]:
    """(source id, paragraph) -> ids of the commitments citing it, in record order."""
    cited: dict[tuple[str, int], list[str]] = {}
    for commitment in record.commitments:
        for mention in commitment.mentions:
            ids = cited.setdefault((mention.source, mention.paragraph), [])
            if commitment.id not in ids:
                ids.append(commitment.id)
    return cited


def find_source(record: Record, source_id: str):
    """(source, meeting) for a source id, or None."""
    return record.source(source_id)
