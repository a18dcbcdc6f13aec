"""Editing YAML as text: the curated files are never re-dumped.

A new item is inserted as lines after the last item of a block list, found
from the text itself: the list's `-` column and the indentation of the lines
that follow (a composed node cannot say where it ends: an alias node carries
its anchor's position, elsewhere in the file). The file keeps its BOM, its
line ends and its missing final newline, and every byte of its other lines.
The result is parsed again and must be the old document with exactly the new
item added where it belongs; anything else is refused.

Values are written by one function, `scalar`, as YAML that reads back as
exactly the given text in a block or a flow context.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

import yaml

from tracker import yamlio
from tracker.yamlio import STR, Loader, YamlSyntaxError

BOM = "\ufeff"


class EditError(ValueError):
    """An edit that cannot be made safely; the message is one line."""


# Scalars ---------------------------------------------------------------------------

# What YAML can hold as itself inside double quotes (its printable set), less the
# characters it reads as line breaks and the BOM.
_AS_ITSELF = re.compile(r"[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_NAMED = {
    "\\": "\\\\",
    '"': '\\"',
    "\0": "\\0",
    "\a": "\\a",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\v": "\\v",
    "\f": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


def scalar(value: str) -> str:
    """`value` as a YAML scalar that reads back as exactly `value`, in a block or a flow context.

    Plain when YAML would read it back unchanged as text (not `no`, a date,
    `*x`, `# x`, ...), else double-quoted with every character YAML cannot
    hold as itself escaped. Text that is not Unicode (a lone surrogate) is
    refused.
    """
    if _plain_is_safe(value):
        return value
    return '"' + "".join(_quoted(character) for character in value) + '"'


def _quoted(character: str) -> str:
    if character in _NAMED:
        return _NAMED[character]
    if _AS_ITSELF.match(character):
        return character
    if "\ud800" <= character <= "\udfff":
        raise EditError(f"U+{ord(character):04X} is not a character (text that was not UTF-8?)")
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


# What YAML 1.2 (editors' language servers) reads as other than text, though YAML 1.1 does not.
_NOT_TEXT_IN_YAML_1_2 = re.compile(
    r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"
)


# Flow indicators and what starts a comment or a key anywhere in plain text: YAML
# parsers do not all agree on them inside a flow list.
_QUOTE_IF_ANYWHERE = frozenset(",[]{}#:?")


def _plain_is_safe(value: str) -> bool:
    if not value or value != value.strip() or _QUOTE_IF_ANYWHERE.intersection(value):
        return False
    if not all(_AS_ITSELF.match(c) for c in value) or _NOT_TEXT_IN_YAML_1_2.fullmatch(value):
        return False
    return all(
        _reads_back(text, value, loader)
        for text in (f"key: {value}\n", f"[{value}]\n")
        for loader in (Loader, yaml.SafeLoader)  # libyaml, and the parser written in Python
    )


def _reads_back(text: str, value: str, loader) -> bool:
    """Whether the one scalar in `text` is read as the string `value`."""
    try:
        node = yaml.compose(text, Loader=loader)
    except yaml.YAMLError:
        return False
    if not isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) or len(node.value) != 1:
        return False
    inner = node.value[0][1] if isinstance(node, yaml.MappingNode) else node.value[0]
    return isinstance(inner, yaml.ScalarNode) and inner.tag == STR and inner.value == value


def indent(text: str, spaces: int) -> str:
    """`text` with every non-blank line indented by `spaces`."""
    pad = " " * spaces
    return "".join(pad + line if line.strip() else line for line in text.splitlines(keepends=True))


# Lists, found in the event stream ------------------------------------------------------


@dataclass
class _Node:
    """A node of the document as event indexes: an alias is its own node, at its own place."""

    first: int
    last: int
    children: list[_Node] = field(default_factory=list)


def _tree(events: list[yaml.Event]) -> _Node | None:
    stack = [_Node(-1, -1)]
    for index, event in enumerate(events):
        if isinstance(event, yaml.CollectionStartEvent):
            node = _Node(index, index)
            stack[-1].children.append(node)
            stack.append(node)
        elif isinstance(event, yaml.CollectionEndEvent):
            stack.pop().last = index
        elif isinstance(event, yaml.NodeEvent):
            stack[-1].children.append(_Node(index, index))
    return stack[0].children[0] if stack[0].children else None


Step = str | tuple[str, str]
"""A mapping key, or (key, value): the item of a list whose `key` is `value`."""


def _find(events: list[yaml.Event], root: _Node, path: Sequence[Step]) -> tuple[_Node, _Node]:
    """The node at `path`, and the key node it is the value of."""
    node, key = root, root
    for step in path:
        if isinstance(step, str):
            key, node = _value_of(events, node, step)
        else:
            node = _item_with(events, node, *step)
    return key, node


def _value_of(events, node: _Node, name: str) -> tuple[_Node, _Node]:
    if isinstance(events[node.first], yaml.MappingStartEvent):
        pairs = zip(node.children[::2], node.children[1::2], strict=True)
        for key, value in pairs:
            if _scalar_value(events, key) == name:
                return key, value
    raise EditError(f"there is no `{name}:` to add to")


def _item_with(events, node: _Node, name: str, wanted: str) -> _Node:
    if isinstance(events[node.first], yaml.SequenceStartEvent):
        for item in node.children:
            if isinstance(events[item.first], yaml.MappingStartEvent):
                pairs = zip(item.children[::2], item.children[1::2], strict=True)
                if any(_scalar_value(events, k) == name and _scalar_value(events, v) == wanted for k, v in pairs):
                    return item
    raise EditError(f"there is no item with {name} `{wanted}` to add to")


def _scalar_value(events, node: _Node) -> str | None:
    event = events[node.first]
    return event.value if isinstance(event, yaml.ScalarEvent) else None


# Inserting -------------------------------------------------------------------------------


def append_item(data: bytes, path: Sequence[Step], item: str) -> bytes:
    """`data` (a YAML file's bytes) with `item` (a `- ...` block at indent 0, LF) added to the list at `path`.

    The list may be a block list, or empty (`[]`, or no value at all), which
    becomes a block list; in an empty file (or one of comments only), a
    one-key path makes the key. Raise EditError when the file cannot be read
    or the edit cannot be made, or proven right.
    """
    bom, text = _decode(data)
    events = _events(text)
    root = _tree(events)
    if root is None:
        new, span, added = _new_document(text, path, item)
    else:
        key, target = _find(events, root, path)
        new, span, added = _insertion(text, events, key, target, item)
    _prove(new, events, span, added)
    return (bom + new).encode("utf-8")


def _decode(data: bytes) -> tuple[str, str]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise EditError(f"not valid UTF-8: byte 0x{data[error.start]:02x} at offset {error.start}") from None
    return (BOM, text[1:]) if text.startswith(BOM) else ("", text)


def _events(text: str) -> list[yaml.Event]:
    try:
        return yamlio.events(text.encode("utf-8"))
    except YamlSyntaxError as error:
        raise EditError(f"line {error.line}, column {error.column}: {error}") from None


def _item_events(item: str) -> list[yaml.Event]:
    events = list(yaml.parse(item, Loader=Loader))
    tree = _tree(events)
    if tree is None or not isinstance(events[tree.first], yaml.SequenceStartEvent) or len(tree.children) != 1:
        raise EditError("the new item is not one list item")  # pragma: no cover - a bug in the caller
    return events[2:-2]  # its list: start, the item's events, end


def _new_document(text: str, path: Sequence[Step], item: str):
    """An empty document (comments at most) given its one key and the item under it."""
    if len(path) != 1 or not isinstance(path[0], str):
        raise EditError("the file is empty")
    block = f"{path[0]}:\n" + indent(item, 2)
    new = _insert_lines(_lines(text), len(_lines(text)) - 1, block) if text else block
    return new, (1, 1), list(yaml.parse(block, Loader=Loader))[1:-1]


def _insertion(text, events, key: _Node, target: _Node, item: str):
    """The new text, the span of old events it replaces, and the events that replace them."""
    item_events = _item_events(item)
    start = events[target.first]
    lines = _lines(text)
    if isinstance(start, yaml.SequenceStartEvent) and not start.flow_style:
        mark: Any = start.start_mark  # libyaml gives every event its marks
        column = mark.column
        after, blank = _end_of_list(lines, mark.line, column, events, target)
        new = _insert_lines(lines, after, indent(("\n" if blank else "") + item, column))
        return new, (target.last, target.last), item_events[1:-1]
    if _is_empty(start, target):
        line = _empty_value_line(lines, events, key, target)
        column = events[key.first].start_mark.column + 2
        return _insert_lines(line, 0, indent(item, column)), (target.first, target.last + 1), item_events
    name = _scalar_value(events, key)
    raise EditError(f"`{name}` is {_what_is(start)}; write it as a block list (`- ` lines) to add to it")


def _what_is(event: yaml.Event) -> str:
    if isinstance(event, yaml.AliasEvent):
        return "an alias"
    return "a flow list ([...])" if isinstance(event, yaml.SequenceStartEvent) else "not a list"


def _is_empty(start: yaml.Event, target: _Node) -> bool:
    if isinstance(start, yaml.SequenceStartEvent):
        return bool(start.flow_style) and not target.children
    # a plain null; libyaml says '' for the plain style where PyYAML says None
    return isinstance(start, yaml.ScalarEvent) and not start.style and start.value in ("", "~", "null", "Null", "NULL")


def _empty_value_line(lines: list[str], events, key: _Node, target: _Node) -> list[str]:
    """The lines with the empty value (`[]`, `~`) taken off its key's line, split after that line."""
    begin, end = events[target.first].start_mark, events[target.last].end_mark
    if begin.line != end.line or begin.line != events[key.first].start_mark.line:
        raise EditError("the empty list is not on its key's line")
    line = lines[begin.line]
    kept = line[: begin.column].rstrip(" ") + line[end.column :]
    return ["".join(lines[: begin.line]) + kept, "".join(lines[begin.line + 1 :])]


_BREAK = re.compile(r"(?<=\r\n)|(?<=[\n\x85\u2028\u2029])|(?<=\r)(?!\n)")


def _lines(text: str) -> list[str]:
    """The lines of `text` with their ends, split where YAML (and so the parser's marks) breaks lines."""
    return _BREAK.split(text)


def _end_of_list(lines: list[str], first: int, column: int, events, target: _Node) -> tuple[int, bool]:
    """The index of the last line of the list's last item, and whether its items are blank-line separated."""
    if not lines[first][column:].startswith("-"):
        raise EditError(f"cannot find the list's `-` on line {first + 1}")
    last, last_dash = end_of_list(lines, first, column)
    last = max(last, _last_token_line(events, target))
    return last, last_dash > first and not lines[last_dash - 1].strip()


def end_of_list(lines: list[str], first: int, column: int) -> tuple[int, int]:
    """The last line of the block list whose first `-` stands at line `first`, `column`, and the line of its last `-`.

    Read from the lines alone (they may end in their line breaks or not, and
    need not be valid YAML): the list goes on while lines are indented past
    its `-` column or are its next `- ` item; blank lines and comments at or
    left of the column belong to what follows.
    """
    last = last_dash = first
    for number in range(first + 1, len(lines)):
        body = lines[number].rstrip("\r\n\x85\u2028\u2029")
        content = body.lstrip(" ")
        depth = len(body) - len(content)
        if not content.strip() or (content.startswith("#") and depth <= column):
            continue
        if depth < column or (depth == column and not _is_dash(content)):
            break
        last = number
        if depth == column:
            last_dash = number
    return last, last_dash


def _is_dash(content: str) -> bool:
    return content == "-" or content[:2] in ("- ", "-\t")


def _last_token_line(events, target: _Node) -> int:
    """The last line holding a token of the list's last item, as the parser saw it.

    A quoted scalar or a flow list may run on at any indentation. A block
    scalar ends where its indented lines end, unless it keeps its trailing
    blank lines (`|+`); a block collection's end is not a token.
    """
    item, last, flows = target.children[-1], -1, 0
    for event in events[item.first : item.last + 1]:
        if isinstance(event, yaml.CollectionStartEvent):
            flows += bool(event.flow_style)
            continue
        if isinstance(event, yaml.CollectionEndEvent) and not flows:
            continue
        flows -= isinstance(event, yaml.CollectionEndEvent)
        if isinstance(event, yaml.ScalarEvent) and event.style in ("|", ">") and not event.value.endswith("\n\n"):
            continue
        last = max(last, event.end_mark.line - (1 if event.end_mark.column == 0 else 0))
    return last


def _insert_lines(lines: list[str], after: int, block: str) -> str:
    """The text with `block` (LF lines) inserted after line `after`, in that line's line ends."""
    head, tail = "".join(lines[: after + 1]), "".join(lines[after + 1 :])
    ending = re.search(r"(\r\n|\r|\n)\Z", head)
    newline = ending.group(1) if ending else _first_newline(head + tail)
    new_lines = block.splitlines()
    if ending:
        return head + "".join(line + newline for line in new_lines) + tail
    return head + "".join(newline + line for line in new_lines) + tail  # the file had no final newline


def _first_newline(text: str) -> str:
    found = re.search(r"\r\n|\r|\n", text)
    return found.group(0) if found else "\n"


# Proving the edit --------------------------------------------------------------------------


def _prove(new: str, old_events: list[yaml.Event], span: tuple[int, int], added: list[yaml.Event]) -> None:
    """Refuse unless `new` parses as the old document with `added` in place of the events in `span`."""
    try:
        got = [_signature(event) for event in yaml.parse(new, Loader=Loader)]
    except yaml.YAMLError:
        got = None
    start, end = span
    expected = [_signature(event) for event in (*old_events[:start], *added, *old_events[end:])]
    if got != expected:
        raise EditError("the new item would not read back as one more item of its list")


def _signature(event: yaml.Event) -> tuple:
    """An event without its position: what the document says, not where."""
    kind = type(event)
    read = _SAYS.get(kind)
    if read is None:
        names = [name for name in _MEANINGFUL if hasattr(event, name)]
        read = _SAYS[kind] = (lambda _: ()) if not names else attrgetter(*names)
    return (kind, read(event))


_MEANINGFUL = ("anchor", "tag", "implicit", "value", "style", "flow_style", "explicit", "version", "tags")
_SAYS: dict[type, Any] = {}
