"""Problems are data: a position, a severity, a stable code and a message.

Every code is declared once, here, with its severity and the one sentence
that documents it; the README's table of codes is generated from `CODES`.

A problem is one line wherever it is printed: its file, message and
commitment are escaped (`text.escape`) when it is made, so no record text
inside it can start a line of its own, forge a CI workflow command or send
a terminal an escape sequence.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.text import escape

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Code:
    name: str
    severity: str
    when: str

    def __reduce__(self):
        """Unpickled as the declared code itself, so that `code is QUOTE_NOT_FOUND` holds in any process."""
        return (declared, (self.name,))


def declared(name: str) -> Code:
    return CODES[name]


CODES: dict[str, Code] = {}


def code(name: str, severity: str, when: str) -> Code:
    """Declare a problem code (once)."""
    assert name not in CODES, name
    CODES[name] = declared = Code(name, severity, when)
    return declared


YAML_SYNTAX = code("yaml-syntax", ERROR, "a file is not valid YAML (line and column of the parser's mark)")
DUPLICATE_KEY = code("duplicate-key", ERROR, "a mapping repeats a key (PyYAML would silently keep the last one)")
MISSING_FIELD = code("missing-field", ERROR, "a required key is absent")
UNKNOWN_FIELD = code("unknown-field", ERROR, "a key the format does not define")
BAD_VALUE = code("bad-value", ERROR, "wrong type, bad slug, bad date, value not in its vocabulary")
DUPLICATE_ID = code("duplicate-id", ERROR, "two meetings, sources or commitments share an id")
NO_MENTIONS = code("no-mentions", ERROR, "a commitment cites no source")
UNKNOWN_SOURCE = code("unknown-source", ERROR, "a mention (or a due's words) names a source id that is not declared")
UNKNOWN_PARTY = code("unknown-party", ERROR, "`by` or a source's `side` names a code not in `parties`")
UNKNOWN_RELATED = code("unknown-related", ERROR, "`related` names a commitment id that does not exist")
BAD_PARAGRAPH = code(
    "bad-paragraph",
    ERROR,
    "a paragraph number (of a mention, a due or a `reviewed` entry) is outside 1..count of that source",
)
QUOTE_NOT_FOUND = code(
    "quote-not-found", ERROR, "the quote is not in the cited paragraph (the message says where it is, if elsewhere)"
)
SHORT_QUOTE = code("short-quote", ERROR, "a quote of fewer than three words")
SOURCE_MISSING = code("source-missing", ERROR, "a source file does not exist or is unreadable")
SOURCE_OUTSIDE = code("source-outside", ERROR, "a source path is absolute, has `..`, or leaves the root")
SOURCE_ENCODING = code("source-encoding", ERROR, "a source file is not valid UTF-8")
SOURCE_CHANGED = code("source-changed", ERROR, "a source file's sha256 differs from the recorded one")
STATUS_EVIDENCE = code("status-evidence", ERROR, "a staged status differs from the evidence stage")
REASON_REQUIRED = code(
    "reason-required", ERROR, "`stalled` or `dropped` without `reason`; a meeting's `inferred` without `notes`"
)
FILE_UNREADABLE = code(
    "file-unreadable",
    ERROR,
    "`data/meetings.yaml`, `data/commitments/` or one of its `*.yaml` files cannot be read, or is not what it must "
    "be (a folder; a regular file inside the root)",
)
DUPLICATE_MENTION = code("duplicate-mention", WARNING, "the same source paragraph is cited twice for one commitment")
UNCITED_ALIAS = code(
    "uncited-alias",
    WARNING,
    "a paragraph names one of a commitment's aliases but no mention of it cites that paragraph",
)
KIND_REGRESSION = code(
    "kind-regression", WARNING, "a mention's kind goes back below the stage already reached at earlier meetings"
)
DUE_UNSOURCED = code("due-unsourced", WARNING, "`due` is a bare date, without the words it comes from")
UNCOVERED_PARAGRAPH = code(
    "uncovered-paragraph",
    WARNING,
    "a paragraph has the language of a commitment, yet no mention cites it and no `reviewed` entry waives it",
)
IGNORED_FILE = code(
    "ignored-file",
    WARNING,
    "a file in `data/commitments/` that is not read: not `*.yaml`, a symlink to nothing, a folder",
)


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    line: int
    column: int
    code: Code
    message: str
    commitment: str | None = None

    def __post_init__(self) -> None:
        for name in ("file", "message", "commitment"):
            value = getattr(self, name)
            if value is not None and not value.isprintable():
                object.__setattr__(self, name, escape(value))

    @property
    def severity(self) -> str:
        return self.code.severity

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.code.name, self.message)

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code.name,
            "message": self.message,
            "commitment": self.commitment,
        }


def problem(file: str, pos: tuple[int, int], code: Code, message: str, commitment: str | None = None) -> Problem:
    return Problem(file, pos[0], pos[1], code, message, commitment)
