"""The `tracker` command line: a thin layer over the library.

Each command finds the root, calls one library function, renders the result
and sets the exit code. Heavy modules (rich, the reports) are imported inside
the commands that need them, so that `tracker check` starts fast.
"""

from __future__ import annotations

import enum
import os
import sys
from pathlib import Path
from typing import Optional

import typer

from tracker.root import RootNotFound, find_root

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="tracker",
    help="Track the commitments of Việt Nam-China meetings, each linked to its source paragraphs.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

RootOption = typer.Option(
    None, "--root", help="The folder holding data/meetings.yaml (default: $TRACKER_ROOT, else found upwards).",
    file_okay=False, show_default=False,
)


class CheckFormat(str, enum.Enum):
    text = "text"
    json = "json"
    github = "github"


def fail(message: str, code: int) -> typer.Exit:
    """Print `message` to stderr and return the Exit to raise."""
    sys.stderr.write(f"tracker: {message}\n")
    return typer.Exit(code)


def resolve_root(root: Optional[Path]) -> Path:
    try:
        return find_root(root)
    except RootNotFound as error:
        raise fail(str(error), EXIT_USAGE) from None


def colour_wanted(stream) -> bool:
    return stream.isatty() and not os.environ.get("NO_COLOR")


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
    root: Optional[Path] = RootOption,
    output_format: CheckFormat = typer.Option(CheckFormat.text, "--format", "-f", help="How to print problems."),
    strict: bool = typer.Option(False, "--strict", help="Fail on warnings too."),
) -> None:
    """Verify the record: the CI gate.

    Exit 0 when there is no error (warnings allowed unless --strict), 1 when
    there is, 2 when the check could not run.
    """
    from tracker import formats, gate

    result = gate.check(resolve_root(root))
    if output_format is CheckFormat.json:
        sys.stdout.write(formats.as_json(result.problems))
    elif output_format is CheckFormat.github:
        sys.stdout.write(formats.github(result.problems))
    else:
        sys.stdout.write(formats.text(result.problems, colour_wanted(sys.stdout)))
    if output_format is not CheckFormat.json:
        files = len(result.record.files) + len(result.record.texts)
        sys.stderr.write(formats.summary(result.errors, result.warnings, files) + "\n")
    raise typer.Exit(EXIT_OK if result.passed(strict) else EXIT_PROBLEMS)


def main() -> None:  # pragma: no cover - the console script
    app()
