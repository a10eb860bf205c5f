"""The text view of policydiff outline (policydiff.render.outline_text): an indented tree."""

from __future__ import annotations

import hashlib

from policydiff.pipeline import read_policy
from policydiff.render.outline_text import render_outline_text
from policydiff.report import outline_report

from .builders import CLAUSE_14, SEED_TITLE, seed_excerpt
from .conftest import CORPORA


def test_a_notice_is_its_front_matter_and_its_clauses(excerpt_comparison) -> None:
    lines = render_outline_text(outline_report(excerpt_comparison.new)).splitlines()
    sha = hashlib.sha256(seed_excerpt("final").encode("utf-8")).hexdigest()[:12]
    seventeen = len(SEED_TITLE) + 1 + len(CLAUSE_14["final"]) + 1
    assert lines == [
        SEED_TITLE,
        f"  final.txt · txt (utf-8) · notice · 2 clauses · 513 characters · sha256 {sha}",
        "",
        "FRONT MATTER  [0, 41)",
        "    京津冀及周边地区、汾渭平原2020-2021年秋冬季大气污染综合治理攻…",  # 35 of the title's 40 characters
        f"（十四） 落实产业结构调整要求  [41, {seventeen})",
        f"（十七） 强化扬尘管控  [{seventeen}, 513)",
    ]


def test_a_law_shows_its_articles_under_their_chapters() -> None:
    """消耗臭氧层物质管理条例 (2023): six chapters (## 第一章 总 则 …) holding its 42 articles."""
    text = render_outline_text(outline_report(read_policy(
        CORPORA / "laws" / "ozone-depleting-substances-regulation" / "2023-12-29.md")))
    lines = text.splitlines()
    assert lines[0] == "消耗臭氧层物质管理条例"
    assert " · markdown (utf-8) · law · 42 articles · " in lines[1]
    chapters = [line for line in lines if line.startswith("第") and "章 " in line]
    articles = [line for line in lines if line.startswith("  第") and "条 " in line]
    assert len(chapters) == 6 and chapters[0].startswith("第一章 总则  [")
    assert len(articles) == 42 and articles[0].startswith("  第一条 为了加强对消耗臭氧层物质的管理")
    assert lines.index(chapters[1]) > lines.index(articles[0])  # 第一条 comes before 第二章
