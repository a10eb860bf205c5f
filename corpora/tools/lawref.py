"""An independent reading of LawRefBook Markdown: what a law's outline must be.

Standard library only, and deliberately sharing no code with policydiff: the corpus sweep
(``bench/sweep.py``) and the sample tests (``tests/test_corpus_sample.py``) compare what
policydiff outlines from every rendering of a law with what this module reads from its
clean Markdown.

LawRefBook's layout (commit 2f4c5c2): ``# title``; the adoption and amendment history;
``<!-- INFO END -->``; ``##``/``###``/``####`` headings (第一编, 第一章 总则, 第一节 …, or
other headings such as 序言 and 一、一般规定); then one paragraph per line, an article
starting ``第一条 `` (label, one ASCII space, text), blank lines between paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

INFO_END = "<!-- INFO END -->"
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_NUMERAL = "〇零一二两三四五六七八九十百千"
_UNIT_LABEL = re.compile(rf"^(第[{_NUMERAL}]+(?:分编|编|章|节))[\s\u3000]*(.*)$")
# An article label, then one space; a few files omit the space or put one inside the label
# (第三十五 条), which counts only where the number is the next one (see read_markdown).
_ARTICLE = re.compile(rf"^(第([{_NUMERAL}]+) ?条(?:之([一二三四五六七八九十]+))?)( ?)(.*)$")
# A few files run articles together on one line, after a sentence end (and a space).
_RUN_IN = re.compile(rf"(?<=[。；：”]) ?(?=第[{_NUMERAL}]+条)")
# Where a heading's title is cut by a line break (第三章 审查和批准决算，听取和审议国民经济和 /
# 社会发展计划…), the title ends in a character no title ends in.
_UNFINISHED = tuple("、，和及与或的")
# A paragraph that is a heading where the file has no ``#`` (四、土地征收补偿费用分配…): a
# numbered line without sentence punctuation right before an article.
_PART = re.compile(r"^[一二三四五六七八九十]+、[^，。；：,;:]{1,60}$")
_UNIT_LABELS = re.compile(rf"第[{_NUMERAL}]+(?:分编|编|章|节)")
_APPENDIX = re.compile(r"^附(?:件|表|录)?[0-9一二三四五六七八九十]*(?:[：:]|$)")
KINDS = {"编": "volume", "分编": "volume", "章": "chapter", "节": "section"}


@dataclass(frozen=True, slots=True)
class Block:
    """One line of the body: a heading, an article's first paragraph, or a paragraph."""

    kind: str
    """volume, chapter, section, heading (any other ``#`` heading), article or paragraph."""
    label: str | None
    """第一章, 第十二条 …; None for other headings and paragraphs."""
    text: str
    """A heading's title, an article's text after its label, a paragraph's whole text."""


@dataclass(frozen=True, slots=True)
class Article:
    label: str
    number: tuple[int, int]
    """(article number, 之N or 0): 第十条之一 is (10, 1)."""
    text: str
    """The label, a space, and every paragraph of the article, joined by newlines."""
    parents: tuple[str, ...]
    """Labels of the 编/章/节 above it, outermost first."""


@dataclass(frozen=True, slots=True)
class LawText:
    title: str
    notes: tuple[str, ...]
    """The history lines between the title and ``<!-- INFO END -->``."""
    blocks: tuple[Block, ...]

    @property
    def articles(self) -> tuple[Article, ...]:
        return _articles(self.blocks)

    @property
    def headings(self) -> tuple[Block, ...]:
        """编, 章 and 节 headings in order."""
        return tuple(b for b in self.blocks if b.kind in ("volume", "chapter", "section"))

    @property
    def is_law(self) -> bool:
        """A sequence of two or more 第X条 whose numbers only go up (a book of the Civil Code
        starts at its own first article; a repealed article leaves a gap)."""
        articles = self.articles
        return len(articles) >= 2 and all(a.number < b.number for a, b in zip(articles, articles[1:]))


def read_markdown(markdown: str) -> LawText:
    """Read one LawRefBook file."""
    lines = markdown.replace("\r\n", "\n").split("\n")
    title = ""
    notes: list[str] = []
    body_start = 0
    if INFO_END in markdown:
        for i, line in enumerate(lines):
            if line.strip() == INFO_END:
                body_start = i + 1
                break
            heading = _HEADING.match(line)
            if heading and len(heading.group(1)) == 1 and not title:
                title = heading.group(2)
            elif line.strip():
                notes.append(line.strip())
    blocks: list[Block] = []
    last_number = (0, 0)
    for line in (piece for line in lines[body_start:] for piece in _RUN_IN.split(line)):
        line = line.strip()
        if not line:
            continue
        heading = _HEADING.match(line)
        if heading:
            text = heading.group(2)
            if not title and len(heading.group(1)) == 1:
                title = text
                continue
            if len(_UNIT_LABELS.findall(text)) > 1:
                continue  # a table of contents printed as one heading line
            unit = _UNIT_LABEL.match(text)
            if unit:
                kind = KINDS[unit.group(1)[-2:] if unit.group(1).endswith("分编") else unit.group(1)[-1]]
                blocks.append(Block(kind, unit.group(1), unit.group(2)))
            else:
                blocks.append(Block("heading", None, text))
            continue
        previous = blocks[-1] if blocks else None
        if previous and previous.kind in KINDS.values() and previous.text.endswith(_UNFINISHED) \
                and not _ARTICLE.match(line):
            blocks[-1] = Block(previous.kind, previous.label, previous.text + line)
            continue
        article = _ARTICLE.match(line)
        if article:
            label = article.group(1).replace(" ", "")
            number = _article_number(label)
            separated = bool(article.group(4)) and " " not in article.group(1)
            if separated or number in ((last_number[0] + 1, 0), (last_number[0], last_number[1] + 1)):
                blocks.append(Block("article", label, article.group(5)))
                last_number = number
                continue
        blocks.append(Block("paragraph", None, line))
    blocks = [Block("heading", None, b.text) if b.kind == "paragraph" and _PART.match(b.text)
              and following.kind == "article" else b for b, following in zip(blocks, blocks[1:] + blocks[-1:])]
    return LawText(title=title, notes=tuple(notes), blocks=tuple(blocks))


def chinese_number(text: str) -> int:
    """一百二十三 → 123; 两 → 2; digits read positionally when there is no unit (二〇二〇)."""
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}
    units = {"十": 10, "百": 100, "千": 1000}
    if not any(c in units for c in text):
        value = 0
        for char in text:
            value = value * 10 + digits[char]
        return value
    total, current = 0, 0
    for char in text:
        if char in digits:
            current = digits[char]
        else:
            total += (current or 1) * units[char]
            current = 0
    return total + current


def _article_number(label: str) -> tuple[int, int]:
    match = _ARTICLE.match(label)
    assert match is not None, label
    return chinese_number(match.group(2)), chinese_number(match.group(3)) if match.group(3) else 0


def _articles(blocks: tuple[Block, ...]) -> tuple[Article, ...]:
    articles: list[Article] = []
    parents: dict[str, str] = {}
    current: list[str] | None = None
    label = ""
    owners: tuple[str, ...] = ()

    def close() -> None:
        if current is not None:
            articles.append(Article(label, _article_number(label), "\n".join(current), owners))

    for block in blocks:
        if block.kind in ("volume", "chapter", "section", "heading"):
            close()
            current = None
            if block.kind != "heading":
                order = ("volume", "chapter", "section")
                level = order.index(block.kind)
                parents = {k: v for k, v in parents.items() if order.index(k) < level}
                parents[block.kind] = block.label or ""
        elif block.kind == "article":
            close()
            label = block.label or ""
            owners = tuple(parents[k] for k in ("volume", "chapter", "section") if k in parents)
            current = [f"{label} {block.text}"]
        elif block.kind == "paragraph" and _APPENDIX.match(block.text):
            close()
            current = None  # an appendix after the articles belongs to none of them
        elif current is not None:
            current.append(block.text)
    close()
    return tuple(articles)
