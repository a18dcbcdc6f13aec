"""Properties: normalisation is idempotent, a quote copied from a paragraph is
always found, and no input, however broken, raises."""

from __future__ import annotations

from pathlib import Path

from conftest import COMMITMENT, SOURCE_A, write_root
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tracker import checks, yamlio
from tracker.cli import app
from tracker.sources import SourceText
from tracker.text import contains, normalise, quote_pieces

# Text with the characters normalisation cares about, and everything else.
TYPOGRAPHY = st.sampled_from(list("‘’‚′“”„″–—‒−…\u0301\u0323 \t\u00a0\u2028ệĐđ"))
TEXT = st.lists(st.one_of(st.characters(), TYPOGRAPHY), max_size=80).map("".join)
WORDY = st.lists(
    st.one_of(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=8), TYPOGRAPHY),
    min_size=3,
    max_size=40,
).map(" ".join)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@given(TEXT)
def test_normalise_is_idempotent(text):
    assert normalise(normalise(text)) == normalise(text)


@given(WORDY, st.data())
def test_a_quote_copied_from_a_paragraph_is_found(paragraph, data):
    words = paragraph.split()
    if not words:
        return
    start = data.draw(st.integers(0, len(words) - 1))
    end = data.draw(st.integers(start + 1, len(words)))
    quote = " ".join(words[start:end])
    pieces = quote_pieces(quote)
    assert contains(normalise(paragraph), pieces)
    text = SourceText([paragraph.strip()], "")
    if paragraph.strip():
        assert text.has(1, pieces)


@FUZZ
@given(st.binary(max_size=400))
def test_arbitrary_bytes_as_a_commitments_file_only_make_problems(tmp_path_factory, data):
    root = write_root(tmp_path_factory.mktemp("fuzz"), {})
    (root / "data" / "commitments" / "fuzz.yaml").write_bytes(data)
    result = checks.check(root)
    lines = len(yamlio.lines(data))
    for found in result.problems:
        assert found.file == "data/commitments/fuzz.yaml", found
        assert 1 <= found.line <= lines and found.column >= 1, found


@FUZZ
@given(st.binary(max_size=400))
def test_arbitrary_bytes_as_a_source_only_make_problems(tmp_path_factory, data):
    root = write_root(tmp_path_factory.mktemp("fuzz"), sources={"seeds/a.txt": data})
    result = checks.check(root)
    assert all(p.file and p.line >= 1 and p.column >= 1 for p in result.problems)


@FUZZ
@given(st.data())
def test_mangled_records_only_make_problems(tmp_path_factory, data):
    """Random edits of a valid file: deletions, insertions of YAML's own characters."""
    text = COMMITMENT
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, len(text)))
        insert = data.draw(st.sampled_from(["", ":", "- ", "\n", "  ", "[", "{", "&a ", "*a", "'", "no", "2025-02-30"]))
        cut = data.draw(st.integers(0, 5))
        text = text[:at] + insert + text[at + cut :]
    root = write_root(tmp_path_factory.mktemp("fuzz"), text)
    result = CliRunner().invoke(app, ["check", "--root", str(root), "--format", "json"], catch_exceptions=False)
    assert result.exit_code in (0, 1)


def test_the_fixture_source_is_what_the_tests_think(tmp_path):
    root = write_root(tmp_path)
    assert SourceText.read(Path(root, "seeds/a.txt")).paragraphs[1].startswith("They agreed")
    assert SOURCE_A.count("\n\n") == 1
