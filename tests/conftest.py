"""Shared fixtures: the corpus, the rule pack, extractions of corpus documents, and system
tools that CI must have.

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

# Corpus documents whose obligations several test modules check (paths under CORPORA).
SEED = "notices/air-2020-autumn-winter/final.txt"
DRAFT = "notices/air-2020-autumn-winter/draft.txt"
ODS = "laws/ozone-depleting-substances-regulation/2023-12-29.md"
APL = "laws/administrative-penalty-law/2021-01-22.md"


@pytest.fixture(scope="module")
def rules():
    """The shipped rule pack."""
    from policydiff.rules import load_rules

    return load_rules()


@pytest.fixture()
def pack(tmp_path: Path) -> Path:
    """A copy of the shipped rule pack, for a test to edit."""
    from policydiff.rules import default_rules_dir

    pack = tmp_path / "pack"
    shutil.copytree(default_rules_dir(), pack, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return pack


@pytest.fixture(scope="session")
def extracted():
    """The obligations of the seed (final), the ODS regulation and the administrative penalty law."""
    from policydiff.extract import extract_obligations
    from policydiff.pipeline import read_policy
    from policydiff.rules import load_rules

    return {name: extract_obligations(read_policy(str(CORPORA / name)), rules=load_rules()) for name in (SEED, ODS, APL)}


@pytest.fixture(scope="session")
def excerpt_comparison():
    """The seed excerpt (``builders.seed_excerpt``) compared from draft to final, with the
    obligations of both and the redline."""
    from policydiff.pipeline import compare_documents, outline_source
    from policydiff.rules import load_rules

    from .builders import excerpt_source

    rules = load_rules()
    old, new = (outline_source(excerpt_source(version), rules=rules) for version in ("draft", "final"))
    return compare_documents(old, new, rules=rules, redline=True)


@pytest.fixture(scope="session")
def draft():
    """The obligations of the seed's draft."""
    from policydiff.extract import extract_obligations
    from policydiff.pipeline import read_policy
    from policydiff.rules import load_rules

    return extract_obligations(read_policy(str(CORPORA / DRAFT)), rules=load_rules())


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


def in_child(task, *, as_nobody: bool) -> bytes:
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
