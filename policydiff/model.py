"""The frozen records that pass between pipeline stages.

Every stage takes and returns these; nothing here does I/O. Offsets are half-open
``[start, end)`` and always say which text they index: ``SourceDocument.raw_text`` for
``NormalizedText.offsets``, and ``NormalizedText.text`` for every span in the outline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Iterator

Span = tuple[int, int]


class InputFormat(StrEnum):
    TXT = "txt"
    MARKDOWN = "markdown"
    HTML = "html"
    DOCX = "docx"
    PDF = "pdf"


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """A document as read from disk: its text in reading order, before normalization."""

    source: str
    """The path or name the user gave (``-`` for standard input)."""
    format: InputFormat
    raw_text: str
    """Paragraphs separated by ``\\n``; reader artefacts (line breaks, markup) still in it."""
    sha256: str
    """Hex digest of the input bytes."""
    encoding: str | None = None
    """Text encoding detected (``utf-8``, ``gb18030`` …); None for DOCX and PDF."""
    title: str | None = None
    """Title from the container (HTML ``<title>``, DOCX core properties, PDF info); None if absent."""
    metadata: tuple[tuple[str, str], ...] = ()
    """Reader notes as sorted ``(key, value)`` pairs, e.g. ``("tracked_changes", "accepted")``."""

    def meta(self, key: str) -> str | None:
        return dict(self.metadata).get(key)


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """Display text with an offset map back to the raw text, and the comparison key."""

    text: str
    """What a reader sees: formatting artefacts removed, paragraphs separated by ``\\n``."""
    offsets: tuple[int, ...]
    """``offsets[i]`` is the raw index ``text[i]`` came from; one extra entry maps ``len(text)``."""
    key: str
    """``text`` folded for matching: no whitespace, punctuation variants unified."""
    key_offsets: tuple[int, ...]
    """``key_offsets[i]`` is the index in ``text`` of ``key[i]``; one extra entry for the end."""

    def raw_span(self, span: Span) -> Span:
        """Map a span of ``text`` to the span of the raw text it came from.

        The end is the raw character after the span's last character, so dropped spacing
        that follows the span is not included.
        """
        start, end = span
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


class Genre(StrEnum):
    NOTICE = "notice"
    """A 公文 (notice, plan, opinion): 一、 → （一） → 1. → （1）."""
    LAW = "law"
    """A law or regulation: 编/章/节 → 第X条 → 款 → 项 （一） → 目 1."""
    PLAIN = "plain"
    """No recognisable numbered structure: one untitled body."""


class NodeKind(StrEnum):
    PREAMBLE = "preamble"
    """Body text before the first heading (the 前言 of a plan)."""
    BODY = "body"
    """The whole body of a document without numbered structure."""
    VOLUME = "volume"  # 第X编
    CHAPTER = "chapter"  # 第X章
    SECTION = "section"  # 第X节
    PART = "part"  # 一、
    CLAUSE = "clause"  # （一） in a 公文
    ARTICLE = "article"  # 第X条
    ITEM = "item"  # （一） inside an article, 1. inside a clause
    SUBITEM = "subitem"  # 目 1. inside an item, （1） inside an item


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence, ended by 。！？； (or the paragraph end) outside quotes and brackets."""

    span: Span
    text: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One line of the normalized text (a 款 in a law)."""

    span: Span
    """Without the line break that ends it."""
    text: str
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True, slots=True)
class Block:
    """Front matter or trailer: paragraphs that belong to no clause."""

    span: Span
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True, slots=True)
class Node:
    """A numbered unit of the outline: part, chapter, clause, article, item …"""

    kind: NodeKind
    label: str | None
    """The label as printed (``（十四）``, ``第十二条``, ``一、``); None for preamble and body."""
    number: int | None
    """The ordinal the label spells (14 for ``（十四）``); None when there is no label."""
    title: str | None
    """The heading's title (``落实产业结构调整要求``); None when the unit has no title."""
    span: Span
    """From the label to the start of the next unit, line breaks included."""
    paragraphs: tuple[Paragraph, ...]
    """The unit's own text, before its first child; the first holds the label."""
    children: tuple[Node, ...] = ()

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class PolicyDocument:
    """A parsed document: front matter, body outline, trailer, all spans into ``text.text``."""

    source: SourceDocument
    text: NormalizedText
    genre: Genre
    title: str | None
    """The document's own title (from the front matter or the container); None if none found."""
    front_matter: Block | None
    """Title, 主送, signatories, dates, 此件社会公开, (征求意见稿); None if the text starts with the body."""
    body: tuple[Node, ...]
    trailer: Block | None
    """附件 list, 抄送, 印发 line; None if the document has none."""
    clause_kinds: tuple[NodeKind, ...] = field(default=())
    """Which node kinds are the units of alignment (clauses in a 公文, articles in a law)."""

    def walk(self) -> Iterator[Node]:
        for node in self.body:
            yield from node.walk()

    @property
    def clauses(self) -> tuple[Node, ...]:
        """The numbered units of alignment in document order: clauses, or articles in a law."""
        return tuple(node for node in self.walk() if node.kind in self.clause_kinds)
