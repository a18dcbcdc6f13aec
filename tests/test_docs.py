"""The docs that are generated from the code match the code."""

from tracker import docs
from tracker.problems import CODES


def test_generated_docs_are_up_to_date():
    for path, expected in docs.expected_files().items():
        assert path.read_text(encoding="utf-8") == expected, f"{path.name} is stale: run python -m tracker.docs"


def test_every_spec_code_is_declared_once_with_its_severity():
    warnings = {name for name, code in CODES.items() if code.severity == "warning"}
    assert warnings == {
        "duplicate-mention",
        "uncited-alias",
        "kind-regression",
        "due-unsourced",
        "uncovered-paragraph",
        "ignored-file",
    }
    assert len(CODES) == 26  # SPEC section 7's table


def test_every_check_module_documents_itself():
    from tracker import checks

    for check in (*checks.ACROSS, *checks.PER_COMMITMENT):
        module = __import__(check.__module__, fromlist=["_"])
        assert module.__doc__ and len(module.__doc__.split()) > 10, check.__module__
