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


def test_make_demo_names_reports_that_exist() -> None:
    """Issue 14: `make demo` ends by saying which file to open; those files are in outputs/."""
    import re

    demo = (ROOT / "Makefile").read_text(encoding="utf-8").split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    named = re.findall(r"outputs/\S+\.(?:html|docx)", demo)
    assert named and all((ROOT / path).is_file() for path in named)
