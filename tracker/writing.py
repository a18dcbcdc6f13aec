"""Writing files the curator owns: atomically, and without rewriting their text.

A write goes to a temporary file in the same directory, is flushed to disk,
and is renamed into place, so a crash leaves the old file or the new one,
never half of one. YAML is never re-dumped: new items are inserted as text at
the end of an existing block list, so comments, order and layout stay.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import yaml

from tracker.yamlio import Loader


class WriteError(Exception):
    pass


def atomic_write(path: Path, data: bytes, *, overwrite: bool) -> None:
    """Write `data` to `path` atomically; refuse an existing file unless `overwrite`."""
    if not overwrite and path.exists():
        raise WriteError(f"{path} already exists (pass --force to replace it)")
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(temporary, file_mode(path))
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if overwrite:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)  # fails if `path` appeared meanwhile
            os.unlink(temporary)
    except FileExistsError:
        os.unlink(temporary)
        raise WriteError(f"{path} already exists (pass --force to replace it)") from None
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def file_mode(path: Path, directory: bool = False) -> int:
    """The mode for `path`: the existing file's, else what the umask allows."""
    if path.exists():
        return path.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return (0o777 if directory else 0o666) & ~umask


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
