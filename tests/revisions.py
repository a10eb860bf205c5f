"""Accept or reject every tracked change in a word/document.xml, as Word would, and read the
paragraphs that remain.

Accepting drops deleted and moved-away content (``w:del``, ``w:moveFrom``) and keeps inserted
and moved-here content (``w:ins``, ``w:moveTo``); rejecting does the reverse. A paragraph
whose mark goes away is joined with the next one. Written independently of the renderer, so
that a test of the renderer against it checks something.
"""

from __future__ import annotations

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}

_REMOVED = {True: ("del", "moveFrom"), False: ("ins", "moveTo")}
"""What goes away when the revisions are accepted (True) or rejected (False)."""
_TEXT = {f"{{{W}}}t": None, f"{{{W}}}delText": None, f"{{{W}}}tab": "\t", f"{{{W}}}br": "\n", f"{{{W}}}cr": "\n"}


def apply_revisions(document: bytes, *, accept: bool) -> etree._Element:
    """The body of ``document`` with every revision accepted (or rejected)."""
    root = etree.fromstring(document)
    body = root.find("w:body", NS)
    removed, kept = _REMOVED[accept], _REMOVED[not accept]
    paragraphs = body.findall("w:p", NS)
    # Paragraph marks first: a removed mark joins its paragraph with the next one.
    doomed = []
    for paragraph in paragraphs:
        marks = paragraph.find("w:pPr/w:rPr", NS)
        if marks is None:
            continue
        for tag in (*removed, *kept):
            for mark in marks.findall(f"w:{tag}", NS):
                marks.remove(mark)
                if tag in removed:
                    doomed.append(paragraph)
    for paragraph in reversed(doomed):
        following = paragraph.getnext()
        while following is not None and following.tag != f"{{{W}}}p":
            following = following.getnext()
        if following is None:
            raise ValueError("the last paragraph mark of a document cannot be removed")
        # The joined paragraph keeps the next one's properties, as Word does.
        for child in list(following):
            if child.tag == f"{{{W}}}pPr":
                old = paragraph.find("w:pPr", NS)
                if old is not None:
                    paragraph.remove(old)
                paragraph.insert(0, child)
            else:
                paragraph.append(child)
        body.remove(following)
    # Then the content: removed wrappers go with their runs, kept ones are unwrapped.
    for tag in removed:
        for element in body.findall(f".//w:{tag}", NS):
            element.getparent().remove(element)
    for tag in kept:
        for element in body.findall(f".//w:{tag}", NS):
            parent = element.getparent()
            index = parent.index(element)
            for offset, child in enumerate(list(element)):
                parent.insert(index + offset, child)
            parent.remove(element)
    return body


def paragraph_texts(body: etree._Element) -> list[str]:
    """Each paragraph's text: w:t and w:delText, tabs as "\\t"."""
    texts = []
    for paragraph in body.findall("w:p", NS):
        pieces = []
        for element in paragraph.iter(*_TEXT):
            fixed = _TEXT[element.tag]
            pieces.append(fixed if fixed is not None else element.text or "")
        texts.append("".join(pieces))
    return texts


def accepted_text(document: bytes) -> str:
    return "\n".join(paragraph_texts(apply_revisions(document, accept=True)))


def rejected_text(document: bytes) -> str:
    return "\n".join(paragraph_texts(apply_revisions(document, accept=False)))
