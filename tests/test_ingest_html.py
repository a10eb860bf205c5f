"""Ingest of government web pages (policydiff.ingest.html): the article body and its title,
layout, declared charsets, and markup that is refused."""

from __future__ import annotations

import pytest

from policydiff.errors import InputEmpty, UnsafeMarkup
from policydiff.ingest import parse_bytes
from policydiff.model import InputFormat

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
