"""Ingest stage, HTML: a government web page in, the article body as lines of text out.

A page on a Chinese government site wraps one document in navigation, breadcrumbs
(当前位置：首页 > 政策), share bars, "related documents" lists and a footer with the ICP
licence number. This module keeps the body only: it finds the content container that the
common CMSs use (TRS WCM's ``.TRS_Editor``, gov.cn's ``.pages_content``/``#UCAP-CONTENT``,
``#zoom``…) or, failing that, the block holding the most non-link text, then turns its
block structure into ``\\n``-separated lines. Spaces, ``&nbsp;`` and U+3000 indents are kept
for the normalization stage.

Parsing is done by lxml's HTML parser with no network access. That parser never expands
DTD entities, but a page that declares any (``<!ENTITY``) is rejected all the same: no real
web page needs one, and they are the vehicle of XXE and billion-laughs attacks. A page
beyond libxml2's limits (elements nested over 256 deep, a text node over 10 MB) is refused
too: the parser would stop there and the rest of the page would silently be lost.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from policydiff.errors import InputEmpty, MarkupLimitExceeded, UnsafeMarkup
from policydiff.ingest.text import bom_encoding, canonical_encoding, decode_text, unify_line_ends
from policydiff.model import InputFormat, SourceDocument

# Content that is never part of the document's text.
_DROP_TAGS = frozenset({
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "iframe",
    "button", "select", "input", "textarea", "object", "embed", "svg", "canvas", "map",
    "audio", "video", "head",
})
_BLOCK_TAGS = frozenset({
    "address", "article", "blockquote", "body", "caption", "center", "dd", "details", "dir",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "html", "legend", "li", "main", "menu", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "tfoot", "thead", "tr", "ul", "br",
})
_CELL_TAGS = frozenset({"td", "th"})
_PARAGRAPH_TAGS = frozenset({"p", "li", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6"})

MAX_HTML_DEPTH = 256
"""libxml2's nesting limit without XML_PARSE_HUGE (lxml's huge_tree, left off): deeper
pages are refused with MarkupLimitExceeded rather than read in part."""

# A search or comment form is dropped, but ASP.NET sites wrap the whole page in one <form>.
_FORM_MAX_TEXT = 100

# Content containers of the CMSs Chinese government sites run on, most specific first;
# ("tag", …) matches the element name, the others an id or a class (case-insensitively).
_CONTAINERS = (
    ("id", "ucap-content"), ("class", "pages_content"), ("id", "zoom"), ("id", "fontzoom"),
    ("class", "trs_editor"), ("class", "trs_ueditor"), ("class", "article-content"),
    ("class", "article_content"), ("id", "articlecontent"), ("class", "articlecontent"),
    ("id", "js_content"), ("class", "rich_media_content"), ("tag", "article"),
    ("tag", "main"), ("id", "content"), ("class", "content"),
)

# id/class words of page furniture. Distinctive words match anywhere ("mainNav"); short,
# ambiguous ones only as a whole word ("foot" but not "footnote").
_JUNK_NAME = re.compile(
    r"nav|menu|breadcrumb|crumb|weizhi|dqwz|copyright|banquan|sidebar|share|footer"
    r"|(?<![a-z])(?:side|foot|bottom|position|location|print|dayin|close|guanbi|related"
    r"|xgwj|header|search|login|toolbar|tools?|ads?|advert)(?![a-z])"
)

# Lines of page furniture that sit inside the content container on many sites.
_JUNK_LINE = re.compile(
    r"ICP[备证]|公网安备|版权所有|网站标识码|主办单位|承办单位|打印本页|关闭窗口"
    r"|^\W*(?:您|你)?(?:现在)?(?:的|所在|当前)?位置\s*[:：]"
    r"|^\W*首页\s*[>›»＞/]"
)
# A line made only of link words such as 【打印】【关闭】 or 网站地图 | 联系我们.
_LINK_WORDS_LINE = re.compile(
    r"^[\W_]*(?:(?:联系我们|网站地图|打印|关闭|收藏|返回顶部|分享到?|字号|字体|大|中|小|默认"
    r"|法律声明|隐私声明|使用帮助|纠错|扫一扫|在手机打开当前页)[\W_]*)+$"
)
_JUNK_LINE_MAX = 150

_ENTITY_DECLARATION = re.compile(r"<!ENTITY", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]")
_COUNTED = re.compile(r"[\w\u3001-\u303f\uff00-\uffef]")  # text, not spaces or markup

# Title separators before a site name: "通知_政策文件_中国政府网", "通知 - 生态环境部".
# A hyphen between digits (2020-2021年) or a doubled dash (——) is part of the title.
_TITLE_TAIL = re.compile(r"(?:\s*[_|｜]\s*|\s+[-–—]\s+|(?<![\d—])[-–—](?![\d—]))([^_|｜\-–—]{1,30})$")
_TITLE_TAILS_MAX = 2


class _Break:
    """Token for a line break in the rendered token stream."""


_BREAK = _Break()
_Token = str | _Break


def read_html(data: bytes, *, source: str, sha256: str) -> SourceDocument:
    """Read a web page and return its article body.

    Args:
        data: the page's bytes.
        source: the path or name the user gave.
        sha256: hex digest of ``data``.

    Raises:
        UnsafeMarkup: the page declares DTD entities.
        MarkupLimitExceeded: the page is beyond the HTML parser's limits (see ``MAX_HTML_DEPTH``).
        InputEmpty: the page has no body text.
        BinaryInput, UndecodableText: the bytes are not text (see ``decode_text``).
    """
    text, encoding = decode_text(data, source=source, declared=_declared_charset(data))
    if _ENTITY_DECLARATION.search(text):
        raise UnsafeMarkup(
            f"{source}: the page declares XML entities (<!ENTITY …>)",
            cause="entity declarations are how external-entity (XXE) and recursive-entity "
                  "(billion laughs) attacks read local files or exhaust memory; no web page "
                  "needs them, so policydiff refuses to parse it",
            fix="save the page again without its DOCTYPE/DTD (or copy the text into a TXT file)",
        )
    root = _parse(text, source=source)
    title_meta = _meta_article_title(root)
    page_title = _element_text(root.find(".//title"))
    body = root.find("body")
    if body is None:
        body = root
    _drop_furniture(body)
    container = _find_container(body)
    title_h1 = _element_text(container.find(".//h1"))
    _drop_junk_children(container)
    lines = [line for line in _render_lines(container) if not _is_junk_line(line)]
    if not lines:
        raise InputEmpty(
            f"{source}: the web page has no body text",
            cause="after removing navigation, scripts and footers nothing is left; the "
                  "page may load its text with JavaScript",
            fix="open the page in a browser and save it as “Web page, complete”, or copy "
                "the text into a TXT file",
        )
    return SourceDocument(
        source=source,
        format=InputFormat.HTML,
        raw_text="\n".join(lines),
        sha256=sha256,
        encoding=encoding,
        title=title_meta or title_h1 or _strip_site_name(page_title),
    )


def _declared_charset(data: bytes) -> str | None:
    """The charset a ``<meta>`` tag declares in the first 4 KiB (a UTF-16 page has a BOM)."""
    if bom_encoding(data):
        return None
    match = _META_CHARSET.search(data[:4096])
    codec = canonical_encoding(match.group(1).decode("ascii")) if match else None
    # A <meta> found in ASCII cannot be in UTF-16/32: the HTML standard reads such pages
    # as UTF-8 too.
    return None if codec is None or codec.startswith(("utf-16", "utf-32")) else codec


def _parse(text: str, *, source: str) -> etree._Element:
    parser = lxml.html.HTMLParser(
        encoding="utf-8", no_network=True, remove_comments=True, remove_pis=True,
    )
    # Parse bytes with an explicit encoding: lxml refuses str input that starts with an
    # XML declaration, and the declared charset has already been applied by decode_text.
    # Characters XML forbids are dropped: lxml would refuse them when the tree is edited.
    markup = _NOT_XML.sub("", unify_line_ends(text))
    try:
        root = lxml.html.document_fromstring(markup.encode("utf-8"), parser=parser)
    except etree.ParserError as error:
        _check_parser_limits(parser, source)
        raise InputEmpty(
            f"{source}: the web page is empty",
            cause=f"the HTML parser found no elements ({error})",
            fix="check that the file is the saved page and not an empty download",
        ) from error
    _check_parser_limits(parser, source)
    return root


def _check_parser_limits(parser: etree.HTMLParser, source: str) -> None:
    """Refuse a page that hit one of libxml2's limits: the parser stops there and, being
    lenient, returns what it had, so the rest of the page would be lost without a word."""
    hit = next((entry for entry in parser.error_log
                if entry.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT), None)
    if hit is None:
        return
    if "depth" in hit.message.lower():
        what = f"nests elements more than {MAX_HTML_DEPTH} levels deep (line {hit.line})"
        cause = (f"the HTML parser stops at a depth of {MAX_HTML_DEPTH}, a guard against parser-exhaustion "
                 "attacks, and the rest of the page would be lost; real pages nest a few dozen levels")
    else:
        what = f"has a run of text or markup longer than the HTML parser's limit (line {hit.line})"
        cause = ("the HTML parser stops at a single text node over 10 MB, a guard against memory "
                 "exhaustion, and the rest of the page would be lost")
    raise MarkupLimitExceeded(
        f"{source}: the web page {what}",
        cause=cause,
        fix="open the page in a browser and copy its text into a TXT file, or remove the extra wrapping "
            "elements",
    )


def _meta_article_title(root: etree._Element) -> str | None:
    for meta in root.iter("meta"):
        if (meta.get("name") or "").strip().lower() == "articletitle":
            return _squash(meta.get("content") or "") or None
    return None


def _element_text(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    return _squash(element.text_content()) or None


def _squash(text: str) -> str:
    return _HTML_SPACE.sub(" ", text).strip()


def _strip_site_name(title: str | None) -> str | None:
    """Remove up to two trailing site names from a ``<title>``.

    >>> _strip_site_name("关于印发2020-2021年方案的通知_政策文件_中国政府网")
    '关于印发2020-2021年方案的通知'
    """
    if title is None:
        return None
    for _ in range(_TITLE_TAILS_MAX):
        match = _TITLE_TAIL.search(title)
        if match is None or match.start() == 0:
            break
        title = title[: match.start()].strip()
    return title or None


def _drop_furniture(body: etree._Element) -> None:
    """Remove elements that are never document text, keeping the text that follows them."""
    weights = _subtree_weights(body)
    doomed = []
    for element in body.iter():
        tag = _tag(element)
        hidden = _HIDDEN_STYLE.search(element.get("style") or "")
        if tag in _DROP_TAGS or hidden or (tag == "form" and weights[element] < _FORM_MAX_TEXT):
            doomed.append(element)
    _drop_all(doomed)


def _tag(element: etree._Element) -> str:
    """Lower-case element name; "" for comments and other non-elements."""
    return element.tag.lower() if isinstance(element.tag, str) else ""


def _drop_all(elements: list[etree._Element]) -> None:
    doomed = set(elements)
    for element in elements:
        # A descendant of a dropped element goes with it.
        if not any(ancestor in doomed for ancestor in element.iterancestors()):
            element.drop_tree()


def _count(text: str | None) -> int:
    return len(_COUNTED.findall(text)) if text else 0


def _subtree_weights(root: etree._Element) -> dict[etree._Element, int]:
    """Characters of non-link text (letters, digits, CJK) in each element's subtree.

    One pass over the tree, so that choosing a container stays linear in the page size.
    """
    weights: dict[etree._Element, int] = {}
    open_weights: list[int] = []
    link_depth = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        is_link = _tag(element) == "a"
        if event == "start":
            link_depth += is_link
            open_weights.append(0 if link_depth else _count(element.text))
            continue
        link_depth -= is_link
        weight = open_weights.pop()
        weights[element] = weight
        if open_weights:
            open_weights[-1] += weight + (0 if link_depth else _count(element.tail))
    return weights


def _find_container(body: etree._Element) -> etree._Element:
    """The element holding the document: a known CMS container, else the densest block.

    A known container must hold a third of the page's non-link text, so that an empty or
    decorative ``.content`` box elsewhere on the page is passed over.
    """
    weights = _subtree_weights(body)
    page_weight = weights[body]
    elements = [element for element in body.iter() if _tag(element)]
    for kind, name in _CONTAINERS:
        for element in elements:
            if _matches(element, kind, name) and 3 * weights[element] >= page_weight > 0:
                return element
    return _densest_block(body)


def _matches(element: etree._Element, kind: str, name: str) -> bool:
    if kind == "tag":
        return _tag(element) == name
    if kind == "id":
        return (element.get("id") or "").strip().lower() == name
    return name in (element.get("class") or "").lower().split()


def _densest_block(body: etree._Element) -> etree._Element:
    """The block with the most non-link text in its own paragraphs (readability's idea).

    Text in a ``<p>`` (or heading, list item) counts for the paragraph's parent, text loose
    in a ``<div>``/``<td>`` for the block itself, so that the article's wrapper wins over
    both ``<body>`` and any single paragraph.
    """
    scores: dict[etree._Element, int] = {}
    blocks: list[etree._Element] = []
    link_depth = 0

    def credit(text: str | None) -> None:
        if link_depth or not blocks:
            return
        block = blocks[-1]
        if _tag(block) in _PARAGRAPH_TAGS and block is not body:
            block = block.getparent()
        scores[block] = scores.get(block, 0) + _count(text)

    for event, element in etree.iterwalk(body, events=("start", "end")):
        tag = _tag(element)
        is_block = tag in _BLOCK_TAGS or tag in _CELL_TAGS
        if event == "start":
            link_depth += tag == "a"
            if is_block:
                blocks.append(element)
            credit(element.text)
            continue
        link_depth -= tag == "a"
        if is_block:
            blocks.pop()
        if element is not body:
            credit(element.tail)
    if not scores or max(scores.values()) == 0:
        return body
    return max(scores, key=lambda element: scores[element])


def _drop_junk_children(container: etree._Element) -> None:
    """Drop navigation, share bars and the like that a CMS put inside the container."""
    weights = _subtree_weights(container)
    doomed = []
    for element in container.iterdescendants():
        names = f"{element.get('id') or ''} {element.get('class') or ''}".lower()
        # A wrapper holding most of the text is the article itself, whatever its name.
        if _tag(element) and _JUNK_NAME.search(names) and 2 * weights[element] < weights[container]:
            doomed.append(element)
    _drop_all(doomed)


def _is_junk_line(line: str) -> bool:
    if len(line) > _JUNK_LINE_MAX:
        return False
    return bool(_JUNK_LINE.search(line) or _LINK_WORDS_LINE.match(line))


def _render_lines(container: etree._Element) -> list[str]:
    """Lay out the container's text: blocks and ``<br>`` break lines, inline elements join,
    a table row is one line with its cells joined by `` | ``."""
    # Open frames, innermost last: ("text", tokens) outside tables and inside each cell,
    # ("row", cells) for each open table row.
    frames: list[tuple[str, list[_Token]]] = [("text", [])]

    def add(token: _Token | None) -> None:
        kind, tokens = frames[-1]
        if kind == "text" and token:
            tokens.append(token)
        # Text loose between the cells of a row is source indentation: ignore it.

    for event, element in etree.iterwalk(container, events=("start", "end")):
        tag = _tag(element)
        if event == "start":
            if tag == "tr":
                frames.append(("row", []))
            elif tag in _CELL_TAGS:
                frames.append(("text", []))
            elif tag in _BLOCK_TAGS:
                add(_BREAK)
            add(element.text)
            continue
        if tag in _CELL_TAGS and frames[-1][0] == "text" and len(frames) > 1:
            cell = " ".join(_layout(frames.pop()[1]))
            if frames[-1][0] == "row":
                frames[-1][1].append(cell)
            else:
                add(cell)
        elif tag == "tr" and frames[-1][0] == "row":
            cells = frames.pop()[1]
            if any(cells):
                add(_BREAK)
                add(" | ".join(cells))
                add(_BREAK)
        elif tag in _BLOCK_TAGS:
            add(_BREAK)
        if element is not container:
            add(element.tail)
    return _layout(frames[0][1])


def _layout(tokens: list[_Token]) -> list[str]:
    """Join tokens into lines at each break; collapse HTML whitespace; drop blank lines."""
    lines, current = [], []
    for token in [*tokens, _BREAK]:
        if token is _BREAK:
            line = _collapse_space("".join(current))
            if line and not line.isspace():
                lines.append(line)
            current = []
        else:
            current.append(token)
    return lines


def _collapse_space(text: str) -> str:
    """Collapse runs of HTML whitespace as a browser does; ``&nbsp;`` and U+3000 stay.

    A source line break between two CJK characters is removed altogether (CSS Text 3
    segment-break rule): Chinese has no spaces between words.
    """
    def replace(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if "\n" in match.group() and _CJK.match(before) and _CJK.match(after):
            return ""
        return " "

    return _HTML_SPACE.sub(replace, text).strip(" \t\n\r\f")
