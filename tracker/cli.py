"""The `tracker` command line: a thin layer over the library.

Each command finds the root, calls one library function, renders the result
and sets the exit code. Heavy modules (rich, the reports) are imported inside
the commands that need them, so that `tracker check` starts fast.
"""

from __future__ import annotations

import contextlib
import enum
import gc
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NoReturn

import typer

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="tracker",
    help="Track the commitments of Việt Nam-China meetings, each linked to its source paragraphs.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

RootOption = typer.Option(
    None,
    "--root",
    help="The folder holding data/meetings.yaml (default: $TRACKER_ROOT, else found upwards).",
    file_okay=False,
    show_default=False,
)


class CheckFormat(str, enum.Enum):
    text = "text"
    json = "json"
    github = "github"


def fail(message: str, code: int) -> typer.Exit:
    """Print `message` to stderr, escaped to one line, and return the Exit to raise."""
    from tracker.text import escape

    sys.stderr.write(f"tracker: {escape(message)}\n")
    return typer.Exit(code)


def resolve_root(root: Path | None) -> Path:
    from tracker.loader import RootNotFound, find_root

    try:
        return find_root(root)
    except RootNotFound as error:
        raise fail(str(error), EXIT_USAGE) from None


def _version(value: bool) -> None:
    if value:
        from tracker import __version__

        sys.stdout.write(f"tracker {__version__}\n")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    """Track the commitments of Việt Nam-China meetings, each linked to its source paragraphs."""


@app.command()
def check(
    root: Path | None = RootOption,
    output_format: CheckFormat = typer.Option(CheckFormat.text, "--format", "-f", help="How to print problems."),
    strict: bool = typer.Option(False, "--strict", help="Fail on warnings too."),
) -> None:
    """Verify the record: the CI gate.

    Exit 0 when there is no error (warnings allowed unless --strict), 1 when
    there is, 2 when the check could not run.
    """
    from tracker import checks
    from tracker.render import colour
    from tracker.render import problems as formats
    from tracker.render.progress import spinner

    with spinner("checking the record"):
        result = checks.check(resolve_root(root))
    if output_format is CheckFormat.json:
        sys.stdout.write(formats.as_json(result.problems))
    elif output_format is CheckFormat.github:
        sys.stdout.write(formats.github(result.problems))
    else:
        sys.stdout.write(formats.text(result.problems, colour.styling(sys.stdout)))
    if output_format is not CheckFormat.json:
        files = len(result.record.files) + len(result.record.texts)
        sys.stderr.write(formats.summary(result.errors, result.warnings, files) + "\n")
    raise typer.Exit(EXIT_OK if result.passed(strict) else EXIT_PROBLEMS)


# Report commands -------------------------------------------------------------------

JsonOption = typer.Option(False, "--json", help="Print JSON on stdout, and nothing else.")
AsOfOption = typer.Option(
    None, "--as-of", metavar="DATE", help="Show the record as it stood on this date, YYYY-MM-DD (default: today)."
)
STATUS_VALUES = ("proposed", "agreed", "in-progress", "fulfilled", "stalled", "dropped")  # model.STATUSES


def record_names(kind: str) -> list[str]:
    """The record's own names of a kind, for shell completion: found quietly, [] when there is no record."""
    from tracker import loader

    try:
        record = loader.load(loader.find_root(), read_texts=False).record
    except (loader.RootNotFound, OSError, ValueError):
        return []
    every: dict[str, list[str | None]] = {
        "theme": [c.theme for c in record.commitments],
        "party": list(record.parties),
        "commitment": [c.id for c in record.commitments],
        "source": [s.id for s in record.sources()],
        "meeting": [m.id for m in record.meetings],
    }
    return sorted({name for name in every[kind] if name})


def completer(kind: str):
    """A shell-completion callback offering the record's names of `kind` that start with what is typed."""
    return lambda incomplete: [name for name in record_names(kind) if name.startswith(incomplete)]


StatusOption = typer.Option(
    None,
    "--status",
    help=f"Only commitments with this status: {', '.join(STATUS_VALUES)}.",
    autocompletion=lambda incomplete: [value for value in STATUS_VALUES if value.startswith(incomplete)],
)
ThemeOption = typer.Option(
    None, "--theme", help="Only commitments with this theme (one the record uses).", autocompletion=completer("theme")
)
ByOption = typer.Option(
    None,
    "--by",
    metavar="PARTY",
    help="Only commitments by this party code (one of the record's `parties`).",
    autocompletion=completer("party"),
)


def parse_date(value: str | None, option: str = "--as-of"):
    import datetime as dt

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"`{value}` is not a date in the form YYYY-MM-DD", param_hint=option) from None


def load_record(root: Path | None):
    """The checked record, or exit 1 saying that it has errors."""
    from tracker import checks
    from tracker.render.progress import spinner

    try:
        with spinner("checking the record"):
            return checks.load_valid(resolve_root(root))
    except checks.InvalidRecord as error:
        raise fail(str(error), EXIT_PROBLEMS) from None


def select_states(record, as_of: str | None, status=None, theme=None, by=None):
    """The states that pass the filters; a filter naming nothing the record has is refused (exit 1)."""
    from tracker import query

    if status is not None and status not in STATUS_VALUES:  # a value the format does not have: a usage error
        from tracker.nearest import Nearest

        hint = Nearest(STATUS_VALUES).hint(status)
        raise typer.BadParameter(
            f"`{status}` is not a status{hint} (one of: {', '.join(STATUS_VALUES)})", param_hint="--status"
        )
    with refused():
        return query.filtered(record, parse_date(as_of), status, theme, by)


def nothing_matched(found: list, status=None, theme=None, by=None) -> None:
    """Say so when filters leave nothing: an empty table would read as "there are none"."""
    filters = [f"status {status}" if status else "", f"theme {theme}" if theme else "", f"by {by}" if by else ""]
    if not found and any(filters):
        sys.stderr.write(f"tracker: no commitment matches {' and '.join(f for f in filters if f)}\n")


def print_json(data) -> None:
    """Indented for a person at a terminal, compact for a program at the end of a pipe."""
    import json

    from tracker.text import escape_json

    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.write(escape_json(json.dumps(data, ensure_ascii=False, indent=indent)) + "\n")


def print_json_pieces(pieces) -> None:
    """`print_json` of a large value, written as `pieces(indent)` makes it rather than held whole."""
    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.writelines(pieces(indent))
    sys.stdout.write("\n")


@contextlib.contextmanager
def refused() -> Iterator[None]:
    """Exit 1 with the one line of a question about what the record does not hold (an unknown id)."""
    from tracker.query import NotInRecord

    try:
        yield
    except NotInRecord as error:
        raise fail(str(error), EXIT_PROBLEMS) from None


@app.command()
def report(
    root: Path | None = RootOption,
    as_of: str | None = AsOfOption,
    status: str | None = StatusOption,
    theme: str | None = ThemeOption,
    by: str | None = ByOption,
    as_json: bool = JsonOption,
) -> None:
    """The overview: counts by status and theme, the most recurring, dormant and overdue commitments."""
    from tracker import query
    from tracker.render import json as shapes
    from tracker.render import terminal

    record = load_record(root)
    seen = query.horizon(record, parse_date(as_of))
    summary = query.overview(select_states(record, as_of, status, theme, by), seen)
    if as_json:
        return print_json(shapes.overview_as_json(summary))
    out = terminal.console()
    nothing_matched(summary.recurring, status, theme, by)
    terminal.emit(out, terminal.report(out, summary))


@app.command()
def status(
    root: Path | None = RootOption,
    as_of: str | None = AsOfOption,
    status: str | None = StatusOption,
    theme: str | None = ThemeOption,
    by: str | None = ByOption,
    as_json: bool = JsonOption,
) -> None:
    """Commitments grouped by status, with evidence stage, recurrence and last mention."""
    from tracker import query
    from tracker.render import json as shapes
    from tracker.render import terminal

    record = load_record(root)
    found = query.by_status(select_states(record, as_of, status, theme, by))
    if as_json:
        return print_json([shapes.state_as_json(state) for state in found])
    out = terminal.console()
    nothing_matched(found, status, theme, by)
    terminal.emit(out, terminal.status(out, found, query.horizon(record, parse_date(as_of))))


@app.command()
def recurrence(
    root: Path | None = RootOption,
    as_of: str | None = AsOfOption,
    minimum: int = typer.Option(1, "--min", metavar="N", min=1, help="Only commitments seen in at least N meetings."),
    status: str | None = StatusOption,
    theme: str | None = ThemeOption,
    by: str | None = ByOption,
    as_json: bool = JsonOption,
) -> None:
    """Commitments by meetings in date order, each cell the kind of mention there.

    On a terminal too narrow for a column per meeting, a column per month, quarter or year (the
    finest that fits), each cell the highest kind reported in it; --json keeps a cell per meeting.
    """
    from tracker import query
    from tracker.render import json as shapes
    from tracker.render import terminal

    record = load_record(root)
    found = select_states(record, as_of, status, theme, by)
    matrix = query.recurrence_matrix(record, found, minimum, parse_date(as_of))
    if as_json:
        for piece in shapes.matrix_pieces(matrix, indent=sys.stdout.isatty()):
            sys.stdout.write(piece)
        sys.stdout.write("\n")
        return
    out = terminal.console()
    nothing_matched(found, status, theme, by)
    terminal.emit(out, terminal.recurrence(out, matrix, out.width, query.horizon(record, parse_date(as_of))))


@app.command()
def show(
    commitment: str = typer.Argument(
        ..., metavar="ID", help="The commitment's id.", autocompletion=completer("commitment")
    ),
    root: Path | None = RootOption,
    as_of: str | None = AsOfOption,
    as_json: bool = JsonOption,
) -> None:
    """One commitment: its fields, each mention with the paragraph quoted, its status history."""
    from tracker import query
    from tracker.render import json as shapes
    from tracker.render import terminal

    record = load_record(root)
    with refused():
        state = query.state_of(record, commitment, parse_date(as_of))
    if as_json:
        return print_json(shapes.show_as_json(record, state))
    out = terminal.console()
    terminal.emit(out, terminal.show(out, record, state))


@app.command()
def meetings(root: Path | None = RootOption, as_json: bool = JsonOption) -> None:
    """Meetings in date order with their sources, paragraph counts and how many paragraphs are cited."""
    from tracker.render import json as shapes
    from tracker.render import terminal

    record = load_record(root)
    rows = shapes.meetings_as_json(record)
    if as_json:
        return print_json(rows)
    out = terminal.console()
    terminal.emit(out, terminal.meetings(out, rows, record))


@app.command()
def source(
    source_id: str = typer.Argument(..., metavar="ID", help="The source's id.", autocompletion=completer("source")),
    root: Path | None = RootOption,
    paragraph: int | None = typer.Option(None, "--paragraph", "-p", metavar="N", help="Only paragraph N."),
    as_json: bool = JsonOption,
) -> None:
    """A source's paragraphs, numbered, marking those cited and by which commitments."""
    from tracker.render import json as shapes
    from tracker.render import terminal

    record = load_record(root)
    with refused():
        data = shapes.source_as_json(record, source_id, paragraph)
    if as_json:
        return print_json(data)
    out = terminal.console()
    terminal.emit(out, terminal.source(out, data, record))


@app.command()
def changes(
    meeting: str | None = typer.Option(
        None, "--meeting", metavar="ID", help="The changes at this meeting.", autocompletion=completer("meeting")
    ),
    start: str | None = typer.Option(None, "--from", metavar="DATE", help="The window's first day, YYYY-MM-DD."),
    end: str | None = typer.Option(None, "--to", metavar="DATE", help="The window's last day, YYYY-MM-DD."),
    root: Path | None = RootOption,
    as_json: bool = JsonOption,
) -> None:
    """What changed at a meeting or in a window: new, advanced, reaffirmed, silent and newly overdue commitments.

    Give either --meeting ID (the window runs from the day after the previous
    meeting to that meeting) or --from DATE --to DATE (both ends inclusive).
    """
    from tracker import query
    from tracker.render import json as shapes
    from tracker.render import terminal

    if meeting is not None and (start, end) != (None, None):
        raise typer.BadParameter("it goes without --from and --to", param_hint="--meeting")
    if meeting is None and (start is None or end is None):
        raise typer.BadParameter("give --meeting ID, or --from DATE --to DATE", param_hint="the window")
    first, last = parse_date(start, "--from"), parse_date(end, "--to")
    if first and last and first > last:
        raise typer.BadParameter(f"{start} is after --to {end}", param_hint="--from")
    record = load_record(root)
    if meeting is not None:
        with refused():
            found = query.changes_at(record, meeting)
        digest = query.Digest(found, [found])
    else:
        digest = query.changes_between(record, first, last)
    if as_json:
        return print_json(shapes.digest_as_json(digest))
    out = terminal.console()
    terminal.emit(out, terminal.changes(out, digest))


@app.command()
def compare(
    meeting: str = typer.Argument(
        ..., metavar="MEETING", help="The meeting's id.", autocompletion=completer("meeting")
    ),
    quotes: bool = typer.Option(False, "--quotes", help="Each side's quotes, side by side."),
    root: Path | None = RootOption,
    as_json: bool = JsonOption,
) -> None:
    """The two sides' accounts of one meeting: the kind each side's sources give each commitment.

    Marks the commitments only one side reports and those the sides give
    different kinds. A source without a `side` is unattributed: its own column.
    """
    from tracker import query
    from tracker.render import json as shapes
    from tracker.render import terminal

    record = load_record(root)
    with refused():
        comparison = query.compare(record, meeting)
    if as_json:
        return print_json(shapes.comparison_as_json(comparison))
    out = terminal.console()
    terminal.emit(out, terminal.compare(out, record, comparison, quotes))


@app.command()
def search(
    words: str = typer.Argument(..., metavar="TEXT", help="The words to find."),
    uncited: bool = typer.Option(False, "--uncited", help="Only paragraphs that no commitment cites."),
    root: Path | None = RootOption,
    as_json: bool = JsonOption,
) -> None:
    """Every paragraph of every source naming TEXT, matched as aliases are: case, diacritics, dashes, spaces.

    Whole words: `Ha Noi` finds Hanoi and Hà Nội, `rail` does not find
    railway. Search reads the record as it is, errors and all.
    """
    from tracker import query
    from tracker.render import json as shapes
    from tracker.render import terminal
    from tracker.text import name_key

    if not name_key(words):
        raise typer.BadParameter("give at least one word to search for", param_hint="TEXT")
    found = query.search(load_as_is(root), words, uncited)
    if as_json:
        return print_json([shapes.found_as_json(item) for item in found])
    out = terminal.console()
    terminal.emit(out, terminal.search(out, words, found, uncited))


# Curator commands ------------------------------------------------------------------


def refused_or(write):
    """The result of `write()`; a refusal or a write that cannot happen is one line and exit 1."""
    from tracker import curate, files

    try:
        return write()
    except (curate.CurateError, files.WriteError) as error:
        raise fail(str(error), EXIT_PROBLEMS) from None


def load_as_is(root: Path | None):
    """The record as loaded, unchecked: for reading sources, which needs no verdict."""
    from tracker import checks

    return checks.load_unchecked(resolve_root(root))


def load_for_curating(root: Path | None, keep_alias_index: bool = False):
    """The record as loaded, errors and all: curators work on records in progress."""
    from tracker import checks

    return checks.check_once(resolve_root(root), keep_alias_index=keep_alias_index).record


@app.command()
def suggest(
    commitment: str | None = typer.Argument(None, metavar="[ID]", help="Only this commitment."),
    root: Path | None = RootOption,
    as_json: bool = JsonOption,
) -> None:
    """Paragraphs that name a commitment's aliases but are not cited: candidate mentions."""
    from tracker import curate
    from tracker.render import terminal

    record = load_for_curating(root, keep_alias_index=True)
    with refused():
        found = curate.suggestions(record, commitment)
    if as_json:
        return print_json([item.as_json() for item in found])
    out = terminal.console()
    terminal.emit(out, terminal.suggestions(out, found))


@app.command()
def coverage(
    source_id: str | None = typer.Argument(None, metavar="[SOURCE]", help="Only this source."),
    root: Path | None = RootOption,
    as_json: bool = JsonOption,
) -> None:
    """Paragraphs with the language of a commitment: cited, reviewed, or still to read.

    Per meeting and source: paragraphs, those with cue words, cited, reviewed
    and uncovered; then each uncovered paragraph with its cue words marked.
    A report: it exits 0 whatever it finds (`check` is the gate).
    """
    from tracker import coverage as covering
    from tracker.render import json as shapes
    from tracker.render import terminal

    record = load_for_curating(root)
    with refused():
        found = covering.coverage(record, source_id)
    if as_json:
        return print_json_pieces(lambda indent: shapes.coverage_pieces(found, indent))
    out = terminal.console()
    terminal.emit(out, terminal.coverage(out, found))


@app.command("add-source")
def add_source(
    article: Path = typer.Argument(..., metavar="FILE", help="The article: UTF-8 text.", dir_okay=False),
    meeting: str = typer.Option(
        ..., "--meeting", metavar="ID", help="The meeting it reports: an existing id, or a new one."
    ),
    outlet: str = typer.Option(..., "--outlet", help="Who published it."),
    source_id: str | None = typer.Option(None, "--id", help="The new source's id (default: OUTLET-DATE)."),
    date: str | None = typer.Option(None, "--date", metavar="DATE", help="A new meeting's date, YYYY-MM-DD."),
    place: str | None = typer.Option(None, "--place", help="A new meeting's place."),
    participants: list[str] | None = typer.Option(None, "--participant", help="A new meeting's participant (repeat)."),
    occasion: str | None = typer.Option(None, "--occasion", help="A new meeting's occasion."),
    title: str | None = typer.Option(None, "--title", help="The article's title."),
    url: str | None = typer.Option(None, "--url", help="The article's address."),
    root: Path | None = RootOption,
) -> None:
    """Register an article: one paragraph per line under seeds/, its sha256 and meeting in meetings.yaml.

    Hard-wrapped lines are joined (paragraphs are separated by blank lines; a
    text without blank lines has one paragraph per line), the text is made NFC
    with LF line ends. meetings.yaml gets new lines; nothing in it is rewritten.
    Refused: an article already registered, options that contradict the
    meeting, a seeds/ that leads out of the root.
    """
    from tracker import checks, curate
    from tracker.render import json as shapes
    from tracker.render import terminal
    from tracker.text import counted

    request = curate.SourceRequest(
        meeting=meeting,
        outlet=outlet,
        source_id=source_id,
        date=parse_date(date, "--date"),
        place=place,
        participants=tuple(participants or ()),
        occasion=occasion,
        title=title,
        url=url,
    )
    folder = resolve_root(root)
    done = refused_or(lambda: curate.add_source(folder, article, request))
    verb = "new meeting" if done.created_meeting else "meeting"
    sys.stderr.write(
        f"registered {done.source}: {done.path}, {counted(done.paragraphs, 'paragraph')}, {verb} {done.meeting}\n"
    )
    record = checks.check(folder).record
    out = terminal.console()
    terminal.emit(out, terminal.source(out, shapes.source_as_json(record, done.source), record))
    found = [item for item in curate.suggestions(record) if item.source == done.source]
    terminal.emit(out, terminal.suggestions(out, found))


@app.command()
def new(
    commitment: str = typer.Argument(..., metavar="ID", help="The new commitment's id."),
    title: str = typer.Option("Say what was promised", "--title", help="Its title."),
    theme: str | None = typer.Option(None, "--theme", help="Its theme."),
    by: list[str] | None = typer.Option(None, "--by", metavar="PARTY", help="A party that committed (repeat)."),
    source_id: str | None = typer.Option(None, "--source", metavar="ID", help="The source of its first mention."),
    write: Path | None = typer.Option(None, "--write", metavar="FILE", help="Append it to this commitments file."),
    root: Path | None = RootOption,
) -> None:
    """A commitment skeleton that passes the schema: printed, or appended to a file with --write.

    --write appends to a file of data/commitments/ (made if missing) by
    inserting lines, under the record's lock, and only if the file still
    reads and checks as before plus the new commitment.
    """
    from tracker import curate

    draft = curate.Draft(commitment, title, theme, tuple(by or ()), source_id)
    if write is None:
        record = load_for_curating(root)
        sys.stdout.write(refused_or(lambda: curate.skeleton(record, draft)))
        return
    refused_or(lambda: curate.write_commitment(resolve_root(root), write, draft))
    sys.stderr.write(f"appended `{commitment}` to {write}: fill in its title, aliases and mention\n")


@app.command()
def schema(
    kind: str = typer.Argument("commitments", metavar="[KIND]", help="meetings or commitments."),
    root: Path | None = typer.Option(
        None, "--root", file_okay=False, help="Accepted like every command's; the schema is the same for every root."
    ),
) -> None:
    """The JSON Schema of data/meetings.yaml or of a commitments file, for editors and validators."""
    from tracker.schema import SCHEMA_KINDS, json_schema

    if kind not in SCHEMA_KINDS:
        raise typer.BadParameter(f"`{kind}` is not one of: {', '.join(SCHEMA_KINDS)}", param_hint="KIND")
    print_json(json_schema(kind))


class ExportFormat(str, enum.Enum):
    json = "json"
    csv = "csv"
    markdown = "markdown"
    html = "html"
    sqlite = "sqlite"


@app.command()
def export(
    output_format: ExportFormat = typer.Option(..., "--format", "-f", help="The format to write."),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="PATH",
        help="Where to write (a directory for csv); json, markdown and html go to stdout without it.",
    ),
    force: bool = typer.Option(
        False, "--force", help="Replace an earlier export at PATH: a regular file, or a folder of only its tables."
    ),
    excel: bool = typer.Option(False, "--excel", help="csv: tables Excel opens as UTF-8 (a byte order mark)."),
    datasette_metadata: Path | None = typer.Option(
        None,
        "--datasette-metadata",
        metavar="PATH",
        help="sqlite: also write Datasette's metadata.json here (datasette DB -m PATH).",
    ),
    as_of: str | None = AsOfOption,
    root: Path | None = RootOption,
) -> None:
    """The whole record for other tools: json, csv tables, a markdown report, one html page, or sqlite with FTS5."""
    from tracker import export as exporting
    from tracker.checks import collector_paused

    fmt = output_format.value
    _check_export_options(fmt, output, excel, datasette_metadata)
    # An export makes rows and pieces that their counts free, never cycles: the collector would
    # only rescan the record, again and again, for nothing (once the record is loaded, too).
    with collector_paused():
        record = load_record(root)
        data = exporting.document_for(fmt, record, parse_date(as_of))
        if output is None:
            refused_or(lambda: _write_out(exporting.pieces(fmt, data)))
            return
        options = {"excel": excel, "datasette_metadata": datasette_metadata, "root": record.root}
        refused_or(lambda: exporting.write(fmt, data, output, force=force, **options))
    sys.stderr.write(f"wrote {output} ({fmt}, as of {data['as_of']})\n")
    if datasette_metadata is not None:
        sys.stderr.write(f"wrote {datasette_metadata} (datasette {output} -m {datasette_metadata})\n")


def _write_out(pieces: Iterable[bytes]) -> None:
    for piece in pieces:
        sys.stdout.buffer.write(piece)


def _check_export_options(fmt: str, output: Path | None, excel: bool, datasette_metadata: Path | None) -> None:
    """Options that do not go with the format are refused (exit 2), not ignored."""
    if output is None and fmt in ("csv", "sqlite"):
        raise typer.BadParameter(f"{fmt} needs a path to write to", param_hint="--output")
    if datasette_metadata is not None and fmt != "sqlite":
        raise typer.BadParameter("goes with --format sqlite", param_hint="--datasette-metadata")
    if datasette_metadata is not None and output is not None and datasette_metadata.resolve() == output.resolve():
        raise typer.BadParameter("must differ from the database's path", param_hint="--datasette-metadata")
    if excel and fmt != "csv":
        raise typer.BadParameter("goes with --format csv", param_hint="--excel")


@app.command()
def lsp(
    root: Path | None = typer.Option(
        None,
        "--root",
        file_okay=False,
        help="The folder holding data/meetings.yaml (default: found from the editor's workspace).",
    ),
) -> None:
    """A Language Server Protocol server on stdio: the problems of `check` as you type, and more.

    Diagnostics for every problem code on every change, hover, completion and
    go to definition over sources, paragraphs and commitments, quick fixes.

    Start it from the editor (see docs/editors.md); it speaks JSON-RPC on stdin and stdout.
    """
    from tracker import lsp as server

    server.serve(resolve_root(root) if root is not None else None)


# Two or three examples end each command's --help: what a user types first.
EXAMPLES = {
    "check": ["tracker check", "tracker check --strict --format github", "tracker check --format json > problems.json"],
    "report": ["tracker report", "tracker report --as-of 2025-05-01", "tracker report --theme transport --json"],
    "status": ["tracker status", "tracker status --status agreed --by CN", "tracker status --json"],
    "recurrence": ["tracker recurrence --min 3", "tracker recurrence --as-of 2025-04-30", "tracker recurrence --json"],
    "show": ["tracker show railway-cooperation-committee", "tracker show red-journey-programme --json"],
    "meetings": ["tracker meetings", "tracker meetings --json"],
    "source": ["tracker source vna-2025-04-15", "tracker source vna-2025-04-15 --paragraph 11"],
    "changes": [
        "tracker changes --meeting 2025-09-04-beijing",
        "tracker changes --from 2025-01-01 --to 2025-12-31",
        "tracker changes --meeting 2025-04-15-ha-noi --json",
    ],
    "compare": ["tracker compare 2025-04-15-ha-noi", "tracker compare 2025-04-15-ha-noi --quotes"],
    "search": ['tracker search "Ha Noi"', "tracker search railway --uncited", "tracker search Cuong --json"],
    "coverage": ["tracker coverage", "tracker coverage vna-2025-04-15", "tracker coverage --json"],
    "suggest": ["tracker suggest", "tracker suggest red-journey-programme", "tracker suggest --json"],
    "add-source": [
        "tracker add-source article.txt --meeting 2025-09-04-beijing --outlet VNA/VNS",
        "tracker add-source report.txt --meeting 2025-12-01-ha-noi --date 2025-12-01 --place 'Hà Nội' "
        "--participant 'Tô Lâm' --participant 'Xi Jinping' --outlet VNA",
    ],
    "new": [
        "tracker new bridge-over-red-river",
        "tracker new bridge-over-red-river --write data/commitments/transport.yaml",
    ],
    "schema": ["tracker schema commitments > commitments.schema.json", "tracker schema meetings"],
    "export": [
        "tracker export --format html -o record.html",
        "tracker export --format sqlite -o record.sqlite",
        "tracker export --format csv -o tables --excel",
    ],
    "lsp": ["tracker lsp", "tracker lsp --root ~/record"],
}


def _with_examples() -> None:
    for info in app.registered_commands:
        name = info.name or (info.callback.__name__.replace("_", "-") if info.callback else "")
        if name in EXAMPLES:
            info.epilog = "Examples:\n\n" + "\n\n".join(f"  {line}" for line in EXAMPLES[name])


_with_examples()


def main() -> None:  # pragma: no cover - the console script
    safe_streams()
    # A command is one short run over one record, which lives until the process ends: the cyclic
    # collector would only walk it again and find nothing (a full collection of an 8,000-meeting
    # record is most of a second). Reference counting still frees whatever is let go. The
    # language server, which outlives many records, turns the collector back on (`lsp.serve`).
    gc.disable()
    try:
        app()
    except SystemExit as done:
        leave(done.code)


def leave(code: object) -> NoReturn:
    """End the process with `code` (as `sys.exit` reads it) once what was printed is out.

    A large record is millions of objects, and an interpreter that shuts down
    frees them one by one: a second of an 8,000-meeting check, for a process
    that is ending anyway. Nothing waits on the exit: no `atexit` hook, and
    every file a command writes is closed before it returns.
    """
    if isinstance(code, str):  # sys.exit's message
        print(code, file=sys.stderr)
    status = code if isinstance(code, int) else (0 if code is None else 1)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a reader gone, a stream closed: nothing more can be said
            stream.flush()
    os._exit(status)


def safe_streams() -> None:
    """Print what the terminal's encoding cannot show as escapes (`\\u1ec7`), never a traceback."""
    import io

    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and not stream.closed:
            stream.reconfigure(errors="backslashreplace")
