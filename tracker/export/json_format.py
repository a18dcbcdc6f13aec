"""JSON: the export model itself (documented in docs/export.md)."""

from __future__ import annotations

import json


def render(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
