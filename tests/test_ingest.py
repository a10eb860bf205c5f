"""Ingest stage: choosing the reader, input errors, text encodings, Markdown and HTML.

DOCX and PDF behaviour is in test_ingest_docx.py and test_ingest_pdf.py. Every input is
generated here; the passage is from the issued 2020-2021 秋冬季攻坚行动方案 (a seed).
"""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import random
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policydiff.errors import (
    BinaryInput,
    CorruptDocx,
    InputEmpty,
    InputIsDirectory,
    InputNotFound,
    InputTooLarge,
    InputUnreadable,
    PolicydiffError,
    UnsafeMarkup,
    UnsupportedFormat,
)
from policydiff.ingest import MAX_INPUT_BYTES, parse_bytes, read_input
from policydiff.model import InputFormat

from .conftest import in_child

PASSAGE = (
    "二、有效应对重污染天气",
    "（四）全面实施绩效分级差异化减排。各地严格按照《重污染天气重点行业应急减排措施制定技术指南》"
    "（以下简称《技术指南》）有关要求，全面推进绩效分级差异化管控，鼓励环保绩效水平高的“先进”企业，"
    "鞭策环保绩效水平低的“后进”企业，以“先进”带动“后进”，提升环保基础工作整体水平。",
    "（五）高标准完成应急减排清单。对39个重点行业，绩效分级按《技术指南》有关指标严格执行，"
    "PM2.5浓度控制在63微克/立方米以内。",
)
TEXT = "\n".join(PASSAGE) + "\n"
# Traditional characters, for Big5 (which cannot encode the simplified passage).
TRADITIONAL = "第一條　為了保障公民、法人和其他組織依法獲取政府資訊，提高政府工作的透明度。\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- encodings ---------------------------------------------------------------------------

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


def test_sha256_is_of_the_input_bytes() -> None:
    data = TEXT.encode("gb18030")
    assert parse_bytes(data, source="x.txt").sha256 == hashlib.sha256(data).hexdigest()


# --- Markdown ----------------------------------------------------------------------------

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


# --- HTML --------------------------------------------------------------------------------

GOV_PAGE = """<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>关于印发2020-2021年秋冬季攻坚行动方案的通知_部门文件_中国政府网</title>
<style>p { font-size: 16px }</style>
<script>document.write("<p>脚本里的文字</p>");</script>
</head><body>
<div class="header"><a href="/">首页</a> <a href="/zhengce">政策</a></div>
<nav><ul><li><a href="/">首页</a></li><li><a href="/xxgk">信息公开</a></li></ul></nav>
<div class="BreadcrumbNav">当前位置：<a href="/">首页</a> &gt; <a href="/zc">政策</a> &gt; 正文</div>
<div class="article">
  <h1>关于印发方案的通知</h1>
  <div class="pages-date">2020-10-30 来源：生态环境部</div>
  <div class="pages_content" id="UCAP-CONTENT">
    <p>&nbsp;&nbsp;&nbsp;&nbsp;二、有效应对重污染天气</p>
    <p>　　（四）全面实施<span style="font-family:仿宋">绩效分级</span><font color="red">差异化</font>减排。
       各地<b>严格</b>按照<a href="/t.pdf">《技术指南》</a>执行。</p>
    <p>　　（五）高标准完成应急减排清单。<br>特此通知。<br/></p>
    <p>&nbsp;</p>
    <table><tbody>
      <tr><th>城市</th><th>PM<sub>2.5</sub>目标</th></tr>
      <tr><td>北京市</td><td><p>63</p><p>微克/立方米</p></td></tr>
    </tbody></table>
    <div class="bdsharebuttonbox">分享到：<a>微信</a><a>微博</a></div>
    <p>【打印本页】　【关闭窗口】</p>
  </div>
</div>
<div class="related"><h3>相关文件</h3><ul><li><a href="/1">关于做好秋冬季工作的通知</a></li></ul></div>
<div id="footer">
  <p>主办单位：中华人民共和国生态环境部　版权所有</p>
  <p>京ICP备05009132号　京公网安备 11040102700072号　网站标识码：bm17000009</p>
</div>
<!-- 统计代码 --><script src="https://example.invalid/stat.js"></script>
</body></html>
"""
GOV_BODY = [
    "\u00a0\u00a0\u00a0\u00a0二、有效应对重污染天气",
    "　　（四）全面实施绩效分级差异化减排。各地严格按照《技术指南》执行。",
    "　　（五）高标准完成应急减排清单。",
    "特此通知。",
    "城市 | PM2.5目标",
    "北京市 | 63 微克/立方米",
]


def test_government_page_gives_exactly_the_body_paragraphs() -> None:
    document = parse_bytes(GOV_PAGE.encode("gb18030"), source="page.html", suffix=".html")
    assert document.format is InputFormat.HTML
    assert document.raw_text.split("\n") == GOV_BODY
    assert document.encoding == "gb18030"


def test_page_title_loses_its_site_names() -> None:
    document = parse_bytes(GOV_PAGE.encode("gb18030"), source="page.html")
    assert document.title == "关于印发2020-2021年秋冬季攻坚行动方案的通知"


@pytest.mark.parametrize(("head", "body", "title"), [
    ('<meta name="ArticleTitle" content="关于印发方案的通知"><title>站点</title>',
     "<article><h1>正文标题</h1><p>正文内容。</p></article>", "关于印发方案的通知"),
    ("<title>网页标题 - 生态环境部</title>",
     "<article><h1>正文 标题</h1><p>正文内容。</p></article>", "正文 标题"),
    ("<title>网页标题 - 生态环境部</title>", "<article><p>正文内容。</p></article>", "网页标题"),
    ("<title>2020-2021年秋冬季方案——征求意见稿</title>", "<article><p>正文。</p></article>",
     "2020-2021年秋冬季方案——征求意见稿"),
    ("", "<article><p>正文内容。</p></article>", None),
], ids=["meta-article-title", "content-h1", "title-minus-site", "title-dashes-kept", "none"])
def test_html_title(head: str, body: str, title: str | None) -> None:
    page = f"<html><head>{head}</head><body>{body}</body></html>"
    assert parse_bytes(page.encode(), source="p.html").title == title


@pytest.mark.parametrize(("fragment", "lines"), [
    ("<p>第一行<br>第二行<BR>第三行</p>", ["第一行", "第二行", "第三行"]),
    ("<p>各地<span>要</span><font>按照</font><a href=#>要求</a><b>执行</b>。</p>", ["各地要按照要求执行。"]),
    ("<p>中文\n   换行</p><p>word\n  wrap</p>", ["中文换行", "word wrap"]),
    ("<div>甲<div>乙</div>丙</div>", ["甲", "乙", "丙"]),
    ("<ul><li>一项</li><li>二项</li></ul>", ["一项", "二项"]),
    ("<table><tr><td>a</td><td><table><tr><td>b</td><td>c</td></tr></table></td></tr></table>",
     ["a | b | c"]),
    ("<p>&nbsp;　　正文&amp;</p>", ["\u00a0　　正文&"]),
], ids=["br", "inline", "source-newlines", "nested-div", "list", "nested-table", "spaces-kept"])
def test_html_layout(fragment: str, lines: list[str]) -> None:
    page = f"<html><body><div id='zoom'>{fragment}</div></body></html>"
    assert parse_bytes(page.encode(), source="p.html").raw_text.split("\n") == lines


def test_html_without_known_container_uses_densest_block() -> None:
    links = "".join(f'<li><a href="/{n}">栏目{n}</a></li>' for n in range(40))
    page = (f"<html><body><div class='top'><ul>{links}</ul></div>"
            "<div class='wz'><p>第一段正文内容比较长。</p><p>第二段正文内容。</p></div>"
            "<div class='bottom-info'>联系电话：010-12345678</div></body></html>")
    assert parse_bytes(page.encode(), source="p.html").raw_text.split("\n") == [
        "第一段正文内容比较长。", "第二段正文内容。"]


def test_html_is_recognised_by_content_whatever_the_suffix() -> None:
    page = "<!doctype html><html><body><p>正文。</p></body></html>"
    assert parse_bytes(page.encode(), source="saved.txt", suffix=".txt").format is InputFormat.HTML


def test_html_suffix_with_tags_is_html() -> None:
    document = parse_bytes("<p>正文。</p><p>第二段。</p>".encode(), source="f.htm", suffix=".htm")
    assert (document.format, document.raw_text) == (InputFormat.HTML, "正文。\n第二段。")


def test_utf8_page_declaring_gb2312_is_read_as_utf8() -> None:
    page = '<html><head><meta charset="gb2312"></head><body><p>生态环境部通知</p></body></html>'
    document = parse_bytes(page.encode("utf-8"), source="p.html")
    assert (document.raw_text, document.encoding) == ("生态环境部通知", "utf-8")


@pytest.mark.parametrize("charset", ["base64", "utf-16", "no-such-charset"])
def test_bogus_declared_charset_is_ignored(charset: str) -> None:
    page = f'<html><head><meta charset="{charset}"></head><body><p>生态环境部通知</p></body></html>'
    document = parse_bytes(page.encode("gb18030"), source="p.html")
    assert (document.raw_text, document.encoding) == ("生态环境部通知", "gb18030")


XXE = """<?xml version="1.0"?>
<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<html><body><p>&xxe;</p></body></html>"""
BILLION_LAUGHS = """<!DOCTYPE html [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!entity lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]><html><body><p>&lol4;</p></body></html>"""


@pytest.mark.parametrize("page", [XXE, BILLION_LAUGHS], ids=["xxe", "billion-laughs"])
def test_entity_declarations_are_refused(page: str) -> None:
    with pytest.raises(UnsafeMarkup) as caught:
        parse_bytes(page.encode(), source="evil.html", suffix=".html")
    rendered = caught.value.render()
    assert "evil.html" in rendered and "root:" not in rendered


def test_page_without_body_text_is_empty() -> None:
    page = "<html><body><nav><a href='/'>首页</a></nav><script>x()</script></body></html>"
    with pytest.raises(InputEmpty):
        parse_bytes(page.encode(), source="p.html")


# --- choosing the reader and refusing what is not a document --------------------------------

def _zip(names: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in names.items():
            archive.writestr(name, data)
    return buffer.getvalue()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
OLE_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


@pytest.mark.parametrize(("name", "data", "error", "words"), [
    ("empty.txt", b"", InputEmpty, "no content"),
    ("blank.txt", b" \n\t\r\n  ", InputEmpty, "whitespace"),
    ("blank16.txt", codecs.BOM_UTF16_LE + "　\n \n".encode("utf-16-le"), InputEmpty, "no text"),
    ("random.bin", random.Random(7).randbytes(4096), BinaryInput, "NUL"),
    ("scan.png", PNG, BinaryInput, "OCR"),
    ("photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", BinaryInput, "OCR"),
    ("notice.doc", OLE_DOC, UnsupportedFormat, "DOCX"),
    ("table.xlsx", _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>"}),
     UnsupportedFormat, "Excel"),
    ("text.odt", _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}),
     UnsupportedFormat, "OpenDocument"),
    ("notice.ofd", _zip({"OFD.xml": b"<ofd:OFD/>"}), UnsupportedFormat, "PDF"),
    ("bundle.zip", _zip({"a.txt": b"x"}), UnsupportedFormat, "zip"),
    ("broken.docx", b"PK\x03\x04" + bytes(40), CorruptDocx, "zip"),
    ("notes.rtf", b"{\\rtf1\\ansi hello}", UnsupportedFormat, "DOCX"),
    ("data.txt.gz", b"\x1f\x8b\x08\x00" + bytes(20), BinaryInput, "gzip"),
    ("nul.txt", "正文\x00正文".encode(), BinaryInput, "NUL"),
    ("controls.txt", bytes(range(1, 9)) * 50, BinaryInput, "control"),
], ids=lambda value: value if isinstance(value, str) and "." in value else "")
def test_inputs_that_are_not_documents(tmp_path: Path, name: str, data: bytes,
                                       error: type[PolicydiffError], words: str) -> None:
    path = write(tmp_path, name, data)
    with pytest.raises(error) as caught:
        read_input(path)
    assert str(path) in caught.value.render()
    assert words in caught.value.render()


def test_content_wins_over_suffix(tmp_path: Path) -> None:
    # A Markdown suffix on HTML content, and a .pdf suffix on plain text.
    page = write(tmp_path, "page.md", b"<html><body><p>\xe6\xad\xa3\xe6\x96\x87</p></body></html>")
    text = write(tmp_path, "notice.pdf", TEXT.encode("utf-8"))
    assert read_input(page).format is InputFormat.HTML
    assert read_input(text).format is InputFormat.TXT


def test_missing_path(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "notice.txt"
    with pytest.raises(InputNotFound) as caught:
        read_input(path)
    assert str(path) in caught.value.render()


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputIsDirectory) as caught:
        read_input(tmp_path)
    assert str(tmp_path) in caught.value.render()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    with pytest.raises(InputUnreadable) as caught:
        read_input(path)  # would hang forever if the FIFO were opened for reading
    assert "FIFO" in caught.value.render() and str(path) in caught.value.render()


def read_error_code(path: Path, *, as_nobody: bool) -> str:
    """Read ``path`` in a forked child (as the user "nobody" if asked); the error it raised."""
    def task() -> bytes:
        try:
            read_input(path)
            return b"no error"
        except PolicydiffError as error:
            return f"{error.code}\n{error.render()}".encode()

    return in_child(task, as_nobody=as_nobody).decode()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX permissions only")
def test_unreadable_file() -> None:
    # Root reads any file whatever its mode, so as root the read runs in a forked child
    # that has dropped to the unprivileged user "nobody"; the folder is made in the system
    # temp folder (pytest's own is private to its user) and opened to others.
    directory = Path(tempfile.mkdtemp(prefix="policydiff-unreadable-"))
    directory.chmod(0o755)
    path = write(directory, "secret.txt", TEXT.encode())
    path.chmod(0)
    try:
        code, message = read_error_code(path, as_nobody=os.geteuid() == 0).split("\n", 1)
        assert code == InputUnreadable.code
        assert str(path) in message and "fix:" in message
    finally:
        shutil.rmtree(directory)


def test_too_large(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", TEXT.encode() * 10)
    with pytest.raises(InputTooLarge) as caught:
        read_input(path, max_bytes=100)
    assert str(path) in caught.value.render()
    assert MAX_INPUT_BYTES == 100 * 1024 * 1024


def test_exactly_max_bytes_is_accepted(tmp_path: Path) -> None:
    data = TEXT.encode()
    assert read_input(write(tmp_path, "fit.txt", data), max_bytes=len(data)).raw_text == TEXT


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(TEXT.encode("gb18030")))
    monkeypatch.setattr(sys, "stdin", stdin)
    document = read_input("-")
    assert (document.source, document.raw_text, document.encoding) == ("-", TEXT, "gb18030")


def test_stdin_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 1000)))
    with pytest.raises(InputTooLarge) as caught:
        read_input("-", max_bytes=999)
    assert caught.value.render().startswith("error E105 (too-large): -:")


_PREFIXES = st.sampled_from([b"", b"%PDF-1.7\n", b"PK\x03\x04", b"<html><body>", b"\xef\xbb\xbf",
                             b"\xff\xfe", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\x89PNG\r\n\x1a\n"])


@settings(max_examples=200, deadline=None)
@given(prefix=_PREFIXES, data=st.binary(max_size=600))
def test_any_bytes_give_a_document_or_our_error(prefix: bytes, data: bytes) -> None:
    try:
        document = parse_bytes(prefix + data, source="fuzz.bin")
    except PolicydiffError as error:
        assert "fuzz.bin" in error.render()
    else:
        assert document.raw_text.strip()


def test_path_with_nul_character() -> None:
    with pytest.raises(InputUnreadable) as caught:
        read_input("notice\x00.txt")
    assert "notice" in caught.value.render()


def test_closed_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(InputUnreadable):
        read_input("-")


# --- the input-format table -------------------------------------------------------------------

def test_every_suffix_of_the_format_table_is_read_as_its_format_and_collected_by_batch(tmp_path) -> None:
    from policydiff.batch import _discover
    from policydiff.model import INPUT_SUFFIXES

    samples = {InputFormat.TXT: "第一条 为了规范管理，制定本办法。", InputFormat.MARKDOWN: "# 办法\n\n第一条 为了规范管理。",
               InputFormat.HTML: "<html><body><p>第一条 为了规范管理。</p></body></html>"}
    names = []
    for fmt, suffixes in INPUT_SUFFIXES.items():
        for n, suffix in enumerate(suffixes):
            names.append(f"{fmt.value}{n}{suffix}")
            if fmt in samples:
                (tmp_path / names[-1]).write_text(samples[fmt], encoding="utf-8")
                assert read_input(tmp_path / names[-1]).format is fmt
            else:
                (tmp_path / names[-1]).write_bytes(b"")
    assert _discover(tmp_path, tmp_path / "out") == sorted(names)
