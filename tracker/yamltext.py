"""Editing YAML as text: the curated files are never re-dumped.

New items are inserted as text at the end of an existing block list, so
comments, order and layout stay; values are written as scalars that YAML
reads back as the same text.
"""

from __future__ import annotations

import json

import yaml

from tracker.files import WriteError
from tracker.yamlio import STR, Loader


def yaml_scalar(value: str) -> str:
    """`value` as a YAML scalar that reads back as the same text: plain when safe."""
    try:
        node = yaml.compose(f"key: {value}\n", Loader=Loader)
        plain = node.value[0][1]
        if plain.tag == STR and plain.value == value and "\n" not in value:
            return value
    except yaml.YAMLError:
        pass
    return json.dumps(value, ensure_ascii=False)


def flow_scalar(value: str) -> str:
    """`value` for a flow list: plain when YAML reads it back as that text, else quoted."""
    try:
        items = yaml.compose(f"[{value}]", Loader=Loader).value
        if len(items) == 1 and items[0].tag == STR and items[0].value == value:
            return value
    except yaml.YAMLError:
        pass
    return json.dumps(value, ensure_ascii=False)


def block_list(text: str, *keys: str | int) -> yaml.SequenceNode:
    """The block-style list at `keys` (mapping keys or list indexes) in a YAML text."""
    node = yaml.compose(text, Loader=Loader)
    for key in keys:
        if isinstance(key, int) and isinstance(node, yaml.SequenceNode):
            node = node.value[key]
            continue
        if not isinstance(node, yaml.MappingNode):
            raise WriteError(f"expected a mapping holding `{key}`")
        found = [value for name, value in node.value if name.value == key]
        if not found:
            raise WriteError(f"there is no `{key}` to add to")
        node = found[0]
    if not isinstance(node, yaml.SequenceNode) or node.flow_style or not node.value:
        raise WriteError(f"`{keys[-1]}` is not a block list (`- item` lines) with at least one item")
    return node


def append_item(text: str, sequence: yaml.SequenceNode, item: str) -> str:
    """`text` with `item` (a `- ...` block at indent 0) added after the list's last item."""
    first = sequence.value[0]
    dash = " " * (first.start_mark.column - 2 if isinstance(first, yaml.MappingNode) else first.start_mark.column - 2)
    indented = "".join(dash + line if line.strip() else line for line in item.splitlines(keepends=True))
    offset = _end_of_last_item(text, sequence)
    before = text[:offset]
    if before and not before.endswith("\n"):
        before += "\n"
    return before + indented + text[offset:]


def _end_of_last_item(text: str, sequence: yaml.SequenceNode) -> int:
    """The offset of the line after the last item's last value (comments after it stay after)."""
    node = sequence.value[-1]
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value:
        node = node.value[-1][1] if isinstance(node, yaml.MappingNode) else node.value[-1]
    mark = node.end_mark
    lines = text.splitlines(keepends=True)
    if mark.column == 0:  # a block scalar ends at the start of the next line
        return sum(len(line) for line in lines[: mark.line])
    return sum(len(line) for line in lines[: mark.line + 1])
