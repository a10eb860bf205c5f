"""The corpus sweep's properties on the LawRefBook sample in ``corpora/lawrefbook-sample``.

``bench/sweep.py`` checks them on all 1,798 documents of ``../shared/corpora/lawrefbook``;
these tests check them on the 42 files kept in the project (laws with more items than
articles, letter-spaced headings, 一、 headings over articles, run-in articles, appendices,
an amendment quoting a section, titles printed over two lines, a note before a 目录,
brackets of two widths, a decision, a text without numbering, a table of 罪名 citing 刑法
articles, and twelve pairs of versions, four of them with a hand-made alignment gold in
``tests/gold/alignment``), so that a fresh clone tests them too. Every text rendering of
``corpora/tools/renderings.py`` must outline to the articles, headings and title that the
independent reading of the Markdown (``corpora/tools/lawref.py``) gives.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from corpora.tools import lawcheck
from corpora.tools.lawref import LawText, read_markdown
from corpora.tools.renderings import SUFFIX, TEXT_RENDERINGS, render_text
from policydiff.ingest import parse_bytes
from policydiff.model import Genre, PolicyDocument
from policydiff.pipeline import compare_documents, outline_source
from policydiff.rules import load_rules

from .conftest import CORPORA, ROOT

SAMPLE = CORPORA / "lawrefbook-sample"
with (SAMPLE / "MANIFEST.tsv").open(encoding="utf-8") as _handle:
    ROWS = list(csv.DictReader(_handle, delimiter="\t"))
sys.path.insert(0, str(ROOT / "bench"))
from sweep import version_pairs

PAIRS = version_pairs(ROWS)


@cache
def law(path: str) -> LawText:
    return read_markdown((SAMPLE / path).read_text(encoding="utf-8"))


@cache
def outline(path: str, rendering: str) -> PolicyDocument:
    data = render_text((SAMPLE / path).read_text(encoding="utf-8"), rendering)
    source = parse_bytes(data, source=Path(path).stem + SUFFIX[rendering], suffix=SUFFIX[rendering])
    return outline_source(source, rules=load_rules())


def test_the_sample_has_laws_other_shapes_and_pairs() -> None:
    assert len(ROWS) == 42
    assert sum(law(row["path"]).is_law for row in ROWS) == 39
    assert len(PAIRS) == 12


@pytest.mark.parametrize("rendering", TEXT_RENDERINGS)
@pytest.mark.parametrize("path", [row["path"] for row in ROWS], ids=lambda p: Path(p).stem[:24])
def test_every_rendering_outlines_to_the_laws_articles_headings_and_title(path: str, rendering: str) -> None:
    policy = outline(path, rendering)
    assert lawcheck.outline_failures(law(path), policy) == []
    assert lawcheck.outline_signature(policy) == lawcheck.outline_signature(outline(path, "markdown"))


@pytest.mark.parametrize("rendering", TEXT_RENDERINGS)
def test_documents_of_other_shapes_outline_sensibly(rendering: str) -> None:
    decision = next(row["path"] for row in ROWS if "决定" in row["title"])
    unnumbered = next(row["path"] for row in ROWS if "农业技术推广法" in row["title"])
    policy = outline(decision, rendering)
    assert policy.genre is Genre.NOTICE
    assert [node.label for node in policy.body if node.label] == ["一、", "二、", "三、", "四、", "五、", "六、", "七、"]
    assert outline(unnumbered, rendering).genre is Genre.PLAIN
    table = next(row["path"] for row in ROWS if "确定罪名" in row["title"])
    assert outline(table, rendering).genre is not Genre.LAW  # its rows cite 刑法 articles


@pytest.mark.parametrize("rendering", TEXT_RENDERINGS)
@pytest.mark.parametrize(("old", "new"), PAIRS, ids=lambda p: Path(p).stem[:24])
def test_every_unchanged_article_is_matched_and_no_label_is_a_change_of_wording(old: str, new: str,
                                                                               rendering: str) -> None:
    comparison = compare_documents(outline(old, rendering), outline(new, rendering), rules=load_rules(),
                                   obligations=False)
    matched, unchanged = lawcheck.unchanged_articles(law(old), law(new), comparison)
    assert unchanged and matched == unchanged
    assert lawcheck.label_changes(comparison) == []


def test_the_sweep_skips_cleanly_without_the_shared_corpus(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "sweep.py"), "--corpus", str(tmp_path / "absent")],
                            check=False, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    assert "Skipped" in result.stdout
