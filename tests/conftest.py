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


NOBODY = 65534


def in_child(task, *, as_nobody: bool) -> bytes:  # noqa: ANN001 - a callable returning bytes
    """Run ``task`` in a forked child (which first drops from root to the user nobody if
    ``as_nobody``: root reads any file whatever its mode) and return the bytes it returns.
    No exec: what the task needs must be imported and loaded before the call."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        status = 0
        try:
            os.close(read_end)
            if as_nobody:
                os.setgroups([])
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            data = task()
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(data)
        except BaseException:  # noqa: BLE001 - report anything, then leave the child
            status = 1
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    assert status == 0, "the child process failed"
    return data
