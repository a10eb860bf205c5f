"""Shared fixtures: the corpus, and system tools that CI must have.

A test that needs a system tool (LibreOffice, Chromium) calls ``require_tool``: on a user's
machine without it the test skips; in CI (``POLICYDIFF_REQUIRE_SYSTEM_TOOLS=1``) it fails.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"


def require_tool(*names: str) -> str:
    """Return the path of the first of ``names`` found on PATH, or skip (fail in CI)."""
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    message = f"system tool not installed: {' or '.join(names)}"
    if os.environ.get("POLICYDIFF_REQUIRE_SYSTEM_TOOLS") == "1":
        pytest.fail(message + " (POLICYDIFF_REQUIRE_SYSTEM_TOOLS=1: .ci/run must install it)")
    pytest.skip(message)
