"""`tracker lsp`: the record's problems in the editor, as the curator types.

A Language Server Protocol server on stdio (pygls). It checks the YAML files
exactly as `tracker check` does (`checks.check` with the editor's unsaved
text in place of the disk), so its diagnostics are the gate's problems, and
it helps with the record's own vocabulary:

- diagnostics for every problem code, on open and on every change, in every
  file of the record (a duplicate id or a removed source shows up in the
  other files too), cleared when fixed;
- hover: a mention's source (outlet, meeting, date, side), its paragraph with
  the quote marked, a related commitment's title and status;
- completion: source ids, paragraph numbers (with their first words), kinds,
  statuses, party codes, commitment ids;
- go to definition: from `source:`/`paragraph:` to the paragraph's line in the
  seed file, from a `related:` id to the commitment;
- code actions: "change paragraph to N" when the quote is in another
  paragraph, "use reaffirmed" for a kind that goes back, "add a mention" for
  an uncited alias.
"""

from __future__ import annotations

import asyncio
import gc
import re
from pathlib import Path, PurePosixPath

import yaml
from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from tracker import __version__, checks, curate, loader, reading, yamlcursor, yamlio, yamltext
from tracker.model import COMMITMENTS_DIR, MEETINGS_FILE, MENTION_KINDS, STATUSES, Record
from tracker.problems import ERROR, Problem
from tracker.text import quote_spans

DEBOUNCE_SECONDS = 0.02
INFERABLE = ("date", "place", "participants", "occasion")
_ELSEWHERE = re.compile(r"\(it is in paragraphs? ([\d, ]+)\)")
_UNCITED = re.compile(r"^(\S+) paragraph (\d+) names `")


class RecordServer(LanguageServer):
    """The server's state: the root, and the last check of the record as the editor holds it."""

    def __init__(self) -> None:
        super().__init__("tracker", __version__)
        self.root: Path | None = None
        self.result: checks.CheckResult | None = None
        self._checker: checks.Checker | None = None
        self.published: dict[str, tuple] = {}
        """What was last sent for each file: its problems and the text they were placed in."""
        self._pending: asyncio.TimerHandle | None = None

    # The record --------------------------------------------------------------------

    def name_of(self, uri: str) -> str | None:
        """The document's path relative to the root, if it is one of the record's YAML files."""
        path = to_fs_path(uri)
        if path is None:
            return None
        if self.root is None:
            try:
                self.root = loader.find_root(cwd=Path(path).parent)
            except (loader.RootNotFound, OSError):
                return None
        try:
            name = Path(path).absolute().relative_to(self.root.absolute()).as_posix()
        except ValueError:
            return None
        is_commitments = PurePosixPath(name).parent == PurePosixPath(COMMITMENTS_DIR) and name.endswith(".yaml")
        return name if name == MEETINGS_FILE or is_commitments else None

    def documents(self) -> dict[str, bytes]:
        """The record's files that are open, as the editor holds them."""
        held = {}
        for uri, document in self.workspace.text_documents.items():
            name = self.name_of(uri)
            if name is not None:
                held[name] = document.source.encode("utf-8")
        return held

    def lines_of(self, name: str) -> list[str]:
        """A record file's lines: the editor's text when open, else the disk's."""
        assert self.root is not None
        document = self.workspace.text_documents.get(self.uri_of(name))
        if document is not None:
            return yamlio.lines(document.source.encode("utf-8"))
        try:  # decided before reading, like the check: a FIFO named *.yaml must not hang the server
            return yamlio.lines(reading.read_inside(reading.real_root(self.root), name, reading.MAX_YAML_BYTES))
        except reading.Unreadable:
            return [""]

    def uri_of(self, name: str) -> str:
        assert self.root is not None
        return from_fs_path(str(self.root / name)) or ""

    @property
    def record(self) -> Record | None:
        return self.result.record if self.result else None

    # Diagnostics -------------------------------------------------------------------

    def schedule_check(self) -> None:
        """Check once the curator pauses: a burst of keystrokes makes one check."""
        if self._pending is not None:
            self._pending.cancel()
        self._pending = asyncio.get_running_loop().call_later(DEBOUNCE_SECONDS, self.check_now)

    def check_now(self) -> None:
        self._pending = None
        if self.root is None:
            return
        if self._checker is None or self._checker.root != self.root:
            self._checker = checks.Checker(self.root)  # kept: each edit redoes only what it touches
        documents = self.documents()
        self.result = self._checker.check(documents)
        # What the record holds lives as long as the server: keep the collector off it.
        gc.freeze()
        by_file: dict[str, list[Problem]] = {}
        for found in self.result.problems:
            by_file.setdefault(found.file, []).append(found)
        for name in documents:
            by_file.setdefault(name, [])  # an open file hears that it is clean
        sent: dict[str, tuple] = {}
        for name, problems in by_file.items():
            uri, lines = self.uri_of(name), self.lines_of(name)
            sent[uri] = (tuple(problems), lines)
            if self.published.get(uri) != sent[uri]:  # only what changed goes over the wire
                self.publish(uri, diagnostics(problems, lines))
        for uri in self.published.keys() - sent.keys():
            self.publish(uri, [])
        self.published = sent

    def publish(self, uri: str, found: list[types.Diagnostic]) -> None:
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=found))


def diagnostics(problems: list[Problem], lines: list[str]) -> list[types.Diagnostic]:
    """The problems of one file as LSP diagnostics, each over its YAML node."""
    extents = node_extents(lines)
    result = []
    for found in problems:
        start = (found.line - 1, found.column - 1)
        end = extents.get(start) or (start[0], _line_end(lines, start))
        result.append(
            types.Diagnostic(
                range=types.Range(start=_position(lines, *start), end=_position(lines, *end)),
                message=found.message,
                severity=types.DiagnosticSeverity.Error
                if found.severity == ERROR
                else types.DiagnosticSeverity.Warning,
                code=found.code.name,
                source="tracker",
                data={"commitment": found.commitment},
            )
        )
    return result


def node_extents(lines: list[str]) -> dict[tuple[int, int], tuple[int, int]]:
    """Where each scalar node of the text ends, by where it starts (0-based); {} if it does not parse."""
    try:
        root = yaml.compose("\n".join(lines), Loader=yamlio.Loader)
    except yaml.YAMLError:
        return {}
    extents: dict[tuple[int, int], tuple[int, int]] = {}
    stack = [root] if root is not None else []
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            extents[(node.start_mark.line, node.start_mark.column)] = (node.end_mark.line, node.end_mark.column)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return extents


def _line_end(lines: list[str], start: tuple[int, int]) -> int:
    text = lines[start[0]] if start[0] < len(lines) else ""
    return max(len(text.rstrip()), start[1] + 1)


def _position(lines: list[str], line: int, column: int) -> types.Position:
    """A position in UTF-16 code units, as LSP counts by default."""
    text = lines[line] if 0 <= line < len(lines) else ""
    return types.Position(line=line, character=len(text[:column].encode("utf-16-le")) // 2)


def _column(lines: list[str], position: types.Position) -> int:
    """The character index of an LSP (UTF-16) position on its line."""
    text = lines[position.line] if 0 <= position.line < len(lines) else ""
    units = 0
    for index, char in enumerate(text):
        if units >= position.character:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
    return len(text)


# Hover, completion, definition ---------------------------------------------------------


def cursor_at(server: RecordServer, uri: str, position: types.Position) -> yamlcursor.Cursor | None:
    name = server.name_of(uri)
    if name is None:
        return None
    lines = server.lines_of(name)
    return yamlcursor.at(lines, position.line, _column(lines, position))


def hover_text(record: Record, cursor: yamlcursor.Cursor) -> str | None:
    """Markdown for what the cursor is on, or None."""
    if cursor.key == "source" and record.source(cursor.word):
        return _source_card(record, cursor.word)
    if cursor.key == "paragraph" and cursor.word.isdigit():
        return _paragraph_card(record, cursor.siblings.get("source", ""), int(cursor.word), cursor.siblings)
    if cursor.key == "related":
        found = [c for c in record.commitments if c.id == cursor.word]
        if found:
            return f"**{_md(found[0].id or '')}**: {_md(found[0].title or '')}\n\nstatus: `{found[0].status}`"
    return None


def _source_card(record: Record, source_id: str) -> str:
    found = record.source(source_id)
    assert found is not None
    source, meeting = found
    side = getattr(source, "side", None)
    parts = [f"**{_md(source_id)}**: {_md(source.outlet or '')}"]
    parts.append(f"meeting `{meeting.id}`, {meeting.date}, {_md(meeting.place or '')}")
    if side:
        parts.append(f"side: {side} ({_md(record.parties.get(side, ''))})")
    return "\n\n".join(parts)


def _paragraph_card(record: Record, source_id: str, number: int, siblings: dict[str, str]) -> str | None:
    text = record.texts.get(source_id)
    if text is None or not 1 <= number <= len(text.paragraphs):
        return None
    shown, spans = quote_spans(text.paragraphs[number - 1], siblings.get("quote", ""))
    marked, position = [], 0
    for start, end in spans:
        marked += [_md(shown[position:start]), "**", _md(shown[start:end]), "**"]
        position = end
    marked.append(_md(shown[position:]))
    return f"{_md(source_id)} ¶{number}\n\n" + "".join(marked)


def _md(text: str) -> str:
    """Record text as literal markdown."""
    return re.sub(r"([\\`*_\[\]<>#|~])", r"\\\1", text)


def completions(record: Record, cursor: yamlcursor.Cursor) -> list[types.CompletionItem]:
    item = types.CompletionItem
    kind = types.CompletionItemKind
    if cursor.key == "source":
        return [
            item(label=source.id, detail=f"{meeting.date}  {source.outlet}", kind=kind.Reference)
            for meeting in record.meetings
            for source in meeting.sources
            if source.id
        ]
    if cursor.key == "paragraph":
        text = record.texts.get(cursor.siblings.get("source", ""))
        paragraphs = text.paragraphs if text else []
        return [
            item(label=str(n), detail=_first_words(body), kind=kind.Value, sort_text=f"{n:06d}")
            for n, body in enumerate(paragraphs, 1)
        ]
    vocabulary = {"kind": MENTION_KINDS, "status": STATUSES, "inferred": INFERABLE}
    if cursor.key in vocabulary:
        return [item(label=value, kind=kind.EnumMember) for value in vocabulary[cursor.key]]
    if cursor.key in ("by", "side"):
        return [item(label=code, detail=name, kind=kind.EnumMember) for code, name in record.parties.items()]
    if cursor.key == "related":
        return [
            item(label=c.id, detail=c.title or "", kind=kind.Reference) for c in record.commitments if c.id is not None
        ]
    return []


def _first_words(text: str, count: int = 8) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


def definition(server: RecordServer, cursor: yamlcursor.Cursor) -> types.Location | None:
    record, root = server.record, server.root
    if record is None or root is None:
        return None
    if cursor.key in ("source", "paragraph"):
        source_id = cursor.word if cursor.key == "source" else cursor.siblings.get("source", "")
        number = cursor.siblings.get("paragraph", "1") if cursor.key == "source" else cursor.word
        found = record.source(source_id)
        if found is None or record.texts.get(source_id) is None or not number.isdigit():
            return None
        path = root / (found[0].path or "")
        line = _paragraph_line(path, int(number))
        return types.Location(uri=from_fs_path(str(path)) or "", range=_line_range(line))
    if cursor.key == "related":
        for commitment in record.commitments:
            if commitment.id == cursor.word:
                line, column = commitment.at("id")
                return types.Location(uri=server.uri_of(commitment.file), range=_line_range(line - 1, column - 1))
    return None


def _paragraph_line(path: Path, number: int) -> int:
    """The 0-based line of paragraph `number` in a source file (paragraphs are its non-blank lines)."""
    seen = 0
    with path.open(encoding="utf-8", errors="replace") as stream:
        for index, text in enumerate(stream):
            if text.strip():
                seen += 1
                if seen == number:
                    return index
    return 0


def _line_range(line: int, column: int = 0) -> types.Range:
    return types.Range(
        start=types.Position(line=line, character=column), end=types.Position(line=line, character=column)
    )


# Code actions ----------------------------------------------------------------------------


def code_actions(server: RecordServer, uri: str, found: list[types.Diagnostic]) -> list[types.CodeAction]:
    name = server.name_of(uri)
    if name is None or server.record is None:
        return []
    lines = server.lines_of(name)
    actions: list[types.CodeAction] = []
    for diagnostic in found:
        cursor = yamlcursor.at(lines, diagnostic.range.start.line, _column(lines, diagnostic.range.start))
        if diagnostic.code == "quote-not-found" and (elsewhere := _ELSEWHERE.search(diagnostic.message)):
            for number in elsewhere.group(1).replace(" ", "").split(","):
                edit = _replace_value(lines, cursor, "paragraph", number)
                actions += [_action(f"change paragraph to {number}", uri, edit, diagnostic)] if edit else []
        elif diagnostic.code == "kind-regression":
            edit = _replace_value(lines, cursor, "kind", "reaffirmed")
            actions += [_action("use reaffirmed", uri, edit, diagnostic)] if edit else []
        elif diagnostic.code == "uncited-alias":
            actions += _add_mention(server, uri, lines, diagnostic)
    return actions


def _action(title: str, uri: str, edit: types.TextEdit, diagnostic: types.Diagnostic) -> types.CodeAction:
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        edit=types.WorkspaceEdit(changes={uri: [edit]}),
    )


def _replace_value(lines: list[str], cursor: yamlcursor.Cursor, key: str, value: str) -> types.TextEdit | None:
    """An edit giving `key` of the cursor's mapping the value `value`."""
    number = cursor.sibling_lines.get(key)
    if number is None:
        return None
    match = re.match(rf"^(\s*(?:-\s+)?{key}\s*:\s*)(.*?)(\s*(?:#.*)?)$", lines[number])
    if match is None:
        return None
    start, end = match.end(1), match.end(2)
    return types.TextEdit(
        range=types.Range(start=_position(lines, number, start), end=_position(lines, number, end)), new_text=value
    )


def _add_mention(
    server: RecordServer, uri: str, lines: list[str], diagnostic: types.Diagnostic
) -> list[types.CodeAction]:
    record = server.record
    commitment_id = (diagnostic.data or {}).get("commitment") if isinstance(diagnostic.data, dict) else None
    uncited = _UNCITED.match(diagnostic.message)
    if record is None or commitment_id is None or uncited is None:
        return []
    source, paragraph = uncited.group(1), int(uncited.group(2))
    wanted = [s for s in curate.suggestions(record, commitment_id) if s.source == source and s.paragraph == paragraph]
    commitment = next((c for c in record.commitments if c.id == commitment_id), None)
    if not wanted or commitment is None or not commitment.mentions:
        return []
    last = commitment.mentions[-1]
    indent = last.where[""][1] - 3  # the mapping's first key stands after `- `
    line = _end_of_block(lines, last.where[""][0] - 1, indent)
    edit = types.TextEdit(range=_line_range(line), new_text=wanted[0].mention_yaml(indent))
    return [_action(f"add a mention of {source} ¶{paragraph}", uri, edit, diagnostic)]


def _end_of_block(lines: list[str], first: int, indent: int) -> int:
    """The line after the last line of the list item starting at `first` whose dash stands at `indent`."""
    return yamltext.end_of_list(lines, first, indent)[0] + 1


# The server ------------------------------------------------------------------------------


def build() -> RecordServer:
    server = RecordServer()

    @server.feature(types.INITIALIZED)
    def initialized(ls: RecordServer, params: types.InitializedParams) -> None:
        folder = ls.workspace.root_path
        if folder and ls.root is None:
            try:
                ls.root = loader.find_root(cwd=Path(folder))
            except (loader.RootNotFound, OSError):
                return
            ls.check_now()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def changed(ls: RecordServer, params) -> None:
        document = getattr(params, "text_document", None)
        if document is not None:
            ls.name_of(document.uri)  # finds the root from the first file opened
        ls.schedule_check()

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: RecordServer, params: types.HoverParams) -> types.Hover | None:
        cursor = cursor_at(ls, params.text_document.uri, params.position)
        text = hover_text(ls.record, cursor) if cursor and ls.record else None
        if text is None:
            return None
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))

    @server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[" ", ":", "[", ","]))
    def complete(ls: RecordServer, params: types.CompletionParams) -> types.CompletionList:
        cursor = cursor_at(ls, params.text_document.uri, params.position)
        items = completions(ls.record, cursor) if cursor and ls.record else []
        return types.CompletionList(is_incomplete=False, items=items)

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def go_to(ls: RecordServer, params: types.DefinitionParams) -> types.Location | None:
        cursor = cursor_at(ls, params.text_document.uri, params.position)
        return definition(ls, cursor) if cursor else None

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix])
    )
    def actions(ls: RecordServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        return code_actions(ls, params.text_document.uri, list(params.context.diagnostics))

    return server


def serve(root: Path | None = None) -> None:
    """Serve on stdin and stdout until the client says exit; the root is found from the workspace unless given."""
    gc.enable()  # the console script runs without it (`cli.main`); a server lives on, its records come and go
    server = build()
    server.root = root
    server.start_io()
