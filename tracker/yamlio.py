"""Parse YAML into a node tree with libyaml, never constructing Python objects.

Composing (rather than loading) keeps every node's position and its
resolved tag, so that the schema can report `no` read as a boolean or a
repeated key, which `yaml.load` would silently accept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import yaml

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - libyaml is a hard requirement in practice
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

from tracker.problems import YAML_SYNTAX, Problem

TAG = "tag:yaml.org,2002:"
STR, NULL, INT, SEQ, MAP = TAG + "str", TAG + "null", TAG + "int", TAG + "seq", TAG + "map"

# libyaml's composer recurses in C and crashes the interpreter somewhere past
# 20,000 levels of nesting. Real records nest five levels deep.
MAX_DEPTH = 1_000
_SAFE_BOUND = 5_000
_INNERMOST_FLOW = re.compile(rb"\[[^\[\]{}\r\n'\"#!]*\]|\{[^\[\]{}\r\n'\"#!]*\}")
"""A pair of brackets on one line with nothing between that could hold a closing bracket that closes
nothing: no bracket, quote, comment sign or tag (`!<a]b>` is a tag)."""


class Composer(Loader):
    """libyaml's composer with the resolver's per-node Python work taken out.

    The C composer calls back into Python for every node: to descend into and
    ascend out of path resolvers, which the safe loader never has, and to
    resolve each scalar's tag. Those calls are a fifth of composing a record.
    Here the path hooks are C callables that do nothing, and a plain scalar's
    tag is found with the safe loader's own expressions, in its order, looked
    up once by the scalar's first character: the same tags, sooner. Only a
    scalar whose first character could begin a number, a boolean or a null
    runs them, and such scalars recur (paragraph numbers, statuses, themes): a
    short one's tag is remembered, since a tag depends on the scalar's text alone.
    """

    assert not Loader.yaml_path_resolvers, "path resolvers would need the hooks"
    assert None not in Loader.yaml_implicit_resolvers, "resolvers for any first character would need a fallback"
    descend_resolver = staticmethod({}.get)  # type: ignore[assignment,var-annotated]  # (parent, index) -> None
    ascend_resolver = staticmethod(().__len__)  # type: ignore[assignment]  # () -> 0
    _by_first = {first: tuple(resolvers) for first, resolvers in Loader.yaml_implicit_resolvers.items()}
    _remembered: dict[str, str] = {}

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode:
            if implicit[0]:
                resolvers = self._by_first.get(value[:1])
                if resolvers is not None:
                    return self._remembered.get(value) or self._resolved(value, resolvers)
            return STR
        return SEQ if kind is yaml.SequenceNode else MAP

    def _resolved(self, value: str, resolvers: tuple) -> str:
        tag = next((tag for tag, expression in resolvers if expression.match(value)), STR)
        if len(value) <= REMEMBERED_LENGTH and len(self._remembered) < REMEMBERED_SCALARS:
            self._remembered[value] = tag
        return tag


REMEMBERED_SCALARS, REMEMBERED_LENGTH = 4_096, 40
"""At most this many plain scalars' tags are remembered, of at most this many characters: a bound
on the memory, whatever the files hold."""


# YAML 1.1's integers besides plain decimals, as PyYAML's resolver tags them `int`.
_INTEGER_FORMS = (
    (re.compile(r"[-+]?0b[01_]+"), "binary", 2),
    (re.compile(r"[-+]?0x[0-9a-fA-F_]+"), "hexadecimal", 16),
    (re.compile(r"[-+]?0[0-7_]+"), "octal", 8),
    (re.compile(r"[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+"), "sexagesimal (base 60)", 60),
)
DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)")
"""An integer that every reader, YAML 1.1 or 1.2 or a person, reads the same way."""
LONGEST_NUMBER = 18
"""Digits of the longest number worth converting (Python refuses past 4,300)."""


def yaml11_integer(text: str) -> tuple[str, int | None]:
    """How YAML 1.1 reads an int-tagged scalar: ("octal", 8) for `010`; None for a number too long to convert."""
    digits = text.replace("_", "")
    sign = -1 if digits.startswith("-") else 1
    digits = digits.lstrip("+-")
    form, base = next(((form, base) for pattern, form, base in _INTEGER_FORMS if pattern.fullmatch(text)), ("", 10))
    if len(digits) > LONGEST_NUMBER:
        return form, None
    if base == 60:
        value = 0
        for part in digits.split(":"):
            value = value * 60 + int(part)
        return form, sign * value
    if base in (2, 16):
        digits = digits[2:]
    return form, sign * int(digits or "0", base)


def yaml11_number(text: str) -> str:
    """An int-tagged scalar in words: "the octal number 8", "the number 1000", "a number too long to read"."""
    form, value = yaml11_integer(text)
    if value is None:
        return "a number too long to read"
    return f"the {form} number {value}" if form else f"the number {value}"


class YamlSyntaxError(ValueError):
    def __init__(self, line: int, column: int, message: str):
        super().__init__(message)
        self.line, self.column = line, column


def parse(data: bytes) -> yaml.Node | None:
    """The document's root node (None for an empty file); raise YamlSyntaxError."""
    _refuse_deep_nesting(data)
    with _syntax_errors(data):
        return yaml.compose(data, Loader=Composer)


def events(data: bytes) -> list[yaml.Event]:
    """The document's events, each at its own place (an alias too); raise YamlSyntaxError.

    Nothing recurses over events, so no depth guard is needed.
    """
    with _syntax_errors(data):
        return list(yaml.parse(data, Loader=Loader))


@contextmanager
def _syntax_errors(data: bytes) -> Iterator[None]:
    """PyYAML's errors as YamlSyntaxError, at a position in `data`."""
    try:
        yield
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = "; ".join(part for part in (error.context, error.problem) if part)
        raise _within(data, _syntax_error(mark, message or "invalid YAML")) from None
    except yaml.reader.ReaderError as error:
        raise _reader_error(data, error) from None
    except yaml.YAMLError as error:
        raise YamlSyntaxError(1, 1, str(error).splitlines()[0]) from None


def parse_problem(file: str, error: YamlSyntaxError) -> Problem:
    return Problem(file, error.line, error.column, YAML_SYNTAX, str(error))


# What YAML counts as a line break (CR and NEL, LS, PS too), so positions agree with libyaml's.
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def lines(data: bytes) -> list[str]:
    """The file's lines as YAML counts them (undecodable bytes replaced)."""
    return _LINE_BREAK.split(data.decode("utf-8", "replace"))


def _within(data: bytes, error: YamlSyntaxError) -> YamlSyntaxError:
    """The error at a position the file has: libyaml puts an error at the end
    of a file without a final newline on a line after the last."""
    every = lines(data)
    if error.line > len(every):
        error.line, error.column = len(every), len(every[-1]) + 1
    return error


def _syntax_error(mark, message: str) -> YamlSyntaxError:
    if mark is None:
        return YamlSyntaxError(1, 1, message)
    return YamlSyntaxError(mark.line + 1, mark.column + 1, message)


def _reader_error(data: bytes, error: yaml.reader.ReaderError) -> YamlSyntaxError:
    """A byte that is not UTF-8, or a character YAML forbids: point at it."""
    offset = error.position  # libyaml counts bytes
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[data.rfind(b"\n", 0, offset) + 1 : offset].decode("utf-8", "replace")) + 1
    if "UTF-8" in (error.reason or ""):
        byte = data[offset] if offset < len(data) else 0
        return YamlSyntaxError(line, column, f"not valid UTF-8: byte 0x{byte:02x} at offset {offset}")
    character = error.character if isinstance(error.character, int) else ord(error.character)
    return YamlSyntaxError(line, column, f"character U+{character:04X} is not allowed in YAML ({error.reason})")


def _refuse_deep_nesting(data: bytes) -> None:
    """Raise YamlSyntaxError for nesting deep enough to crash libyaml.

    Block nesting needs a column of indentation (or two characters) per level
    and flow nesting a bracket, so the longest line plus the count of brackets
    bounds the depth. Only a file over the bound has its events counted.

    Brackets closed on their own line with nothing between them that could
    open a level or hide a bracket (`[Lương Cường, Xi Jinping]`, `{paragraph: 13}`)
    are not counted: such a pair is either an innermost flow collection, whose
    level is the one added at the end (such pairs never overlap, so at most one
    is open anywhere), or text in a scalar or comment, which is no level at
    all. A large meetings file is thousands of them.
    """
    innermost_removed = _INNERMOST_FLOW.sub(b"", data)
    brackets = innermost_removed.count(b"[") + innermost_removed.count(b"{") + 1
    bound = brackets + max(map(len, data.split(b"\n")), default=0)
    if bound < _SAFE_BOUND:
        return
    depth = 0
    try:
        for event in yaml.parse(data, Loader=Loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _syntax_error(event.start_mark, f"nesting deeper than {MAX_DEPTH} levels")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return  # compose will report the same error with its position
