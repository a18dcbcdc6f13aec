"""tracker: a commitment tracker for Việt Nam-China meetings.

The library loads a root (`tracker.loader.load`), checks it
(`tracker.checks.check`) and reports on it; `tracker.cli` is a thin layer on top.
"""

__version__ = "0.1.0"
