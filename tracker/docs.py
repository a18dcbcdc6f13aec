"""Generate the parts of the docs that must not go stale: the problem-code
table (from `tracker.problems.CODES`), the command reference (from the CLI's
own definitions) and the shipped JSON Schemas (from the loader's shapes).

    python -m tracker.docs          rewrite what is out of date
    python -m tracker.docs --check  exit 1 if either is out of date
"""

from __future__ import annotations

import inspect
import json
import re
import sys
from pathlib import Path
from typing import Any

import typer.main

from tracker.cli import app
from tracker.problems import CODES
from tracker.schema import SCHEMA_KINDS, json_schema

REPOSITORY = Path(__file__).resolve().parent.parent
MARKERS = ("<!-- codes:start -->", "<!-- codes:end -->")


def codes_table() -> str:
    rows = [f"| `{code.name}` | {code.severity} | {code.when} |" for code in CODES.values()]
    return "\n".join(["| code | severity | when |", "|---|---|---|", *rows])


def command_reference() -> str:
    group: Any = typer.main.get_command(app)  # a group: the app has several commands
    parts = ["# Command reference", "", "Generated from the CLI by `python -m tracker.docs`; do not edit by hand.", ""]
    for name, command in sorted(group.commands.items()):
        parts += _command_section(name, command)
    return "\n".join(parts).rstrip() + "\n"


def _command_section(name: str, command) -> list[str]:
    usage = " ".join(["tracker", name, *(_argument(p) for p in command.params if p.param_type_name == "argument")])
    lines = [f"## `{usage}`", "", inspect.cleandoc(command.help or ""), ""]
    options = [p for p in command.params if p.param_type_name == "option" and not p.hidden]
    if options:
        lines += ["| option | meaning |", "|---|---|"]
        for option in options:
            flags = ", ".join(f"`{flag}`" for flag in [*option.opts, *option.secondary_opts])
            meaning = option.help or ""
            choices = getattr(getattr(option, "type", None), "choices", None)
            if choices:
                meaning += f" One of: {', '.join(str(getattr(c, 'value', c)) for c in choices)}."
            lines.append(f"| {flags} | {meaning.strip()} |")
        lines.append("")
    return lines


def _argument(param) -> str:
    name = (param.metavar or param.name).upper()
    return name if param.required else f"[{name}]"


def _replace_between(text: str, generated: str) -> str:
    start, end = (re.escape(marker) for marker in MARKERS)
    return re.sub(f"{start}.*?{end}", lambda _: f"{MARKERS[0]}\n{generated}\n{MARKERS[1]}", text, flags=re.S)


def expected_files() -> dict[Path, str]:
    readme = REPOSITORY / "README.md"
    schemas = {
        REPOSITORY / "tracker" / "editor" / f"{kind}.schema.json": json.dumps(json_schema(kind), indent=2) + "\n"
        for kind in SCHEMA_KINDS
    }
    return {
        readme: _replace_between(readme.read_text(encoding="utf-8"), codes_table()),
        REPOSITORY / "docs" / "commands.md": command_reference(),
        **schemas,
    }


def main(argv: list[str]) -> int:
    stale = [path for path, text in expected_files().items() if not path.exists() or path.read_text("utf-8") != text]
    if "--check" in argv:
        for path in stale:
            print(f"{path.relative_to(REPOSITORY)} is out of date: run python -m tracker.docs", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        path.write_text(expected_files()[path], encoding="utf-8")
        print(f"rewrote {path.relative_to(REPOSITORY)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
