"""Where the cursor stands in a YAML file being typed: which key's value, in which mapping.

An editor asks about text that is often not valid YAML yet (a half-typed
line, an unclosed bracket), so this reads the lines themselves, the way a
person does: the key on the cursor's line (or, for a `- item` line, the key
of the list above it), the word under the cursor, and the plain `key: value`
pairs of the same block mapping (so that `paragraph:` knows its `source:`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_KEY_LINE = re.compile(r"^(?P<indent>\s*)(?P<dash>-\s+)?(?P<key>[A-Za-z_][\w-]*)\s*:(?:\s+|$)(?P<value>.*)$")
_ITEM_LINE = re.compile(r"^(?P<indent>\s*)-\s*(?P<value>.*)$")
_WORD = re.compile(r"[^\s\[\],{}:#'\"]+")


@dataclass(frozen=True)
class Cursor:
    """The key whose value holds the cursor, the word there, and the mapping around it."""

    key: str | None
    word: str
    start: int  # columns of `word` on the line, 0-based
    end: int
    siblings: dict[str, str] = field(default_factory=dict)
    sibling_lines: dict[str, int] = field(default_factory=dict)
    """The 0-based line of each sibling key."""


def at(lines: list[str], line: int, column: int) -> Cursor:
    """The cursor at 0-based (line, column) of `lines`."""
    text = lines[line] if 0 <= line < len(lines) else ""
    start, end = _word_bounds(text, column)
    key, mapping_indent = _key_of(lines, line, column)
    siblings = _siblings(lines, line, mapping_indent) if mapping_indent is not None else {}
    values = {key: value for key, (value, _) in siblings.items()}
    return Cursor(key, text[start:end], start, end, values, {key: at for key, (_, at) in siblings.items()})


def _word_bounds(text: str, column: int) -> tuple[int, int]:
    for match in _WORD.finditer(text):
        if match.start() <= column <= match.end():
            return match.span()
    return column, column


def _key_of(lines: list[str], line: int, column: int) -> tuple[str | None, int | None]:
    """The key and the indent of its mapping, for the value at (line, column)."""
    text = lines[line] if 0 <= line < len(lines) else ""
    match = _KEY_LINE.match(text)
    if match and column >= match.start("value") - (1 if not match.group("value") else 0):
        indent = len(match.group("indent")) + len(match.group("dash") or "")
        return match.group("key"), indent
    item = _ITEM_LINE.match(text)
    if item:
        indent = len(item.group("indent"))
        for above in range(line - 1, -1, -1):
            parent = _KEY_LINE.match(lines[above])
            depth = len(lines[above]) - len(lines[above].lstrip())
            if lines[above].strip() and depth < indent:
                return (parent.group("key"), None) if parent and not parent.group("value").strip() else (None, None)
            if parent and depth == indent and not parent.group("dash"):
                return None, None
    return None, None


def _siblings(lines: list[str], line: int, indent: int) -> dict[str, tuple[str, int]]:
    """The `key: (value, line)` pairs at `indent` in the block mapping holding `line`."""
    first = line
    while first > 0 and not _starts_mapping(lines[first], indent) and _inside(lines[first - 1], indent):
        first -= 1
    pairs: dict[str, tuple[str, int]] = {}
    for number in range(first, len(lines)):
        text = lines[number]
        if number > first and (_starts_mapping(text, indent) or not _inside(text, indent)):
            break
        match = _KEY_LINE.match(text)
        if match and len(match.group("indent")) + len(match.group("dash") or "") == indent:
            pairs.setdefault(match.group("key"), (_scalar(match.group("value")), number))
    return pairs


def _starts_mapping(text: str, indent: int) -> bool:
    """A `- key:` line whose keys stand at `indent`: the first line of a list item's mapping."""
    match = _KEY_LINE.match(text)
    return bool(match and match.group("dash") and len(match.group("indent")) + len(match.group("dash")) == indent)


def _inside(text: str, indent: int) -> bool:
    """Whether `text` still belongs to a mapping whose keys stand at `indent`."""
    if not text.strip() or text.lstrip().startswith("#"):
        return True
    return len(text) - len(text.lstrip()) >= indent or _starts_mapping(text, indent)


def _scalar(value: str) -> str:
    value = re.sub(r"\s+#.*$", "", value).strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value
