"""Build test inputs from real text: a 公文-style DOCX, a government web page, a printed PDF,
a later version of a corpus law, a copy of the rule pack, passages of the seed notice (two of
its clauses in both versions: the excerpt the report tests compare), and what extraction reads
of a text.

The format tests render the seeds through these and check that every format reads back
to the same clauses; the PDF goes through LibreOffice, as a real ministry PDF would.
"""

from __future__ import annotations

import hashlib
import html
import io
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from policydiff.model import InputFormat, SourceDocument

from .conftest import CORPORA, ROOT, require_tool

if TYPE_CHECKING:
    from policydiff.extract.layers import Page
    from policydiff.rules import RulePack

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
    'ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType='
    '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.header+xml"/><Override PartName="/word/footer1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
    'package.core-properties+xml"/></Types>'
)


def gov_docx(paragraphs: tuple[str, ...] | list[str], *, title: str) -> bytes:
    """A 公文-like DOCX: 16 pt text, 28 pt line pitch, two-character first-line indents,
    a running header and a "— 1 —" page number footer.

    Paragraphs are left-aligned: LibreOffice 7.4 leaves out of the PDF it prints a comma
    that hangs at the end of a justified CJK line, which would lose real text.
    """
    namespaces = f'xmlns:w="{W}" xmlns:r="{R}"'
    run_props = '<w:rPr><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr>'
    paragraph_props = ('<w:pPr><w:spacing w:before="0" w:after="0" w:line="560" w:lineRule="exact"/>'
                       '<w:ind w:firstLineChars="200" w:firstLine="640"/></w:pPr>')
    body = "".join(f'<w:p>{paragraph_props}<w:r>{run_props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
                   for text in paragraphs)
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {namespaces}>'
                f'<w:body>{body}<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/>'
                '<w:footerReference w:type="default" r:id="rIdF"/>'
                '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" '
                'w:bottom="1984" w:left="1588" w:header="851" w:footer="992"/></w:sectPr>'
                '</w:body></w:document>')
    centre = '<w:pPr><w:jc w:val="center"/></w:pPr>'
    header = f'<w:hdr {namespaces}><w:p>{centre}<w:r><w:t>生态环境部文件</w:t></w:r></w:p></w:hdr>'
    footer = (f'<w:ftr {namespaces}><w:p>{centre}<w:r><w:t xml:space="preserve">— </w:t></w:r>'
              '<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
              '<w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>')
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": (
            f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}"><Relationship Id="rId1" Type="{R}/'
            'officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://'
            'schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
            'Target="docProps/core.xml"/></Relationships>'),
        "docProps/core.xml": (
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            f'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{escape(title)}'
            '</dc:title></cp:coreProperties>'),
        "word/document.xml": document,
        "word/_rels/document.xml.rels": (
            f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}"><Relationship Id="rIdH" Type="{R}/header" '
            f'Target="header1.xml"/><Relationship Id="rIdF" Type="{R}/footer" '
            'Target="footer1.xml"/></Relationships>'),
        "word/header1.xml": header,
        "word/footer1.xml": footer,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def gov_page(paragraphs: tuple[str, ...] | list[str], *, title: str, charset: str = "utf-8") -> bytes:
    """A ministry web page: navigation, breadcrumb, script and style, the article in
    ``#UCAP-CONTENT`` one ``<p>`` per paragraph, a share bar and an ICP footer."""
    body = "\n".join(f"<p>{html.escape(text)}</p>" for text in paragraphs)
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="{charset}"><title>{html.escape(title)}_生态环境部</title>
<style>.nav li {{ display: inline; }}</style><script>var _hmt = _hmt || [];</script></head>
<body>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zcwj/">政策文件</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zcwj/">政策文件</a> &gt; 通知</div>
<div class="pages_content" id="UCAP-CONTENT">
{body}
</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
<div class="footer"><p>版权所有：中华人民共和国生态环境部</p><p>京ICP备05009132号</p><p>京公网安备 11040102700072号</p></div>
</body></html>"""
    return page.encode(charset)


def soffice_pdf(docx: Path) -> Path:
    """Print ``docx`` to PDF with LibreOffice headless, beside it; the PDF's path."""
    soffice = require_tool("soffice", "libreoffice")
    folder = docx.parent
    # A private profile, so that a LibreOffice already running elsewhere does not interfere.
    subprocess.run([soffice, f"-env:UserInstallation=file://{folder}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), str(docx)],
                   check=True, capture_output=True, timeout=180)
    return docx.with_suffix(".pdf")


# From 二、 of the 2020-2021 秋冬季攻坚行动方案 as issued (the seed's final.txt): its heading, clause （四）
# word for word, and the opening of clause （五） with a sentence on the 39 industries.
PASSAGE = (
    "二、有效应对重污染天气",
    ("（四）全面实施绩效分级差异化减排。各地严格按照《重污染天气重点行业应急减排措施制定技术指南》"
     "（以下简称《技术指南》）有关要求，全面推进绩效分级差异化管控，鼓励环保绩效水平高的“先进”企业，"
     "鞭策环保绩效水平低的“后进”企业，以“先进”带动“后进”，提升环保基础工作整体水平。"),
    ("（五）高标准完成应急减排清单。对39个重点行业，绩效分级按《技术指南》有关指标严格执行，"
     "PM2.5浓度控制在63微克/立方米以内。"),
)
TEXT = "\n".join(PASSAGE) + "\n"

ADOPTION = CORPORA / "laws" / "adoption-registration-measures"


def third_adoption_version() -> str:
    """A made-up later amendment of the 2023 text: a revision note and one changed figure."""
    text = (ADOPTION / "2023-07-20.md").read_text(encoding="utf-8")
    text = text.replace("<!-- INFO END -->", "2025年3月1日 国务院令第999号修订\n\n<!-- INFO END -->", 1)
    assert "30日内" in text
    return text.replace("30日内", "20日内", 1)


def copy_pack(tmp_path: Path) -> Path:
    """A copy of the shipped rule pack, for a test to edit."""
    return Path(shutil.copytree(ROOT / "extractors", tmp_path / "pack"))


SEED_TITLE = "京津冀及周边地区、汾渭平原2020-2021年秋冬季大气污染综合治理攻坚行动方案"
# Clauses （十四） and （十七） of the seed as outline reads them from draft.txt and final.txt. The
# final drops 其中唐山市控制在1亿吨以内 and the sentence on 石家庄…“以钢定焦”, adds 推动 before
# 独立焦化企业逐步退出, and rewords four places in （十七）.
CLAUSE_14 = {
    "draft": ("（十四）落实产业结构调整要求。各地要按照已出台的钢铁、建材、焦化、化工等行业产业结构调整、高质量发展等方案要求，"
              "全面完成压减过剩产能和淘汰落后产能既定任务目标，建立项目台账。2020年12月底前，天津市钢铁产能控制在1500万吨左右，"
              "河北省钢铁产能控制在2亿吨以内，其中唐山市控制在1亿吨以内。加快淘汰炉龄较长、炉况较差的炭化室高度4.3米焦炉。"
              "石家庄、沧州、邢台、邯郸、滨州、安阳严格执行“以钢定焦”政策，独立焦化企业逐步退出。"),
    "final": ("（十四）落实产业结构调整要求。各地要按照已出台的钢铁、建材、焦化、化工等行业产业结构调整、高质量发展等方案要求，"
              "全面完成压减过剩产能和淘汰落后产能既定任务目标，建立项目台账。2020年12月底前，天津市钢铁产能控制在1500万吨左右，"
              "河北省钢铁产能控制在2亿吨以内。加快淘汰炉龄较长、炉况较差的炭化室高度4.3米焦炉，推动独立焦化企业逐步退出。"),
}
CLAUSE_17 = {
    "draft": ("（十七） 强化扬尘管控。各城市平均降尘量不得高于9吨/月·平方公里，鼓励不断加严降尘量控制指标，实施网格化降尘量监测考核。"
              "加强施工扬尘控制，严格执行施工过程“六个百分之百”，鼓励各地继续推动实施“阳光施工”“阳光运输”。"
              "将扬尘管理工作不到位不良信息纳入建筑市场信用管理体系，情节严重的，列入建筑市场主体“黑名单”。"
              "强化道路扬尘管控，提高城市道路水洗机扫作业比例，加大各类工地、物料堆场、渣土消纳场等出入口道路清扫保洁力度。"
              "加强堆场、码头扬尘污染控制，全面推进主要港口大型煤炭和矿石码头堆场、干散货码头物料堆放场所围挡、苫盖、"
              "自动喷淋等抑尘设施，以及物料输送装置吸尘、喷淋等防尘设施建设。"),
    "final": ("（十七）强化扬尘管控。各城市平均降尘量不得高于9吨/月·平方公里，鼓励不断加严降尘量控制指标，"
              "实施分区细化的降尘量监测考核。加强施工扬尘控制，严格执行城市工地施工过程“六个百分之百”，"
              "鼓励各地继续推动实施“阳光施工”“阳光运输”。将扬尘管理工作不到位的不良信息纳入建筑市场信用管理体系，"
              "情节严重的，列入建筑市场主体“黑名单”。强化道路扬尘整治，提高城市道路水洗机扫作业比例，"
              "加大各类工地、物料堆场、渣土消纳场等出入口道路清扫保洁力度。加强堆场、码头扬尘污染控制，"
              "全面推进主要港口大型煤炭和矿石码头堆场、干散货码头物料堆放场所围挡、苫盖、自动喷淋等抑尘设施，"
              "以及物料输送装置吸尘、喷淋等防尘设施建设。"),
}


def seed_excerpt(version: str) -> str:
    """The seed's title and its clauses （十四） and （十七）, as in ``version`` (draft or final)."""
    return "\n".join((SEED_TITLE, CLAUSE_14[version], CLAUSE_17[version])) + "\n"


def excerpt_source(version: str) -> SourceDocument:
    """``seed_excerpt(version)`` as read from a UTF-8 file named ``{version}.txt``."""
    data = seed_excerpt(version).encode("utf-8")
    return SourceDocument(source=f"{version}.txt", format=InputFormat.TXT, raw_text=data.decode("utf-8"),
                          sha256=hashlib.sha256(data).hexdigest(), encoding="utf-8")


def extraction_page(raw_text: str, rules: RulePack) -> tuple[Page, list]:
    """What extraction reads of ``raw_text`` outlined as a TXT file, built as ``extract_obligations``
    builds it: the page over the whole text, and the live paragraphs as (label, paragraph, reading)."""
    from policydiff.extract import _body_paragraphs
    from policydiff.extract.layers import Layers, Page
    from policydiff.pipeline import outline_source
    from policydiff.reading import read

    source = SourceDocument(source="x.txt", format=InputFormat.TXT, raw_text=raw_text, sha256="0" * 64)
    policy = outline_source(source, rules=rules)
    live = [(label, paragraph, reading) for label, paragraph in _body_paragraphs(policy)
            if (reading := read(paragraph.text, rules=rules)).quantities or reading.dates]
    return Page.of(policy.text.text, Layers(live, rules), rules), live
