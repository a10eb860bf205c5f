"""The HTML redline report, read as markup (the browser tests open it in Chromium)."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import lxml.html
import pytest

from policydiff.pipeline import compare_paths
from policydiff.render.compare_html import render_compare_html
from policydiff.report import compare_report

from .conftest import CORPORA

SEED = CORPORA / "notices" / "air-2020-autumn-winter"
SCRIPT = "<script>window.__pwned=1</script>"
ATTRIBUTE = '" onmouseover="window.__pwned=2'
IMAGE = '<img src=x onerror="window.__pwned=3">'
OLD_HOSTILE = f"一、总体要求\n（一）加强领导。各地要{SCRIPT}做好工作。\n"
NEW_HOSTILE = f"一、总体要求\n（一）加强领导。各地要{SCRIPT}切实做好工作{ATTRIBUTE}{IMAGE}。\n"
OLD_MOVED = ("第一条 为了规范登记工作，制定本办法。\n第二条 登记机关应当在三十日内作出决定。\n"
             "第三条 申请人应当提交书面申请和身份证明材料。\n第四条 本办法自发布之日起施行。\n")
NEW_MOVED = ("第一条 为了规范登记工作，制定本办法。\n第二条 申请人应当提交书面申请和身份证明材料。\n"
             "第三条 登记机关应当在二十日内作出决定。\n第四条 本办法自发布之日起施行。\n")


def redline_report(old: Path, new: Path, **options) -> dict:
    return compare_report(compare_paths(old, new, redline=True), redline=True, **options)


def pair_report(tmp_path: Path, old: str, new: str) -> dict:
    (tmp_path / "old.txt").write_text(old, encoding="utf-8")
    (tmp_path / "new.txt").write_text(new, encoding="utf-8")
    return redline_report(tmp_path / "old.txt", tmp_path / "new.txt")


@pytest.fixture(scope="module")
def seed() -> dict:
    return redline_report(SEED / "draft.txt", SEED / "final.txt")


@pytest.fixture(scope="module")
def seed_html(seed) -> str:
    return render_compare_html(seed)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict:
    return pair_report(tmp_path_factory.mktemp("hostile"), OLD_HOSTILE, NEW_HOSTILE)


@pytest.fixture(scope="module")
def moved(tmp_path_factory) -> dict:
    return pair_report(tmp_path_factory.mktemp("moved"), OLD_MOVED, NEW_MOVED)


def tree(markup: str):
    return lxml.html.document_fromstring(markup)


def side_text(element, drop: str) -> str:
    """The text of a copy of ``element`` without its ``drop`` elements (``ins`` or ``del``)."""
    copy = lxml.html.fromstring(lxml.html.tostring(element, encoding="unicode"))
    for node in copy.iter(drop):
        node.drop_tree()
    return copy.text_content()


def side(section: dict, which: str) -> str:
    """The old or the new text of a redline section."""
    ops = ("equal", "delete", "move_from") if which == "old" else ("equal", "insert", "move_to")
    return "".join(run["text"] for run in section["runs"] if run["op"] in ops)


def test_document_text_is_escaped_everywhere(hostile) -> None:
    markup = render_compare_html(hostile)
    assert "<script>window" not in markup
    assert '" onmouseover="' not in markup and "<img" not in markup
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in markup
    assert "&quot; onmouseover=&quot;window.__pwned=2" in markup
    page = tree(markup)
    assert len(page.xpath("//script[not(@type)]")) == 1  # the page's own code; the other is its data
    assert [script.get("type") for script in page.xpath("//script[@type]")] == ["application/json"]
    handlers = [name for element in page.iter() for name in element.attrib if name.lower().startswith("on")]
    assert handlers == []


def test_escaped_text_reads_back_as_the_document(hostile) -> None:
    page = tree(render_compare_html(hostile))
    inline = page.get_element_by_id("sections").text_content()
    assert all(text in inline for text in (SCRIPT, ATTRIBUTE, IMAGE))


def test_content_security_policy_allows_only_the_inline_code(seed_html) -> None:
    page = tree(seed_html)
    (meta,) = page.xpath('//meta[@http-equiv="Content-Security-Policy"]')
    policy = meta.get("content")
    assert policy.startswith("default-src 'none';")
    for tag, directive in (("script", "script-src"), ("style", "style-src")):
        (element,) = page.xpath(f"//{tag}[not(@type)]")
        digest = base64.b64encode(hashlib.sha256(element.text.encode("utf-8")).digest()).decode("ascii")
        assert f"{directive} 'sha256-{digest}'" in policy
    assert "unsafe-inline" not in policy and "http" not in policy


@pytest.mark.parametrize("pattern", ['<html lang="zh-CN">', '<meta charset="utf-8">', "<title>版本比较：[^<]+</title>"])
def test_page_declares_language_charset_and_title(seed_html, pattern) -> None:
    assert re.search(pattern, seed_html)


def test_nothing_is_loaded_from_elsewhere(seed_html) -> None:
    page = tree(seed_html)
    assert page.xpath("//@src") == []
    assert page.xpath("//link") == []
    assert all(href.startswith("#") for href in page.xpath("//a/@href"))


def test_every_change_has_one_anchor_and_elements(seed, seed_html) -> None:
    page = tree(seed_html)
    ids = [change["id"] for change in seed["changes"]]
    shown = {element.get("data-change") for element in page.get_element_by_id("sections").xpath(".//*[@data-change]")}
    assert shown == set(ids) and len(shown) == len(seed["changes"])
    for cid in ids:
        anchor = page.get_element_by_id(cid)
        assert anchor.get("data-change") == cid and anchor.get("tabindex") == "0"


def test_change_elements_carry_level_categories_and_summary(seed, seed_html) -> None:
    page = tree(seed_html)
    for change in seed["changes"]:
        element = page.get_element_by_id(change["id"])
        assert element.get("data-level") == change["level"]
        assert element.get("data-cats") == " ".join(change["categories"])
        assert element.get("title").endswith(change["summary"])


def test_adjacent_runs_of_a_change_share_one_wrapper(seed_html) -> None:
    page = tree(seed_html)
    (wrapper,) = page.xpath('//*[@id="s-3"]//*[@data-change="c018"]')
    assert [child.tag for child in wrapper] == ["del", "ins"]
    assert (wrapper[0].text, wrapper[1].text) == ("三中全会", "三中、四中、五中全会")


def test_each_side_of_the_inline_view_is_that_version(seed, seed_html) -> None:
    page = tree(seed_html)
    for section in seed["redline"]["sections"]:
        (inline,) = page.xpath(f'//*[@id="s-{section["pair"]}"]/div[@class="inl"]')
        assert side_text(inline, "ins") == side(section, "old")
        assert side_text(inline, "del") == side(section, "new")


def test_unreported_differences_are_marked_but_not_counted(seed, seed_html) -> None:
    page = tree(seed_html)
    unreported = page.xpath('//*[contains(concat(" ", @class, " "), " unreported ")]')
    runs = [run for section in seed["redline"]["sections"] for run in section["runs"]]
    expected = sum(1 for run in runs if run["op"] != "equal" and run["change"] is None)
    assert expected and len(unreported) == expected
    assert all(element.get("data-change") is None and element.tag in ("del", "ins") for element in unreported)


def test_moved_text_is_marked_at_both_ends(seed_html) -> None:
    page = tree(seed_html)
    for end, other in (("f", "t"), ("t", "f")):
        marker = page.get_element_by_id(f"m-c065-{end}")
        assert marker.get("href") == f"#m-c065-{other}" and "moved" in marker.get("aria-label")
        region = marker.getparent()
        assert region.get("data-region") == "c065" and f"mvr-{end}" in region.get("class")
    assert page.xpath('//del[@class="mf"]') and page.xpath('//ins[@class="mt"]')


def test_a_moved_clause_links_to_where_it_stood(moved) -> None:
    page = tree(render_compare_html(moved))
    notes = page.xpath('//a[contains(@class, "mvnote")]')
    assert [note.get("data-change") for note in notes] == [s["move"] for s in moved["redline"]["sections"] if s["move"]]
    first = notes[0]
    assert first.get("id") == first.get("data-change") and "moved" in first.text_content()
    assert first.get("href").startswith("#s-")


def test_every_section_has_an_anchor_its_label_and_a_sidebar_entry(seed, seed_html) -> None:
    page = tree(seed_html)
    nav = page.xpath('//nav[@class="sidebar"]')[0]
    for section in seed["redline"]["sections"]:
        heading = page.get_element_by_id(f"h-{section['pair']}").text_content()
        for label in (section["old_label"], section["new_label"]):
            if label:
                assert label in heading
        (link,) = nav.xpath(f'.//a[@href="#s-{section["pair"]}"]')
        assert link.get("data-changes", "").split() == section["changes"]


def test_summary_lists_substantive_changes_and_obligation_changes(seed, seed_html) -> None:
    page = tree(seed_html)
    listed = page.xpath('//ol[@class="subst"]/li/a/@href')
    assert listed == [f"#{c['id']}" for c in seed["changes"] if c["level"] == "substantive"]
    rows = page.xpath("//table[@class='obligations']/tbody/tr")
    assert len(rows) == sum(1 for item in seed["obligation_changes"] if item["status"] != "unchanged")
    unchanged = seed["summary"]["obligation_changes"]["unchanged"]
    assert f"未变 unchanged {unchanged}" in seed_html


def test_document_headers_show_title_source_date_and_hash(seed, seed_html) -> None:
    for side in ("old", "new"):
        header = seed[side]
        assert header["sha256"] in seed_html and header["source"] in seed_html
        if header.get("date"):
            assert header["date"] in seed_html


def test_rendering_is_deterministic(seed, seed_html) -> None:
    assert render_compare_html(seed) == seed_html


def test_a_report_below_editorial_counts_only_its_listed_changes() -> None:
    report = redline_report(SEED / "draft.txt", SEED / "final.txt", min_level="substantive")
    page = tree(render_compare_html(report))
    shown = {element.get("data-change") for element in page.xpath('//*[@id="sections"]//*[@data-change]')}
    assert shown == {change["id"] for change in report["changes"]}


def test_a_report_without_redline_renders_a_notice(seed) -> None:
    report = {key: value for key, value in seed.items() if key != "redline"}
    markup = render_compare_html(report)
    assert 'class="notice"' in markup and 'class="sec ' not in markup


def test_the_page_carries_the_names_of_levels_and_categories_as_data(seed_html) -> None:
    import json

    from policydiff.render.names import CATEGORY_NAMES, LEVEL_NAMES

    (data,) = tree(seed_html).xpath('//script[@type="application/json"][@id="names"]')
    assert json.loads(data.text) == {"levels": LEVEL_NAMES, "categories": CATEGORY_NAMES}
    assert "实质性" not in (Path(render_compare_html.__code__.co_filename).parent / "compare_html.js").read_text(
        encoding="utf-8")
