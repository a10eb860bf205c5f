"""Ingest stage, DOCX: body text, tables, tracked changes, automatic numbering, safety.

Every DOCX is written here with zipfile, as Word lays out its parts.
"""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest

from policydiff.errors import CorruptDocx, DocxTooLarge
from policydiff.ingest import parse_bytes, read_input
from policydiff.ingest.docx import MAX_COMPRESSION_RATIO, MAX_DOCX_UNCOMPRESSED, RATIO_CHECK_FLOOR
from policydiff.model import InputFormat

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (f'xmlns:w="{W}" '
              'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def rels(*targets: tuple[str, str]) -> str:
    items = "".join(f'<Relationship Id="rId{n}" Type="{kind}" Target="{target}"/>'
                    for n, (kind, target) in enumerate(targets, 1))
    return ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns='
            f'"http://schemas.openxmlformats.org/package/2006/relationships">{items}</Relationships>')


def make_docx(body: str, *, numbering: str | None = None, styles: str | None = None,
              title: str | None = None, document: str | None = None) -> bytes:
    """A DOCX whose body is ``body`` (WordprocessingML with the ``w:`` prefix)."""
    package_rels = [(f"{REL}/officeDocument", "word/document.xml")]
    parts = {"[Content_Types].xml": CONTENT_TYPES}
    if title is not None:
        package_rels.append((("http://schemas.openxmlformats.org/package/2006/relationships/"
                             "metadata/core-properties"), "docProps/core.xml"))
        parts["docProps/core.xml"] = (
            '<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.'
            'openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/'
            f'dc/elements/1.1/"><dc:title>{title}</dc:title></cp:coreProperties>')
    parts["_rels/.rels"] = rels(*package_rels)
    document_rels = []
    if numbering is not None:
        document_rels.append((f"{REL}/numbering", "numbering.xml"))
        parts["word/numbering.xml"] = f'<w:numbering {NAMESPACES}>{numbering}</w:numbering>'
    if styles is not None:
        document_rels.append((f"{REL}/styles", "/word/styles.xml"))
        parts["word/styles.xml"] = f'<w:styles {NAMESPACES}>{styles}</w:styles>'
    parts["word/_rels/document.xml.rels"] = rels(*document_rels)
    parts["word/document.xml"] = document or (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document {NAMESPACES}><w:body>{body}<w:sectPr/></w:body></w:document>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def p(text: str, ppr: str = "") -> str:
    return f'<w:p><w:pPr>{ppr}</w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def numbered(text: str, num_id: int, level: int = 0) -> str:
    return p(text, f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')


def lines(data: bytes) -> list[str]:
    return parse_bytes(data, source="notice.docx", suffix=".docx").raw_text.split("\n")


# --- text --------------------------------------------------------------------------------

def test_paragraphs_runs_and_special_characters() -> None:
    body = (
        '<w:p><w:r><w:t>第一条</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">为了 规范</w:t></w:r></w:p>'
        "<w:p><w:r><w:t>甲</w:t><w:br/><w:t>乙</w:t><w:cr/><w:t>丙</w:t><w:noBreakHyphen/>"
        "<w:t>丁</w:t><w:softHyphen/></w:r></w:p>"
        "<w:p/>"
        '<w:sdt><w:sdtPr><w:alias w:val="x"/></w:sdtPr><w:sdtContent><w:p>'
        '<w:hyperlink r:id="rId9"><w:r><w:t>链接</w:t></w:r></w:hyperlink>'
        "<w:smartTag><w:r><w:t>标记</w:t></w:r></w:smartTag>"
        '<w:fldSimple w:instr=" PAGE "><w:r><w:t>3</w:t></w:r></w:fldSimple>'
        "</w:p></w:sdtContent></w:sdt>"
        "<w:customXml><w:p><w:customXml><w:r><w:t>自定义</w:t></w:r></w:customXml></w:p></w:customXml>"
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK "x" '
        '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>域结果</w:t>'
        '</w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        "<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:t>可见</w:t></w:r></w:p>"
    )
    assert lines(make_docx(body)) == [
        "第一条\t为了 规范", "甲", "乙", "丙-丁", "链接标记3", "自定义", "域结果", "可见"]


def test_table_rows_are_lines_with_cells_joined() -> None:
    def cell(*contents: str) -> str:
        return f"<w:tc><w:tcPr/>{''.join(contents)}</w:tc>"

    inner = f"<w:tbl><w:tr>{cell(p('内1'))}{cell(p('内2'))}</w:tr></w:tbl>"
    body = (p("表1") + "<w:tbl><w:tblPr/>"
            f"<w:tr>{cell(p('地区'))}{cell(p('目标'))}</w:tr>"
            f"<w:tr>{cell(p('河北省'))}{cell(p('1.1亿吨'), p('2020年底'))}</w:tr>"
            f"<w:tr>{cell(inner, '<w:p/>')}{cell(p('外'))}</w:tr>"
            "</w:tbl>" + p("表后"))
    assert lines(make_docx(body)) == [
        "表1", "地区 | 目标", "河北省 | 1.1亿吨 2020年底", "内1 | 内2 | 外", "表后"]


TRACKED = (
    '<w:p><w:r><w:t>河北省钢铁产能控制在</w:t></w:r><w:del w:id="1" w:author="审核">'
    '<w:r><w:delText>2亿吨</w:delText></w:r></w:del><w:ins w:id="2" w:author="审核">'
    '<w:r><w:t>1.9亿吨</w:t></w:r></w:ins><w:r><w:t>以内。</w:t></w:r></w:p>'
    '<w:p><w:moveFrom w:id="3" w:author="a"><w:r><w:t>移走的</w:t></w:r></w:moveFrom>'
    '<w:r><w:t>保留</w:t></w:r><w:moveTo w:id="4" w:author="a"><w:r><w:t>移来的</w:t></w:r>'
    '</w:moveTo></w:p>'
    '<w:p><w:pPr><w:rPr><w:del w:id="5" w:author="a"/></w:rPr></w:pPr><w:r><w:t>前半句，</w:t>'
    '</w:r></w:p><w:p><w:r><w:t>后半句。</w:t></w:r></w:p>'
)


def test_tracked_changes_are_read_accepted() -> None:
    document = parse_bytes(make_docx(TRACKED), source="draft.docx")
    assert document.raw_text.split("\n") == ["河北省钢铁产能控制在1.9亿吨以内。", "保留移来的", "前半句，后半句。"]
    assert document.meta("tracked_changes") == "accepted"


def test_no_tracked_changes_no_note() -> None:
    assert parse_bytes(make_docx(p("正文。")), source="x.docx").metadata == ()


@pytest.mark.parametrize(("title", "expected"), [
    ("关于印发攻坚行动方案的通知", "关于印发攻坚行动方案的通知"),
    ("  ", None),
    (None, None),
])
def test_title_from_core_properties(title: str | None, expected: str | None) -> None:
    document = parse_bytes(make_docx(p("正文。"), title=title), source="x.docx")
    assert (document.title, document.encoding, document.format) == (expected, None, InputFormat.DOCX)


# --- automatic numbering -----------------------------------------------------------------

def level(ilvl: int, fmt: str, text: str, *, start: int = 1, suffix: str | None = None,
          extra: str = "") -> str:
    suff = f'<w:suff w:val="{suffix}"/>' if suffix else ""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'{suff}<w:lvlText w:val="{text}"/>{extra}</w:lvl>')


GOV_NUMBERING = (
    '<w:abstractNum w:abstractNumId="0">'
    + level(0, "chineseCounting", "%1、", suffix="nothing")
    + level(1, "chineseCounting", "（%2）")
    + level(2, "decimal", "%3.", suffix="space")
    + '</w:abstractNum><w:abstractNum w:abstractNumId="1">'
    + level(0, "bullet", "\uf06c")
    + '</w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>'
    '<w:num w:numId="4"><w:abstractNumId w:val="0"/>'
    '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>'
)
STYLES = ('<w:style w:type="paragraph" w:styleId="Base"><w:pPr><w:numPr><w:numId w:val="1"/>'
          '</w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Heading1CN">'
          '<w:basedOn w:val="Base"/></w:style>')


def test_chinese_auto_numbering_is_rendered() -> None:
    body = (numbered("总体要求", 1) + numbered("基本思路。", 1, 1) + numbered("主要目标。", 1, 1)
            + numbered("细项", 1, 2) + numbered("细项", 1, 2)
            + numbered("有效应对", 1) + numbered("绩效分级。", 1, 1) + numbered("细项", 1, 2)
            + numbered("要点", 3) + numbered("专项", 4)
            + p("样式编号", '<w:pStyle w:val="Heading1CN"/>')
            + p("无编号", '<w:numPr><w:numId w:val="0"/></w:numPr>') + numbered("未定义", 99))
    assert lines(make_docx(body, numbering=GOV_NUMBERING, styles=STYLES)) == [
        "一、总体要求", "（一）\t基本思路。", "（二）\t主要目标。", "1. 细项", "2. 细项",
        "二、有效应对", "（一）\t绩效分级。", "1. 细项",
        "要点", "五、专项", "三、样式编号", "无编号", "未定义",
    ]


def test_multilevel_label_and_restart_rule() -> None:
    numbering = ('<w:abstractNum w:abstractNumId="0">'
                 + level(0, "chineseCounting", "第%1章", suffix="space")
                 + level(1, "decimal", "%1.%2", suffix="space", extra='<w:isLgl/>')
                 + level(2, "decimal", "(%3)", suffix="nothing", extra='<w:lvlRestart w:val="0"/>')
                 + '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>')
    body = (numbered("总则", 1) + numbered("目的", 1, 1) + numbered("甲", 1, 2)
            + numbered("分则", 1) + numbered("范围", 1, 1) + numbered("乙", 1, 2))
    assert lines(make_docx(body, numbering=numbering)) == [
        "第一章 总则", "1.1 目的", "(1)甲", "第二章 分则", "2.1 范围", "(2)乙"]


@pytest.mark.parametrize(("fmt", "start", "label"), [
    ("decimal", 7, "7"),
    ("chineseCounting", 1, "一"),
    ("chineseCounting", 10, "十"),
    ("chineseCounting", 11, "十一"),
    ("chineseCounting", 20, "二十"),
    ("chineseCounting", 99, "九十九"),
    ("chineseCountingThousand", 101, "一百零一"),
    ("chineseCountingThousand", 1010, "一千零一十"),
    ("japaneseCounting", 12, "十二"),
    ("ideographTraditional", 3, "丙"),
    ("chineseLegalSimplified", 11, "壹拾壹"),
    ("lowerLetter", 28, "bb"),
    ("upperLetter", 3, "C"),
    ("lowerRoman", 9, "ix"),
    ("upperRoman", 14, "XIV"),
    ("decimalEnclosedCircleChinese", 3, "③"),
    ("decimalEnclosedCircle", 20, "⑳"),
    ("decimalEnclosedCircle", 21, "21"),
    ("decimalZero", 5, "05"),
    ("bullet", 1, ""),
    ("none", 1, ""),
])
def test_number_formats(fmt: str, start: int, label: str) -> None:
    numbering = ('<w:abstractNum w:abstractNumId="0">'
                 + level(0, fmt, "%1", start=start, suffix="nothing")
                 + '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>')
    assert lines(make_docx(numbered("条目", 1), numbering=numbering)) == [label + "条目"]


# --- damaged and hostile files ------------------------------------------------------------

@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """A DOCX whose document.xml is 300 MiB of zeros (about 300 KB compressed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        with archive.open("word/document.xml", "w", force_zip64=True) as stream:
            zeros = bytes(1024 * 1024)
            for _ in range(300):
                stream.write(zeros)
    return buffer.getvalue()


def test_zip_bomb_is_refused_quickly(zip_bomb: bytes) -> None:
    assert len(zip_bomb) < 1024 * 1024
    started = time.monotonic()
    with pytest.raises(DocxTooLarge) as caught:
        parse_bytes(zip_bomb, source="bomb.docx", suffix=".docx")
    assert time.monotonic() - started < 5
    assert "bomb.docx" in caught.value.render() and "zip bomb" in caught.value.render()


def test_zip_bomb_with_lying_header_is_refused(zip_bomb: bytes) -> None:
    # The central directory claims 1 KiB uncompressed: the read must stop there, not
    # inflate the 300 MiB, and the mismatch must be reported.
    central = zip_bomb.rindex(b"PK\x01\x02")
    assert zip_bomb[central + 46:central + 63] == b"word/document.xml"
    patched = zip_bomb[:central + 24] + (1024).to_bytes(4, "little") + zip_bomb[central + 28:]
    started = time.monotonic()
    with pytest.raises(CorruptDocx) as caught:
        parse_bytes(patched, source="liar.docx", suffix=".docx")
    assert time.monotonic() - started < 1
    assert "liar.docx" in caught.value.render()


def test_limits() -> None:
    assert (MAX_DOCX_UNCOMPRESSED, MAX_COMPRESSION_RATIO, RATIO_CHECK_FLOOR) == (
        256 * 2**20, 200, 10 * 2**20)


ENTITY_DOCUMENT = (
    '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    f'<w:document {NAMESPACES}><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>'
)


@pytest.mark.parametrize(("data", "words"), [
    (make_docx("", document=ENTITY_DOCUMENT), "DTD"),
    (make_docx("", document=f"<w:document {NAMESPACES}><w:body><w:p>"), "malformed"),
    (b"PK\x03\x04 not really a zip", "zip"),
], ids=["entity", "malformed-xml", "bad-zip"])
def test_corrupt_docx(data: bytes, words: str) -> None:
    with pytest.raises(CorruptDocx) as caught:
        parse_bytes(data, source="bad.docx", suffix=".docx")
    rendered = caught.value.render()
    assert "bad.docx" in rendered and words in rendered and "root:" not in rendered


def test_docx_without_main_part(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/styles.xml", "<w:styles/>")
    path = tmp_path / "hollow.docx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(CorruptDocx) as caught:
        read_input(path)
    assert str(path) in caught.value.render() and "word/document.xml" in caught.value.render()


def test_read_input_docx_by_content(tmp_path: Path) -> None:
    path = tmp_path / "download.bin"
    path.write_bytes(make_docx(p("第一条　正文。")))
    document = read_input(path)
    assert (document.format, document.raw_text, document.source) == (
        InputFormat.DOCX, "第一条　正文。", str(path))
