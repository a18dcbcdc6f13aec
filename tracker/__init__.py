"""tracker: a commitment tracker for Việt Nam-China meetings.

The library loads a root (`tracker.loader.load`), checks it
(`tracker.checks.check`) and reports on it; `tracker.cli` is a thin layer on top.

The version is declared once, in pyproject.toml; `tracker.__version__` reads
it from the installed distribution's metadata (lazily: `importlib.metadata`
is not free, and `tracker check` starts fast).
"""

from __future__ import annotations

DISTRIBUTION = "vietnam-china-commitments"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return _version()
    raise AttributeError(f"module 'tracker' has no attribute {name!r}")


def _version() -> str:
    """The installed distribution's version; from a source tree that is not installed, pyproject's."""
    from importlib import metadata

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return _source_tree_version()


def _source_tree_version() -> str:
    import tomllib
    from pathlib import Path

    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    try:
        with open(pyproject, "rb") as stream:
            return str(tomllib.load(stream)["project"]["version"])
    except (OSError, tomllib.TOMLDecodeError, KeyError):
        return "0+unknown"
