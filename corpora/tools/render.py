#!/usr/bin/env python3
"""Remake the rendered copies of real corpus texts (HTML, DOCX, PDF).

Standard library only. Run from anywhere:

    python3 corpora/tools/render.py            # HTML pages + DOCX + PDF
    python3 corpora/tools/render.py --html     # HTML pages only (no LibreOffice needed)

What it makes (paths relative to corpora/):

  notices/air-2020-autumn-winter/final.html   government-style web page of the issued notice (UTF-8)
  notices/air-2020-autumn-winter/draft.html   simpler page for the draft (declares gb2312, bytes are GBK)
  notices/air-2020-autumn-winter/final.docx / final.pdf
  notices/air-2020-autumn-winter/draft.docx / draft.pdf
  laws/ozone-depleting-substances-regulation/2023-12-29.docx / 2023-12-29.pdf

The words come only from the committed text files (final.txt, draft.txt, the law .md).
The script only decides paragraph boundaries and styling:

  * final.txt: two line breaks that fall inside a sentence (a scraping artefact: "尽管秋|冬季",
    "重污染天|数每档") are joined; then every line is split at runs of two or more
    ideographic spaces (U+3000), which is where the web page had its paragraph indents.
    The literal "<BR>" tags in the attachment list are kept as <BR> in HTML and become a
    line break in DOCX/PDF.
  * draft.txt: one paragraph per non-empty line, exactly as extracted from the PDF (so the
    PDF page-break artefacts such as a paragraph ending in "既" stay). "PM_{2.5}" is shown
    as PM<sub>2.5</sub> in HTML and as a subscript in DOCX/PDF.
  * law .md: "# " title, the amendment-history lines before "<!-- INFO END -->", "## " chapter
    and "### " section headings, and one paragraph per non-empty line.

The page chrome of the HTML pages (navigation, breadcrumb, footer with 网站标识码, ICP and
公网安备 numbers, share bar, script) is made up by this script to look like a ministry site;
the numbers in it are placeholders, not real registrations.

DOCX is produced by LibreOffice from a flat ODF text file (.fodt) written here, which carries an
A4 page style whose footer holds a page-number field ("— N —"); the PDF is produced by
LibreOffice from that DOCX. LibreOffice output is not byte-identical between runs, so the
rendered files are committed and this script is only how they were made.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CORPORA = Path(__file__).resolve().parent.parent
AIR = CORPORA / "notices" / "air-2020-autumn-winter"
OZONE = CORPORA / "laws" / "ozone-depleting-substances-regulation"

IDEO = "\u3000"
HEADING_RE = re.compile(r"^[一二三四五六七八九十]+、")
SENTENCE_END = "。：；）”！？"


# --------------------------------------------------------------------------- text -> paragraphs

def final_paragraphs() -> tuple[str, str, list[tuple[str, str]]]:
    """Return (title, date line, [(kind, text)]) for the issued notice."""
    raw = (AIR / "final.txt").read_text(encoding="utf-8")
    lines = [ln for ln in raw.split("\n")]
    while lines and not lines[-1].strip():
        lines.pop()
    # Join a long line that stops mid-sentence with the next line (web-scrape wrap artefact).
    joined: list[str] = []
    for ln in lines:
        if (joined and len(joined[-1]) > 60 and not joined[-1].endswith(IDEO)
                and joined[-1][-1] not in SENTENCE_END and not ln.startswith(IDEO)):
            joined[-1] += ln
        else:
            joined.append(ln)
    title, dateline, rest = joined[0].strip(), joined[1].strip(), joined[2:]
    paras: list[tuple[str, str]] = []
    for ln in rest:
        for piece in re.split(IDEO + "{2,}", ln):
            piece = piece.strip(" " + IDEO)
            if piece:
                paras.append((classify_notice(piece, paras), piece))
    return title, dateline, paras


def classify_notice(text: str, before: list[tuple[str, str]]) -> str:
    if text.endswith("行动方案") and len(text) < 60:
        return "doctitle"
    if HEADING_RE.match(text) and len(text) < 40:
        return "heading"
    if text.startswith("（此件"):
        return "note"
    if text.startswith(("附件", "抄送")) or re.match(r"^\d+\.", text):
        return "trailer"
    if "印发" in text and re.search(r"\d{4}年\d{1,2}月\d{1,2}日印发$", text):
        return "trailer"
    if len(text) <= 30 and not text.endswith("。") and before and before[-1][0] in ("body", "sign") \
            and all(k != "doctitle" for k, _ in before):
        return "sign"  # signatory lines of the issuing notice
    return "body"


def draft_paragraphs() -> list[tuple[str, str]]:
    raw = (AIR / "draft.txt").read_text(encoding="utf-8")
    paras: list[tuple[str, str]] = []
    for ln in raw.split("\n"):
        if not ln.strip():
            continue
        text = ln.strip()
        if text == "附件":
            kind = "attach"
        elif text.endswith("行动方案") or text.startswith("(征求意见稿)"):
            kind = "doctitle"
        elif HEADING_RE.match(text) and len(text) < 40:
            kind = "heading"
        else:
            kind = "body"
        paras.append((kind, text))
    return paras


def law_paragraphs(path: Path) -> list[tuple[str, str]]:
    paras: list[tuple[str, str]] = []
    in_info = True
    for ln in path.read_text(encoding="utf-8").split("\n"):
        text = ln.strip()
        if not text:
            continue
        if text == "<!-- INFO END -->":
            in_info = False
            continue
        if text.startswith("<!--"):
            continue
        if text.startswith("# "):
            paras.append(("doctitle", text[2:].strip()))
        elif text.startswith("## "):
            paras.append(("chapter", text[3:].strip()))
        elif text.startswith("### "):
            paras.append(("section", text[4:].strip()))
        elif in_info:
            paras.append(("history", text))
        else:
            paras.append(("body", text))
    return paras


# --------------------------------------------------------------------------- HTML

def esc_keep_br(text: str) -> str:
    return "<BR>".join(html.escape(part, quote=False) for part in text.split("<BR>"))


def pm_sub_html(text: str) -> str:
    out = html.escape(text, quote=False)
    return re.sub(r"PM_\{([0-9.]+)\}", r"PM<sub>\1</sub>", out)


FINAL_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="{pubdate} 17:30">
<meta name="ColumnName" content="政策文件">
<title>{title}_政策文件_生态环境部门户网站</title>
<style type="text/css">
body{{margin:0;padding:0;font-family:"Microsoft YaHei","微软雅黑",SimSun,"宋体",sans-serif;color:#333;background:#f4f4f4;}}
a{{color:#333;text-decoration:none;}}
a:hover{{color:#1a5fb4;text-decoration:underline;}}
.topbar{{height:30px;line-height:30px;background:#eee;font-size:12px;}}
.topbar .w{{width:1200px;margin:0 auto;text-align:right;}}
.header{{height:110px;background:#1a5fb4;color:#fff;}}
.header .w{{width:1200px;margin:0 auto;font-size:32px;line-height:110px;letter-spacing:4px;}}
.nav{{background:#0f4a93;height:46px;}}
.nav ul{{width:1200px;margin:0 auto;padding:0;list-style:none;}}
.nav li{{float:left;width:120px;text-align:center;line-height:46px;}}
.nav li a{{color:#fff;font-size:17px;}}
.main{{width:1200px;margin:16px auto;background:#fff;padding:20px 60px 40px;box-sizing:border-box;}}
.position{{font-size:14px;color:#666;border-bottom:1px solid #ddd;padding-bottom:10px;}}
.position a{{color:#666;}}
h1.article_title{{font-size:26px;text-align:center;line-height:40px;margin:36px 40px 12px;color:#000;}}
.article_info{{text-align:center;font-size:14px;color:#888;border-bottom:1px dashed #ccc;padding-bottom:14px;}}
.article_info span{{margin:0 12px;}}
.pages_content{{font-size:18px;line-height:36px;margin-top:24px;}}
.pages_content p{{text-indent:2em;margin:0;text-align:justify;}}
.pages_content p.doc_title{{text-align:center;text-indent:0;font-weight:bold;font-size:21px;margin:24px 0 12px;}}
.pages_content p.recipient{{text-indent:0;}}
.pages_content p.sign{{text-align:right;padding-right:4em;}}
.share{{margin-top:40px;border-top:1px solid #ddd;padding-top:14px;font-size:14px;color:#666;}}
.share a{{display:inline-block;margin-right:16px;}}
.footer{{background:#2d2d2d;color:#bbb;font-size:13px;text-align:center;line-height:26px;padding:20px 0;}}
.footer a{{color:#bbb;}}
</style>
<script type="text/javascript">
var pageTitle = "{title_js}";
function doZoom(size) {{
  var box = document.getElementById("UCAP-CONTENT");
  if (!box) return;
  box.style.fontSize = size + "px";
  box.style.lineHeight = (size * 2) + "px";
}}
function shareTo(site) {{
  var url = encodeURIComponent(window.location.href);
  var t = encodeURIComponent(pageTitle);
  var target = {{
    weibo: "https://service.weibo.com/share/share.php?url=" + url + "&title=" + t,
    qzone: "https://sns.qzone.qq.com/cgi-bin/qzshare/cgi_qzshare_onekey?url=" + url + "&title=" + t
  }}[site];
  if (target) window.open(target, "_blank");
}}
</script>
</head>
<body>
<div class="topbar"><div class="w"><a href="#">无障碍浏览</a> | <a href="#">English</a> | <a href="#">繁體</a> | <a href="#">移动版</a></div></div>
<div class="header"><div class="w">中华人民共和国生态环境部</div></div>
<div class="nav">
<ul>
<li><a href="#">首页</a></li>
<li><a href="#">机构</a></li>
<li><a href="#">新闻</a></li>
<li><a href="#">信息</a></li>
<li><a href="#">政策文件</a></li>
<li><a href="#">业务工作</a></li>
<li><a href="#">政务服务</a></li>
<li><a href="#">互动交流</a></li>
</ul>
</div>
<div class="main">
<div class="position">当前位置：<a href="#">首页</a> &gt; <a href="#">政策文件</a> &gt; <a href="#">部文件</a> &gt; <span>正文</span></div>
<h1 class="article_title">{title}</h1>
<div class="article_info"><span>发布日期：{pubdate}</span><span>来源：生态环境部</span><span>【字体：<a href="javascript:doZoom(20)">大</a> <a href="javascript:doZoom(18)">中</a> <a href="javascript:doZoom(16)">小</a>】</span><span><a href="javascript:window.print()">打印</a></span></div>
<!--ZJEG_RSS.content.begin-->
<div class="pages_content" id="UCAP-CONTENT">
{content}
</div>
<!--ZJEG_RSS.content.end-->
<div class="share">分享到：<a href="javascript:shareTo('weibo')">新浪微博</a><a href="javascript:shareTo('qzone')">QQ空间</a><a href="javascript:;">微信</a><a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
<div class="footer">
<p><a href="#">网站地图</a> | <a href="#">联系我们</a> | <a href="#">使用帮助</a> | <a href="#">隐私声明</a></p>
<p>版权所有：中华人民共和国生态环境部　　地址：北京市东城区东长安街12号　　邮编：100006</p>
<p>网站标识码：bm00000000　　<a href="#">京ICP备00000000号</a>　　<a href="#">京公网安备 00000000000000号</a></p>
</div>
</body>
</html>
"""

DRAFT_PAGE = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>{title}</title>
<style type="text/css">
body{{font-family:SimSun,"宋体",serif;font-size:16px;margin:20px auto;width:900px;color:#000;}}
.crumb{{font-size:12px;color:#666;margin-bottom:20px;}}
.TRS_Editor p{{line-height:30px;text-indent:2em;margin:0;}}
.TRS_Editor p.title{{text-align:center;text-indent:0;font-weight:bold;font-size:20px;}}
.TRS_Editor p.attach{{text-indent:0;font-family:SimHei,"黑体";}}
.bottom{{margin-top:30px;border-top:1px solid #999;font-size:12px;color:#666;text-align:center;}}
</style>
<script type="text/javascript">
function printPage() {{ window.print(); }}
</script>
</head>
<body>
<div class="crumb">当前位置：首页 &gt; 互动交流 &gt; 意见征集 &gt; 正文</div>
<div class="TRS_Editor">
{content}
</div>
<div class="bottom"><a href="javascript:printPage()">打印本页</a>　　<a href="javascript:window.close()">关闭窗口</a><br />网站标识码：bm00000000　京ICP备00000000号</div>
</body>
</html>
"""


def render_final_html() -> str:
    title, dateline, paras = final_paragraphs()
    pubdate = dateline.split(":", 1)[1].strip() if ":" in dateline else dateline
    out = []
    first = True
    for kind, text in paras:
        body = esc_keep_br(text)
        if kind == "doctitle":
            out.append(f'<p class="doc_title">{body}</p>')
        elif kind == "heading":
            out.append(f"<p><strong>{body}</strong></p>")
        elif kind == "sign":
            out.append(f'<p class="sign">{body}</p>')
        elif first:
            out.append(f'<p class="recipient">{body}</p>')
        else:
            out.append(f"<p>{body}</p>")
        first = False
    return FINAL_PAGE.format(title=html.escape(title, quote=True), title_js=title.replace('"', '\\"'),
                             pubdate=pubdate, content="\n".join(out))


def render_draft_html() -> str:
    paras = draft_paragraphs()
    out = []
    for kind, text in paras:
        body = pm_sub_html(text)
        if kind == "doctitle":
            out.append(f'<p class="title">{body}</p>')
        elif kind == "attach":
            out.append(f'<p class="attach">{body}</p>')
        elif kind == "heading":
            out.append(f"<p><strong>{body}</strong></p>")
        else:
            out.append(f"<p>{body}</p>")
    title = "京津冀及周边地区、汾渭平原2020-2021年秋冬季大气污染综合治理攻坚行动方案（征求意见稿）"
    return DRAFT_PAGE.format(title=title, content="\n".join(out))


# --------------------------------------------------------------------------- flat ODT

FODT_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta><dc:title>{title}</dc:title><dc:language>zh-CN</dc:language></office:meta>
<office:font-face-decls>
 <style:font-face style:name="Noto Serif CJK SC" svg:font-family="'Noto Serif CJK SC'" style:font-family-generic="roman"/>
 <style:font-face style:name="Noto Sans CJK SC" svg:font-family="'Noto Sans CJK SC'" style:font-family-generic="swiss"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:line-height="150%"/>
  <style:text-properties style:font-name="Noto Serif CJK SC" style:font-name-asian="Noto Serif CJK SC"
   fo:font-size="14pt" style:font-size-asian="14pt" fo:language="zh" fo:country="CN"
   style:language-asian="zh" style:country-asian="CN"/>
 </style:default-style>
 <style:style style:name="Standard" style:family="paragraph" style:class="text"/>
 <style:style style:name="Body" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-indent="0.99cm" fo:text-align="justify"/>
 </style:style>
 <style:style style:name="DocTitle" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="center" fo:margin-top="0.4cm" fo:margin-bottom="0.4cm"/>
  <style:text-properties fo:font-size="20pt" style:font-size-asian="20pt" fo:font-weight="bold" style:font-weight-asian="bold"/>
 </style:style>
 <style:style style:name="Centered" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="center"/>
 </style:style>
 <style:style style:name="History" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="center"/>
  <style:text-properties fo:font-size="11pt" style:font-size-asian="11pt"/>
 </style:style>
 <style:style style:name="Heading1" style:family="paragraph" style:parent-style-name="Body">
  <style:text-properties style:font-name="Noto Sans CJK SC" style:font-name-asian="Noto Sans CJK SC"
   fo:font-weight="bold" style:font-weight-asian="bold"/>
 </style:style>
 <style:style style:name="Chapter" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="center" fo:margin-top="0.3cm" fo:margin-bottom="0.2cm"/>
  <style:text-properties style:font-name="Noto Sans CJK SC" style:font-name-asian="Noto Sans CJK SC"
   fo:font-weight="bold" style:font-weight-asian="bold"/>
 </style:style>
 <style:style style:name="Left" style:family="paragraph" style:parent-style-name="Standard"/>
 <style:style style:name="Sign" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="end" fo:margin-right="1.5cm"/>
 </style:style>
 <style:style style:name="Footer" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
  <style:paragraph-properties fo:text-align="center"/>
  <style:text-properties fo:font-size="12pt" style:font-size-asian="12pt"/>
 </style:style>
 <style:style style:name="Sub" style:family="text">
  <style:text-properties style:text-position="sub 58%"/>
 </style:style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="A4">
  <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait"
   fo:margin-top="3.7cm" fo:margin-bottom="2.5cm" fo:margin-left="2.8cm" fo:margin-right="2.6cm"/>
  <style:footer-style><style:header-footer-properties fo:min-height="0.8cm" fo:margin-top="0.4cm"/></style:footer-style>
 </style:page-layout>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="A4">
  <style:footer><text:p text:style-name="Footer">— <text:page-number text:select-page="current">1</text:page-number> —</text:p></style:footer>
 </style:master-page>
</office:master-styles>
<office:body>
<office:text>
"""

FODT_TAIL = """</office:text>
</office:body>
</office:document>
"""

STYLE_FOR = {
    "doctitle": "DocTitle", "heading": "Heading1", "body": "Body", "sign": "Sign",
    "note": "Body", "trailer": "Left", "attach": "Left", "chapter": "Chapter",
    "section": "Chapter", "history": "History", "recipient": "Left",
}


def odt_inline(text: str) -> str:
    """Escape text for ODF; <BR> -> line break; PM_{2.5} -> PM + subscript; keep runs of spaces."""
    parts = []
    for i, chunk in enumerate(text.split("<BR>")):
        if i:
            parts.append("<text:line-break/>")
        pos = 0
        for m in re.finditer(r"PM_\{([0-9.]+)\}", chunk):
            parts.append(odt_spaces(chunk[pos:m.start()]))
            parts.append('PM<text:span text:style-name="Sub">%s</text:span>' % html.escape(m.group(1)))
            pos = m.end()
        parts.append(odt_spaces(chunk[pos:]))
    return "".join(parts)


def odt_spaces(s: str) -> str:
    s = html.escape(s, quote=False)
    return re.sub(r"  +", lambda m: " " + '<text:s text:c="%d"/>' % (len(m.group(0)) - 1), s)


def fodt(title: str, paras: list[tuple[str, str]]) -> str:
    body = []
    for kind, text in paras:
        body.append('<text:p text:style-name="%s">%s</text:p>' % (STYLE_FOR.get(kind, "Body"), odt_inline(text)))
    return FODT_HEAD.format(title=html.escape(title)) + "\n".join(body) + "\n" + FODT_TAIL


# --------------------------------------------------------------------------- LibreOffice

def soffice(args: list[str], profile: Path) -> None:
    exe = shutil.which("soffice") or "/usr/bin/soffice"
    cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"] + args
    subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)


def convert(fodt_text: str, stem: str, outdir: Path, work: Path, profile: Path) -> None:
    src = work / f"{stem}.fodt"
    src.write_text(fodt_text, encoding="utf-8")
    soffice(["--convert-to", "docx:MS Word 2007 XML", "--outdir", str(work), str(src)], profile)
    docx = work / f"{stem}.docx"
    soffice(["--convert-to", "pdf:writer_pdf_Export", "--outdir", str(work), str(docx)], profile)
    shutil.copyfile(docx, outdir / f"{stem}.docx")
    shutil.copyfile(work / f"{stem}.pdf", outdir / f"{stem}.pdf")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--html", action="store_true", help="only write the HTML pages")
    opts = ap.parse_args(argv)

    (AIR / "final.html").write_text(render_final_html(), encoding="utf-8")
    (AIR / "draft.html").write_bytes(render_draft_html().encode("gbk"))
    print("wrote", AIR / "final.html", "and", AIR / "draft.html")
    if opts.html:
        return 0

    title, _dateline, fparas = final_paragraphs()
    jobs = [
        ("final", AIR, title, [("doctitle", title)] + fparas),
        ("draft", AIR, "京津冀及周边地区、汾渭平原2020-2021年秋冬季大气污染综合治理攻坚行动方案（征求意见稿）",
         draft_paragraphs()),
        ("2023-12-29", OZONE, "消耗臭氧层物质管理条例", law_paragraphs(OZONE / "2023-12-29.md")),
    ]
    with tempfile.TemporaryDirectory(prefix="policydiff-render-") as tmp:
        work = Path(tmp)
        profile = work / "lo-profile"
        for stem, outdir, doc_title, paras in jobs:
            convert(fodt(doc_title, paras), stem, outdir, work, profile)
            print("wrote", outdir / f"{stem}.docx", "and", outdir / f"{stem}.pdf")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
