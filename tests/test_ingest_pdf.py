"""Ingest stage, PDF: paragraphs from line geometry, page furniture, errors.

Most PDFs here are written by hand (``make_pdf``) with the standard Adobe CJK font
STSong-Light, every glyph one em wide, so that each layout rule can be set up exactly.
One test prints a DOCX to PDF with LibreOffice, as a real 公文 PDF is made.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from policydiff.errors import CorruptPdf, EncryptedPdf, PdfWithoutText
from policydiff.ingest import parse_bytes, read_input
from policydiff.model import InputFormat

from .builders import gov_docx, soffice_pdf

PAGE_WIDTH, PAGE_HEIGHT = 595, 842
LEFT, EM, CHARS, PITCH, TOP = 90, 16, 26, 28, 110
"""Body geometry of the hand-made pages: 26 characters of 16 pt from x=90, 28 pt apart."""

Line = tuple[float, float, float, str]
"""(x, distance of the glyph box top from the page top, font size, text)."""

PASSAGE = (
    ("（四）全面实施绩效分级差异化减排。各地严格按照《重污染天气重点行业应急减排措施制定技术指南》"
    "（以下简称《技术指南》）有关要求，全面推进绩效分级差异化管控，鼓励环保绩效水平高的“先进”企业，"
    "鞭策环保绩效水平低的“后进”企业，以“先进”带动“后进”，提升环保基础工作整体水平。各地要高度重视，"
    "确保将绩效分级有关要求告知到相关的每家企业，组织好评级工作。"),
    ("（五）高标准完成应急减排清单。各地应按时完成行政区域内相关行业企业的绩效定级工作，进一步完善"
    "应急减排清单，做到涉气企业全覆盖。按要求梳理确定涉及保障民生、保障城市正常运转或涉及国家战略性"
    "产业的保障类工业企业清单，并纳入重污染天气应急减排清单。对污染物排放低的小微涉气企业视情减少应急"
    "管控措施，避免对居民供暖锅炉和对当地空气质量影响小的生活服务业采取停限产措施。"),
    ("（六）积极开展重污染天气应急。各地加强空气质量预测预报工作，按照预案启动重污染天气预警，采取应急"
    "减排措施。当预计未来较长时间段内，有可能连续多次出现重污染天气过程，将频繁启动橙色及以上预警时，"
    "各地可提前指导行政区域内生产工序不可中断或短时间内难以完全停产的行业，预先调整生产计划，确保在"
    "预警期间能够有效落实应急减排措施。"),
    ("（七）加强重污染天气区域应急联动。当预测到区域将出现大范围重污染天气时，生态环境部或区域空气质量"
    "预测预报中心将通报预警提示信息，各省（市）及时发布相应级别预警，组织相关城市开展区域应急联动，"
    "启动重污染天气应急预案，采取各项应急减排措施。不断完善重点区域应急联动机制，建立快速有效的运行"
    "模式，保障启动区域应急联动时各相关城市及时响应、有效应对。"),
)


def _pdf_string(text: str) -> bytes:
    return b"<feff" + text.encode("utf-16-be").hex().encode() + b">"


def make_pdf(pages: list[list[Line]], *, title: str | None = None, scaled: bool = False) -> bytes:
    """A PDF with the given lines of text (STSong-Light, not embedded).

    ``scaled`` writes each line in a 1 pt font enlarged by the text matrix, as
    Ghostscript and some Chinese office suites do.
    """
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /DW 1000 "
        b"/FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
        b"/FontBBox [0 -120 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
        b"/CapHeight 880 /StemV 93 >> >>] >>")
    pages_id = len(objects) + 2 * len(pages) + 1
    kids = []
    for lines in pages:
        commands = []
        for x, top, size, text in lines:
            sizing = b"/F1 1 Tf %.1f 0 0 %.1f" % (size, size) if scaled else b"/F1 %.1f Tf 1 0 0 1" % size
            commands.append(b"BT %s %.2f %.2f Tm <%s> Tj ET" % (
                sizing, x, PAGE_HEIGHT - top - 0.88 * size, text.encode("utf-16-be").hex().encode()))
        stream = b"\n".join(commands)
        content = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] "
                        b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                        % (pages_id, PAGE_WIDTH, PAGE_HEIGHT, font, content)))
    add(b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % kid for kid in kids), len(kids)))
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    info = add(b"<< /Title %s >>" % _pdf_string(title) if title is not None else b"<< >>")
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += (b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objects) + 1, catalog, info, xref))
    return bytes(out)


def centred(text: str, top: float, size: float) -> Line:
    return ((PAGE_WIDTH - len(text) * size) / 2, top, size, text)


def typeset(paragraphs: tuple[str, ...] | list[str], *, indent: int = 2, per_page: int = 24,
            footer: str | None = None, header: str | None = None) -> list[list[Line]]:
    """Set paragraphs as a 公文 page does: justified lines, first lines indented by
    ``indent`` characters; ``footer``/``header`` are formats of ``{page}`` and ``{pages}``."""
    lines = []
    for paragraph in paragraphs:
        rest, first = paragraph, True
        while rest:
            width = CHARS - (indent if first else 0)
            lines.append((LEFT + (indent * EM if first else 0), rest[:width]))
            rest, first = rest[width:], False
    chunks = [lines[at:at + per_page] for at in range(0, len(lines), per_page)]
    pages = []
    for number, chunk in enumerate(chunks, 1):
        page = [(x, TOP + row * PITCH, EM, text) for row, (x, text) in enumerate(chunk)]
        if header:
            page.insert(0, centred(header.format(page=number, pages=len(chunks)), 50, 12))
        if footer:
            page.append(centred(footer.format(page=number, pages=len(chunks)), 790, 14))
        pages.append(page)
    return pages


def paragraphs_of(data: bytes) -> list[str]:
    return parse_bytes(data, source="notice.pdf").raw_text.split("\n")


# --- paragraphs from geometry ------------------------------------------------------------

def test_indented_paragraphs_are_rebuilt() -> None:
    assert paragraphs_of(make_pdf(typeset(PASSAGE[:2]))) == list(PASSAGE[:2])


def test_font_scaled_by_the_text_matrix() -> None:
    # A line of Latin letters only must not look like a font change (1 pt by its Tf size).
    latin = "甲" * 24 + "ABCDEFGHIJKLMNOPQRSTUVWXYZ" + "乙" * 10
    pages = typeset((*PASSAGE, latin), per_page=12, footer="— {page} —")
    pages[0].insert(0, centred("关于印发攻坚行动方案的通知", 40, 22))
    assert paragraphs_of(make_pdf(pages, scaled=True)) == ["关于印发攻坚行动方案的通知", *PASSAGE, latin]


def test_paragraph_across_a_page_break_is_joined() -> None:
    pages = typeset(PASSAGE, per_page=10, footer="- {page} -")
    last_lines = [page[-2][3] for page in pages[:-1]]  # the line above each footer
    assert not any(paragraph.endswith(line) for line in last_lines for paragraph in PASSAGE)
    assert paragraphs_of(make_pdf(pages)) == list(PASSAGE)


@pytest.mark.parametrize("footer", [
    "{page}", "- {page} -", "— {page} —", "－{page}－", "第{page}页", "第 {page} 页 共 {pages} 页",
    "第{page}页，共{pages}页", "共{pages}页 第{page}页", "{page}/{pages}", "{page} / {pages}",
    "Page {page} of {pages}",
])
def test_page_numbers_are_removed(footer: str) -> None:
    pages = typeset(PASSAGE, per_page=12, footer=footer)
    assert paragraphs_of(make_pdf(pages)) == list(PASSAGE)


@pytest.mark.parametrize("footer", ["1", "- 1 -", "— 1 —", "第1页", "第 1 页 共 1 页", "1/1"])
def test_page_number_of_a_single_page_is_removed(footer: str) -> None:
    # One page: nothing repeats, so the number must be recognised as such.
    page = typeset(PASSAGE[:2])[0] + [centred(footer, 790, 14)]
    assert paragraphs_of(make_pdf([page])) == list(PASSAGE[:2])


def test_number_in_the_body_is_kept() -> None:
    page = typeset(PASSAGE[:1])[0] + [(LEFT + 2 * EM, TOP + 9 * PITCH, EM, "2020")]
    assert paragraphs_of(make_pdf([page])) == [PASSAGE[0], "2020"]


def test_running_header_is_removed() -> None:
    pages = typeset(PASSAGE, per_page=12, header="生态环境部文件　环大气〔2020〕61号",
                    footer="— {page} —")
    assert paragraphs_of(make_pdf(pages)) == list(PASSAGE)


def test_header_on_one_page_only_is_kept() -> None:
    pages = typeset(PASSAGE, per_page=12)
    pages[0].insert(0, centred("生态环境部文件", 50, 22))
    assert paragraphs_of(make_pdf(pages)) == ["生态环境部文件", *PASSAGE]


def test_short_last_line_ends_an_unindented_paragraph() -> None:
    first, second = "各" * 60, "地" * 40  # 26 + 26 + 8 characters, then 26 + 14
    assert paragraphs_of(make_pdf(typeset([first, second], indent=0))) == [first, second]


def test_vertical_gap_separates_paragraphs() -> None:
    first, second = "各" * 52, "地" * 30  # the first ends with a full line
    page = [(LEFT, TOP, EM, first[:26]), (LEFT, TOP + PITCH, EM, first[26:]),
            (LEFT, TOP + 3 * PITCH, EM, second[:26]), (LEFT, TOP + 4 * PITCH, EM, second[26:])]
    assert paragraphs_of(make_pdf([page])) == [first, second]


def test_line_short_by_less_than_the_next_word_continues() -> None:
    # The line breaker moved "2020-2021年" down whole, leaving three characters of room.
    body = [(LEFT, TOP + row * PITCH, EM, "各" * 26) for row in range(3)]
    page = [*body, (LEFT, TOP + 3 * PITCH, EM, "地" * 23),
            (LEFT, TOP + 4 * PITCH, EM, "2020-2021年秋冬季。")]
    assert paragraphs_of(make_pdf([page])) == ["各" * 78 + "地" * 23 + "2020-2021年秋冬季。"]


def test_a_centred_heading_nearly_as_wide_as_the_measure_stands_alone() -> None:
    # 人民检察院刑事诉讼规则 printed by LibreOffice: a 第四节 heading one em in from each edge,
    # after a paragraph whose last line is full.
    heading = "第四节" + "甲" * 21
    page = [(LEFT + 2 * EM, TOP, EM, "各" * 24), (LEFT, TOP + PITCH, EM, "地" * 25 + "。"),
            (LEFT + EM, TOP + 2 * PITCH, EM, heading),
            (LEFT + 2 * EM, TOP + 3 * PITCH, EM, "乙" * 24), (LEFT, TOP + 4 * PITCH, EM, "丙" * 10 + "。")]
    assert paragraphs_of(make_pdf([page])) == ["各" * 24 + "地" * 25 + "。", heading, "乙" * 24 + "丙" * 10 + "。"]


def test_lines_join_with_a_space_only_between_latin_words() -> None:
    page = [(LEFT, TOP, EM, "甲" * 23 + "and"), (LEFT, TOP + PITCH, EM, "VOCs" + "乙" * 22),
            (LEFT, TOP + 2 * PITCH, EM, "丙" * 26), (LEFT, TOP + 3 * PITCH, EM, "PM2.5。")]
    assert paragraphs_of(make_pdf([page])) == ["甲" * 23 + "and VOCs" + "乙" * 22 + "丙" * 26 + "PM2.5。"]


def test_two_line_centred_title_is_one_paragraph() -> None:
    title = ("关于印发《京津冀及周边地区、汾渭平原", "秋冬季攻坚行动方案》的通知")
    page = [centred(title[0], 60, 20), centred(title[1], 90, 20)]
    page += [(x, top + 60, size, text) for x, top, size, text in typeset(PASSAGE[:1])[0]]
    assert paragraphs_of(make_pdf([page])) == ["".join(title), PASSAGE[0]]


@pytest.mark.parametrize(("title", "expected"), [
    ("关于印发攻坚行动方案的通知", "关于印发攻坚行动方案的通知"),
    ("通知.docx", None),
    ("Microsoft Word - 通知.doc", None),
    ("  ", None),
    (None, None),
])
def test_title_from_info_dictionary(title: str | None, expected: str | None) -> None:
    document = parse_bytes(make_pdf(typeset(PASSAGE[:1]), title=title), source="x.pdf")
    assert (document.title, document.format, document.encoding) == (expected, InputFormat.PDF, None)


# --- errors -------------------------------------------------------------------------------

def test_pdf_without_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_pdf([[], []]))
    with pytest.raises(PdfWithoutText) as caught:
        read_input(path)
    assert str(path) in caught.value.render() and "ocrmypdf" in caught.value.render()


def test_encrypted_pdf(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(make_pdf(typeset(PASSAGE[:1]))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as stream:
        writer.write(stream)
    with pytest.raises(EncryptedPdf) as caught:
        read_input(path)
    assert str(path) in caught.value.render() and "qpdf --decrypt" in caught.value.render()


def test_pdf_with_owner_password_only_is_read() -> None:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(make_pdf(typeset(PASSAGE[:1]))))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert paragraphs_of(buffer.getvalue()) == [PASSAGE[0]]


@pytest.mark.parametrize("data", [
    b"%PDF-1.7\n" + bytes(range(256)) * 8,
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog",
], ids=["garbage", "truncated"])
def test_corrupt_pdf(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    with pytest.raises(CorruptPdf) as caught:
        read_input(path)
    assert str(path) in caught.value.render()


# --- a PDF printed by LibreOffice -----------------------------------------------------------

@pytest.fixture(scope="module")
def printed_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("soffice")
    source = folder / "notice.docx"
    source.write_bytes(gov_docx(PASSAGE * 2, title="攻坚行动方案"))
    return soffice_pdf(source)


def test_printed_pdf_reads_back_as_its_paragraphs(printed_pdf: Path) -> None:
    document = read_input(printed_pdf)
    assert document.raw_text.split("\n") == list(PASSAGE * 2)
    assert document.title == "攻坚行动方案"
    assert int(document.meta("pages") or 0) >= 3


def test_printed_pdf_has_a_paragraph_crossing_a_page_break(printed_pdf: Path) -> None:
    # The test above only proves the join if some page ends inside a paragraph.
    pdfium = pytest.importorskip("pypdfium2")
    document = pdfium.PdfDocument(str(printed_pdf))
    try:
        ends = []
        for page in document:
            text = page.get_textpage().get_text_range().replace("\r", "")
            body = [line for line in text.split("\n") if line.strip() and "—" not in line]
            ends.append(body[-1].strip())
    finally:
        document.close()
    assert any(not any(paragraph.endswith(end) for paragraph in PASSAGE) for end in ends[:-1])
