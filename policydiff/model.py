"""The frozen records that pass between pipeline stages.

Every stage takes and returns these; nothing here does I/O. Offsets are half-open
``[start, end)`` and always say which text they index: ``SourceDocument.raw_text`` for
``NormalizedText.offsets``, and ``NormalizedText.text`` for every span in the outline.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

Span = tuple[int, int]

GRANULARITIES = ("word", "char")
"""What a diff compares: Chinese words (numbers with their units whole) or characters."""


class InputFormat(StrEnum):
    TXT = "txt"
    MARKDOWN = "markdown"
    HTML = "html"
    DOCX = "docx"
    PDF = "pdf"


INPUT_SUFFIXES: dict[InputFormat, tuple[str, ...]] = {
    InputFormat.TXT: (".txt",),
    InputFormat.MARKDOWN: (".md", ".markdown", ".mdown", ".mkd"),
    InputFormat.HTML: (".html", ".htm", ".shtml", ".xhtml"),
    InputFormat.DOCX: (".docx",),
    InputFormat.PDF: (".pdf",),
}
"""The formats policydiff reads and the file name suffixes that name each: what ingest
expects, what batch collects, and what help and error texts list."""
INPUT_NAMES = {InputFormat.TXT: "TXT", InputFormat.MARKDOWN: "Markdown", InputFormat.HTML: "HTML",
               InputFormat.DOCX: "DOCX", InputFormat.PDF: "PDF"}


def input_formats(conjunction: str) -> str:
    """The formats read, for a sentence: ``TXT, Markdown, HTML, DOCX and PDF`` (``and``/``or``)."""
    names = list(INPUT_NAMES.values())
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


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
    """The unit's own text, before its first child (and, in a law, a paragraph that follows a
    run of its items); the first holds the label."""
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
    date: str | None = None
    """The date the document bears (落款, 发布日期, 印发 or a law's last revision), ISO
    ``YYYY-MM-DD``; None when its front matter and trailer state none."""
    effective: str | None = None
    """The date it takes effect as it states it (本条例自2022年5月1日起施行), ISO; None if unstated."""

    def walk(self) -> Iterator[Node]:
        for node in self.body:
            yield from node.walk()

    @property
    def clauses(self) -> tuple[Node, ...]:
        """The numbered units of alignment in document order: clauses, or articles in a law."""
        return tuple(node for node in self.walk() if node.kind in self.clause_kinds)


# --- canonical vocabulary -------------------------------------------------------------------


class Comparator(StrEnum):
    """How a number bounds what it measures (Civil Code art. 1259 for 以上/以下/超过/不满).

    The values are words, so that a spreadsheet reads the CSV cell as the plain value the JSON
    holds (a cell "=" or "<=" starts a formula); ``sign`` is how a rule file or a report writes one.
    """

    LE = "le"
    GE = "ge"
    LT = "lt"
    GT = "gt"
    EQ = "eq"
    APPROX = "approx"

    @property
    def sign(self) -> str:
        return COMPARATOR_SIGNS[self.value]

    @classmethod
    def of_sign(cls, sign: str) -> Comparator:
        return cls(next(value for value, written in COMPARATOR_SIGNS.items() if written == sign))


COMPARATOR_SIGNS = {"le": "<=", "ge": ">=", "lt": "<", "gt": ">", "eq": "=", "approx": "~"}
"""Each comparator as the rule files (comparators.toml) write it."""


class Modality(StrEnum):
    """Deontic levels of DESIGN.md §4, strongest first."""

    PROHIBITED = "prohibited"
    MANDATORY = "mandatory"
    ASPIRATIONAL = "aspirational"
    ENCOURAGED = "encouraged"
    PERMITTED = "permitted"

    @property
    def rank(self) -> int:
        """5 for prohibited down to 1 for permitted: the larger, the stronger."""
        return len(Modality) - list(Modality).index(self)


# --- comparison ---------------------------------------------------------------------------


class UnitKind(StrEnum):
    FRONT_MATTER = "front_matter"
    PREAMBLE = "preamble"
    HEADING = "heading"
    """The heading line(s) of a part, chapter, section or volume, without the units in it."""
    CLAUSE = "clause"
    """A clause of a 公文 or an article of a law, with its items; the unit of alignment."""
    TRAILER = "trailer"


@dataclass(frozen=True, slots=True)
class Unit:
    """A piece of one document that alignment pairs with a piece of the other."""

    kind: UnitKind
    label: str | None
    """The label as printed (``（十四）``, ``第十二条``, ``三、``); None for front matter, preamble, trailer."""
    number: int | None
    """The ordinal of the label; None when there is no label."""
    title: str | None
    """The heading's title; None when the unit has none."""
    span: Span
    """Into the normalized text of its document, without the line break that ends it."""
    text: str
    path: tuple[str, ...] = ()
    """Labels of the units that contain it (``("三、",)`` for clause （十四） of the seed)."""


class AlignStatus(StrEnum):
    MATCHED = "matched"
    INSERTED = "inserted"
    DELETED = "deleted"
    MOVED = "moved"
    SPLIT = "split"
    MERGED = "merged"


@dataclass(frozen=True, slots=True)
class ClausePair:
    """Units of the old and the new version that are the same provision."""

    old: tuple[Unit, ...]
    """Empty when the provision was inserted; two or more when several were merged."""
    new: tuple[Unit, ...]
    """Empty when the provision was deleted; two or more when one was split."""
    status: AlignStatus
    similarity: float
    """Similarity of the comparison keys, 0 to 1 (0 for insertions and deletions)."""
    renumbered: bool = False
    """The label changed (（十）→（十一）, 第十二条→第十三条) while the provision stayed."""


class BlockOp(StrEnum):
    EQUAL = "equal"
    CHANGED = "changed"
    """The same sentence or paragraph, edited in place."""
    MOVED = "moved"
    """The same sentence or paragraph at another place (edited too when similarity < 1)."""
    INSERTED = "inserted"
    DELETED = "deleted"


@dataclass(frozen=True, slots=True)
class BlockPair:
    """Sentences or paragraphs inside a pair of units that correspond (or have no partner)."""

    op: BlockOp
    old_span: Span | None
    """Into the old unit's text; None for an insertion."""
    new_span: Span | None
    """Into the new unit's text; None for a deletion."""
    similarity: float


class TokenKind(StrEnum):
    WORD = "word"
    QUANTITY = "quantity"
    """A number with its unit, range or percentage, kept whole: 1.1亿吨, 10-12月, 80%."""
    DATE = "date"
    """A date or deadline kept whole: 2020年12月底前, 2021年3月底前, 年底前."""
    PUNCT = "punct"
    SPACE = "space"


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    span: Span
    """Into the text that was tokenized."""
    kind: TokenKind


class EditOp(StrEnum):
    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"


@dataclass(frozen=True, slots=True)
class Edit:
    """One run of a diff. Runs cover both texts in order: every character is in one."""

    op: EditOp
    old_span: Span
    """Into the old text; empty (start == end) for an insertion, at the place it goes."""
    new_span: Span
    """Into the new text; empty for a deletion."""
    old_text: str
    new_text: str


class Level(StrEnum):
    SUBSTANTIVE = "substantive"
    """Changes what someone must do, by when, how much, who, where, or how strongly."""
    MINOR = "minor"
    """Changes meaning-bearing wording but no duty."""
    EDITORIAL = "editorial"
    """Changes nothing of meaning: punctuation, width, spacing, word order, particles."""


class Category(StrEnum):
    QUANTITY = "quantity"
    DEADLINE = "deadline"
    ACTOR = "actor"
    MODALITY = "modality"
    SCOPE = "scope"
    CONDITION = "condition"
    REQUIREMENT = "requirement"
    LIABILITY = "liability"
    """A state of mind a liability turns on, or a sanction or remedy (故意, 责令改正, 处分)."""
    REFERENCE = "reference"
    WORDING = "wording"
    PUNCTUATION = "punctuation"
    ORDER = "order"


class ChangeOp(StrEnum):
    INSERT = "insert"
    DELETE = "delete"
    REPLACE = "replace"
    MOVE = "move"


@dataclass(frozen=True, slots=True)
class Hunk:
    """A change before classification: what was removed and added, and the sentences around it."""

    op: ChangeOp
    old_text: str
    new_text: str
    old_span: Span | None
    """Into the old document's normalized text; None for an insertion."""
    new_span: Span | None
    """Into the new document's normalized text; None for a deletion."""
    old_context: str
    """The old sentence(s) the change sits in ("" for an insertion of whole sentences)."""
    new_context: str
    """The new sentence(s) the change sits in ("" for a deletion of whole sentences)."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """What a change means: its level, categories and one-line Chinese summary."""

    level: Level
    categories: tuple[Category, ...]
    summary: str


@dataclass(frozen=True, slots=True)
class Change:
    id: str
    """Stable within a report: ``c001``, ``c002`` … in document order."""
    clause_old: str | None
    """Label of the old unit (None outside any clause: front matter, preamble, trailer)."""
    clause_new: str | None
    hunk: Hunk
    verdict: Verdict
    pair: int = 0
    """Index in ``Comparison.pairs`` of the pair the change was found in."""


@dataclass(frozen=True, slots=True)
class Comparison:
    """Everything ``policydiff compare`` reports."""

    old: PolicyDocument
    new: PolicyDocument
    pairs: tuple[ClausePair, ...]
    changes: tuple[Change, ...]
    obligation_changes: tuple[ObligationChange, ...] = ()
    """Empty when obligations were not extracted."""
    redline: Redline | None = None
    """None unless asked for (the HTML and DOCX reports draw it)."""


# --- redline --------------------------------------------------------------------------------


class RunOp(StrEnum):
    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"
    MOVE_FROM = "move_from"
    """Text of the old version that moved elsewhere (shown where it was)."""
    MOVE_TO = "move_to"
    """Text of the new version that came from elsewhere (shown where it is)."""


OLD_SIDE = frozenset({RunOp.EQUAL, RunOp.DELETE, RunOp.MOVE_FROM})
"""The runs of a redline that make up the old version (as strings too: RunOp is a StrEnum)."""
NEW_SIDE = frozenset({RunOp.EQUAL, RunOp.INSERT, RunOp.MOVE_TO})
"""The runs that make up the new version."""


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of a redline: text both versions share, or text only one of them has."""

    op: RunOp
    text: str
    change: str | None
    """Id of the change the text belongs to (the innermost: a word edit inside a moved
    sentence names the edit); None for shared text and for differences no change reports
    (a renumbered label, a line break)."""
    move: str | None
    """Id of the move the text is part of; None outside moved sentences."""


@dataclass(frozen=True, slots=True)
class Section:
    """The redline of one aligned pair: both versions of it interleaved."""

    pair: int
    """Index in ``Comparison.pairs``."""
    runs: tuple[Run, ...]
    """The old side is the EQUAL, DELETE and MOVE_FROM runs; the new side EQUAL, INSERT and
    MOVE_TO. Line breaks are paragraph breaks; units of a split or merge are joined by one."""
    move: str | None
    """Id of the change that moved the whole unit; None when it stayed in place."""


class Placement(StrEnum):
    WHOLE = "whole"
    """The section's runs, where it stands in both versions."""
    FROM = "from"
    """The old side of a moved (or crossing) section, where it stood in the old version."""
    TO = "to"
    """The new side of a moved (or crossing) section, where it stands in the new version."""


@dataclass(frozen=True, slots=True)
class Redline:
    """Both versions as one text with the differences marked, pair by pair.

    ``sections`` follow ``Comparison.pairs``. ``order`` reads them as one document whose
    old side (EQUAL, DELETE and MOVE_FROM text, sections joined by line breaks) is the old
    version's normalized text and whose new side is the new one's: a moved section appears
    twice, at both places (as does a pair the alignment let cross another, so that both
    sides keep their order). Each unit starts a paragraph: where two ran together on one line
    (第二条……。第三条……), the redline shows them on two.
    """

    sections: tuple[Section, ...]
    order: tuple[tuple[int, Placement], ...]


# --- obligations ---------------------------------------------------------------------------


class QuantityRole(StrEnum):
    TARGET = "target"
    """How much must be reached or not exceeded (控制在63微克/立方米以内)."""
    SCOPE = "scope"
    """Which things are covered (每小时35蒸吨以下的燃煤锅炉)."""
    REPORTED = "reported"
    """What was done or observed (较2016年同期下降33%)."""


class ObligationKind(StrEnum):
    TARGET = "target"
    """A level to reach or keep (a cap, a rate, a count)."""
    THRESHOLD = "threshold"
    """A line that decides who or what a duty applies to, or a sanction's range."""
    DEADLINE = "deadline"
    """A dated duty with no figure (2021年3月底前完成超低排放改造)."""
    REPORTED = "reported"
    """A figure that reports, not requires."""
    SANCTION = "sanction"
    """What a violation costs: a fine's range, a multiple of a base, a ban for a time (处5000元以上5万元以下罚款)."""
    TIME_LIMIT = "time_limit"
    """A period to act within, counted from an event (自收到申请之日起20个工作日内作出决定)."""
    DURATION = "duration"
    """How long something must be kept or lasts (至少保存5年; 有效期为5年)."""


@dataclass(frozen=True, slots=True)
class Measure:
    """A quantity of an obligation, canonical: 1.1亿吨 → value 110000000, unit 吨."""

    value: float
    """万/亿 applied; the lower bound of a range."""
    unit: str | None
    """As written, without the multiplier; None for a bare number."""
    unit_code: str | None
    """UCUM code (t, ug/m3, kW, %); None where UCUM has none (蒸吨)."""
    text: str
    span: Span
    """Into the document's normalized text."""
    comparator: Comparator
    range: tuple[float, float] | None
    """Both bounds of a range (1-2家, 五万元以上五十万元以下); None for a single figure."""
    role: QuantityRole
    base: str | None = None
    """What a multiple or a share is of (违法所得 in 违法所得5倍以上10倍以下); None otherwise."""


@dataclass(frozen=True, slots=True)
class Deadline:
    date: str | None
    """ISO date (2020-12-31); None for a fuzzy one (采暖季前)."""
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Period:
    start: str | None
    """ISO date; None when the text gives no start."""
    end: str | None
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Obligation:
    """One quantitative or dated duty, with who owes it, by when and how strongly."""

    id: str
    """Stable within a document: ``o001`` … in text order."""
    clause: str | None
    """Label of the clause or article (None outside one: preamble, front matter)."""
    sentence: str
    span: Span
    """Of the sentence (or clause of a sentence) that states the obligation."""
    actor: str | None
    """Canonical name of who owes it (河北省, 各城市, 生态环境部); None when unstated."""
    action: str | None
    """The action phrase (完成钢铁产能超低排放改造); None when only a level is stated."""
    metric: str | None
    """What is measured (PM2.5平均浓度, 钢铁产能); None for a dated duty."""
    measures: tuple[Measure, ...]
    deadline: Deadline | None
    period: Period | None
    modality: Modality | None
    """None for a figure reported (kind reported), which binds no one."""
    kind: ObligationKind
    authority: str | None = None
    """Who imposes a sanction (由县级以上地方人民政府农业农村主管部门…处…): not the obligor."""
    trigger: str | None = None
    """What a sanction follows (the violation: 未取得农药生产许可证生产农药的) or what a time
    limit counts from (收到申请之日)."""


class ObligationStatus(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


@dataclass(frozen=True, slots=True)
class ObligationChange:
    id: str
    """Stable within a report: ``oc001`` … in the new document's order."""
    status: ObligationStatus
    old: Obligation | None
    new: Obligation | None
    fields: tuple[str, ...]
    """Names of the fields that differ (quantity, deadline, period, actor, modality, action); empty unless changed."""


# --- batch ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What batch pairing needs to know of one document found under the input folder."""

    path: str
    """Relative to the input folder, with forward slashes."""
    sha256: str
    title: str | None
    date: str | None
    """The date the document bears, else one in its file name; None if neither has one."""
    stage: int
    """Where its version marker puts it (征求意见稿 10 … issued 100); lower comes first."""
    marker: str | None
    """Name of the version marker found (``draft_for_comment``); None for an unmarked text."""
    work: str
    """The title with wrappers and version markers removed: what the versions share."""
    key: str
    """The comparison key of the whole text: equal (nearly) for one version in two formats."""


@dataclass(frozen=True, slots=True)
class PairPlan:
    """Two versions to compare in a batch."""

    id: str
    """Safe as a folder name: letters, digits, CJK, ``-`` and ``_`` only, unique in the batch."""
    old: str
    new: str
    """Paths relative to the input folder."""
    work: str
    """What the two are versions of (the title they share), for the index."""


@dataclass(frozen=True, slots=True)
class BatchPlan:
    pairs: tuple[PairPlan, ...]
    singles: tuple[tuple[str, str], ...]
    """(id, path) of each document without a partner: extraction only."""
    duplicates: tuple[tuple[str, str], ...]
    """(path, path of the document it repeats): the same version in another format."""
