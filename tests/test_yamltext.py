"""Editing YAML as text: a new item lands where the text says its list ends, the rest of
the file is kept byte for byte, and every value reads back as exactly what was given."""

from __future__ import annotations

import textwrap

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker import yamltext
from tracker.yamltext import EditError, append_item, scalar

ITEM = "- id: new\n  outlet: X\n"
NEW = {"id": "new", "outlet": "X"}


def added(text: str, path, item: str = ITEM) -> str:
    return append_item(text.encode(), path, item).decode()


def load(text: str):
    return yaml.safe_load(text)


def test_the_insertion_point_comes_from_the_text_not_an_aliased_node():
    # `outlet: *o` is the last value of the second meeting; the composed node
    # of the alias is its anchor's, in the first meeting.
    text = textwrap.dedent("""\
        meetings:
          - id: m1
            sources:
              - id: s1
                outlet: &o VNA
          - id: m2
            sources:
              - id: s2
                outlet: *o
        """)
    data = load(added(text, ["meetings", ("id", "m2"), "sources"]))
    assert [s["id"] for s in data["meetings"][0]["sources"]] == ["s1"]
    assert [s["id"] for s in data["meetings"][1]["sources"]] == ["s2", "new"]


def test_the_same_file_without_aliases_still_gets_the_item_in_place():
    text = "meetings:\n  - id: m1\n    sources:\n      - id: s1\n        outlet: VNA\n  - id: m2\n    sources: []\n"
    new = added(text, ["meetings", ("id", "m1"), "sources"])
    assert new == text.replace("outlet: VNA\n", "outlet: VNA\n      - id: new\n        outlet: X\n", 1)


def test_a_skeleton_is_appended_after_the_last_item_when_the_first_ends_with_an_alias():
    text = "commitments:\n  - id: a\n    theme: &t transport\n  - id: b\n    theme: *t\n"
    assert load(added(text, ["commitments"]))["commitments"] == [
        {"id": "a", "theme": "transport"},
        {"id": "b", "theme": "transport"},
        NEW,
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        # comments after the list stay after the new item; an indented comment stays with its item
        (
            "l:\n  - a: 1\n    # mine\n# after\nk: 2\n",
            "l:\n  - a: 1\n    # mine\n  - id: new\n    outlet: X\n# after\nk: 2\n",
        ),
        # an indentless list (`-` under its key's column)
        ("l:\n- a: 1\nk: 2\n", "l:\n- a: 1\n- id: new\n  outlet: X\nk: 2\n"),
        # items separated by blank lines get one too
        ("l:\n  - a: 1\n\n  - a: 2\n", "l:\n  - a: 1\n\n  - a: 2\n\n  - id: new\n    outlet: X\n"),
        # a block scalar that keeps its trailing blank lines keeps them
        ("l:\n  - a: |+\n      x\n\n# c\n", "l:\n  - a: |+\n      x\n\n  - id: new\n    outlet: X\n# c\n"),
        # a quoted scalar that runs on at column 0 is not cut
        ('l:\n  - a: "x\ny"\nk: 1\n', 'l:\n  - a: "x\ny"\n  - id: new\n    outlet: X\nk: 1\n'),
        # an empty list on its key's line becomes a block list; its comment stays
        ("l: []  # none yet\nk: 1\n", "l:  # none yet\n  - id: new\n    outlet: X\nk: 1\n"),
        ("l:\nk: 1\n", "l:\n  - id: new\n    outlet: X\nk: 1\n"),
        # an empty file, or one of comments only, gets its key
        ("", "l:\n  - id: new\n    outlet: X\n"),
        ("# header\n", "# header\nl:\n  - id: new\n    outlet: X\n"),
    ],
)
def test_where_the_item_goes(text, expected):
    assert added(text, ["l"]) == expected


@pytest.mark.parametrize(
    "text, message",
    [
        ("l: [a]\n", "`l` is a flow list"),
        ("x: &a\n  - 1\nl: *a\n", "`l` is an alias"),
        ("l: 3\n", "`l` is not a list"),
        ("k: 1\n", "there is no `l:` to add to"),
        ("l: [\n", "line 2, column 1"),
    ],
)
def test_what_cannot_be_added_to_is_refused(text, message):
    with pytest.raises(EditError, match=message.replace("[", r"\[")):
        added(text, ["l"])


def test_an_item_that_would_not_read_back_in_place_is_refused(monkeypatch):
    """The proof, not the text scan, has the last word: a wrong end line is caught."""
    monkeypatch.setattr(yamltext, "_end_of_list", lambda lines, first, *rest: (first, False))
    with pytest.raises(EditError, match="would not read back"):
        added("l:\n  - a:\n      b: 1\n", ["l"])
    assert added("l:\n  - a: 1\n", ["l"]) == "l:\n  - a: 1\n  - id: new\n    outlet: X\n"


# Line ends -----------------------------------------------------------------------------


def test_crlf_stays_crlf_and_the_bom_stays():
    text = "\ufeffl:\r\n  - a: 1  # c\r\nk: 2\r\n"
    assert added(text, ["l"]) == "\ufeffl:\r\n  - a: 1  # c\r\n  - id: new\r\n    outlet: X\r\nk: 2\r\n"


def test_a_missing_final_newline_stays_missing():
    assert added("l:\r\n  - a: 1", ["l"]) == "l:\r\n  - a: 1\r\n  - id: new\r\n    outlet: X"
    assert added("l:\n  - a: 1", ["l"]) == "l:\n  - a: 1\n  - id: new\n    outlet: X"


def test_lf_stays_lf():
    assert "\r" not in added("l:\n  - a: 1\n", ["l"])


# Scalars -----------------------------------------------------------------------------------

TYPED = [
    "no",
    "yes",
    "on",
    "2025-01-01",
    "1e3",
    "0x1F",
    ".inf",
    "~",
    "null",
    "*x",
    "&a",
    "!tag",
    "#",
    "a #b",
    ": ",
    "a: b",
    " leading",
    "trailing ",
    "'",
    '"',
    "a, b]",
    "[x]",
    "{x}",
    "- x",
    "? x",
    "|",
    ">",
    "%x",
    "@x",
    "`x",
    "=",
    "<<",
    "VN]\n  notes: x",
    "x\x7fy",
    "x\x85y",
    "x\x9by",
    "a\u2028b",
    "tab\there",
    "\x1b]0;title\x07",
    "\ufeffbom",
    "Tô Lâm",
    "Xi Jinping's visit",
    "😀",
]


@pytest.mark.parametrize("value", TYPED)
def test_a_scalar_reads_back_as_exactly_the_text_in_a_block_and_a_flow(value):
    assert load(f"k: {scalar(value)}\n")["k"] == value
    assert load(f"k: [{scalar(value)}, {scalar(value)}]\n")["k"] == [value, value]


def test_plain_text_stays_plain():
    assert [scalar(v) for v in ("Beijing", "Tô Lâm", "VNA/VNS", "v1.2")] == ["Beijing", "Tô Lâm", "VNA/VNS", "v1.2"]


def test_text_that_is_not_unicode_is_refused():
    with pytest.raises(EditError, match="U\\+DC85 is not a character"):
        scalar("a\udc85b")


# A property: any list, any layout, any value --------------------------------------------

values = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
layouts = st.sampled_from(["", "  # note\n", "\n", "# after\n"])


@st.composite
def documents(draw):
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    items = draw(st.lists(st.tuples(values, values), min_size=1, max_size=4))
    lines = ["l:"]
    for first, second in items:
        lines += [f"  - a: {scalar(first)}", f"    b: [{scalar(second)}]"]
        lines += draw(layouts).splitlines()
    lines += ["k: " + scalar(draw(values))]
    text = newline.join(lines) + draw(st.sampled_from([newline, ""]))
    return draw(st.sampled_from(["", "\ufeff"])) + text


@settings(max_examples=150, deadline=None)
@given(documents(), values)
def test_any_document_gains_exactly_the_item_and_keeps_every_line(text, value):
    item = f"- id: {scalar(value)}\n  outlet: X\n"
    new = append_item(text.encode(), ["l"], item).decode()
    old_data, new_data = load(text), load(new)
    assert new_data["l"] == [*old_data["l"], {"id": value, "outlet": "X"}]
    assert {**new_data, "l": None} == {**old_data, "l": None}
    kept = iter(new.splitlines(keepends=True))
    assert all(line in kept for line in text.splitlines(keepends=True))  # old lines, in order, untouched
