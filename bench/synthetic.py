"""Synthetic pairs of versions of any size, built from the real clauses in corpora/.

``make_pair(chars)`` returns the raw text of an old and a new version of a 公文 of about
``chars`` characters per side: parts 一、 of twenty clauses （一） each, whose bodies are
real clauses of the seed pair and sentences of the laws, cycled; ``make_law_pair(articles)``
likewise for a law of that many articles 第X条 in chapters 第X章. The new version edits the
old one the way a revision does: numbers changed in some clauses, words replaced, a clause
inserted in the middle (renumbering all that follow), one deleted, two sentences swapped.
Deterministic for a given ``seed``.
"""

from __future__ import annotations

import random
import re
from functools import cache
from pathlib import Path

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
CLAUSES_PER_PART = 20
ARTICLES_PER_CHAPTER = 50
_DIGITS = re.compile(r"\d+")


@cache
def _bodies() -> tuple[str, ...]:
    """Real clause bodies: seed clauses without their labels, and law articles."""
    from policydiff.pipeline import read_policy

    bodies = []
    for path in [CORPORA / "notices/air-2020-autumn-winter/final.txt", *sorted(CORPORA.glob("laws/*/*.md"))]:
        policy = read_policy(path)
        for clause in policy.clauses:
            text = policy.text.text[clause.span[0] + len(clause.label) : clause.span[1]].strip()
            bodies.append(text.replace("\n", ""))
    return tuple(b for b in bodies if len(b) > 20)


def _cn(number: int) -> str:
    import cn2an

    return cn2an.an2cn(number)


def _render(clauses: list[str]) -> str:
    lines = ["关于印发合成测试方案的通知", "各有关单位：", "现将方案印发给你们，请认真贯彻执行。", "合成测试方案"]
    for index, body in enumerate(clauses):
        if index % CLAUSES_PER_PART == 0:
            lines.append(f"{_cn(index // CLAUSES_PER_PART + 1)}、第{index // CLAUSES_PER_PART + 1}部分要求")
        lines.append(f"（{_cn(index + 1)}）{body}")
    return "\n".join(lines)


def _render_law(articles: list[str]) -> str:
    lines = ["中华人民共和国合成测试法"]
    for index, body in enumerate(articles):
        if index % ARTICLES_PER_CHAPTER == 0:
            lines.append(f"第{_cn(index // ARTICLES_PER_CHAPTER + 1)}章　第{index // ARTICLES_PER_CHAPTER + 1}章规定")
        lines.append(f"第{_cn(index + 1)}条　{body}")
    return "\n".join(lines)


def make_pair(chars: int, *, seed: int = 2020) -> tuple[str, str]:
    """Old and new raw texts of about ``chars`` characters each."""
    old: list[str] = []
    total = 0
    while total < chars:
        old.append(_bodies()[len(old) % len(_bodies())])
        total += len(old[-1]) + 8
    old_clauses, new_clauses = _revise(old, seed)
    return _render(old_clauses), _render(new_clauses)


def make_law_pair(articles: int, *, seed: int = 2020) -> tuple[str, str]:
    """Old and new raw texts of a law of ``articles`` articles (第X条, a chapter every 50),
    revised as ``make_pair`` revises a notice."""
    old = [_bodies()[index % len(_bodies())] for index in range(articles)]
    old_articles, new_articles = _revise(old, seed)
    return _render_law(old_articles), _render_law(new_articles)


def _revise(old: list[str], seed: int) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    new = list(old)
    for index in range(len(new)):
        roll = rng.random()
        if roll < 0.05:
            new[index] = _DIGITS.sub(lambda m: str(int(m.group()) + 1), new[index], count=1)
        elif roll < 0.08:
            new[index] = new[index].replace("应当", "可以", 1).replace("要", "鼓励", 1)
        elif roll < 0.10:
            sentences = [s for s in re.split(r"(?<=。)", new[index]) if s]
            if len(sentences) >= 2:
                sentences[0], sentences[1] = sentences[1], sentences[0]
                new[index] = "".join(sentences)
    middle = len(new) // 2
    del new[middle + 3]
    new.insert(middle, "新增条款。各地要在2021年6月底前完成全部任务，确保取得实效。")
    return old, new
