"""The composer tracker uses reads every document exactly as libyaml's safe loader does."""

from __future__ import annotations

import contextlib
import json

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from tracker import yamlio
from tracker.yamlio import Composer

# Every first character that YAML 1.1 resolves specially, and near misses of each.
SCALARS = [
    *("yes", "Yes", "YES", "yEs", "no", "No", "NO", "nO", "on", "On", "off", "OFF", "y", "n"),
    *("true", "True", "tRue", "false", "~", "null", "Null", "NULL", "nul", "nulls"),
    *("0", "-1", "+12", "0x1F", "0o17", "017", "1_000", "190:20:30", "1.5", "-.inf", ".NaN", ".nan.", "1e3"),
    *("2025-04-14", "2025-4-14", "2025-04-14 10:00:00", "2025-04-14T10:00:00Z", "2025-13-45", "20250414"),
    *("<<", "<<<", "=", "==", "-", ".", "+", "agreed", "Việt Nam", "Đồng Đăng", "'quoted'"),
]


def shape(node: yaml.Node | None):
    """Everything the schema reads from a node: kind, tag, value, position."""
    if node is None:
        return None
    start = (node.start_mark.line, node.start_mark.column)
    if isinstance(node, yaml.ScalarNode):
        return ("scalar", node.tag, node.value, node.style, start)
    if isinstance(node, yaml.SequenceNode):
        return ("seq", node.tag, start, [shape(item) for item in node.value])
    return ("map", node.tag, start, [(shape(key), shape(value)) for key, value in node.value])


def composed(text: str, loader) -> object:
    """The document's shape, or the parser's complaint and where it stands."""
    try:
        return shape(yaml.compose(text, Loader=loader))
    except yaml.MarkedYAMLError as error:
        return (error.problem, error.problem_mark.line, error.problem_mark.column)


def same_as_the_safe_loader(text: str) -> None:
    assert composed(text, Composer) == composed(text, yaml.CSafeLoader)


def test_every_special_first_character_gets_the_safe_loaders_tag():
    for scalar in SCALARS:
        same_as_the_safe_loader(f"key: {scalar}\nlist: [{scalar}, '{scalar}']\n{json.dumps(scalar)}: !!str {scalar}\n")
    same_as_the_safe_loader("empty:\nquoted: ''\nexplicit: ! 12\ntagged: !!int '7'\nnested: {a: [1, {b: no}]}\n")


@given(st.lists(st.text(alphabet=st.sampled_from("0123456789.-+:_eExXoOyYnNtTfF~<=lua Việ"), max_size=12)))
def test_any_plain_scalar_gets_the_safe_loaders_tag(scalars):
    lines = [f"- {json.dumps(scalar)}" for scalar in scalars]
    same_as_the_safe_loader("\n".join(lines) + "\n")
    for scalar in scalars:
        same_as_the_safe_loader(f"- {scalar}\n")


def test_a_remembered_tag_is_the_one_the_safe_loader_gives_again():
    text = "".join(f"- {scalar}\n- {json.dumps(scalar)}\n" for scalar in SCALARS)
    same_as_the_safe_loader(text)  # the first time, the tags are worked out and remembered
    same_as_the_safe_loader(text)  # the second, they are the remembered ones


def test_remembered_tags_stay_few_and_short_whatever_the_files_hold():
    many = "".join(f"- {number}\n- {'9' * (yamlio.REMEMBERED_LENGTH + number % 3)}\n" for number in range(10_000))
    same_as_the_safe_loader(many)
    remembered = Composer._remembered
    assert len(remembered) <= yamlio.REMEMBERED_SCALARS
    assert max(map(len, remembered)) <= yamlio.REMEMBERED_LENGTH


# The guard against nesting deep enough to crash libyaml --------------------------------

DEEP = "- " + "[" * 3_000 + "]" * 3_000 + "\n"


def events_counted(monkeypatch, text: str) -> bool:
    """Whether parsing `text` counts its events to find how deep it nests (the slow, sure way)."""
    counted = []
    real = yamlio.yaml.parse
    monkeypatch.setattr(yamlio.yaml, "parse", lambda *args, **kwargs: counted.append(1) or real(*args, **kwargs))
    with contextlib.suppress(yamlio.YamlSyntaxError):
        yamlio.parse(text.encode())
    return bool(counted)


def test_thousands_of_one_line_flow_lists_are_not_counted_event_by_event(monkeypatch):
    many = "- [Lương Cường, Xi Jinping]\n- {paragraph: 13, reason: protocol}\n" * 4_000
    assert not events_counted(monkeypatch, many)
    assert yamlio.parse(many.encode()) is not None


def test_deep_nesting_among_one_line_flow_lists_is_still_refused(monkeypatch):
    many = "- [Lương Cường, Xi Jinping]\n" * 4_000
    with pytest.raises(yamlio.YamlSyntaxError, match="nesting"):
        yamlio.parse((many + DEEP).encode())


@pytest.mark.parametrize(
    "pair",
    [
        "[!<a]> b]",  # a verbatim tag may hold a bracket that closes nothing
        "['a] b']",  # so may a quoted scalar
        '["a] b"]',
        "[a # b]\n]",  # and a comment
        "[a\n b]",  # a pair across lines is counted
    ],
)
def test_brackets_that_may_not_pair_are_counted(monkeypatch, pair):
    assert events_counted(monkeypatch, f"- {pair}\n" * 6_000)
