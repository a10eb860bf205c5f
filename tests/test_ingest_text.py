"""Ingest of plain text and Markdown (policydiff.ingest.text): encodings, line ends, and
Markdown markup. Every input is generated here from a passage of the seed (tests/builders.py)."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policydiff.ingest import parse_bytes
from policydiff.model import InputFormat

from .builders import TEXT

# Traditional characters, for Big5 (which cannot encode the simplified passage).
TRADITIONAL = "第一條　為了保障公民、法人和其他組織依法獲取政府資訊，提高政府工作的透明度。\n"


@pytest.mark.parametrize(("data", "encoding"), [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
    (TEXT.encode("gb18030"), "gb18030"),
    (TEXT.encode("gbk"), "gb18030"),
], ids=["utf-8", "utf-8-bom", "utf-16-le", "utf-16-be", "gb18030", "gbk"])
def test_every_encoding_gives_the_same_text(data: bytes, encoding: str) -> None:
    document = parse_bytes(data, source="notice.txt", suffix=".txt")
    assert document.raw_text == TEXT
    assert document.encoding == encoding
    assert document.format is InputFormat.TXT


@pytest.mark.parametrize(("text", "codec", "encoding"), [
    (TRADITIONAL, "big5", "big5"),
    ("通知\n", "gbk", "gb18030"),  # too short for statistics, and valid UTF-8 by accident
    ("第一条　为了规范…\n", "gbk", "gb18030"),
    ("資訊公開條例\n", "big5", "big5"),
])
def test_short_and_traditional_chinese_texts_decode(text: str, codec: str, encoding: str) -> None:
    document = parse_bytes(text.encode(codec), source="x.txt")
    assert (document.raw_text, document.encoding) == (text, encoding)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="中华人民共和国生态环境部关于印发通知第一条各地要应当不得，。、；（）《》“”0123456789%abc \n",
               min_size=1, max_size=200).filter(lambda text: text.strip()))
def test_gb18030_round_trips(text: str) -> None:
    assert parse_bytes(text.encode("gb18030"), source="x.txt").raw_text == text


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\u2028"], ids=["crlf", "cr", "u2028"])
def test_line_ends_become_newlines(newline: str) -> None:
    data = TEXT.replace("\n", newline).encode("utf-8")
    assert parse_bytes(data, source="x.txt").raw_text == TEXT


def test_text_is_otherwise_left_alone() -> None:
    text = "　　（一）基本思路。PM_{2.5} 浓度\u00a0下降 33% 。\n\n# 不是标题\n"
    assert parse_bytes(text.encode(), source="x.txt").raw_text == text


MARKDOWN = """# 消耗臭氧层物质管理条例

2010年4月8日 中华人民共和国国务院令第573号公布

<!-- INFO END -->

## 第一章 总 则 ##

第一条 为了加强对消耗臭氧层物质的管理，<!-- 注释
跨行 -->制定本条例。
"""


def test_markdown_drops_comments_and_heading_markers() -> None:
    document = parse_bytes(MARKDOWN.encode(), source="law.md", suffix=".md")
    assert document.format is InputFormat.MARKDOWN
    assert document.raw_text.split("\n") == [
        "消耗臭氧层物质管理条例", "", "2010年4月8日 中华人民共和国国务院令第573号公布", "", "", "",
        "第一章 总 则", "", "第一条 为了加强对消耗臭氧层物质的管理，制定本条例。", "",
    ]


def test_markdown_markup_is_kept_in_a_txt_file() -> None:
    assert parse_bytes(MARKDOWN.encode(), source="law.txt", suffix=".txt").raw_text == MARKDOWN
