"""corpora/tools/renderings.py: each rendering keeps the law's words and looks like its source.

The words of a rendering (letters and digits, CJK included) must be those of the Markdown's
title, history and body, in order, once the added material is set aside: page-number lines,
and a 目录 (the corpus sweep relies on this to compare readings of the same law).
"""

from __future__ import annotations

import re
import zipfile

import pytest
from pypdf import PdfReader

from corpora.tools import renderings
from corpora.tools.lawref import read_markdown
from corpora.tools.renderings import TEXT_RENDERINGS, render_office, render_text
from tests.conftest import CORPORA, require_tool

COMPANY = sorted((CORPORA / "laws" / "company-law").glob("*.md"))
SMALL = CORPORA / "laws" / "adoption-registration-measures" / "2019-03-02.md"
PAGE_NUMBER = re.compile(r"^\f?(?:- \d+ -|— \d+ —|\d+)$")
ARTICLE = re.compile(r"^[\s\u3000]*第[一二三四五六七八九十百千零〇]+条")
UNITS = ("volume", "chapter", "section")


def words(text: str) -> str:
    return "".join(char for char in text if char.isalnum())


def law_words(markdown: str, *, contents: bool) -> str:
    """The Markdown's words; with ``contents``, a 目录 of its 编/章/节 after the history."""
    law = read_markdown(markdown)
    front = law.title + "".join(law.notes)
    toc = "目录" + "".join((b.label or "") + b.text for b in law.blocks if b.kind in UNITS) if contents else ""
    return words(front + toc + "".join((b.label or "") + b.text for b in law.blocks))


def decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("neither UTF-8 nor GB18030")


def without_page_numbers(text: str) -> list[str]:
    return [line for line in text.splitlines() if not PAGE_NUMBER.match(line.strip(" "))]


def keeps_words(markdown: str, text: str) -> bool:
    found = words("\n".join(without_page_numbers(text)))
    return found in (law_words(markdown, contents=False), law_words(markdown, contents=True))


@pytest.fixture(params=COMPANY, ids=lambda path: path.stem)
def company(request) -> str:
    return request.param.read_text(encoding="utf-8")


def test_markdown_is_the_input_unchanged(company: str) -> None:
    assert render_text(company, "markdown") == company.encode("utf-8")


@pytest.mark.parametrize("rendering", TEXT_RENDERINGS)
def test_words_are_preserved(company: str, rendering: str) -> None:
    text = decode(render_text(company, rendering))
    if rendering == "markdown":
        text = "\n".join(line for line in text.splitlines() if not line.startswith("<!--"))
    assert keeps_words(company, text)


@pytest.mark.parametrize("rendering", TEXT_RENDERINGS)
def test_same_input_same_bytes(company: str, rendering: str) -> None:
    assert render_text(company, rendering) == render_text(company, rendering)


def test_npc_txt_has_crlf_contents_and_spaced_chapters(company: str) -> None:
    text = decode(render_text(company, "npc-txt"))
    lines = text.split("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert {"目　　录", "目　录", "目录"} & set(lines)
    assert "第一章　总　　则" in lines
    assert any(line.startswith("　　第一条　") for line in lines)


def test_web_txt_runs_labels_into_the_text(company: str) -> None:
    lines = decode(render_text(company, "web-txt")).split("\n")
    articles = [line.strip("　") for line in lines if ARTICLE.match(line)]
    assert articles and all(re.match(r"^第[^条]+条[^\s\u3000]", line) for line in articles)
    assert {"第一章总则", "第一章 总则"} & {line.strip("　") for line in lines}


def test_pdf_txt_wraps_lines_and_numbers_pages(company: str) -> None:
    text = decode(render_text(company, "pdf-txt"))
    lines = text.replace("\f", "").split("\n")
    assert max(len(line) for line in lines) <= 40
    numbers = [line.strip(" ") for line in text.split("\n") if PAGE_NUMBER.match(line.strip(" "))]
    assert len(numbers) >= 3
    assert [int(re.sub(r"\D", "", number)) for number in numbers] == list(range(1, len(numbers) + 1))
    assert "，" not in text and "；" not in text


def test_an_unknown_rendering_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown text rendering"):
        render_text("# 标题\n", "html")


def test_libreoffice_makes_docx_and_pdf_once(tmp_path, monkeypatch) -> None:
    require_tool("soffice")
    markdown = SMALL.read_text(encoding="utf-8")
    files = render_office({"small": markdown}, tmp_path)["small"]
    with zipfile.ZipFile(files["docx"]) as docx:
        body = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", docx.read("word/document.xml").decode("utf-8")))
    assert words(body) == law_words(markdown, contents=False)
    pdf = "\n".join(page.extract_text() for page in PdfReader(files["pdf"]).pages)
    assert words("\n".join(without_page_numbers(pdf))) == law_words(markdown, contents=False)

    def no_soffice(*args, **kwargs):
        raise AssertionError("LibreOffice ran although the files are cached")

    monkeypatch.setattr(renderings.subprocess, "run", no_soffice)
    assert render_office({"again": markdown}, tmp_path)["again"] == files
