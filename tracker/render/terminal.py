"""Terminal output of the report commands: the only module that imports rich.

On a terminal: tables, colour, the quoted words highlighted. Piped, or with
NO_COLOR: the same layout as plain text, never wrapped, with quotes marked
»like this«. Text from the record always enters rich as `Text`, never as
markup, so a `[bold]` in a quote is printed as written, and always escaped
(`text.escape`) first: rich passes an ESC through to the terminal.
"""

from __future__ import annotations

import copy
import dataclasses
import itertools
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import cast

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Column, Table
from rich.text import Text

from tracker import query
from tracker.model import KIND_SYMBOLS, Meeting, Record, known
from tracker.render import colour, progress
from tracker.text import counted, escape, quote_spans

KIND_STYLES = {"proposed": "yellow", "agreed": "cyan", "reaffirmed": "dim", "progress": "blue", "fulfilled": "green"}
STATUS_STYLES = {
    "proposed": "yellow",
    "agreed": "cyan",
    "in-progress": "blue",
    "fulfilled": "green",
    "stalled": "magenta",
    "dropped": "red",
}
PLAIN_WIDTH = 10_000  # piped output is never wrapped


def console(stream=None, width: int | None = None) -> Console:
    """A console for `stream`: laid out to a terminal's width, plain and unwrapped otherwise.

    Whether the stream counts as a terminal is `tracker.render.colour`'s
    decision, the one `tracker check` follows; rich then styles it by the same
    conventions: NO_COLOR drops the colour (and nothing else), TERM=dumb has none.
    """
    stream = stream or sys.stdout
    if width is None and colour.is_terminal(stream):
        return Console(file=stream, force_terminal=True, highlight=False, emoji=False)
    return Console(
        file=stream,
        width=width or PLAIN_WIDTH,
        color_system=None,
        highlight=False,
        emoji=False,
        force_terminal=False,
        soft_wrap=width is None,
    )


def is_plain(out: Console) -> bool:
    return not out.is_terminal


def _table(out: Console, *columns: str) -> Table:
    return Table(
        *columns,
        box=box.SIMPLE_HEAD if not is_plain(out) else box.SIMPLE,
        show_edge=False,
        pad_edge=False,
        header_style="bold",
    )


def keep_whole(table: Table, *indexes: int) -> None:
    """Never cut these columns (ids: what the user types next), whatever the width."""
    for index in indexes:
        column = table.columns[index]
        widest = max([cell_len(str(column.header))] + [_cell_width(cell) for cell in column.cells])
        column.no_wrap, column.min_width = True, widest


def numbers(table: Table, *indexes: int) -> None:
    """Numbers right-aligned, never wrapped."""
    for index in indexes:
        table.columns[index].justify, table.columns[index].no_wrap = "right", True


def _cell_width(cell) -> int:
    text = _text(cell)
    return width_of(text) if "\n" not in text else max(width_of(line) for line in text.split("\n"))


def width_of(text: str) -> int:
    """The terminal cells `text` takes (a CJK character two), as rich counts them, without rich's
    walk of a long line one character at a time: a long line's blanks are counted at once (joiners
    and variation selectors change the count of their neighbours: a line with one is rich's)."""
    if isinstance(text, Timeline):
        return len(text)  # blanks and symbols, each a cell
    if len(text) < 512 or text.isascii() or "\u200d" in text or "\ufe0f" in text:
        return len(text) if text.isascii() else cell_len(text)
    return text.count(" ") + cell_len(text.replace(" ", ""))


SECTION = None  # in the rows of a LongTable: a section ends here


class LongTable:
    """A table with too many rows to lay out at once (a row a commitment). Its column widths are
    worked out once, by rich, from the header and the widest cell of each column (all a column's
    width depends on); its rows are made as they are printed, a chunk at a time, each chunk a table
    with those widths fixed. The chunks read as the one table they stand for, and neither the rows
    nor their layout are ever all in memory.

    `columns`: a table with the columns and no rows; `rows`: makes the rows' cells, afresh at each
    call, and SECTION where a section ends; `whole`: the columns never cut (ids); `widest`: a
    widest cell of each column, when known without making the rows."""

    CHUNK = 500  # rows laid out at once

    def __init__(
        self,
        columns: Table,
        rows: Callable[[], Iterable[list[Text | str] | None]],
        whole: tuple[int, ...] = (),
        widest: list[Text | str] | None = None,
    ):
        self.columns, self.rows = columns, rows
        self.widest = widest if widest is not None else _widest(rows(), len(columns.columns))
        for index in whole:
            column = columns.columns[index]
            header = max(width_of(line) for line in str(column.header).split("\n"))
            column.no_wrap, column.min_width = True, max(header, _cell_width(self.widest[index]))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Table]:
        yield from self.chunks(console, options)

    def chunks(self, console: Console, options: ConsoleOptions) -> Iterator[Table]:
        widths = self._widths(console, options)
        chunk = self._chunk(widths, header=self.columns.show_header)
        for cells in self.rows():
            if cells is SECTION:
                if chunk.rows:
                    chunk.rows[-1].end_section = True
                continue
            if len(chunk.rows) >= self.CHUNK and not chunk.rows[-1].end_section:
                yield chunk  # closed before a row, not after a section (rich draws its end between two rows)
                chunk = self._chunk(widths, header=False)
            chunk.add_row(*cells)
        if chunk.rows or chunk.show_header:
            yield chunk

    def _widths(self, console: Console, options: ConsoleOptions) -> list[int]:
        """Rich's widths for the whole table (padding included): those of the header and the widest cells.

        Worked out as Table.__rich_console__ works them out; these are rich's own (private) steps."""
        probe = self._chunk(None, header=self.columns.show_header)
        for index, cell in enumerate(self.widest):
            probe.add_row(*("" if other != index else cell for other in range(len(self.widest))))
        width = options.max_width - probe._extra_width
        return probe._calculate_column_widths(console, options.update_width(width))

    def _chunk(self, widths: list[int] | None, header: bool) -> Table:
        """A table of the same columns and no rows; laid out at `widths` when given."""
        chunk = copy.copy(self.columns)
        if widths is not None:
            chunk.__class__ = _Chunk  # the same table, its widths fixed
            cast(_Chunk, chunk).widths = widths
        chunk.columns = [dataclasses.replace(column, _cells=[]) for column in self.columns.columns]
        chunk.rows, chunk.show_header = [], header
        return chunk

    def plain_lines(self) -> Iterator[str]:
        """The table as aligned lines, laid out as `plain_table` lays out a table."""
        return _plain_lines(self.columns.columns, self.widest, self.columns.show_header, _plain_rows(self.rows()))


def _widest(rows: Iterable[list[Text | str] | None], count: int) -> list[Text | str]:
    """A widest cell of each of `count` columns, the rows looked at one at a time."""
    widest: list[Text | str] = [""] * count
    widths = [0] * count
    for cells in rows:
        for index, cell in enumerate(cells or ()):
            width = _cell_width(cell)
            if width > widths[index]:
                widest[index], widths[index] = cell, width
    return widest


class _Chunk(Table):
    """Rows of a long table, laid out at the widths worked out for the whole table."""

    widths: list[int]

    def _calculate_column_widths(self, console: Console, options: ConsoleOptions) -> list[int]:
        return self.widths


def shown(value: object, style: str = "") -> Text:
    """Record or source text as rich takes it: escaped, never markup."""
    return Text(escape(str(value)) if value is not None else "", style=style)


def _status(status: str | None) -> Text:
    return shown(status or "-", STATUS_STYLES.get(status or "", ""))


# Inferred facts -------------------------------------------------------------------

INFERRED_MARK = "*"


class Marks:
    """Meeting facts as shown, marked `*` when the sources do not state them.

    Every view that shows a meeting's date, place, participants or occasion
    takes them from here, then ends with `footnotes()`: one line per meeting
    whose inferred facts were shown, with the note that says how they were
    worked out. No reader takes an inference for a quotation.
    """

    def __init__(self, meetings: list[Meeting] | tuple[Meeting, ...] = ()):
        self._by_id = {meeting.id: meeting for meeting in meetings}
        self._shown: dict[str | None, Meeting] = {}

    def fact(self, meeting: Meeting | str | None, fact: str) -> str:
        """The fact of `meeting` (or of the meeting with this id) as text, marked when inferred."""
        found = self._by_id.get(meeting) if isinstance(meeting, str) or meeting is None else meeting
        if found is None:
            return ""
        value = getattr(found, fact)
        text = escape(", ".join(value) if isinstance(value, tuple) else "" if value is None else str(value))
        if not found.is_inferred(fact):
            return text
        self._shown.setdefault(found.id, found)
        return text + INFERRED_MARK

    def footnotes(self) -> list[Text]:
        """A blank line, then one line per meeting whose inferred facts were shown; nothing if none was."""
        lines: list[Text] = [Text()] if self._shown else []
        for meeting in self._shown.values():
            line = Text(
                f"{INFERRED_MARK} inferred, not stated by the sources: {escape(meeting.id or '')} ", style="dim"
            )
            line.append(f"({', '.join(meeting.inferred)})", style="dim")
            if meeting.notes:
                line.append(f": {escape(meeting.notes)}", style="dim")
            lines.append(line)
        return lines


def heading(marks: Marks, seen: query.Horizon, prefix: str = "") -> Text:
    """`as of DATE; record date DATE`: reports measure time against the record, not the calendar."""
    latest = seen.latest
    record_date = marks.fact(latest, "date") if latest else "none (no meeting on or before it)"
    return Text(f"{prefix}as of {seen.as_of}; record date {record_date}", style="bold")


def _flags(state: query.State, short: bool = False) -> Text:
    """dormant and overdue; `short` for a narrow column: a word a line, no date."""
    flags = Text()
    if state.dormant:
        flags.append("dormant", style="magenta")
    if state.overdue:
        flags.append(("\n" if short else " ") if flags else "")
        flags.append("overdue" if short else f"overdue (due {state.commitment.due})", style="red")
    return flags


# status --------------------------------------------------------------------------


def status(out: Console, states: list[query.State], seen: query.Horizon) -> Group:
    """The heading, the table, and what the table marked as inferred."""
    marks = Marks()
    return Group(heading(marks, seen), Text(), status_table(out, states, marks), *marks.footnotes())


WIDE = 120  # from this width a title has a column of its own


def status_table(out: Console, states: list[query.State], marks: Marks | None = None) -> LongTable:
    """One row a commitment, grouped by status. Evidence shows only where it can differ.

    On a narrow terminal each group is headed by its status and the title
    wraps under the id; on a wide one, or piped, each has its column. Ids and
    numbers are never cut; the flags take a narrow column of their own.
    """
    marks = marks or Marks()
    ordered = query.by_status(states)
    with_evidence = any(state.evidence != state.status for state in ordered)
    if is_plain(out) or out.width >= WIDE:
        return _status_columns(out, ordered, with_evidence, marks)
    columns = _table(out, "commitment", "n", "last", "")
    numbers(columns, 1)
    columns.columns[0].overflow, columns.columns[0].min_width = (
        "fold",
        max(len(state.id) for state in ordered) if ordered else 10,
    )
    columns.columns[3].min_width = columns.columns[3].max_width = 7

    def rows() -> Iterator[list[Text | str] | None]:
        previous = None
        for state in ordered:
            if state.status != previous:
                if previous is not None:
                    yield SECTION
                yield [_status(state.status), "", "", ""]
                previous = state.status
            cell = shown(state.id, "bold")
            cell.append("\n")
            cell.append_text(shown(state.commitment.title, "dim"))
            if with_evidence and state.evidence != state.status:
                cell.append("\nevidence: ", style="dim")
                cell.append_text(_status(state.evidence))
            yield [cell, str(state.recurrence), marks.fact(state.meetings[-1], "date"), _flags(state, short=True)]

    return LongTable(columns, rows)  # the widest cells found now: the footnotes know every fact shown


def _status_columns(out: Console, ordered: list[query.State], with_evidence: bool, marks: Marks) -> LongTable:
    names = ["status", "id", "title", *(["evidence"] if with_evidence else []), "n", "last", ""]
    columns = _table(out, *names)
    numbers(columns, len(names) - 3)
    columns.columns[2].overflow, columns.columns[2].ratio = "fold", 1

    def rows() -> Iterator[list[Text | str] | None]:
        previous = None
        for state in ordered:
            if previous is not None and state.status != previous:
                yield SECTION
            previous = state.status
            cells: list[Text | str] = [_status(state.status), shown(state.id, "bold"), shown(state.commitment.title)]
            if with_evidence:
                cells.append(_status(state.evidence))
            cells += [str(state.recurrence), marks.fact(state.meetings[-1], "date"), _flags(state)]
            yield cells

    return LongTable(columns, rows, whole=(0, 1, len(names) - 2))


# report --------------------------------------------------------------------------


def report(out: Console, summary: query.Overview) -> Group:
    marks = Marks()
    total = f"{counted(summary.total, 'commitment')} from {counted(summary.meetings, 'meeting')}, "
    parts: list = [heading(marks, summary.horizon, total)]
    counts = _table(out, "status", "count", "")
    biggest = max(summary.statuses.values(), default=1)
    for status in query.STATUSES:
        count = summary.statuses.get(status, 0)
        if count:
            counts.add_row(
                _status(status), str(count), Text("■" * round(12 * count / biggest), style=STATUS_STYLES[status])
            )
    numbers(counts, 1)
    themes = _table(out, "theme", "count")
    for theme, count in sorted(summary.themes.items(), key=lambda item: (-item[1], item[0])):
        themes.add_row(shown(theme), str(count))
    numbers(themes, 1)
    parts += [Text(), counts, Text(), themes, Text()]
    with_first = is_plain(out) or out.width >= 90  # a narrow terminal keeps the last mention only
    recurring = _table(out, "most recurring", "n", *(["first"] if with_first else []), "last", "status")
    for state in summary.recurring:
        first = [marks.fact(state.meetings[0], "date")] if with_first else []
        recurring.add_row(
            shown(state.id),
            str(state.recurrence),
            *first,
            marks.fact(state.meetings[-1], "date"),
            _status(state.status),
        )
    keep_whole(recurring, *range(len(recurring.columns)))
    numbers(recurring, 1)
    parts += [recurring, Text()]
    parts += _watch_list(
        out,
        "dormant: no mention for over a year before the record date",
        summary.dormant,
        "last mentioned",
        lambda s: marks.fact(s.meetings[-1], "date"),
    )
    parts.append(Text())
    parts += _watch_list(
        out, "overdue: past due, not fulfilled", summary.overdue, "due", lambda s: str(s.commitment.due)
    )
    return Group(*parts, *marks.footnotes())


def _watch_list(out: Console, heading: str, states: list[query.State], column: str, value) -> list:
    """The heading on a line of its own (a column header that long would squeeze the status out), then the table."""
    if not states:
        return [Text(f"{heading}: none", style="dim")]
    table = _table(out, "commitment", column, "status")
    for state in states:
        table.add_row(shown(state.id), value(state), _status(state.status))
    keep_whole(table, 0, 1, 2)
    return [Text(heading, style="bold"), table]


# recurrence ----------------------------------------------------------------------


def recurrence(out: Console, matrix: query.Matrix, width: int, seen: query.Horizon | None = None) -> Group:
    """Commitments by meetings, the meetings listed below when their columns are numbered."""
    marks = Marks()
    parts: list = [heading(marks, seen), Text()] if seen else []
    columns = _recurrence_columns(out, matrix, width)
    if isinstance(columns, query.Binned):
        parts += [_timeline_heading(matrix, columns), _timeline(out, columns)]
    else:
        parts.append(_grid(out, matrix, columns == "dated", marks))
    parts.append(_kind_legend())
    if columns == "numbered" or (isinstance(columns, query.Binned) and columns.period == "meeting"):
        for number, meeting in enumerate(matrix.meetings, 1):
            when, where, who = (marks.fact(meeting, fact) for fact in ("date", "place", "participants"))
            parts.append(Text(f"{number:>3}  {when}  {where}  ({who})", style="dim"))
    return Group(*parts, *marks.footnotes())


def _recurrence_columns(out: Console, matrix: query.Matrix, width: int) -> str | query.Binned:
    """`dated` columns when they fit, `numbered` ones when those fit, otherwise a timeline of one
    character per meeting, or per month, quarter or year: the finest that fits the width. Piped,
    with no width to fit, a dozen dated columns still read well and a timeline keeps every meeting."""
    count = len(matrix.meetings)
    label = max([cell_len("commitment"), *(cell_len(state.id or "") for state, _ in matrix.rows)])
    if is_plain(out):
        return "dated" if count <= 12 else query.binned(matrix, "meeting")
    if label + 6 + 13 * count <= width:
        return "dated"
    if label + 6 + 5 * count <= width:
        return "numbered"
    most = max((state.recurrence for state, _ in matrix.rows), default=0)
    room = width - label - 4 - len(str(most))  # two gaps of two cells, and the count
    for period in query.PERIODS:
        bins = query.binned(matrix, period)
        if len(bins.starts) <= room:
            break
    return bins  # years, even when they do not fit: the ids and counts stay whole, the timeline is cropped


def _kind_legend() -> Text:
    """What each symbol of a recurrence cell means."""
    return Text("  ".join(f"{symbol} {kind}" for kind, symbol in KIND_SYMBOLS.items()), style="dim")


def _timeline_heading(matrix: query.Matrix, bins: query.Binned) -> Text:
    """What a column is; when columns group meetings, how many into how many periods, and what a cell shows."""
    if bins.period == "meeting":
        return Text("one column per meeting, in date order (listed below)", style="dim")
    first, last = (query.period_of(query.day(m), bins.period) for m in (bins.starts[0], bins.starts[-1]))
    return Text(
        f"one column per {bins.period} with a meeting: {counted(len(bins.starts), bins.period)}, {first} to {last}, "
        f"{counted(len(matrix.meetings), 'meeting')}\na cell shows the highest kind reported that {bins.period}",
        style="dim",
    )


def _symbol(kind: str | None) -> Text:
    return Text(KIND_SYMBOLS[kind], style=KIND_STYLES[kind]) if kind else Text("")


def _grid(out: Console, matrix: query.Matrix, dated: bool, marks: Marks) -> LongTable:
    headers = [
        f"{marks.fact(m, 'date')}\n{marks.fact(m, 'place')}" if dated else str(n)
        for n, m in enumerate(matrix.meetings, 1)
    ]
    columns = _table(out, "commitment", *headers, "n")
    for column in columns.columns[1:]:
        column.justify = "center"
    numbers(columns, len(columns.columns) - 1)

    def rows() -> Iterator[list[Text | str]]:
        for state, row in matrix.rows:
            yield [shown(state.id), *(_symbol(kind) for kind in matrix.cells(row)), str(state.recurrence)]

    return LongTable(columns, rows, whole=(0,))


def _timeline(out: Console, bins: query.Binned) -> LongTable:
    """One character per column (a meeting or a period), in date order; the header marks where each year starts."""
    ruler = [" "] * len(bins.starts)
    year, free_from = None, 0
    for index, meeting in enumerate(bins.starts):
        start = query.day(meeting)
        fits = index >= free_from and (index + 4 <= len(ruler) or index == 0)
        if start.year != year and fits:  # a year label where it fits
            ruler[index : index + 4] = str(start.year)
            free_from = index + 5
        year = start.year
    columns = _table(out, "commitment", "".join(ruler), "n")
    columns.columns[1].no_wrap = True
    columns.columns[1].overflow = "crop"
    numbers(columns, 2)

    def rows() -> Iterator[list[Text | str]]:
        for state, row in bins.rows:
            yield [shown(state.id), _timeline_line(row), str(state.recurrence)]

    # The widest cells, found without making a line: the line that reaches furthest is the widest.
    furthest = max(bins.rows, key=lambda item: max(item[1], default=-1), default=None)
    widest = [
        max((shown(state.id) for state, _ in bins.rows), key=_cell_width, default=""),
        _timeline_line(furthest[1]) if furthest else "",
        str(max((state.recurrence for state, _ in bins.rows), default=0)),
    ]
    return LongTable(columns, rows, whole=(0,), widest=widest)


def _timeline_line(row: dict[int, str]) -> Timeline:
    pieces, previous = [], -1
    for index in sorted(row):
        pieces += [" " * (index - previous - 1), KIND_SYMBOLS[row[index]]]
        previous = index
    return Timeline("".join(pieces))


class Timeline(str):
    """A row's symbols at their columns, blanks between: piped, written as it is (a line of
    thousands of cells is never made a rich `Text`); rich takes it as `Text`, a symbol in its
    kind's colour."""

    STYLES = {symbol: KIND_STYLES[kind] for kind, symbol in KIND_SYMBOLS.items()}

    def __rich__(self) -> Text:
        text = Text(str(self))
        for index, symbol in enumerate(self):
            if symbol != " ":
                text.stylize(self.STYLES[symbol], index, index + 1)
        return text


# show ----------------------------------------------------------------------------


def marked(out: Console, paragraph: str, quote: str) -> Text:
    """The paragraph with the quoted words highlighted, or »marked« when plain."""
    displayed, spans = quote_spans(paragraph, quote)
    return highlighted(out, displayed, spans)


def highlighted(out: Console, text: str, spans: list[tuple[int, int]], style: str = "bold yellow") -> Text:
    """`text` with its spans highlighted, or »marked« when plain; every piece escaped."""
    if is_plain(out):
        return Text(plain_marked(text, spans))
    result = Text()
    position = 0
    for start, end in spans:
        result.append(escape(text[position:start]))
        if is_plain(out):
            result.append(f"»{escape(text[start:end])}«")
        else:
            result.append(escape(text[start:end]), style=style)
        position = end
    result.append(escape(text[position:]))
    return result


def plain_marked(text: str, spans: list[tuple[int, int]], indent: int = 0) -> str:
    """`text` escaped, its spans »marked«: the piped form of `highlighted`."""
    pieces, position = [" " * indent], 0
    for start, end in spans:
        pieces += [escape(text[position:start]), "»", escape(text[start:end]), "«"]
        position = end
    return "".join([*pieces, escape(text[position:])])


def indented(out: Console, text: Text, by: int = 4) -> Text | Padding:
    """`text` indented `by` cells: on a terminal its wrapped lines too; piped, it is one line anyway."""
    if is_plain(out):
        text.pad_left(by)
        return text
    return Padding(text, (0, 0, 0, by))


class Plain(str):
    """Lines of piped output, escaped and marked already: `emit` writes them as they are, and
    rich, if it is ever given one, takes it as `Text`, never as markup. A long listing piped
    is then no heavier than its text."""

    def __rich__(self) -> Text:
        return Text(str(self))


def merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans in order, those that overlap or touch made one: each word is highlighted once."""
    result: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if result and start <= result[-1][1]:
            result[-1] = (result[-1][0], max(end, result[-1][1]))
        else:
            result.append((start, end))
    return result


def show(out: Console, record: Record, state: query.State) -> Group:
    marks = Marks()
    commitment = state.commitment
    head = shown(commitment.id, "bold")
    head.append(f"  {escape(commitment.title or '')}")
    fields = Table.grid(padding=(0, 2))
    fields.add_column(style="dim")
    fields.add_column()
    rows = [
        ("status", _status(state.status)),
        ("evidence", _status(state.evidence)),
        ("theme", commitment.theme),
        ("by", ", ".join(commitment.by or ())),
        ("due", _due(commitment)),
        ("aliases", "; ".join(commitment.aliases or ())),
        ("related", ", ".join(commitment.related or ())),
        ("reason", commitment.reason),
        ("notes", commitment.notes),
        ("recurrence", _recurrence(state, marks)),
    ]
    for name, value in rows:
        if value:
            fields.add_row(name, value if isinstance(value, Text) else shown(value))
    flags = _flags(state)
    if flags:
        fields.add_row("watch", flags)
    parts: list = [head, fields, Text()]
    for item, wording in zip(state.cited, query.wordings(state), strict=True):
        parts += _mention(out, record, item, wording, marks)
    if commitment.due_words is not None:
        parts += _due_words(out, record, commitment.due_words)
    parts.append(Text("history", style="bold"))
    for step in query.history(state):
        line = Text(f"  {marks.fact(step.meeting, 'date')}  ")
        line.append_text(_status(step.status))
        line.append(f"  ({', '.join(step.kinds)}) {marks.fact(step.meeting, 'place')}", style="dim")
        parts.append(line)
    return Group(*parts, *marks.footnotes())


def _recurrence(state: query.State, marks: Marks) -> str:
    first, last = marks.fact(state.meetings[0], "date"), marks.fact(state.meetings[-1], "date")
    if state.recurrence == 1:
        return f"1 meeting, {first}"
    return f"{state.recurrence} meetings, {first} to {last}"


def _due(commitment) -> str | None:
    if commitment.due is None:
        return None
    if commitment.due_words is None:
        return f"{commitment.due} (a bare date: no words given for it)"
    words = commitment.due_words
    note = f" ({escape(words.note)})" if words.note else ""
    return f"{commitment.due}, from {escape(words.source or '')} ¶{words.paragraph}{note}"


def _due_words(out: Console, record: Record, words) -> list:
    """The paragraph the due date comes from, its words marked like a mention's quote."""
    head = Text(f"due {words.date}  ", style="bold")
    head.append(f"{escape(words.source or '')} ¶{words.paragraph}")
    text = record.texts.get(words.source)
    body = marked(out, text.paragraphs[words.paragraph - 1], words.quote) if text else shown(words.quote)
    lines = [head, indented(out, body)]
    if words.note:
        lines.append(indented(out, shown(f"note: {words.note}", "dim")))
    return [*lines, Text()]


def _mention(out: Console, record: Record, item: query.Cited, wording: query.Wording | None, marks: Marks) -> list:
    mention, meeting = item.mention, item.meeting
    found = query.find_source(record, mention.source)
    outlet = found[0].outlet if found else ""
    head = Text(f"{marks.fact(meeting, 'date')}  {marks.fact(meeting, 'place')}  ", style="bold")
    head.append(f"{escape(mention.source or '')} ¶{mention.paragraph}  {escape(outlet or '')}  ", style="")
    head.append(mention.kind or "", style=KIND_STYLES.get(mention.kind or "", ""))
    paragraph = record.paragraph(mention.source, mention.paragraph)
    body = marked(out, paragraph, known(mention.quote)) if paragraph is not None else shown(mention.quote)
    lines = [head, indented(out, body)]
    if mention.note:
        lines.append(indented(out, Text(f"note: {escape(mention.note)}", style="dim")))
    if wording is not None:
        lines.append(indented(out, words_moved(out, wording, marks)))
    return [*lines, Text()]


def words_moved(out: Console, wording: query.Wording, marks: Marks | None = None) -> Text:
    """The quote against the previous meeting's: added words green and underlined, dropped red and struck.

    Plain, as git's word diff prints them: {+added+} and [-dropped-].
    """
    previous = wording.previous
    source = escape(previous.mention.source or "")
    since = (marks or Marks()).fact(previous.meeting, "date")
    line = Text(f"words since {since} ({source} ¶{previous.mention.paragraph}): ")
    line.stylize("dim")
    for index, (op, words) in enumerate(wording.segments):
        line.append(" " if index else "")
        words = escape(words)
        if op == "same":
            line.append(words)
        elif is_plain(out):
            line.append(f"{{+{words}+}}" if op == "added" else f"[-{words}-]")
        else:
            line.append(words, style="green underline" if op == "added" else "red strike")
    return line


# changes -------------------------------------------------------------------------

CHANGE_GROUPS = {
    "new": ("new: first mentioned", "bold green"),
    "advanced": ("advanced: the evidence rose", "bold cyan"),
    "reaffirmed": ("reaffirmed: mentioned, no new stage", "bold"),
    "silent": ("silent: open, mentioned at {before}, not since", "bold magenta"),
    "overdue": ("newly overdue: open, and the deadline passed", "bold red"),
}


def changes(out: Console, digest: query.Digest) -> Group:
    """A briefing: each meeting's changes in date order, then the window's, unless it is that one meeting's.

    One line a commitment (id, status, title) where the title keeps 30 columns;
    on a narrower terminal the title goes under the id.
    """
    total = digest.total
    marks = Marks()
    # A window wider than its one meeting says more: the deadlines passed between its edges and the meeting's.
    several = [(c.start, c.end) for c in digest.per_meeting] != [(total.start, total.end)]
    sections = [(_meeting_heading(section.meetings[0], marks), section) for section in digest.per_meeting]
    if several:
        label = f"the window: {counted(len(total.meetings), 'meeting')}" if total.meetings else "no meeting"
        sections.append((Text(f"{label} from {total.start} to {total.end}", style="bold"), total))
    named = list(_named(sections))
    widths = (
        max((len(change.id or "") for change, _ in named), default=0),
        max((_stage(change, name).cell_len for change, name in named), default=0),
    )
    narrow = not is_plain(out) and out.width - (8 + sum(widths)) < 30
    parts: list = []
    if several and total.meetings:
        parts += [
            Text(f"{total.start} to {total.end}: {counted(len(total.meetings), 'meeting')}", style="bold"),
            Text(),
        ]
    for heading, section in sections:
        parts += [heading, *_change_groups(section, widths, narrow, marks), Text()]
    return Group(*parts[:-1], *marks.footnotes())


def _named(sections) -> Iterator[tuple[query.Change, str]]:
    for _, section in sections:
        for name in CHANGE_GROUPS:
            for change in getattr(section, name):
                yield change, name


def _meeting_heading(meeting, marks: Marks) -> Text:
    head = Text(f"{marks.fact(meeting, 'date')}  {marks.fact(meeting, 'place')}  ", style="bold")
    head.append(escape(meeting.id or ""), style="bold cyan")
    head.append(f"  {marks.fact(meeting, 'participants')}")
    return head


def _change_groups(changes: query.Changes, widths: tuple[int, int], narrow: bool, marks: Marks) -> list:
    counts = [f"{len(getattr(changes, name))} {name}" for name in CHANGE_GROUPS if getattr(changes, name)]
    summary = ", ".join(counts).replace("overdue", "newly overdue") or "nothing changed"
    window = str(changes.start) if changes.start == changes.end else f"{changes.start} to {changes.end}"
    parts: list = [Text(f"{summary} ({window})", style="dim")]
    for name, (label, style) in CHANGE_GROUPS.items():
        found = getattr(changes, name)
        if found:
            before = found[0].meetings[0] if name == "silent" else None
            label = label.format(before=f"{marks.fact(before, 'date')} {marks.fact(before, 'place')}" if before else "")
            table = _change_list(found, name) if narrow else _change_table(found, name, widths)
            parts += [Text(f"  {label}", style=style), table]
    return parts


def _stage(change: query.Change, group: str) -> Text:
    """From → to when it advanced, the deadline when overdue, else the status."""
    if group == "advanced":
        stage = _status(change.before)
        stage.append(" → ")
        stage.append_text(_status(change.after))
        return stage
    if group == "overdue":
        return Text(f"due {change.commitment.due}", style="red")
    return _status(change.status)


def _change_table(found: list[query.Change], group: str, widths: tuple[int, int]) -> Table:
    """id, status, title on one line; ids never cut, the title wraps."""
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    for width in widths:  # the same in every group, so that a digest reads as one list
        table.add_column(no_wrap=True, width=width, min_width=width)
    table.add_column(ratio=1)
    for change in found:
        table.add_row("  ", shown(change.id, style="bold"), _stage(change, group), shown(change.commitment.title))
    return table


def _change_list(found: list[query.Change], group: str) -> Table:
    """id and status on one line, the title under them: for a narrow terminal."""
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column(ratio=1)
    for change in found:
        line = shown(change.id, style="bold")
        line.append("  ")
        line.append_text(_stage(change, group))
        table.add_row("  ", line)
        table.add_row("  ", Padding(shown(change.commitment.title, style="dim"), (0, 0, 0, 2)))
    return table


# search --------------------------------------------------------------------------


def search(out: Console, words: str, found: list[query.Found], uncited: bool) -> Group:
    """Each paragraph found: where it is, its text with the words marked, who cites it."""
    which = "uncited paragraph" if uncited else "paragraph"
    if not found:
        return Group(Text(f"`{escape(words)}`: no {which}", style="dim"))
    sources = len({item.source.id for item in found})
    heading = f"`{escape(words)}`: {counted(len(found), which)} in {counted(sources, 'source')}"
    parts: list = [Text(heading, style="bold"), Text()]
    marks = Marks()
    for item in found:
        date, meeting = marks.fact(item.meeting, "date"), escape(item.meeting.id or "")
        where = f"{escape(item.source.id or '')} ¶{item.paragraph}  {escape(item.source.outlet or '')}"
        cited = f"    cited by {escape(', '.join(item.cited_by))}" if item.cited_by else "    not cited"
        if is_plain(out):
            parts += [
                Plain(f"{date}  {meeting}  {where}\n{plain_marked(item.text, item.spans(), 4)}\n{cited}"),
                Plain(),
            ]
            continue
        head = Text(f"{date}  ", style="bold")
        head.append(meeting, style="bold cyan")
        head.append(f"  {where}")
        body = indented(out, highlighted(out, item.text, item.spans()))
        parts += [head, body, indented(out, Text(cited.lstrip(), style="cyan" if item.cited_by else "dim")), Text()]
    return Group(*parts[:-1], *marks.footnotes())


# compare -------------------------------------------------------------------------


def compare(out: Console, record: Record, comparison: query.Comparison, quotes: bool = False) -> Group:
    """The sides' accounts side by side: a column a side, the commitments only one side reports or
    that the sides give different kinds marked; with `quotes`, each one's words."""
    marks = Marks()
    parts: list = [_meeting_heading(comparison.meeting, marks), *_accounts_said(record, comparison), Text()]
    if not comparison.rows:
        return Group(*parts, Text("its sources mention no commitment", style="dim"), *marks.footnotes())
    table, symbols_only = _compare_table(out, comparison)
    listed: Table | Group = table
    if not is_plain(out) and out.width < _compare_width(comparison, _compare_columns(comparison), symbols=True):
        listed = _compare_list(comparison)  # too narrow even for the symbols: no id is cut
    parts += [_compare_summary(comparison), Text(), listed, *([_kind_legend()] if symbols_only else [])]
    if quotes:
        for row in comparison.rows:
            parts += [Text(), *_compared_quotes(out, record, comparison, row)]
    return Group(*parts, *marks.footnotes())


def _accounts_said(record: Record, comparison: query.Comparison) -> list[Text]:
    """Whose accounts the record holds, said plainly when it is one side's only or none's."""
    lines = []
    for source in comparison.meeting.sources:
        side = escape(source.side) if source.side else "unattributed"
        lines.append(Text(f"  {side}: {escape(source.id or '')} ({escape(source.outlet or '')})", style="dim"))
    names = [escape(record.parties.get(side, side)) for side in comparison.sides]
    others = [escape(name) for code, name in record.parties.items() if code not in comparison.sides]
    if len(comparison.sides) == 1:
        missing = " or ".join(f"{name}'s" for name in others) or "the other side's"
        note = f"only {names[0]}'s account is recorded; {missing} is not in the record"
        lines.append(Text(note, style="bold yellow"))
    elif not comparison.sides:
        note = "no source of this meeting says whose account it is (`side`): all are unattributed"
        lines.append(Text(note, style="bold yellow"))
    return lines


def _compare_summary(comparison: query.Comparison) -> Text:
    rows = comparison.rows
    counts = []
    if len(comparison.sides) > 1:
        for side in comparison.sides:
            only = sum(1 for row in rows if row.reported_by == [side])
            counts += [f"{only} only {escape(side)}"] if only else []
        differ = sum(1 for row in rows if row.differ)
        counts += [f"{differ} with different kinds"] if differ else []
    return Text(counted(len(rows), "commitment") + (": " + ", ".join(counts) if counts else ""), style="bold")


def _compare_table(out: Console, comparison: query.Comparison) -> tuple[Table, bool]:
    """The table, and whether its kinds are shown by their symbols alone: on a terminal too narrow
    for the words, where a kind cut short would be ambiguous ("pro…": proposed or progress?)."""
    columns = _compare_columns(comparison)
    needed = _compare_width(comparison, columns)
    symbols_only = not is_plain(out) and out.width < needed

    def kind(value: str | None) -> Text:
        return _symbol(value) if value and symbols_only else _kind(value)

    with_title = is_plain(out) or out.width - needed - 3 >= 30  # the title wraps, in no fewer than 30 cells
    table = _table(out, "commitment", *columns, "", *(["title"] if with_title else []))
    table.columns[0].no_wrap = True
    for row in comparison.rows:
        cells = [kind(row.kinds[side]) for side in comparison.sides]
        cells += [kind(row.unattributed)] if comparison.unattributed else []
        title = [shown(row.commitment.title)] if with_title else []
        table.add_row(shown(row.id, style="bold"), *cells, _compare_mark(comparison, row), *title)
    return table, symbols_only


def _compare_columns(comparison: query.Comparison) -> list[str]:
    return [*comparison.sides, *(["unattributed"] if comparison.unattributed else [])]


def _compare_list(comparison: query.Comparison) -> Group:
    """Each commitment's id on a line of its own, each side's kind by its symbol under it: for a
    terminal too narrow for the table even with symbols, so that no id is cut."""
    lines: list[Text] = []
    for row in comparison.rows:
        kinds = [row.kinds[side] for side in comparison.sides] + ([row.unattributed] if comparison.unattributed else [])
        said = Text("  ")
        for column, kind in zip(_compare_columns(comparison), kinds, strict=True):
            said += Text(f"{escape(column)} ") + (_symbol(kind) if kind else Text("-", style="dim")) + Text("  ")
        lines += [shown(row.id, style="bold"), said + _compare_mark(comparison, row)]
    return Group(*lines)


def _compare_width(comparison: query.Comparison, columns: list[str], symbols: bool = False) -> int:
    """The cells the table takes with its ids, kinds (or their `symbols`) and marks whole: three
    between columns."""
    ids = max(cell_len("commitment"), *(cell_len(row.id or "") for row in comparison.rows))
    kinds = (
        max(cell_len(column) for column in columns)
        if symbols
        else max(cell_len(_kind(kind).plain) for kind in KIND_SYMBOLS)
    )
    marks = max(cell_len(_compare_mark(comparison, row).plain) for row in comparison.rows)
    return ids + (kinds + 3) * len(columns) + 3 + marks


def _kind(kind: str | None) -> Text:
    if kind is None:
        return Text("—", style="dim")
    return Text(f"{KIND_SYMBOLS[kind]} {kind}", style=KIND_STYLES[kind])


def _compare_mark(comparison: query.Comparison, row: query.Compared) -> Text:
    """What a reader should look at: a commitment one side leaves out, or gives another kind."""
    if len(comparison.sides) < 2:
        return Text()
    if row.differ:
        return Text("differ", style="bold red")
    if row.one_sided:
        return Text(f"only {escape(row.reported_by[0])}", style="bold yellow")
    if not row.reported_by:
        return Text("unattributed only", style="dim")
    return Text()


def _compared_quotes(out: Console, record: Record, comparison: query.Comparison, row: query.Compared) -> list:
    """The quotes of each side: side by side on a terminal (a column a side), a line each when piped."""
    head = shown(row.id, style="bold")
    head.append("  ")
    head.append_text(_compare_mark(comparison, row))
    if is_plain(out):
        return [head, *(_quote_line(out, side, m) for side, mentions in row.accounts() for m in mentions)]
    sides: list[str | None] = [*comparison.sides, *([None] if comparison.unattributed else [])]
    grid = Table.grid(padding=(0, 3), expand=True)
    for _ in sides:
        grid.add_column(ratio=1)
    cells = []
    for side in sides:
        mentions = row.mentions.get(side, ())
        cells.append(Group(*(_quote_line(out, side, m) for m in mentions)) if mentions else Text("—", style="dim"))
    grid.add_row(*cells)
    return [head, Padding(grid, (0, 0, 0, 2))]


def _quote_line(out: Console, side: str | None, mention) -> Text | Group:
    """Whose words, where, what kind, then the words: one line piped, the words under the rest on a terminal."""
    line = Text(f"{escape(side) if side else 'unattributed'}  ", style="bold")
    line.append(f"{escape(mention.source or '')} ¶{mention.paragraph}  ", style="dim")
    line.append_text(_kind(mention.kind))
    words = highlighted(out, mention.quote or "", [(0, len(mention.quote or ""))])
    if is_plain(out):
        return Text.assemble("  ", line, " ", words)
    return Group(line, Padding(words, (0, 0, 0, 2)))


# meetings and sources ------------------------------------------------------------------


def meetings(out: Console, rows: list[dict], record: Record) -> Group:
    """Meetings in date order with their sources: one table when it fits (or piped), else a block a meeting."""
    marks = Marks(record.meetings)
    if is_plain(out) or out.width >= WIDE:
        return Group(_meetings_table(out, rows, marks), *marks.footnotes())
    blocks: list = []
    for row in rows:
        head = Text(f"{marks.fact(row['id'], 'date')}  ", style="bold")
        head.append_text(shown(row["id"], "bold"))
        head.append(f"  {marks.fact(row['id'], 'place')}  ({marks.fact(row['id'], 'participants')})")
        table = _table(out, "source", "outlet", "side", "¶", "cited")
        for source in row["sources"]:
            table.add_row(
                shown(source["id"]),
                shown(source["outlet"]),
                shown(source["side"] or ""),
                str(source["paragraphs"]),
                str(source["cited"]),
            )
        keep_whole(table, 0)
        numbers(table, 3, 4)
        table.columns[1].overflow = "fold"
        blocks += [head, Padding(table, (0, 0, 1, 2))]
    return Group(*blocks, *marks.footnotes()[1:])  # the last block ends with a blank line already


def _meetings_table(out: Console, rows: list[dict], marks: Marks) -> Table:
    table = _table(out, "date", "meeting", "place", "participants", "source", "outlet", "side", "¶", "cited")
    for row in rows:
        for index, source in enumerate(row["sources"]):
            first = index == 0
            table.add_row(
                marks.fact(row["id"], "date") if first else "",
                shown(row["id"], "bold") if first else "",
                marks.fact(row["id"], "place") if first else "",
                marks.fact(row["id"], "participants") if first else "",
                shown(source["id"]),
                shown(source["outlet"]),
                shown(source["side"] or ""),
                str(source["paragraphs"]),
                str(source["cited"]),
            )
    keep_whole(table, 0, 1, 4)
    numbers(table, 7, 8)
    for index in (2, 3, 5):
        table.columns[index].overflow = "fold"
    return table


def source(out: Console, data: dict, record: Record) -> Group:
    marks = Marks(record.meetings)
    head = Text(f"{escape(data['id'])}  ", style="bold")
    head.append(escape(f"{data['file']}  {data['outlet']}  {data['meeting']} "))
    head.append(f"({marks.fact(data['meeting'], 'date')})")
    table = Table.grid(padding=(0, 1))
    table.add_column(justify="right", style="dim")
    table.add_column(width=1)
    table.add_column()
    quotes = query.quotes_in(record, data["id"])
    for paragraph in data["paragraphs"]:
        body = _quotes_marked(out, paragraph["text"], quotes.get(paragraph["number"], []))
        if paragraph["cited_by"]:
            body.append(f"  [{escape(', '.join(paragraph['cited_by']))}]", style="cyan")
        table.add_row(str(paragraph["number"]), Text("●", style="cyan") if paragraph["cited_by"] else " ", body)
    return Group(head, Text(), table, *marks.footnotes())


def _quotes_marked(out: Console, paragraph: str, quotes: list[str]) -> Text:
    """The paragraph with the words of every quote citing it marked, as `show` marks one."""
    spans: list[tuple[int, int]] = []
    displayed = paragraph
    for quote in quotes:
        displayed, found = quote_spans(paragraph, quote)
        spans += found
    return highlighted(out, displayed, merged(spans))


def suggestions(out: Console, found: list) -> Group:
    """Candidate mentions, grouped by commitment, the alias highlighted, a mention to paste."""
    if not found:
        return Group(Text("no uncited paragraph names an alias: nothing to suggest", style="dim"))
    parts: list = []
    previous = None
    for item in found:
        if item.commitment != previous:
            parts.append(shown(item.commitment, "bold"))
            previous = item.commitment
        head = Text(f"  {escape(item.source)} ¶{item.paragraph}  names ", style="dim")
        head.append(escape(item.alias), style="bold")
        body = indented(out, highlighted(out, item.text, item.spans))
        mention = "\n".join(map(escape, item.mention_yaml().split("\n")))
        parts += [head, body, Text(mention, style="green"), Text()]
    return Group(*parts)


# coverage ----------------------------------------------------------------------------


def coverage(out: Console, found: list) -> Group:
    """Per meeting and source: paragraphs, cited, reviewed, uncovered; then each uncovered paragraph, cues marked.

    One table when it fits (or piped); else a block a meeting, so that no id is cut.
    """
    marks = Marks()
    table = _coverage_table(out, found, marks, with_meeting=True)
    parts: list = [table, Text()]
    if not is_plain(out) and Measurement.get(out, out.options.update_width(PLAIN_WIDTH), table).maximum > out.width:
        parts = []
        for meeting, items in itertools.groupby(found, key=lambda item: item.meeting):
            head = Text(f"{marks.fact(meeting, 'date')}  ", style="bold")
            head.append_text(shown(meeting.id, "bold"))
            block = _coverage_table(out, list(items), marks, with_meeting=False)
            for column, whole in zip(block.columns, table.columns[2:], strict=True):  # the blocks align
                column.min_width = max(_cell_width(cell) for cell in [whole.header, *whole.cells])
            parts += [head, Padding(block, (0, 0, 1, 2))]
    left = [paragraph for item in found for paragraph in item.uncovered]
    if not left:
        parts.append(Text("every paragraph with the language of a commitment is cited or reviewed", style="green"))
    else:
        parts.append(
            Text(
                f"{len(left)} uncovered: cite each in a mention, "
                "or list it under its source's `reviewed` with a reason",
                style="bold",
            )
        )
        parts.append(Text())
        for paragraph in left:
            parts += _uncovered(out, paragraph, marks)
    return Group(*parts, *marks.footnotes())


def _coverage_table(out: Console, found: list, marks: Marks, with_meeting: bool) -> Table:
    meeting = ["date", "meeting"] if with_meeting else []
    table = _table(out, *meeting, "source", "¶", "cues", "cited", "reviewed", "uncovered")
    previous = None
    for item in found:
        first = item.meeting is not previous
        previous = item.meeting
        uncovered = len(item.uncovered)
        where = [marks.fact(item.meeting, "date"), shown(item.meeting.id, "bold")] if first else ["", ""]
        table.add_row(
            *(where if with_meeting else []),
            shown(item.source.id),
            str(item.paragraphs),
            str(len(item.with_cues)),
            str(item.cited),
            str(item.reviewed),
            Text(str(uncovered), style="red" if uncovered else "green"),
        )
    keep_whole(table, *range(len(meeting) + 1))
    numbers(table, *range(len(meeting) + 1, len(table.columns)))
    return table


def _uncovered(out: Console, paragraph, marks: Marks) -> list:
    head = Text(f"{escape(paragraph.source.id or '')} ¶{paragraph.number}", style="bold")
    head.append(
        f"  {escape(paragraph.meeting.id or '')} ({marks.fact(paragraph.meeting, 'date')})  "
        f"cues: {', '.join(paragraph.words)}",
        style="dim",
    )
    body = highlighted(out, paragraph.text, merged([(cue.start, cue.end) for cue in paragraph.cues]))
    return [head, indented(out, body), Text()]


def emit(out: Console, renderable) -> None:
    """Print to a terminal through rich, a part at a time (a long table a chunk at a time) into the
    pager; piped, as plain lines, written as they are made.

    Piped output skips rich's layout engine, whose cost grows with every cell
    of a table: a record of ten thousand commitments is printed in a blink.
    """
    parts = renderable.renderables if isinstance(renderable, Group) else [renderable]
    if is_plain(out):
        for part in parts:
            out.file.writelines(line.rstrip() + "\n" for line in _plain(part))
        return
    with progress.paged(out.file) as write:
        for part in parts:
            for piece in part.chunks(out, out.options) if isinstance(part, LongTable) else [part]:
                with out.capture() as captured:
                    out.print(piece)
                write(captured.get())


def _plain(part) -> Iterable[str]:
    if isinstance(part, LongTable):
        return part.plain_lines()
    if isinstance(part, Table):
        return plain_table(part)
    return [part.plain if isinstance(part, Text) else str(part)]


def plain_table(table: Table) -> Iterator[str]:
    """A table as aligned lines: header, rule, rows, a blank line between sections."""
    widest = [max([*column.cells, ""], key=_cell_width) for column in table.columns]
    return _plain_lines(table.columns, widest, table.show_header, _plain_rows(_rows_of(table)))


def _rows_of(table: Table) -> Iterator[list | None]:
    """A rich table's rows as a LongTable makes them: cells, and SECTION where a section ends."""
    for row, cells in zip(table.rows, zip(*(column.cells for column in table.columns), strict=True), strict=True):
        yield list(cells)
        if row.end_section:
            yield SECTION


def _plain_rows(rows: Iterable[list | None]) -> Iterator[tuple[list[str], bool]]:
    """Each row's cells as text, and whether a section ends with it."""
    held: list[str] | None = None
    for cells in rows:
        if cells is SECTION:
            if held is not None:
                yield held, True
            held = None
            continue
        if held is not None:
            yield held, False
        held = [_text(cell) for cell in cells]
    if held is not None:
        yield held, False


def _text(cell) -> str:
    """A cell's text; a `str` as it is (a `Timeline` keeps its quick width)."""
    return cell.plain if isinstance(cell, Text) else cell if isinstance(cell, str) else str(cell)


def _plain_lines(
    columns: list[Column], widest: list, header: bool, rows: Iterator[tuple[list[str], bool]]
) -> Iterator[str]:
    gap = " " * (3 if header else 2)
    headers = [str(column.header).split("\n") for column in columns]
    widths = [
        max([width_of(line) for line in lines] + [_cell_width(cell), column.min_width or 0])
        for lines, cell, column in zip(headers, widest, columns, strict=True)
    ]

    def line(values: list[str]) -> str:
        return gap.join(
            _justify(value, width, column.justify)
            for value, width, column in zip(values, widths, columns, strict=False)
        )

    if header:
        depth = max(len(lines) for lines in headers)
        for level in range(depth):
            yield line([(([""] * (depth - len(h))) + h)[level] for h in headers])
        yield "─" * (sum(widths) + len(gap) * (len(widths) - 1))
    ended = False
    for cells, end in rows:
        if ended:
            yield ""  # between sections, not after the last
        yield line(cells)
        ended = end


def _justify(value: str, width: int, justify: str) -> str:
    """`value` padded to `width` terminal cells (a CJK character takes two)."""
    room = width - width_of(value)
    if justify == "center":
        return " " * (room // 2) + value + " " * (room - room // 2)
    return " " * room + value if justify == "right" else value + " " * room
