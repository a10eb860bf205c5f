"""outputs/ holds the reports generated from corpora/; regenerating them changes nothing.

Run ``make outputs`` after a change that alters a report, and review the diff.
"""

from __future__ import annotations

import pytest

from policydiff.outputs import KEPT, generate

from .conftest import ROOT


@pytest.fixture(scope="module")
def regenerated() -> dict[str, bytes]:
    return generate(ROOT)


def test_outputs_are_current(regenerated: dict[str, bytes]) -> None:
    stale = [name for name, content in sorted(regenerated.items())
             if not (ROOT / "outputs" / name).is_file() or (ROOT / "outputs" / name).read_bytes() != content]
    assert stale == [], "outputs/ is stale: run `make outputs` and review the diff"


def test_no_output_without_a_source(regenerated: dict[str, bytes]) -> None:
    committed = {p.relative_to(ROOT / "outputs").as_posix() for p in (ROOT / "outputs").glob("**/*")
                 if p.is_file() and not p.relative_to(ROOT / "outputs").as_posix().startswith(KEPT)}
    assert committed - set(regenerated) == set()
