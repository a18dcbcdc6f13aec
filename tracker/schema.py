"""The format of the YAML files, declared once.

The loader walks composed YAML nodes with these kinds (turning every
mismatch into a positioned problem) and `json_schema()` turns the very same
declarations into a JSON Schema for editors and other validators.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import sys
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from tracker.model import (
    MEETING_FACTS,
    MENTION_KINDS,
    STATUSES,
    Commitment,
    Due,
    Items,
    Meeting,
    Mention,
    Pos,
    Reviewed,
    Source,
    Where,
)
from tracker.nearest import Nearest
from tracker.problems import (
    BAD_VALUE,
    DUPLICATE_KEY,
    MISSING_FIELD,
    NO_MENTIONS,
    UNKNOWN_FIELD,
    Code,
    Problem,
)
from tracker.text import clip
from tracker.yamlio import DECIMAL, INT, LONGEST_NUMBER, NULL, STR, TAG, yaml11_integer, yaml11_number

_READ_AS = {
    TAG + "bool": "a boolean",
    TAG + "int": "a number",
    TAG + "float": "a number",
    TAG + "null": "empty (null)",
    TAG + "timestamp": "a date",
}
# Patterns are anchored for the JSON Schema, and always applied with fullmatch:
# `$` would also match before a final line break, and a block scalar ends in one.
SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_SLUG = re.compile(SLUG)
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# Looked up once: the walk tests node types hundreds of thousands of times.
ScalarNode, SequenceNode, MappingNode = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode
NO_ITEMS: dict = {}


def pos(node: yaml.Node) -> Pos:
    mark = node.start_mark
    return (mark.line + 1, mark.column + 1)


class Walker:
    """Collects the problems of one file while its nodes are converted."""

    def __init__(self, file: str, anchors: bool = True):
        self.file = file
        # Without an anchor (`&`) no alias can bring a node back, and nothing
        # needs remembering; `anchors` False says the text has none.
        self.anchors = anchors
        self.problems: list[Problem] = []
        # The id of the commitment being walked (see Shape.context): its problems name it.
        self.commitment: str | None = None
        self._seen: set[int] = set()

    def report(self, node_or_pos, code: Code, message: str) -> None:
        line, column = node_or_pos if isinstance(node_or_pos, tuple) else pos(node_or_pos)
        self.problems.append(Problem(self.file, line, column, code, message, self.commitment))

    def first_visit(self, node: yaml.Node) -> bool:
        """False (and a problem) when an alias brings back a collection already walked."""
        key = id(node)
        if key in self._seen:
            self.report(node, BAD_VALUE, "a YAML alias repeats a list or mapping; write it out instead")
            return False
        self._seen.add(key)
        return True


# Scalar kinds ----------------------------------------------------------------


class Kind:
    """A kind of value: converts a node (or reports why not) and describes itself."""

    def load(self, walker: Walker, node: yaml.Node) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def json_schema(self) -> dict:  # pragma: no cover - abstract
        raise NotImplementedError


def _scalar_text(walker: Walker, node: yaml.Node, what: str) -> str | None:
    """The text of a scalar that YAML resolved as a string, else a problem and None."""
    if not isinstance(node, yaml.ScalarNode):
        shape = "a mapping" if isinstance(node, yaml.MappingNode) else "a list"
        walker.report(node, BAD_VALUE, f"expected {what}, found {shape}")
        return None
    if node.tag != STR:
        read_as = _READ_AS.get(node.tag)
        hint = "" if node.tag == NULL else "; quote it if you mean text"
        if node.tag == INT:
            read_as = f"1.1 as {yaml11_number(node.value)}"
        elif read_as:
            read_as = f"as {read_as}"
        else:
            walker.report(node, BAD_VALUE, f"expected {what}, found a value tagged {clip(node.tag)}")
            return None
        walker.report(node, BAD_VALUE, f"expected {what}: `{clip(node.value)}` is read by YAML {read_as}{hint}")
        return None
    return node.value


@dataclass(frozen=True)
class Text(Kind):
    description: str = "text"
    pattern: str | None = None
    recurring: bool = False
    """Values that recur across a record (party codes, places, outlets, themes): kept as one string each."""

    def load(self, walker, node):
        if type(node) is ScalarNode and node.tag == STR and self.pattern is None:
            value = node.value
            if value and not value.isspace():  # not blank, without copying it as strip() would
                return sys.intern(value) if self.recurring else value  # the common case, first
        value = _scalar_text(walker, node, self.description)
        if value is None:
            return None
        if not value.strip():
            walker.report(node, BAD_VALUE, f"expected {self.description}, found an empty string")
            return None
        if self.pattern and not re.fullmatch(self.pattern, value):
            walker.report(node, BAD_VALUE, f"`{clip(value)}` is not {self.description}")
            return None
        return sys.intern(value) if self.recurring else value

    def json_schema(self):
        schema = {"type": "string", "minLength": 1, "description": self.description}
        if self.pattern:
            schema["pattern"] = self.pattern
        return schema


@dataclass(frozen=True)
class Slug(Kind):
    def load(self, walker, node):
        if type(node) is ScalarNode and node.tag == STR and _SLUG.fullmatch(node.value):
            return sys.intern(node.value)  # ids recur: each mention names its source
        value = _scalar_text(walker, node, "an id")
        if value is not None and not _SLUG.fullmatch(value):
            message = f"`{clip(value)}` is not an id: use lowercase letters, digits and single hyphens"
            walker.report(node, BAD_VALUE, message)
            return None
        return value if value is None else sys.intern(value)

    def json_schema(self):
        return {"type": "string", "pattern": SLUG, "description": "an id: lowercase letters, digits, hyphens"}


@dataclass(frozen=True)
class Choice(Kind):
    description: str
    values: tuple[str, ...]
    _canonical: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        # The value is returned as the vocabulary's own string, one object for
        # every mention of the same kind.
        object.__setattr__(self, "_canonical", {value: value for value in self.values})

    def load(self, walker, node):
        if type(node) is ScalarNode and node.tag == STR:
            known = self._canonical.get(node.value)
            if known is not None:
                return known
        value = _scalar_text(walker, node, self.description)
        if value is not None and value not in self.values:
            hint = _nearest(self.values).hint(value).removeprefix("; ")
            listed = f"{hint + ' ' if hint else ''}one of: {', '.join(self.values)}"
            walker.report(node, BAD_VALUE, f"`{clip(value)}` is not {self.description} ({listed})")
            return None
        return value

    def json_schema(self):
        return {"enum": list(self.values), "description": self.description}


@dataclass(frozen=True)
class Date(Kind):
    """A calendar date, YYYY-MM-DD; plain (YAML's timestamp) or quoted."""

    def load(self, walker, node):
        if isinstance(node, yaml.ScalarNode) and node.tag in (STR, TAG + "timestamp"):
            text = node.value
            if _DATE.fullmatch(text):
                try:
                    return dt.date.fromisoformat(text)
                except ValueError:
                    walker.report(node, BAD_VALUE, f"`{text}` is not a calendar date")
                    return None
            walker.report(node, BAD_VALUE, f"`{clip(text)}` is not a date in the form YYYY-MM-DD")
            return None
        _scalar_text(walker, node, "a date (YYYY-MM-DD)")
        return None

    def json_schema(self):
        return {"type": "string", "format": "date", "pattern": _DATE.pattern, "description": "a date, YYYY-MM-DD"}


@dataclass(frozen=True)
class Integer(Kind):
    description: str = "a whole number"

    def load(self, walker, node):
        if type(node) is ScalarNode and node.tag == INT:
            if DECIMAL.fullmatch(node.value) and len(node.value) <= LONGEST_NUMBER:
                return int(node.value)
            walker.report(node, BAD_VALUE, self._yaml11_surprise(node.value))
            return None
        if isinstance(node, yaml.ScalarNode) and node.tag in (TAG + "float", STR):
            walker.report(node, BAD_VALUE, f"expected {self.description}, found `{clip(node.value)}`")
            return None
        _scalar_text(walker, node, self.description)
        return None

    def _yaml11_surprise(self, text: str) -> str:
        """Why an integer other than a plain decimal is refused: what YAML 1.1 makes of it."""
        form, value = yaml11_integer(text)
        if value is None:
            return f"`{clip(text, 20)}` is too long for {self.description}"
        digits = text.replace("_", "").lstrip("+")
        meant = int(digits, 10) if form == "octal" else value  # `010` was meant as ten
        return f"`{clip(text)}` is read by YAML 1.1 as {yaml11_number(text)}; write {meant}"

    def json_schema(self):
        return {"type": "integer", "description": self.description}


# Collections -----------------------------------------------------------------


@dataclass(frozen=True)
class ListOf(Kind):
    item: Kind
    min_items: int = 0
    too_few: Code = BAD_VALUE

    def load(self, walker, node):
        if isinstance(node, SequenceNode):
            if walker.anchors and not walker.first_visit(node):
                return None
            items = node.value
        elif isinstance(node, ScalarNode) and node.tag == NULL:
            items = []
        else:
            what = "a mapping" if isinstance(node, yaml.MappingNode) else f"`{clip(node.value)}`"
            walker.report(node, BAD_VALUE, f"expected a list, found {what}")
            return None
        if len(items) < self.min_items:
            walker.report(node, self.too_few, f"expected a list of at least {self.min_items}, found {len(items)}")
        load = self.item.load
        return tuple([load(walker, item) for item in items])

    def json_schema(self):
        schema: dict[str, object] = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            schema["minItems"] = self.min_items
        return schema


@dataclass(frozen=True)
class MapOf(Kind):
    """A mapping of free keys (like party codes) to values of one kind."""

    key: Kind
    value: Kind

    def load(self, walker, node):
        if not isinstance(node, yaml.MappingNode):
            walker.report(node, BAD_VALUE, "expected a mapping")
            return None
        if walker.anchors and not walker.first_visit(node):
            return None
        result: dict = {}
        for key_node, value_node in node.value:
            key = self.key.load(walker, key_node)
            if key is None:
                continue
            if key in result:
                walker.report(
                    key_node,
                    DUPLICATE_KEY,
                    f"`{clip(key)}` appears twice in this mapping; YAML would keep only the last",
                )
                continue
            result[key] = self.value.load(walker, value_node)
        return result

    def json_schema(self):
        return {"type": "object", "additionalProperties": self.value.json_schema()}


@dataclass(frozen=True)
class ScalarOr(Kind):
    """A scalar of one kind (a bare date) or a mapping of one shape (the date with its words)."""

    scalar: Kind
    mapping: Kind
    description: str

    def load(self, walker, node):
        if isinstance(node, yaml.MappingNode):
            return self.mapping.load(walker, node)
        if isinstance(node, yaml.SequenceNode):
            walker.report(node, BAD_VALUE, f"expected {self.description}, found a list")
            return None
        return self.scalar.load(walker, node)

    def json_schema(self):
        return {"oneOf": [self.scalar.json_schema(), self.mapping.json_schema()], "description": self.description}


@dataclass(frozen=True)
class Field:
    kind: Kind
    required: bool = False
    doc: str = ""
    missing: Code = MISSING_FIELD


@dataclass(frozen=True)
class Shape(Kind):
    """A mapping with a fixed set of keys, built into a record by `build`.

    `build(values, where, item_where, walker)` gets the converted values (None
    for missing or invalid ones), the position of the mapping ("") and of
    every key, and the positions of the items of list fields.
    """

    name: str
    fields: dict[str, Field]
    build: Callable[..., Any] = field(default=lambda values, where, items, walker: values, compare=False)
    doc: str = ""
    context: str | None = None
    """A Walker attribute that holds this mapping's id while it is walked."""
    _fields: dict = field(init=False, repr=False, compare=False, default_factory=dict)
    _required: tuple[str, ...] = field(init=False, repr=False, compare=False, default=())
    _absent: dict = field(init=False, repr=False, compare=False, default_factory=dict)

    def load(self, walker, node):
        if self.context is None:
            return self._load(walker, node)
        setattr(walker, self.context, peek_id(node))
        try:
            return self._load(walker, node)
        finally:
            setattr(walker, self.context, None)

    def __post_init__(self):
        # Looked up once per mapping rather than once per key: this loop runs
        # for every node of every file. Each key maps to its loader and to the
        # shape's own string for it, which positions keep instead of the
        # parser's copy.
        object.__setattr__(self, "_fields", {key: (spec.kind.load, key) for key, spec in self.fields.items()})
        object.__setattr__(self, "_required", tuple(key for key, spec in self.fields.items() if spec.required))
        object.__setattr__(self, "_absent", dict.fromkeys(self.fields))

    def _load(self, walker, node):
        if type(node) is not MappingNode:
            found = "a list" if isinstance(node, SequenceNode) else f"`{clip(node.value)}`"
            walker.report(node, BAD_VALUE, f"expected {self.name} (a mapping), found {found}")
            return None
        if walker.anchors and not walker.first_visit(node):
            return None
        fields = self._fields
        values: dict[str, Any] = {}  # the keys given, in file order
        mark = node.start_mark
        spots = [mark.line, mark.column]  # 0-based, as libyaml counts; Where adds one
        items = NO_ITEMS
        for key_node, value_node in node.value:
            key = key_node.value
            known = fields.get(key) if type(key) is str else None
            if known is None or key in values:
                self._odd_key(walker, key_node, key, known)
                continue
            load, key = known
            mark = value_node.start_mark
            spots += (mark.line, mark.column)
            values[key] = load(walker, value_node)
            if type(value_node) is SequenceNode:
                items = {} if items is NO_ITEMS else items
                items[key] = _item_spots(value_node.value)
        where = Where.packed(("", *values), array("I", spots))
        if len(values) < len(fields):
            self._missing(walker, node, values)
            values = {**self._absent, **values}
        return self.build(values, where, items if items is NO_ITEMS else Items.packed(items), walker)

    def _missing(self, walker: Walker, node: yaml.Node, present: dict) -> None:
        for key in self._required:
            if key not in present:
                walker.report(node, self.fields[key].missing, f"{self.name} has no `{key}`")

    def _odd_key(self, walker: Walker, key_node: yaml.Node, key: Any, known) -> None:
        if known is None:
            self._unknown(walker, key_node, key)
        else:
            message = f"`{key}` appears twice in {self.name}; YAML would keep only the last"
            walker.report(key_node, DUPLICATE_KEY, message)

    def _unknown(self, walker: Walker, key_node: yaml.Node, key: Any) -> None:
        if not isinstance(key_node, yaml.ScalarNode):
            walker.report(key_node, BAD_VALUE, f"a key of {self.name} must be a name, not a collection")
            return
        hint = _nearest(tuple(self.fields)).hint(str(key))
        walker.report(key_node, UNKNOWN_FIELD, f"`{clip(str(key))}` is not a field of {self.name}{hint}")

    def json_schema(self):
        schema: dict[str, Any] = {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                key: {**spec.kind.json_schema(), **({"description": spec.doc} if spec.doc else {})}
                for key, spec in self.fields.items()
            },
        }
        if self.doc:
            schema["description"] = self.doc
        required = [key for key, spec in self.fields.items() if spec.required]
        if required:
            schema["required"] = required
        return schema


def _item_spots(items: list) -> list[int]:
    spots: list[int] = []
    for item in items:
        mark = item.start_mark
        spots += (mark.line, mark.column)
    return spots


@functools.cache
def _nearest(names: tuple[str, ...]) -> Nearest:
    """One index per vocabulary (statuses, kinds, the fields of a shape), built once."""
    return Nearest(names)


def peek_id(node: yaml.Node) -> str | None:
    """The `id` of a mapping node, before it is walked, so problems inside can name it."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "id" and isinstance(value, yaml.ScalarNode) and value.tag == STR:
                return value.value
    return None


# The format ------------------------------------------------------------------

TEXT = Text()
SHA256 = Text("a sha256 (64 lowercase hex digits)", r"^[0-9a-f]{64}$")
SOURCE_PATH = Text("a path relative to the root, with /")
PARAGRAPH = Integer("a paragraph number")
PARTY = Text("a party code", recurring=True)
RECURRING = Text(recurring=True)
"""Text that many entries repeat word for word."""
QUOTE = TEXT


def reviewed_shape(build) -> Shape:
    return Shape(
        "a reviewed paragraph",
        {
            "paragraph": Field(PARAGRAPH, True, "1-based, blank lines not counted"),
            "reason": Field(TEXT, True, "why the paragraph holds no commitment"),
        },
        build,
        doc="A paragraph read and judged to hold no commitment.",
    )


def source_shape(reviewed: Shape, build) -> Shape:
    return Shape(
        "a source",
        {
            "id": Field(Slug(), True, "unique across all sources; mentions cite it"),
            "file": Field(SOURCE_PATH, True, "the article's text, relative to the root"),
            "sha256": Field(SHA256, True, "sha256 of the file's bytes, pinning the evidence"),
            "outlet": Field(RECURRING, True, "who published the report"),
            "side": Field(PARTY, doc="the party whose account this is, a code from `parties`; omit for third parties"),
            "title": Field(TEXT),
            "url": Field(TEXT),
            "notes": Field(TEXT),
            "reviewed": Field(
                ListOf(reviewed), doc="paragraphs read and judged to hold no commitment, each with its reason"
            ),
        },
        build,
    )


def meeting_shape(source: Shape, build) -> Shape:
    return Shape(
        "a meeting",
        {
            "id": Field(Slug(), True, "unique meeting id, e.g. 2024-08-19-beijing"),
            "date": Field(Date(), True),
            "place": Field(RECURRING, True),
            "participants": Field(ListOf(RECURRING, 1), True),
            "occasion": Field(TEXT),
            "inferred": Field(
                ListOf(Choice("a fact of a meeting", MEETING_FACTS)),
                doc="the facts the sources do not state; requires `notes`",
            ),
            "notes": Field(TEXT, doc="how inferred facts were worked out"),
            "sources": Field(ListOf(source, 1), True, "the reports of this meeting"),
        },
        build,
    )


def meetings_file_shape(meeting: Shape) -> Shape:
    return Shape(
        "data/meetings.yaml",
        {
            "parties": Field(MapOf(PARTY, TEXT), True, "codes that commitments may name in `by`"),
            "meetings": Field(ListOf(meeting), True),
        },
        doc="Parties, meetings, and the sources that report each meeting.",
    )


def mention_shape(build) -> Shape:
    return Shape(
        "a mention",
        {
            "source": Field(Slug(), True, "a source id from data/meetings.yaml"),
            "paragraph": Field(PARAGRAPH, True, "1-based, blank lines not counted"),
            "quote": Field(QUOTE, True, "verbatim words of that paragraph, at least three; `...` elides"),
            "kind": Field(Choice("a mention kind", MENTION_KINDS), True, "what this report says of the commitment"),
            "note": Field(TEXT),
        },
        build,
    )


def due_shape(build) -> Shape:
    return Shape(
        "a due date with its words",
        {
            "date": Field(Date(), True),
            "source": Field(Slug(), True, "the source whose words give the date"),
            "paragraph": Field(PARAGRAPH, True, "1-based, blank lines not counted"),
            "quote": Field(QUOTE, True, "the words the date comes from, checked like a mention's quote"),
            "note": Field(TEXT, doc="how the date follows from the words"),
        },
        build,
    )


def commitment_shape(mention: Shape, due: Shape, build) -> Shape:
    return Shape(
        "a commitment",
        {
            "id": Field(Slug(), True, "unique across all commitment files"),
            "title": Field(TEXT, True),
            "status": Field(Choice("a status", STATUSES), True, "checked against the evidence of the mentions"),
            "theme": Field(RECURRING),
            "by": Field(ListOf(PARTY), doc="party codes from data/meetings.yaml"),
            "due": Field(
                ScalarOr(Date(), due, "a date, or a mapping of date, source, paragraph, quote and note"),
                doc="the deadline, with the words it comes from (a bare date is accepted but warned about)",
            ),
            "aliases": Field(ListOf(TEXT), doc="names under which the commitment appears in the reports"),
            "related": Field(ListOf(Slug()), doc="ids of other commitments"),
            "reason": Field(TEXT, doc="required when status is stalled or dropped"),
            "notes": Field(TEXT),
            "mentions": Field(ListOf(mention, 1, NO_MENTIONS), True, missing=NO_MENTIONS),
        },
        build,
        context="commitment",
    )


def commitments_file_shape(commitment: Shape) -> Shape:
    return Shape(
        "a commitments file",
        {"commitments": Field(ListOf(commitment), True)},
        doc="Commitment records; any number of files under data/commitments/.",
    )


# The shapes, built into model records ----------------------------------------------


def _build_reviewed(values, where, items, walker):
    return Reviewed(walker.file, where, values["paragraph"], values["reason"])


def _build_source(values, where, items, walker):
    return Source(
        walker.file,
        where,
        values["id"],
        values["file"],
        values["sha256"],
        values["outlet"],
        values["title"],
        values["url"],
        values["side"],
        values["notes"],
        tuple(reviewed for reviewed in values["reviewed"] or () if reviewed is not None),
    )


def _build_meeting(values, where, items, walker):
    sources = tuple(source for source in values["sources"] or () if source is not None)
    return Meeting(
        walker.file,
        where,
        values["id"],
        values["date"],
        values["place"],
        values["participants"],
        values["occasion"],
        sources,
        _once_each(walker, values["inferred"], items.get("inferred", ()), "`inferred`"),
        values["notes"],
        items,
    )


def _once_each(walker: Walker, values, positions: tuple[Pos, ...], what: str) -> tuple:
    """The valid values of a list, each once; a repeated one is reported at its item."""
    kept: list = []
    for value, at in zip(values or (), positions, strict=False):
        if value is None:
            continue
        if value in kept:
            walker.report(at, BAD_VALUE, f"{what} names `{value}` twice")
            continue
        kept.append(value)
    return tuple(kept)


def _build_mention(values, where, items, walker):
    return Mention(
        walker.file, where, values["source"], values["paragraph"], values["quote"], values["kind"], values["note"]
    )


def _build_due(values, where, items, walker):
    return Due(
        walker.file, where, values["date"], values["source"], values["paragraph"], values["quote"], values["note"]
    )


def _build_commitment(values, where, items, walker):
    mentions = tuple(mention for mention in values["mentions"] or () if mention is not None)
    due = values["due"]
    words = due if isinstance(due, Due) else None
    return Commitment(
        walker.file,
        where,
        values["id"],
        values["title"],
        values["status"],
        values["theme"],
        values["by"],
        words.date if words else due,
        values["aliases"],
        values["related"],
        values["reason"],
        values["notes"],
        mentions,
        items,
        words,
    )


REVIEWED = reviewed_shape(_build_reviewed)
SOURCE = source_shape(REVIEWED, _build_source)
MEETING = meeting_shape(SOURCE, _build_meeting)
MEETINGS_FILE_SHAPE = meetings_file_shape(MEETING)
MENTION = mention_shape(_build_mention)
DUE = due_shape(_build_due)
COMMITMENT = commitment_shape(MENTION, DUE, _build_commitment)
COMMITMENTS_FILE_SHAPE = commitments_file_shape(COMMITMENT)


# JSON Schema for editors and other validators -----------------------------------

SCHEMA_KINDS = {
    "meetings": (MEETINGS_FILE_SHAPE, "data/meetings.yaml"),
    "commitments": (COMMITMENTS_FILE_SHAPE, "data/commitments/*.yaml"),
}


def json_schema(kind: str) -> dict:
    shape, files = SCHEMA_KINDS[kind]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"tracker:{kind}.schema.json",
        "title": f"tracker: {files}",
        **shape.json_schema(),
    }
