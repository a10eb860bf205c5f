"""DOCX renderer for ``policydiff compare``: the new version as a Word document whose body
carries the differences as native tracked changes.

In goes the compare report built with its redline (``report["redline"]``); out come the
bytes of a DOCX package, written with ``zipfile`` and lxml only. Accepting every revision
in Word gives the new normalized text, rejecting every revision the old one: the body holds
exactly the document text, one paragraph per line, and nothing else. Insertions are
``w:ins``, deletions ``w:del``, moved units ``w:moveFrom``/``w:moveTo`` pairs named after
their change (``move_c012``); each substantive change carries a Word comment with its
summary. Revision tracking stays on, so that a reviewer's own edits are tracked too.

The output is deterministic: fixed member order and zip timestamps, revision ids counted in
document order, and no clock: revisions are dated with the new version's date when the
report has one, and undated otherwise.
"""

from __future__ import annotations

import itertools
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from io import BytesIO
from typing import Any

from lxml import etree

from policydiff.model import NEW_SIDE, OLD_SIDE
from policydiff.render.names import CATEGORY_NAMES, LEVEL_NAMES, tally_line

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_CORE = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DC = "http://purl.org/dc/elements/1.1/"
_DCTERMS = "http://purl.org/dc/terms/"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml"

AUTHOR = "policydiff"
INITIALS = "PD"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
"""Every member's timestamp: the earliest a zip can hold, so that equal reports give equal bytes."""

# What a run's text is on the page, and the element that wraps it.
_WRAPPERS = {"insert": "ins", "delete": "del", "move_from": "moveFrom", "move_to": "moveTo"}
# A paragraph mark inside moved text is tracked as a plain deletion or insertion: accepting and
# rejecting treat it as they would a move mark, and a reader that knows no move marks still can.
_MARK_KINDS = {"equal": "equal", "insert": "insert", "delete": "delete",
               "move_from": "delete", "move_to": "insert"}
# Characters XML 1.0 cannot carry, not even escaped; they become U+FFFD.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ARTICLE_LABEL = re.compile(r"^第[^条]{1,12}条$")
_LEAD_IN_STOPS = "。：:．"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def render_compare_docx(report: dict[str, Any]) -> bytes:
    """The new version as a DOCX with the differences from the old one as tracked changes.

    Args:
        report: ``compare_report(comparison)`` of a comparison made with ``redline=True``.

    Returns:
        The bytes of the ``.docx`` file.

    Raises:
        ValueError: the report holds no redline (``compare_report(..., redline=True)``).
    """
    if "redline" not in report:
        raise ValueError("render_compare_docx needs a report made with compare_report(..., redline=True)")
    date = report["new"].get("date")
    stamp = f"{date}T00:00:00Z" if isinstance(date, str) and _DATE.match(date) else None
    substantive = [change for change in report["changes"] if change["level"] == "substantive"]
    items = _anchor_comments(_anchor_moves(_stream(report["redline"])), substantive)
    writer = _Writer(stamp, comments={change["id"]: number for number, change in enumerate(substantive)})
    return package(report, writer.document(items), substantive, stamp)


def package(report: dict[str, Any], document: etree._Element, commented: list[dict[str, Any]],
            stamp: str | None) -> bytes:
    """The DOCX file around ``document`` (word/document.xml): the styles (宋体, 黑体 headings),
    the settings, a comment on each of the ``commented`` changes, the footer with the article
    tally and the page number, and the core properties naming both versions."""
    parts = {
        "[Content_Types].xml": _content_types(),
        "_rels/.rels": _package_rels(),
        "docProps/core.xml": _core(report, stamp),
        "word/document.xml": document,
        "word/styles.xml": _styles(),
        "word/settings.xml": _settings(),
        "word/comments.xml": _comments(commented, stamp),
        "word/footer1.xml": _footer(report.get("summary", {}).get("clauses", {}).get("tally")),
        "word/_rels/document.xml.rels": _document_rels(),
    }
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, root in parts.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            archive.writestr(info, _xml(root))
    return buffer.getvalue()


# --- the body as a stream of items -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Text:
    """Text of one run; in the stream, the part of it inside one paragraph (no "\\n")."""

    kind: str
    """equal, insert, delete, move_from or move_to."""
    text: str
    changes: tuple[str, ...]
    """The change ids this text belongs to (its edit, its move)."""
    move: str | None
    """The move name shared by the two places, for move_from and move_to; None otherwise."""
    entry: int
    """Index into the redline's ``order``."""
    bold: bool = False


@dataclass(frozen=True, slots=True)
class _Mark:
    """The end of a paragraph: its mark is equal, inserted or deleted."""

    kind: str
    changes: tuple[str, ...]
    entry: int


@dataclass(frozen=True, slots=True)
class _Style:
    """The style of the paragraph that begins here (None: Normal)."""

    style: str | None


@dataclass(frozen=True, slots=True)
class _RangeStart:
    """Start of a move range (moveFrom/moveTo, with its name) or of a comment's anchor."""

    tag: str
    key: str
    name: str | None = None


@dataclass(frozen=True, slots=True)
class _RangeEnd:
    tag: str
    key: str


@dataclass(frozen=True, slots=True)
class _CommentReference:
    key: str


_Item = _Text | _Mark | _Style | _RangeStart | _RangeEnd | _CommentReference


def _stream(redline: dict[str, Any]) -> list[_Item]:
    """The body in reading order: each section's text, and the paragraph marks between them."""
    sections = redline["sections"]
    entries = [(sections[index], placement) for index, placement in redline["order"]]
    separators = _separators([_sides(section, placement) for section, placement in entries])
    items: list[_Item] = []
    for entry, (section, placement) in enumerate(entries):
        if entry:
            kind = separators[entry - 1]
            if kind is not None:
                items.append(_Mark(kind, (), entry))
        items += _section_items(section, placement, entry)
    return items


def _sides(section: dict[str, Any], placement: str) -> tuple[bool, bool]:
    """Whether this placement of a section is part of the old text, and of the new text."""
    return (placement in ("whole", "from") and section["status"] != "inserted",
            placement in ("whole", "to") and section["status"] != "deleted")


def _separators(sides: list[tuple[bool, bool]]) -> list[str | None]:
    """The mark between each two consecutive placements: equal, insert, delete, or None.

    Each version's text joins its sections with one paragraph break, so between two
    consecutive sections of the old text exactly one of the marks between them must be on
    the old side (deleted or equal), and likewise for the new side. Each such span first
    takes the mark right after its earlier section, so that an inserted or deleted
    section's own mark is the inserted or deleted one; then spans move, as in a bipartite
    matching, so that every mark that can have a side gets one: a deleted section at the
    very end hands its deletion to the mark before it (the document's last mark cannot be
    deleted). A separator is None (two sections share a paragraph) only where neither
    text has a break to give, as in deleted · inserted · deleted.
    """
    gaps = max(len(sides) - 1, 0)
    spans: list[tuple[str, int, int]] = []  # (side, first gap, last gap)
    for side, name in ((0, "old"), (1, "new")):
        present = [index for index, both in enumerate(sides) if both[side]]
        spans += [(name, earlier, later - 1) for earlier, later in itertools.pairwise(present)]
    covering: list[list[int]] = [[] for _ in range(gaps)]
    for number, (_, first, last) in enumerate(spans):
        for gap in range(first, last + 1):
            covering[gap].append(number)
    choice = [first for _, first, _ in spans]
    owner: dict[int, int] = {}
    for number, gap in enumerate(choice):
        owner.setdefault(gap, number)

    for gap in range(gaps):
        if gap not in owner:
            _augment(gap, covering, choice, owner)
    names: list[set[str]] = [set() for _ in range(gaps)]
    for (name, _, _), gap in zip(spans, choice):
        names[gap].add(name)
    kinds = {frozenset({"old", "new"}): "equal", frozenset({"old"}): "delete", frozenset({"new"}): "insert"}
    return [kinds.get(frozenset(gap)) for gap in names]


def _augment(start: int, covering: list[list[int]], choice: list[int], owner: dict[int, int]) -> None:
    """Give the uncovered gap ``start`` a span of its own if spans can shift along to free
    one: a breadth-first search for an augmenting path, as in bipartite matching."""
    came_from = {start: start}  # a gap reached through its owner, which also covers this gap
    queue = [start]
    for gap in queue:
        for number in covering[gap]:
            held = choice[number]
            if owner.get(held) != number:  # shares its gap with the other side: free to move
                while True:
                    previous = owner.get(gap)
                    choice[number], owner[gap] = gap, number
                    if gap == start:
                        return
                    number, gap = previous, came_from[gap]
            if held not in came_from:
                came_from[held] = gap
                queue.append(held)


def _section_items(section: dict[str, Any], placement: str, entry: int) -> list[_Item]:
    """One placement of a section: its runs as they read there, split into paragraphs."""
    visible = OLD_SIDE if placement == "from" or section["status"] == "deleted" else NEW_SIDE
    label, title = ((section["old_label"], section["old_title"]) if visible is OLD_SIDE
                    else (section["new_label"], section["new_title"]))
    # Each paragraph's pieces, and the marks that end all but the last.
    paragraphs: list[list[_Text]] = [[]]
    marks: list[_Mark] = []
    for run in _placed_runs(section, placement, entry):
        for number, line in enumerate(run.text.split("\n")):
            if number:
                marks.append(_Mark(_MARK_KINDS[run.kind], run.changes, entry))
                paragraphs.append([])
            if line:
                paragraphs[-1].append(replace(run, text=line))
    items: list[_Item] = []
    for number, pieces in enumerate(paragraphs):
        line = "".join(piece.text for piece in pieces if piece.kind in visible)
        if number:
            items.append(marks[number - 1])
        items.append(_Style(_paragraph_style(section, number, line)))
        lead = _lead_in(line, label, title if number == 0 else None) if section["kind"] == "clause" else 0
        items += _embolden(pieces, lead, visible) if lead else pieces
    return items


def _placed_runs(section: dict[str, Any], placement: str, entry: int) -> list[_Text]:
    """The section's runs with the kind they have at this placement.

    A whole inserted section is all insertion and a whole deleted one all deletion; at
    a moved section's old place its old side is all move_from, at its new place its new
    side all move_to, and the edits inside the moved text are part of the moved text.
    """
    status, move = section["status"], section["move"]
    runs: list[_Text] = []
    for run in section["runs"]:
        op, changes = run["op"], tuple(c for c in (run["change"], run["move"]) if c)
        name = f"move_{run['move']}" if run["move"] else None
        if placement == "from":
            if op not in OLD_SIDE:
                continue
            kind, name, changes = ("move_from", f"move_{move}", (*changes, move)) if move else ("delete", None, changes)
        elif placement == "to":
            if op not in NEW_SIDE:
                continue
            kind, name, changes = ("move_to", f"move_{move}", (*changes, move)) if move else ("insert", None, changes)
        elif status == "inserted":
            if op not in NEW_SIDE:
                continue
            kind = "move_to" if op == "move_to" else "insert"
        elif status == "deleted":
            if op not in OLD_SIDE:
                continue
            kind = "move_from" if op == "move_from" else "delete"
        else:
            kind = op
        if kind in ("move_from", "move_to") and name is None:
            kind = "delete" if kind == "move_from" else "insert"
        runs.append(_Text(kind, run["text"], changes, name if kind in ("move_from", "move_to") else None, entry))
    return runs


def _lead_in(line: str, label: str | None, title: str | None) -> int:
    """Length of a clause's lead-in at the start of a line: "（一）加强组织领导。", "第三条"; 0 if none.

    A 公文 item opens with its label and a short title ended by 。, printed bold; a law's
    article opens with its number. A split unit's label names every part ("第三条、第四条"),
    and each part's first line opens with its own.
    """
    if not label:
        return 0
    for candidate in (label, *label.split("、")):
        if title and line.startswith(candidate + title):
            end = len(candidate + title)
            return end + 1 if line[end:end + 1] and line[end] in _LEAD_IN_STOPS else end
        if not title and _ARTICLE_LABEL.match(candidate) and line.startswith(candidate):
            return len(candidate)
    return 0


def _embolden(pieces: list[_Text], lead: int, visible: frozenset[str]) -> list[_Text]:
    """Bold the first ``lead`` visible characters of a paragraph, and the other side's text
    among them (a renumbered label's old digits)."""
    result: list[_Text] = []
    offset = 0  # visible characters passed so far
    for piece in pieces:
        if piece.kind in visible:
            take = max(min(len(piece.text), lead - offset), 0)
            offset += len(piece.text)
            result += [replace(piece, text=text, bold=bold)
                       for text, bold in ((piece.text[:take], True), (piece.text[take:], False)) if text]
        else:
            result.append(replace(piece, bold=0 < offset < lead))
    return result


def _paragraph_style(section: dict[str, Any], paragraph: int, line: str) -> str | None:
    kind = section["kind"]
    if kind == "heading":
        return f"Heading{min(section['depth'], 2) + 1}"
    if kind == "front_matter":
        return "Title" if paragraph == 0 and _is_title(line) else "NoIndent"
    if kind == "trailer":
        return "NoIndent"
    return None


def _is_title(line: str) -> bool:
    """Whether a front matter's first line looks like the document's title: short, and not a
    主送 list ending in ： or a sentence (a web page's front matter may open with either)."""
    return 0 < len(line.strip()) <= 80 and not line.rstrip().endswith(("：", ":", "。"))


def _anchor_moves(items: list[_Item]) -> list[_Item]:
    """Wrap each move's text at each place in its named range; a move whose other place is
    missing from the body is tracked as a plain deletion or insertion instead."""
    names = {kind: {item.move for item in items if isinstance(item, _Text) and item.kind == kind}
             for kind in ("move_from", "move_to")}
    paired = names["move_from"] & names["move_to"]
    items = [replace(item, kind="delete" if item.kind == "move_from" else "insert", move=None)
             if isinstance(item, _Text) and item.move is not None and item.move not in paired else item
             for item in items]
    spans: list[tuple[int, int, _RangeStart, _RangeEnd]] = []
    for name in sorted(paired):
        for kind, tag in (("move_from", "moveFromRange"), ("move_to", "moveToRange")):
            where = [index for index, item in enumerate(items)
                     if isinstance(item, _Text) and item.kind == kind and item.move == name]
            key = f"{tag}:{name}"
            spans.append((where[0], where[-1], _RangeStart(tag, key, name), _RangeEnd(tag, key)))
    return _insert(items, spans)


def _anchor_comments(items: list[_Item], substantive: list[dict[str, Any]]) -> list[_Item]:
    """Anchor each substantive change's comment from its first to its last run, at the first
    place in the body where the change appears (a moved unit appears twice)."""
    places: dict[str, list[tuple[int, int]]] = {}
    for index, item in enumerate(items):
        if isinstance(item, (_Text, _Mark)):
            for key in item.changes:
                places.setdefault(key, []).append((index, item.entry))
    spans: list[tuple[int, int, _RangeStart, _RangeEnd]] = []
    unplaced: list[str] = []
    for change in substantive:
        key = change["id"]
        found = places.get(key, [])
        where = [index for index, entry in found if entry == found[0][1]]
        if where:
            spans.append((where[0], where[-1], _RangeStart("comment", key), _RangeEnd("comment", key)))
        else:
            unplaced.append(key)
    items = _insert(items, spans, references=True)
    # A change that the body cannot show still gets its comment, at the top of the document.
    top: list[_Item] = [marker for key in unplaced
                        for marker in (_RangeStart("comment", key), _RangeEnd("comment", key), _CommentReference(key))]
    start = 1 if items and isinstance(items[0], _Style) else 0
    return items[:start] + top + items[start:]


def _insert(items: list[_Item], spans: list[tuple[int, int, _RangeStart, _RangeEnd]], *,
            references: bool = False) -> list[_Item]:
    """Put each span's start before its first item and its end (and comment reference) after its last."""
    before: dict[int, list[_Item]] = {}
    after: dict[int, list[_Item]] = {}
    for first, last, start, end in spans:
        before.setdefault(first, []).append(start)
        after.setdefault(last, []).append(end)
        if references:
            after[last].append(_CommentReference(end.key))
    result: list[_Item] = []
    for index, item in enumerate(items):
        result += before.get(index, [])
        result.append(item)
        result += after.get(index, [])
    return result


# --- XML ----------------------------------------------------------------------------------------


@cache
def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def xml_text(text: str) -> str:
    """``text`` with the characters XML 1.0 forbids (a control character left in a source) as U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def element(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    """A WordprocessingML child ``w:tag`` of ``parent`` with ``w:`` attributes."""
    if not attributes:
        return etree.SubElement(parent, _w(tag))
    return etree.SubElement(parent, _w(tag), {_w(key): value for key, value in attributes.items()})


@dataclass
class _Writer:
    """Writes word/document.xml, numbering revisions and ranges in document order."""

    stamp: str | None
    comments: dict[str, int]
    """Comment id of each commented change; every other id follows them."""
    ids: dict[str, str] = field(default_factory=dict)
    counter: int = 0

    def document(self, items: list[_Item]) -> etree._Element:
        root = etree.Element(_w("document"), nsmap={"w": W, "r": R})
        body = element(root, "body")
        for style, content, mark in _paragraphs(items):
            self.paragraph(body, style, content, mark)
        section = element(body, "sectPr")
        etree.SubElement(section, _w("footerReference"), {_w("type"): "default", f"{{{R}}}id": "rIdFooter"})
        # A4 with the margins of GB/T 9704-2012 (党政机关公文格式): 37 / 35 / 28 / 26 mm.
        element(section, "pgSz", w="11906", h="16838")
        element(section, "pgMar", top="2098", right="1474", bottom="1984", left="1588",
                 header="851", footer="992", gutter="0")
        return root

    def next_id(self) -> str:
        self.counter += 1
        return str(len(self.comments) + self.counter - 1)

    def revision(self, parent: etree._Element, tag: str, *, number: str | None = None) -> etree._Element:
        made = element(parent, tag, id=number or self.next_id(), author=AUTHOR)
        if self.stamp:
            made.set(_w("date"), self.stamp)
        return made

    def paragraph(self, body: etree._Element, style: str | None, content: list[_Item], mark: _Mark | None) -> None:
        paragraph = element(body, "p")
        if style or (mark and mark.kind != "equal"):
            properties = element(paragraph, "pPr")
            if style:
                element(properties, "pStyle", val=style)
            if mark and mark.kind != "equal":
                self.revision(element(properties, "rPr"), _WRAPPERS[mark.kind])
        for item in content:
            if isinstance(item, _Text):
                parent = paragraph if item.kind == "equal" else self.revision(paragraph, _WRAPPERS[item.kind])
                _run(parent, item.text, deleted=item.kind == "delete", bold=item.bold)
            elif isinstance(item, _RangeStart):
                if item.tag == "comment":
                    element(paragraph, "commentRangeStart", id=self.comment_id(item.key))
                else:
                    self.ids[item.key] = self.next_id()
                    marker = self.revision(paragraph, item.tag + "Start", number=self.ids[item.key])
                    marker.set(_w("name"), item.name or "")
            elif isinstance(item, _RangeEnd):
                if item.tag == "comment":
                    element(paragraph, "commentRangeEnd", id=self.comment_id(item.key))
                else:
                    element(paragraph, item.tag + "End", id=self.ids[item.key])
            elif isinstance(item, _CommentReference):
                run = element(paragraph, "r")
                element(element(run, "rPr"), "rStyle", val="CommentReference")
                element(run, "commentReference", id=self.comment_id(item.key))

    def comment_id(self, key: str) -> str:
        return str(self.comments[key])


def _paragraphs(items: list[_Item]) -> Iterator[tuple[str | None, list[_Item], _Mark | None]]:
    """Group the stream into paragraphs: (style, content, the mark that ends it or None for the last)."""
    style: str | None = None
    styled = False  # a paragraph takes the style of the section it begins in
    content: list[_Item] = []
    for item in items:
        if isinstance(item, _Style):
            if not styled:
                style, styled = item.style, True
        elif isinstance(item, _Mark):
            yield style, content, item
            style, styled, content = None, False, []
        else:
            content.append(item)
            styled = styled or isinstance(item, _Text)
    yield style, content, None


def _run(parent: etree._Element, text: str, *, deleted: bool, bold: bool) -> None:
    run = element(parent, "r")
    if bold:
        properties = element(run, "rPr")
        element(properties, "b")
        element(properties, "bCs")
    for number, piece in enumerate(xml_text(text).split("\t")):
        if number:
            element(run, "tab")
        if piece:
            text_element = element(run, "delText" if deleted else "t")
            text_element.set(_XML_SPACE, "preserve")
            text_element.text = piece


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- the other parts ---------------------------------------------------------------------------


def _content_types() -> etree._Element:
    root = etree.Element(f"{{{_CONTENT_TYPES}}}Types", nsmap={None: _CONTENT_TYPES})
    for extension, kind in (("rels", "application/vnd.openxmlformats-package.relationships+xml"),
                            ("xml", "application/xml")):
        etree.SubElement(root, f"{{{_CONTENT_TYPES}}}Default", Extension=extension, ContentType=kind)
    for part, kind in (("/word/document.xml", f"{_MAIN_TYPE}.document.main+xml"),
                       ("/word/styles.xml", f"{_MAIN_TYPE}.styles+xml"),
                       ("/word/settings.xml", f"{_MAIN_TYPE}.settings+xml"),
                       ("/word/comments.xml", f"{_MAIN_TYPE}.comments+xml"),
                       ("/word/footer1.xml", f"{_MAIN_TYPE}.footer+xml"),
                       ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml")):
        etree.SubElement(root, f"{{{_CONTENT_TYPES}}}Override", PartName=part, ContentType=kind)
    return root


def _relationships(targets: list[tuple[str, str, str]]) -> etree._Element:
    root = etree.Element(f"{{{_PACKAGE_RELS}}}Relationships", nsmap={None: _PACKAGE_RELS})
    for rel_id, kind, target in targets:
        etree.SubElement(root, f"{{{_PACKAGE_RELS}}}Relationship", Id=rel_id, Type=kind, Target=target)
    return root


def _package_rels() -> etree._Element:
    return _relationships([
        ("rId1", f"{R}/officeDocument", "word/document.xml"),
        ("rId2", f"{_PACKAGE_RELS}/metadata/core-properties", "docProps/core.xml"),
    ])


def _document_rels() -> etree._Element:
    return _relationships([
        ("rIdStyles", f"{R}/styles", "styles.xml"),
        ("rIdSettings", f"{R}/settings", "settings.xml"),
        ("rIdComments", f"{R}/comments", "comments.xml"),
        ("rIdFooter", f"{R}/footer", "footer1.xml"),
    ])


def _core(report: dict[str, Any], stamp: str | None) -> etree._Element:
    old, new = report["old"], report["new"]
    root = etree.Element(f"{{{_CORE}}}coreProperties",
                         nsmap={"cp": _CORE, "dc": _DC, "dcterms": _DCTERMS, "xsi": _XSI})
    summary = report.get("summary", {})
    counts = summary.get("by_level", {})
    tally = summary.get("clauses", {}).get("tally")
    description = (f"修订稿（policydiff）：旧版 {old['source']}（sha256 {old['sha256'][:12]}）→ "
                   f"新版 {new['source']}（sha256 {new['sha256'][:12]}）；"
                   + "，".join(f"{LEVEL_NAMES[level]} {count} 处" for level, count in counts.items())
                   + (f"；{tally_line(tally)}" if tally else "") + "。")
    for namespace, tag, text in ((_DC, "title", new["title"] or new["source"]),
                                 (_DC, "subject", "版本比较（修订）"),
                                 (_DC, "creator", AUTHOR),
                                 (_DC, "description", description),
                                 (_DC, "language", "zh-CN"),
                                 (_CORE, "lastModifiedBy", AUTHOR)):
        etree.SubElement(root, f"{{{namespace}}}{tag}").text = xml_text(text)
    if stamp:
        for tag in ("created", "modified"):
            dated = etree.SubElement(root, f"{{{_DCTERMS}}}{tag}", {f"{{{_XSI}}}type": "dcterms:W3CDTF"})
            dated.text = stamp
    return root


def _comments(substantive: list[dict[str, Any]], stamp: str | None) -> etree._Element:
    root = etree.Element(_w("comments"), nsmap={"w": W})
    for number, change in enumerate(substantive):
        comment = element(root, "comment", id=str(number), author=AUTHOR, initials=INITIALS)
        if stamp:
            comment.set(_w("date"), stamp)
        paragraph = element(comment, "p")
        element(element(paragraph, "pPr"), "pStyle", val="CommentText")
        reference = element(paragraph, "r")
        element(element(reference, "rPr"), "rStyle", val="CommentReference")
        element(reference, "annotationRef")
        _run(paragraph, comment_text(change), deleted=False, bold=False)
    return root


def comment_text(change: dict[str, Any]) -> str:
    """"实质性 · quantity, scope：删除唐山市钢铁产能1亿吨上限 [c031]"."""
    # All in Chinese, as the document is: 实质性 · 要求、数量 (not 实质性 · requirement).
    categories = "、".join(CATEGORY_NAMES.get(category, category) for category in change["categories"])
    head = " · ".join([LEVEL_NAMES[change["level"]], categories] if categories else [LEVEL_NAMES[change["level"]]])
    return f"{head}：{change['summary']} [{change['id']}]"


def _settings() -> etree._Element:
    root = etree.Element(_w("settings"), nsmap={"w": W})
    element(root, "zoom", percent="100")
    element(root, "trackRevisions")
    element(root, "defaultTabStop", val="420")
    element(root, "characterSpacingControl", val="compressPunctuation")
    # Word 2013 and later layout; without it Word opens the file in compatibility mode.
    element(element(root, "compat"), "compatSetting", name="compatibilityMode",
             uri="http://schemas.microsoft.com/office/word", val="15")
    element(root, "themeFontLang", val="en-US", eastAsia="zh-CN")
    return root


def _footer(tally: dict[str, int] | None) -> etree._Element:
    """The article tally (条款 修改 N、新增 N…) and a centred page number, "— 1 —", as 公文 print it."""
    root = etree.Element(_w("ftr"), nsmap={"w": W})
    if tally:
        line = element(root, "p")
        element(element(line, "pPr"), "jc", val="center")
        _run(line, tally_line(tally), deleted=False, bold=False)
    paragraph = element(root, "p")
    element(element(paragraph, "pPr"), "jc", val="center")
    _run(paragraph, "— ", deleted=False, bold=False)
    field_ = element(paragraph, "fldSimple", instr=" PAGE ")
    _run(field_, "1", deleted=False, bold=False)
    _run(paragraph, " —", deleted=False, bold=False)
    return root


def _fonts(parent: etree._Element, east_asia: str) -> None:
    element(parent, "rFonts", ascii="Times New Roman", hAnsi="Times New Roman", eastAsia=east_asia,
             cs="Times New Roman")


def _styles() -> etree._Element:
    """Normal in 宋体 with two-character first-line indents, headings in 黑体, lang zh-CN."""
    root = etree.Element(_w("styles"), nsmap={"w": W})
    defaults = element(root, "docDefaults")
    run = element(element(defaults, "rPrDefault"), "rPr")
    _fonts(run, "宋体")
    element(run, "kern", val="2")
    element(run, "sz", val="24")
    element(run, "szCs", val="24")
    element(run, "lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    paragraph = element(element(defaults, "pPrDefault"), "pPr")
    element(paragraph, "spacing", after="0", line="400", lineRule="auto")

    def style(kind: str, style_id: str, name: str, *, based: str | None = None,
              default: bool = False) -> etree._Element:
        made = element(root, "style", type=kind, styleId=style_id)
        if default:
            made.set(_w("default"), "1")
        element(made, "name", val=name)
        if based:
            element(made, "basedOn", val=based)
        if kind == "paragraph" and style_id != "Normal":
            element(made, "next", val="Normal")
        element(made, "qFormat")
        return made

    normal = style("paragraph", "Normal", "Normal", default=True)
    element(element(normal, "pPr"), "ind", firstLineChars="200", firstLine="480")

    plain = style("paragraph", "NoIndent", "正文无缩进", based="Normal")
    element(element(plain, "pPr"), "ind", firstLineChars="0", firstLine="0")

    title = style("paragraph", "Title", "Title", based="Normal")
    properties = element(title, "pPr")
    element(properties, "spacing", before="240", after="360")
    element(properties, "ind", firstLineChars="0", firstLine="0")
    element(properties, "jc", val="center")
    font = element(title, "rPr")
    _fonts(font, "宋体")
    element(font, "b")
    element(font, "bCs")
    element(font, "sz", val="36")
    element(font, "szCs", val="36")

    for level, size in ((1, "32"), (2, "28"), (3, "24")):
        heading = style("paragraph", f"Heading{level}", f"heading {level}", based="Normal")
        properties = element(heading, "pPr")
        element(properties, "keepNext")
        element(properties, "spacing", before="240", after="120")
        element(properties, "ind", firstLineChars="0", firstLine="0")
        element(properties, "outlineLvl", val=str(level - 1))
        font = element(heading, "rPr")
        _fonts(font, "黑体")
        element(font, "sz", val=size)
        element(font, "szCs", val=size)

    comment = style("paragraph", "CommentText", "annotation text", based="Normal")
    element(element(comment, "pPr"), "ind", firstLineChars="0", firstLine="0")
    font = element(comment, "rPr")
    element(font, "sz", val="20")
    element(font, "szCs", val="20")
    reference = style("character", "CommentReference", "annotation reference")
    font = element(reference, "rPr")
    element(font, "sz", val="16")
    element(font, "szCs", val="16")
    return root
