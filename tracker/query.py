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
import difflib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from tracker.aliases import AliasMatcher
from tracker.model import (
    STAGE_STATUS,
    STAGES,
    STATUSES,
    Commitment,
    Meeting,
    Mention,
    Record,
    Source,
    evidence_stage,
    known,
)
from tracker.nearest import Nearest, did_you_mean
from tracker.text import clip, name_spans, normalise

DORMANT_AFTER_DAYS = 365
CLOSED = ("fulfilled", "dropped")


class NotInRecord(LookupError):
    """A question about something the record does not hold: its message is the one line to print."""


class Unknown(NotInRecord):
    """A name the record does not have (`what`: commitment, meeting, source, theme, party), with
    `nearest`, the record's names nearest it: the same name in another case first (`vn` finds `VN`)."""

    def __init__(self, what: str, name: str, names: Iterable[str | None]):
        self.what, self.name = what, name
        self.nearest = nearest_names(name, names)
        hint = f"; {did_you_mean(self.nearest)}" if self.nearest else ""
        super().__init__(f"no {what} `{clip(name)}`{hint}")


def nearest_names(name: str, names: Iterable[str | None]) -> list[str]:
    """The names nearest `name`, for "did you mean": the same name in another case, else up to three alike."""
    known = [known for known in names if known]
    same_but_case = [known for known in known if known.lower() == name.lower()]
    return same_but_case[:1] or Nearest(known).find(name, count=3)


class UnknownMeeting(Unknown):
    def __init__(self, name: str, record: Record):
        super().__init__("meeting", name, [meeting.id for meeting in meetings_in_order(record)])


class NoSuchParagraph(NotInRecord):
    """A paragraph number past the end of a source's text."""


class NotYetMentioned(NotInRecord):
    """A commitment the record has, that no meeting up to the as-of date mentions."""

    def __init__(self, commitment_id: str, as_of: dt.date | None):
        super().__init__(f"`{commitment_id}` was not mentioned on or before {as_of or 'today'}")


@dataclass(frozen=True, slots=True)  # made for every mention, commitment or change: no __dict__ each
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
        return len(self.meetings) - bisect.bisect_right(self.meetings, date, key=day)


def horizon(record: Record, as_of: dt.date | None = None, today: dt.date | None = None) -> Horizon:
    """The record as seen on `as_of` (default: today)."""
    as_of = as_of or today or dt.date.today()
    return Horizon(as_of, tuple(meeting for meeting in meetings_in_order(record) if day(meeting) <= as_of))


@dataclass(frozen=True, slots=True)  # made for every mention, commitment or change: no __dict__ each
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
        return known(self.commitment.id)

    @property
    def record_date(self) -> dt.date | None:
        return self.horizon.record_date

    @property
    def recurrence(self) -> int:
        return len(self.meetings)

    @property
    def first_mentioned(self) -> dt.date:
        return day(self.meetings[0])

    @property
    def last_mentioned(self) -> dt.date:
        return day(self.meetings[-1])


def meetings_in_order(record: Record) -> list[Meeting]:
    """Date order; a meeting whose date did not load (a record with errors) comes first."""
    return sorted(record.meetings, key=lambda meeting: (meeting.date or dt.date.min, meeting.id or ""))


def meeting_of_source(record: Record) -> dict[str | None, Meeting]:
    return {source.id: meeting for meeting in record.meetings for source in meeting.sources}


@dataclass(frozen=True)
class _Context:
    """What every commitment's state is computed against."""

    meetings: dict[str | None, Meeting]  # source id -> its meeting
    sides: dict[str | None, str]  # source id -> its side, for sources that have one
    party_order: dict[str, int]
    horizon: Horizon
    present: bool
    silent_after: dict[dt.date, int]  # a last mention's date -> the meetings after it: asked once per date

    def silent(self, last: dt.date) -> int:
        found = self.silent_after.get(last)
        if found is None:
            found = self.silent_after[last] = self.horizon.meetings_after(last)
        return found


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
        {},
    )
    result = []
    for commitment in record.commitments:
        state = _state(commitment, context)
        if state is not None:
            result.append(state)
    return result


def _state(commitment: Commitment, context: _Context) -> State | None:
    as_of, meetings = context.horizon.as_of, context.meetings
    # Left out before they are sorted: a mention after `as_of` is neither sorted nor made a `Cited`.
    cited = [
        Cited(mention, meeting)
        for mention in commitment.mentions
        if (meeting := meetings.get(mention.source)) is not None and day(meeting) <= as_of
    ]
    if not cited:
        return None  # it did not exist yet
    cited.sort(key=lambda item: (item.meeting.date, item.meeting.id))
    evidence = status_at(evidence_stage([item.mention for item in cited]))
    status = commitment.status if context.present else evidence
    distinct = tuple(dict.fromkeys([item.meeting for item in cited]))
    last, record_date = day(distinct[-1]), context.horizon.record_date
    open_ = status not in CLOSED
    dormant = open_ and record_date is not None and (record_date - last).days > DORMANT_AFTER_DAYS
    overdue = open_ and commitment.due is not None and commitment.due < as_of
    sides = {side for item in cited if (side := context.sides.get(item.mention.source)) is not None}
    ordered = tuple(sorted(sides, key=lambda code: (context.party_order.get(code, len(context.party_order)), code)))
    return State(
        commitment,
        as_of,
        status,
        evidence,
        tuple(cited),
        distinct,
        dormant,
        overdue,
        context.horizon,
        context.silent(last),
        ordered,
    )


def state_of(record: Record, commitment_id: str, as_of: dt.date | None = None) -> State:
    """The state of one commitment as of `as_of` (default: today)."""
    if commitment_id not in {commitment.id for commitment in record.commitments}:
        raise Unknown("commitment", commitment_id, [commitment.id for commitment in record.commitments])
    found = [state for state in states(record, as_of) if state.id == commitment_id]
    if not found:
        raise NotYetMentioned(commitment_id, as_of)
    return found[0]


def filtered(
    record: Record,
    as_of: dt.date | None = None,
    status: str | None = None,
    theme: str | None = None,
    by: str | None = None,
) -> list[State]:
    """The states as of `as_of` that pass every filter given; a theme or party the record lacks is `Unknown`."""
    themes = {commitment.theme for commitment in record.commitments}
    if theme is not None and theme not in themes:
        raise Unknown("theme", theme, sorted(name for name in themes if name))
    if by is not None and by not in record.parties:
        raise Unknown("party", by, list(record.parties))
    return select(states(record, as_of), status, theme, by)


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
    order: dict[str | None, int] = {status: index for index, status in enumerate(STATUSES)}
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


def recurrence_matrix(record: Record, found: Iterable[State], minimum: int = 1, as_of: dt.date | None = None) -> Matrix:
    """A column for every meeting up to `as_of` (default: today), those that mention none of the rows
    shown included: a meeting where nothing recurs is a finding. Rows: commitments seen at `minimum` meetings."""
    kept = [state for state in found if state.recurrence >= minimum]
    meetings = list(horizon(record, as_of).meetings)
    column = {meeting.id: index for index, meeting in enumerate(meetings)}
    rows = []
    for state in sorted(kept, key=lambda state: recurrence_order(state.first_mentioned, state.recurrence, state.id)):
        kinds: dict[int, str] = {}
        for item in state.cited:
            index = column[item.meeting.id]
            kinds[index] = known(higher_kind(kinds.get(index), item.mention.kind))
        rows.append((state, kinds))
    return Matrix(meetings, rows)


def recurrence_order(first_mentioned: dt.date | str, recurrence: int, commitment_id: str) -> tuple:
    """Where a commitment's row stands in the recurrence matrix, in every output (the html page's
    script sorts alike): first mentioned first, then the most recurring, then by id."""
    return (first_mentioned, -recurrence, commitment_id)


def status_at(stage: int | None) -> str | None:
    """The status an evidence stage stands for; None for no stage (nothing, or only `reaffirmed`)."""
    return STAGE_STATUS.get(stage) if stage is not None else None


def higher_kind(kind: str | None, other: str | None) -> str | None:
    """The kind of higher stage; a staged kind beats `reaffirmed`, which beats none."""
    rank = lambda value: -1 if value is None else STAGES.get(value, 0)  # noqa: E731
    return other if rank(other) > rank(kind) else kind


PERIODS = ("meeting", "month", "quarter", "year")  # finest first


@dataclass(frozen=True)
class Binned:
    """A matrix with its meetings grouped by calendar period: a column per period that holds a meeting,
    each cell the highest-stage kind of the period's meetings. `starts`: each column's first meeting."""

    period: str
    starts: list[Meeting]
    rows: list[tuple[State, dict[int, str]]]


def period_of(date: dt.date, period: str) -> str:
    """The label of the month, quarter or year that holds `date`: `2025-04`, `2025 Q2` or `2025`."""
    if period == "month":
        return f"{date.year}-{date.month:02}"
    return f"{date.year} Q{(date.month + 2) // 3}" if period == "quarter" else str(date.year)


def binned(matrix: Matrix, period: str) -> Binned:
    """`matrix` with a column per `period` (of PERIODS) that holds a meeting, in date order."""
    columns: dict[str, int] = {}
    starts: list[Meeting] = []
    column_of: list[int] = []
    for meeting in matrix.meetings:
        label = str(len(column_of)) if period == "meeting" else period_of(day(meeting), period)
        if label not in columns:
            columns[label] = len(starts)
            starts.append(meeting)
        column_of.append(columns[label])
    rows = []
    for state, row in matrix.rows:
        kinds: dict[int, str] = {}
        for index, kind in row.items():
            kinds[column_of[index]] = higher_kind(kinds.get(column_of[index]), kind) or kind
        rows.append((state, kinds))
    return Binned(period, starts, rows)


@dataclass(frozen=True)
class Step:
    """The status history: after this meeting, the evidence stood at `status`."""

    meeting: Meeting
    status: str | None
    kinds: tuple[str, ...]


def history(state: State) -> list[Step]:
    steps, stage = [], None
    for meeting in state.meetings:
        kinds = tuple(known(item.mention.kind) for item in state.cited if item.meeting is meeting)
        stage = max(filter(None, [stage, *(STAGES.get(kind) for kind in kinds)]), default=None)
        steps.append(Step(meeting, status_at(stage), kinds))
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


Citations = dict[tuple[str | None, int | None], list[str]]


def citations(record: Record) -> Citations:
    """(source id, paragraph) -> ids of the commitments citing it (by a mention or a due's words), in record order.

    A commitment whose id did not load (search reads a record with errors) cites
    nothing: what cannot be named cannot be shown citing."""
    cited: Citations = {}
    for commitment in record.commitments:
        if commitment.id is None:
            continue
        for mention in commitment.citations():
            ids = cited.setdefault((mention.source, mention.paragraph), [])
            if commitment.id not in ids:
                ids.append(commitment.id)
    return cited


def cited_places(record: Record) -> set[tuple[str | None, int | None]]:
    """The keys of `citations(record)` alone: whether a paragraph is cited, not by whom (cheaper to build)."""
    return {(cite.source, cite.paragraph) for c in record.commitments if c.id is not None for cite in c.citations()}


def quotes_in(record: Record, source_id: str) -> dict[int, list[str]]:
    """Paragraph number -> the quotes that cite it (mentions' and due dates' words), to mark them where shown."""
    found: dict[int, list[str]] = {}
    for commitment in record.commitments:
        for citation in commitment.citations():
            if citation.source == source_id and citation.paragraph is not None and citation.quote:
                found.setdefault(citation.paragraph, []).append(citation.quote)
    return found


def find_source(record: Record, source_id: str | None) -> tuple[Source, Meeting] | None:
    """(source, meeting) for a source id, or None."""
    return record.source(source_id)


def source_of(record: Record, source_id: str, paragraph: int | None = None) -> tuple[Source, Meeting]:
    """(source, meeting) for a source id the record has; one it lacks is `Unknown`, and
    a `paragraph` its text does not have is `NoSuchParagraph`."""
    found = record.source(source_id)
    if found is None:
        raise Unknown("source", source_id, [source.id for source in record.sources()])
    text = record.text(source_id)
    count = len(text.paragraphs) if text is not None else 0
    if paragraph is not None and not 1 <= paragraph <= count:
        raise NoSuchParagraph(f"{source_id} has paragraphs 1 to {count}, not {paragraph}")
    return found


# What changed in a window of meetings -----------------------------------------------


@dataclass(frozen=True, slots=True)  # made for every mention, commitment or change: no __dict__ each
class Change:
    """A commitment in a window: its status at the window's end, its evidence before and after."""

    commitment: Commitment
    status: str | None
    before: str | None  # the evidence stage's name before the window
    after: str | None  # ... and at its end
    meetings: tuple[Meeting, ...]  # the window's meetings that mention it; for silent, the last before

    @property
    def id(self) -> str | None:
        return self.commitment.id


@dataclass(frozen=True)
class Changes:
    """What changed in a window of meetings (SPEC 8, `tracker changes`). Both ends inclusive."""

    start: dt.date
    end: dt.date
    meetings: tuple[Meeting, ...]
    new: list[Change]
    advanced: list[Change]
    reaffirmed: list[Change]
    silent: list[Change]
    overdue: list[Change]


@dataclass(frozen=True)
class Digest:
    """A window's changes meeting by meeting, in date order, and the whole window's."""

    total: Changes
    per_meeting: list[Changes]


def changes_at(record: Record, meeting_id: str, today: dt.date | None = None) -> Changes:
    """The window holding one meeting alone: "before" is every meeting earlier in date order.

    The window starts the day after the previous meeting, so that the deadlines
    passed since then are the ones it finds newly overdue.
    """
    ordered = meetings_in_order(record)
    index = next((i for i, meeting in enumerate(ordered) if meeting.id == meeting_id), None)
    if index is None:
        raise UnknownMeeting(meeting_id, record)
    meeting = ordered[index]
    walk = _Walk(record, today)
    walk.through(ordered[:index])
    return walk.window([meeting], _start_after(walk.previous, day(meeting)), day(meeting))


def changes_between(record: Record, start: dt.date, end: dt.date, today: dt.date | None = None) -> Digest:
    """The meetings dated from `start` to `end` (both inclusive): each one's changes, and the window's."""
    ordered = meetings_in_order(record)
    before = [meeting for meeting in ordered if day(meeting) < start]
    inside = [meeting for meeting in ordered if start <= day(meeting) <= end]
    walk = _Walk(record, today)
    walk.through(before)
    total = walk.window(inside, start, end)
    per_meeting = []
    for meeting in inside:
        section_start = max(start, _start_after(walk.previous, day(meeting)))
        per_meeting.append(walk.window([meeting], section_start, day(meeting)))
        walk.through([meeting])
    return Digest(total, per_meeting)


def changes_per_meeting(record: Record, as_of: dt.date | None = None, today: dt.date | None = None) -> list[Changes]:
    """Every meeting's changes up to `as_of`, in date order: one walk through the record."""
    walk = _Walk(record, today)
    found = []
    for meeting in horizon(record, as_of, today).meetings:
        found.append(walk.window([meeting], _start_after(walk.previous, day(meeting)), day(meeting)))
        walk.through([meeting])
    return found


def day(meeting: Meeting) -> dt.date:
    """A meeting's date. Reports read checked records, where every meeting has one."""
    if meeting.date is None:
        raise ValueError(f"meeting {meeting.id} has no date: run `tracker check`")
    return meeting.date


def _start_after(previous: Meeting | None, date: dt.date) -> dt.date:
    """The day after the previous meeting, or `date` itself when there is none that day or before."""
    if previous is None or day(previous) >= date:
        return date
    return day(previous) + dt.timedelta(days=1)


_UNSEEN = -1  # the stage of a commitment not yet mentioned


class _Walk:
    """Meetings taken in date order, keeping each commitment's evidence stage so far.

    Each meeting's mentions are indexed once, so the changes at every meeting of
    the record cost the mentions read and the answer given, not commitments
    times meetings.
    """

    def __init__(self, record: Record, today: dt.date | None):
        self.today = today or dt.date.today()
        self.stage: dict[str | None, int] = {}  # commitment id -> stage so far (0: only reaffirmed)
        self.previous: Meeting | None = None
        self.by_id = {c.id: c for c in record.commitments}
        # meeting id -> (commitment id, the mention's stage, 0 for none) of each mention citing it
        self.mentions: dict[str | None, list[tuple[str | None, int]]] = {}
        meetings = meeting_of_source(record)
        for commitment in record.commitments:
            for mention in commitment.mentions:
                if mention.source in meetings:
                    self.mentions.setdefault(meetings[mention.source].id, []).append(
                        (commitment.id, mention.stage or 0)
                    )
        self.by_due = sorted((c.due, c.id or "") for c in record.commitments if c.due is not None)

    def through(self, meetings: Iterable[Meeting]) -> None:
        stage = self.stage
        for meeting in meetings:
            for commitment, found in self.mentions.get(meeting.id, ()):
                if found > stage.get(commitment, _UNSEEN):
                    stage[commitment] = found
            self.previous = meeting

    def window(self, meetings: list[Meeting], start: dt.date, end: dt.date) -> Changes:
        """The changes of `meetings`, read against the stages walked so far (which it leaves as they are)."""
        stage_in: dict[str | None, int] = {}
        first_at: dict[str | None, tuple[Meeting, ...]] = {}  # commitment -> its meetings here, in order
        for meeting in meetings:
            for commitment, found in self.mentions.get(meeting.id, ()):
                if found >= stage_in.get(commitment, 0):
                    stage_in[commitment] = found
                at = first_at.get(commitment)
                if at is None:
                    first_at[commitment] = (meeting,)
                elif at[-1] is not meeting:  # a meeting's mentions are read together: once each
                    first_at[commitment] = (*at, meeting)
        present = end >= self.today
        groups: dict[str, list[Change]] = {"new": [], "advanced": [], "reaffirmed": [], "silent": [], "overdue": []}
        for commitment, meetings_of in first_at.items():
            before = self.stage.get(commitment, _UNSEEN)
            after = max(before, stage_in[commitment])
            change = self._change(commitment, before, after, meetings_of, self._status(commitment, after, present))
            group = "new" if before == _UNSEEN else "advanced" if after > before else "reaffirmed"
            groups[group].append(change)
        groups["silent"] = self._silent(first_at, present)
        groups["overdue"] = self._overdue(start, end, stage_in, present)
        order = {meeting.id: index for index, meeting in enumerate(meetings)}
        for name in ("new", "advanced", "reaffirmed"):
            groups[name].sort(key=lambda change: (order[change.meetings[0].id], change.commitment.id or ""))
        return Changes(start, end, tuple(meetings), **groups)

    def _silent(self, mentioned: dict[str | None, tuple[Meeting, ...]], present: bool) -> list[Change]:
        """Open, mentioned at the last meeting before the window, not in it."""
        if self.previous is None:
            return []
        found = []
        at = (self.previous,)
        for commitment in dict.fromkeys([c for c, _ in self.mentions.get(self.previous.id, ())]):
            if commitment not in mentioned:
                stage = self.stage[commitment]
                status = self._status(commitment, stage, present)
                if status not in CLOSED:  # a closed one is not made a `Change`
                    found.append(self._change(commitment, stage, stage, at, status))
        found.sort(key=lambda change: change.commitment.id or "")
        return found

    def _overdue(self, start: dt.date, end: dt.date, stage_in: dict[str | None, int], present: bool) -> list[Change]:
        """Open at the end, and due on or after the start and before the end."""
        found = []
        low = bisect.bisect_left(self.by_due, (start, ""))
        for due, commitment in self.by_due[low:]:
            if due >= end:
                break
            before = self.stage.get(commitment, _UNSEEN)
            after = max(before, stage_in.get(commitment, _UNSEEN))
            if after == _UNSEEN:
                continue  # not mentioned yet: it did not exist
            status = self._status(commitment, after, present)
            if status not in CLOSED:
                found.append(self._change(commitment, before, after, (), status))
        return found

    def _status(self, commitment: str | None, after: int, present: bool) -> str | None:
        """The status at the window's end: the curated one in the present, else the evidence."""
        return self.by_id[commitment].status if present else STAGE_STATUS.get(after)

    def _change(self, commitment: str | None, before: int, after: int, meetings: tuple, status: str | None) -> Change:
        return Change(self.by_id[commitment], status, STAGE_STATUS.get(before), STAGE_STATUS.get(after), meetings)


# How the words moved ----------------------------------------------------------------


@dataclass(frozen=True)
class Wording:
    """A mention's quote read against the quote at the commitment's previous meeting, word by word."""

    previous: Cited
    segments: tuple[tuple[str, str], ...]  # (same | added | dropped, words)


def wordings(state: State) -> list[Wording | None]:
    """One per cited mention (date order): None at the first meeting, else its words against the previous meeting's.

    When the previous meeting has several mentions, the quote read against is
    the one most alike, so two reports of one meeting are not mixed up.
    """
    result: list[Wording | None] = []
    by_meeting = [[item for item in state.cited if item.meeting is meeting] for meeting in state.meetings]
    for index, items in enumerate(by_meeting):
        for item in items:
            if index == 0:
                result.append(None)
                continue
            words = quote_words(item.mention.quote)
            previous = max(
                by_meeting[index - 1], key=lambda earlier: _likeness(quote_words(earlier.mention.quote), words)
            )
            result.append(Wording(previous, word_diff(quote_words(previous.mention.quote), words)))
    return result


def quote_words(quote: str | None) -> list[str]:
    return normalise(quote or "").split()


def _likeness(words: list[str], other: list[str]) -> float:
    return difflib.SequenceMatcher(a=words, b=other, autojunk=False).ratio()


def word_diff(old: list[str], new: list[str]) -> tuple[tuple[str, str], ...]:
    """`new` against `old`, word by word: runs of words kept (same), added and dropped, in reading order."""
    segments: list[tuple[str, str]] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(("same", " ".join(new[b1:b2])))
            continue
        if a2 > a1:
            segments.append(("dropped", " ".join(old[a1:a2])))
        if b2 > b1:
            segments.append(("added", " ".join(new[b1:b2])))
    return tuple(segments)


# Where words were said ---------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    """A paragraph that holds the words searched for."""

    source: Source
    meeting: Meeting
    paragraph: int  # 1-based
    text: str
    words: str
    cited_by: tuple[str, ...]

    def spans(self) -> list[tuple[int, int]]:
        """Where the words are, as offsets into `text`: worked out only for what is shown."""
        return name_spans(self.words, self.text)


def search(record: Record, words: str, uncited: bool = False) -> list[Found]:
    """Every paragraph of every source naming `words` as aliases are matched (SPEC 7): meeting date order.

    With `uncited`, only the paragraphs that no commitment cites. The record
    may have errors: search reads what loaded and judges nothing.
    """
    matcher = AliasMatcher([(words, words)])
    cited = citations(record)
    found = []
    for meeting in sorted(record.meetings, key=lambda m: (m.date or dt.date.max, m.id or "")):
        for source in meeting.sources:
            if source.id is None or (text := record.texts.get(source.id)) is None:
                continue
            for number in dict.fromkeys(hit.paragraph for hit in matcher.scan(text.paragraphs)):
                by = tuple(cited.get((source.id, number), ()))
                if uncited and by:
                    continue
                found.append(Found(source, meeting, number, text.paragraphs[number - 1], words, by))
    return found


# What each side said ----------------------------------------------------------------


@dataclass(frozen=True)
class Compared:
    """One commitment as each side's sources of one meeting give it."""

    commitment: Commitment
    kinds: dict[str, str | None]  # party code -> the highest-stage kind its sources give, or None
    unattributed: str | None  # ... and the sources without a side
    mentions: dict[str | None, tuple[Mention, ...]]  # party code (None: unattributed) -> the mentions

    @property
    def id(self) -> str | None:
        return self.commitment.id

    def accounts(self) -> list[tuple[str | None, tuple[Mention, ...]]]:
        """Each side's mentions, in the order of the sides, the unattributed last."""
        return [(side, self.mentions[side]) for side in [*self.kinds, None] if side in self.mentions]

    @property
    def reported_by(self) -> list[str]:
        return [side for side, kind in self.kinds.items() if kind is not None]

    @property
    def one_sided(self) -> bool:
        """Only one side's sources mention it."""
        return len(self.reported_by) == 1

    @property
    def differ(self) -> bool:
        """The sides that mention it give it different kinds."""
        return len({self.kinds[side] for side in self.reported_by}) > 1


@dataclass(frozen=True)
class Comparison:
    """The sides' accounts of one meeting (SPEC 8, `tracker compare`)."""

    meeting: Meeting
    sides: tuple[str, ...]  # party codes with at least one source here, in the order of `parties`
    unattributed: tuple[Source, ...]  # the sources that say no side
    rows: list[Compared]  # by id


def compare(record: Record, meeting_id: str) -> Comparison:
    """Each commitment the meeting's sources mention, with the kinds each side's sources give it."""
    meeting = next((m for m in record.meetings if m.id == meeting_id), None)
    if meeting is None:
        raise UnknownMeeting(meeting_id, record)
    return _compare(record, meeting, _mentions_at(record, [meeting])[meeting.id])


def comparisons(record: Record, as_of: dt.date | None = None) -> dict[str | None, Comparison]:
    """Meeting id -> the comparison of its sides' accounts, for every meeting up to `as_of` (default:
    today) whose sources give two sides or more: one pass over the mentions."""
    both = [m for m in horizon(record, as_of).meetings if len({s.side for s in m.sources if s.side}) > 1]
    at = _mentions_at(record, both)
    return {meeting.id: _compare(record, meeting, at[meeting.id]) for meeting in both}


def _mentions_at(record: Record, meetings: list[Meeting]) -> dict[str | None, list[tuple[Commitment, Mention]]]:
    """Meeting id -> (commitment, mention) of every mention citing one of its sources, in record order."""
    meeting_of = {source.id: meeting.id for meeting in meetings for source in meeting.sources}
    found: dict[str | None, list[tuple[Commitment, Mention]]] = {meeting.id: [] for meeting in meetings}
    for commitment in record.commitments:
        for mention in commitment.mentions:
            if mention.source in meeting_of:
                found[meeting_of[mention.source]].append((commitment, mention))
    return found


def _compare(record: Record, meeting: Meeting, mentions: list[tuple[Commitment, Mention]]) -> Comparison:
    side_of = {source.id: source.side for source in meeting.sources}
    order = {code: index for index, code in enumerate(record.parties)}
    sides = tuple(sorted({s for s in side_of.values() if s is not None}, key=lambda s: (order.get(s, len(order)), s)))
    by_commitment: dict[Commitment, dict[str | None, tuple[Mention, ...]]] = {}
    for commitment, mention in mentions:
        by_side = by_commitment.setdefault(commitment, {})
        side = side_of[mention.source]
        by_side[side] = (*by_side.get(side, ()), mention)
    rows = [
        Compared(
            commitment,
            {side: _highest(by_side.get(side, ())) for side in sides},
            _highest(by_side.get(None, ())),
            by_side,
        )
        for commitment, by_side in by_commitment.items()
    ]
    unattributed = tuple(source for source in meeting.sources if source.side is None)
    return Comparison(meeting, sides, unattributed, sorted(rows, key=lambda row: row.id or ""))


def _highest(mentions: Iterable[Mention]) -> str | None:
    kind = None
    for mention in mentions:
        kind = higher_kind(kind, mention.kind)
    return kind
