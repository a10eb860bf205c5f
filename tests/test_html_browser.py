"""The HTML redline report in a real browser: headless Chromium, opened from a file:// URL.

One browser serves the module. Playwright drives Debian's /usr/bin/chromium (never a
downloaded browser); without Chromium the tests skip locally and fail in CI.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from policydiff.render.compare_html import render_compare_html
from policydiff.render.names import CATEGORY_NAMES, LEVEL_NAMES

from .conftest import require_tool
from .test_render_compare_html import NEW_HOSTILE, OLD_HOSTILE, SCRIPT, SEED, pair_report, redline_report, side

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
VISIBLE_CHANGES = """root => {
  const ids = new Set();
  for (const el of root.querySelectorAll('[data-change]')) if (el.checkVisibility()) ids.add(el.dataset.change);
  return [...ids].sort();
}"""


@dataclass
class Opened:
    """A page and what it did while loading: console messages, errors and requests."""

    page: Any
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = require_tool("chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def seed() -> dict:
    return redline_report(SEED / "draft.txt", SEED / "final.txt")


@pytest.fixture(scope="module")
def seed_file(seed, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(render_compare_html(seed), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "report.html"
    path.write_text(render_compare_html(pair_report(folder, OLD_HOSTILE, NEW_HOSTILE)), encoding="utf-8")
    return path


@pytest.fixture
def open_report(browser) -> Iterator[Any]:
    pages = []

    def open_(path: Path, fragment: str = "") -> Opened:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        pages.append(page)
        opened = Opened(page)
        page.on("console", lambda message: opened.console.append(f"{message.type}: {message.text}"))
        page.on("pageerror", lambda error: opened.errors.append(str(error)))
        page.on("request", lambda request: opened.requests.append(request.url))
        page.on("requestfailed", lambda request: opened.failed.append(request.url))
        page.goto(path.as_uri() + fragment)  # returns after the load event; the page script ran before it
        assert page.evaluate("() => performance.getEntriesByName('policydiff-ready').length") == 1
        return opened

    yield open_
    for page in pages:
        page.close()


def test_page_loads_without_errors_or_requests(open_report, seed_file) -> None:
    opened = open_report(seed_file)
    assert opened.console == [] and opened.errors == [] and opened.failed == []
    assert opened.requests == [seed_file.as_uri()]
    assert opened.page.evaluate("document.documentElement.classList.contains('js')")


def test_every_change_is_highlighted(open_report, seed_file, seed) -> None:
    page = open_report(seed_file).page
    assert page.eval_on_selector("#sections", VISIBLE_CHANGES) == sorted(c["id"] for c in seed["changes"])
    assert page.is_visible("#c031")


def test_level_filter_shows_only_that_level(open_report, seed_file, seed) -> None:
    page = open_report(seed_file).page
    page.click('.toolbar button[data-level="substantive"]')
    levels = {change["id"]: change["level"] for change in seed["changes"]}
    shown = page.eval_on_selector("#sections", VISIBLE_CHANGES)
    assert shown == sorted(cid for cid, level in levels.items() if level == "substantive")
    hidden = page.eval_on_selector_all(
        '#sections [data-change]:not([data-level="substantive"])', "els => els.filter(e => e.checkVisibility()).length")
    assert hidden == 0
    assert page.get_attribute('.toolbar button[data-level="substantive"]', "aria-pressed") == "true"


def test_a_hidden_change_reads_as_accepted_text(open_report, seed_file) -> None:
    page = open_report(seed_file).page
    page.click('.toolbar button[data-level="substantive"]')
    # c020 (minor) inserts 浓度 in （二）: hidden, the sentence still reads as the new version.
    assert not page.is_visible('[data-change="c020"]')
    assert "PM2.5浓度每档相差" in page.inner_text("#s-4 .inl")


def test_category_filter_combines_with_level(open_report, seed_file, seed) -> None:
    page = open_report(seed_file).page
    page.click(".cats-menu > summary")
    page.click('.toolbar button[data-cat="deadline"]')
    expected = sorted(c["id"] for c in seed["changes"] if "deadline" in c["categories"])
    assert page.eval_on_selector("#sections", VISIBLE_CHANGES) == expected
    page.click(".toolbar .reset")
    assert len(page.eval_on_selector("#sections", VISIBLE_CHANGES)) == len(seed["changes"])


def test_sidebar_link_scrolls_its_clause_into_view(open_report, seed_file) -> None:
    page = open_report(seed_file).page
    page.click('.sidebar a[href="#s-24"]')
    box = page.eval_on_selector("#s-24", "el => el.getBoundingClientRect().top")
    bar = page.eval_on_selector(".toolbar", "el => el.getBoundingClientRect().bottom")
    assert page.evaluate("scrollY") > 0
    assert 0 <= box <= bar + 20
    assert page.evaluate("location.hash") == "#s-24"


def test_opening_a_change_permalink_scrolls_to_it(open_report, seed_file) -> None:
    page = open_report(seed_file, "#c031").page
    box = page.eval_on_selector("#c031", "el => el.getBoundingClientRect()")
    bar = page.eval_on_selector(".toolbar", "el => el.getBoundingClientRect().bottom")
    assert page.evaluate("scrollY") > 0
    assert bar <= box["top"] and box["bottom"] <= 900
    assert page.evaluate("document.activeElement.id") == "c031" and page.is_visible("#tip")


def test_injected_markup_does_not_run(open_report, hostile_file) -> None:
    opened = open_report(hostile_file)
    page = opened.page
    page.hover("#sections .chg")
    page.mouse.move(600, 450)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert SCRIPT in page.inner_text("#sections")
    assert opened.errors == [] and opened.requests == [hostile_file.as_uri()]


def test_side_by_side_view_shows_each_version_in_its_column(open_report, seed_file, seed) -> None:
    page = open_report(seed_file).page
    page.click('.toolbar button[data-view="sbs"]')
    assert page.is_visible("#s-3 .sbs") and not page.is_visible("#s-3 .inl")
    assert page.eval_on_selector("#sections", VISIBLE_CHANGES) == sorted(c["id"] for c in seed["changes"])
    for section in seed["redline"]["sections"]:
        where = f'#s-{section["pair"]}'
        assert page.text_content(f"{where} .col-old") == (side(section, "old") or "（旧版无此条 not in the old version）")
        assert page.text_content(f"{where} .col-new") == (side(section, "new") or "（新版已删除 not in the new version）")
    page.click('.toolbar button[data-view="inline"]')
    assert page.is_visible("#s-3 .inl") and not page.is_visible("#s-3 .sbs")


def test_a_change_shows_its_summary_on_focus(open_report, seed_file, seed) -> None:
    page = open_report(seed_file).page
    change = next(c for c in seed["changes"] if c["id"] == "c031")
    page.focus("#c031")
    assert page.is_visible("#tip")
    text = page.inner_text("#tip")
    assert change["summary"] in text and change["level"] in text and "c031" in text
    # the Chinese names come from the page's data block (render/names.py), not from the script
    assert LEVEL_NAMES[change["level"]] in text
    assert all(CATEGORY_NAMES[category] in text for category in change["categories"])
    page.keyboard.press("Escape")
    assert not page.is_visible("#tip")


def test_next_change_key_moves_focus_to_a_change(open_report, seed_file) -> None:
    page = open_report(seed_file).page
    page.keyboard.press("n")
    assert page.evaluate("document.activeElement.dataset.change") is not None


def test_print_hides_navigation_and_keeps_marks(open_report, seed_file) -> None:
    page = open_report(seed_file).page
    page.emulate_media(media="print")
    assert not page.is_visible(".sidebar") and not page.is_visible(".toolbar")
    assert "line-through" in page.eval_on_selector("del", "el => getComputedStyle(el).textDecorationLine")
    assert "underline" in page.eval_on_selector("ins", "el => getComputedStyle(el).textDecorationLine")


# --- issue 14: find, view switch in the URL, the noise filter, the sidebar following focus ------


def test_the_url_opens_the_side_by_side_view(open_report, seed_file) -> None:
    page = open_report(seed_file, "#view=sbs").page
    assert page.is_visible("#s-3 .sbs") and not page.is_visible("#s-3 .inl")
    page = open_report(seed_file, "#c031&view=sbs").page
    assert page.is_visible("#s-3 .sbs")
    assert page.get_attribute('.toolbar button[data-view="sbs"]', "aria-pressed") == "true"


def test_find_goes_to_a_clause_by_its_label_and_to_text(open_report, seed_file, seed) -> None:
    page = open_report(seed_file).page
    target = next(s for s in seed["redline"]["sections"] if s["new_label"] == "（十四）")
    page.fill("#find", "（十四）")
    page.press("#find", "Enter")
    top = page.eval_on_selector(f'#s-{target["pair"]}', "el => el.getBoundingClientRect().top")
    bar = page.eval_on_selector(".toolbar", "el => el.getBoundingClientRect().bottom")
    assert 0 <= top <= bar + 20
    page.fill("#find", "散乱污")
    page.press("#find", "Enter")
    assert "找到 found 1/" in page.inner_text(".toolbar .status")
    page.fill("#find", "没有这段文字")
    page.press("#find", "Enter")
    assert "未找到 not found" in page.inner_text(".toolbar .status")


def test_renumbering_and_punctuation_can_be_hidden(open_report, seed_file, seed) -> None:
    page = open_report(seed_file).page
    page.check("#hide-noise")
    noise = {c["id"] for c in seed["changes"] if c["level"] == "editorial"
             and set(c["categories"]) <= {"punctuation", "reference", "order"}}
    assert noise  # the seed has punctuation-only edits (，→、)
    assert page.eval_on_selector("#sections", VISIBLE_CHANGES) == sorted(c["id"] for c in seed["changes"]
                                                                         if c["id"] not in noise)


def test_the_sidebar_marks_the_clause_of_the_focused_change(open_report, seed_file) -> None:
    page = open_report(seed_file).page
    section = page.eval_on_selector("#c085", "el => el.closest('.sec').id")
    page.focus("#c085")
    assert page.eval_on_selector(f'.sidebar a[href="#{section}"]', "a => a.classList.contains('cur')")
