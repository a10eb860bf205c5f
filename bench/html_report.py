"""Time the HTML redline report in headless Chromium, and take the seed's screenshot.

Run: ``.venv/bin/python bench/html_report.py``. For the seed pair and a synthetic pair of
200,000 characters per side (``synthetic.make_pair``), renders the report and measures:
  * render time in Python and the file size;
  * in Chromium from a file:// URL (best of 3): navigation start → DOMContentLoaded, → load
    event, → first contentful paint, → first section laid out, and the page script's
    ready mark (target: the seed loads in under one second);
  * the DOM node count; the time to switch to side-by-side (built on first use);
  * scrolling to the end, one viewport per animation frame: total time and the slowest frame.
Prints a table, and saves the first two viewport heights of the seed report at 1280 px to
``outputs/screenshots/air-2020-txt-txt.png``. Uses Debian's /usr/bin/chromium, never a download.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from policydiff.pipeline import compare_paths
from policydiff.render.compare_html import render_compare_html
from policydiff.report import compare_report

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import make_pair

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora" / "notices" / "air-2020-autumn-winter"
SCREENSHOT = ROOT / "outputs" / "screenshots" / "air-2020-txt-txt.png"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1280, "height": 900}

# When the first section is laid out (it is below the summary, so "visible" means rendered
# and one scroll away): watched with requestAnimationFrame from before the page starts.
WATCH_FIRST_SECTION = """(() => {
  const tick = () => {
    const sec = document.querySelector('.sec');
    if (sec && sec.getBoundingClientRect().height > 0) { window.__firstSection = performance.now(); return; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();"""
TIMINGS = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  const ready = performance.getEntriesByName('policydiff-ready')[0];
  return {dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, fcp: paint ? paint.startTime : null,
          ready: ready ? ready.startTime : null, section: window.__firstSection || null,
          nodes: document.getElementsByTagName('*').length};
}"""
SCROLL = """async () => {
  const frames = [];
  let last = performance.now();
  const start = last;
  while (scrollY + innerHeight < document.documentElement.scrollHeight - 2) {
    scrollBy(0, innerHeight);
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    const now = performance.now();
    frames.push(now - last);
    last = now;
  }
  frames.sort((a, b) => a - b);
  return {total: performance.now() - start, steps: frames.length, worst: frames[frames.length - 1] || 0,
          p95: frames[Math.floor(frames.length * 0.95)] || 0};
}"""


def seed_report() -> dict:
    # Relative paths, as a user would type them: the report shows its sources as given.
    old, new = (path.relative_to(ROOT) for path in (SEED / "draft.txt", SEED / "final.txt"))
    return compare_report(compare_paths(old, new, redline=True), redline=True)


def synthetic_report(size: int, folder: Path) -> dict:
    paths = [folder / "old.txt", folder / "new.txt"]
    for path, text in zip(paths, make_pair(size)):
        path.write_text(text, encoding="utf-8")
    return compare_report(compare_paths(*paths, redline=True), redline=True)


def measure(browser, path: Path, *, screenshot: Path | None = None) -> dict:
    best: dict | None = None
    for _ in range(3):
        page = browser.new_page(viewport=VIEWPORT)
        page.add_init_script(WATCH_FIRST_SECTION)
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_function("() => window.__firstSection !== undefined")
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)))")  # let FCP land
        result = page.evaluate(TIMINGS)
        if best is None or result["load"] < best["load"]:
            best = result
        page.close()
    page = browser.new_page(viewport=VIEWPORT)
    page.goto(path.as_uri(), wait_until="load")
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot), clip={"x": 0, "y": 0, **VIEWPORT, "height": 2 * VIEWPORT["height"]},
                        full_page=True)
    best["scroll"] = page.evaluate(SCROLL)
    page.evaluate("scrollTo(0, 0)")
    start = time.perf_counter()
    page.click('.toolbar button[data-view="sbs"]')
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    best["sbs"] = (time.perf_counter() - start) * 1000
    best["sbs_nodes"] = page.evaluate("document.getElementsByTagName('*').length")
    best["sbs_scroll"] = page.evaluate(SCROLL)
    page.close()
    return best


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def main() -> None:
    os.chdir(ROOT)
    rows = []
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        cases = [("seed (air-2020)", seed_report, SCREENSHOT),
                 ("synthetic 200k", lambda: synthetic_report(200_000, Path(folder)), None)]
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, build, screenshot in cases:
            report = build()
            start = time.perf_counter()
            markup = render_compare_html(report)
            rendered = (time.perf_counter() - start) * 1000
            path = Path(folder) / "report.html"
            path.write_text(markup, encoding="utf-8")
            result = measure(browser, path, screenshot=screenshot)
            rows.append((name, len(report["redline"]["sections"]), len(report["changes"]), rendered,
                         len(markup.encode("utf-8")), result))
        browser.close()
    print("| report | sections | changes | render ms | size KB | DCL ms | load ms | FCP ms | 1st section ms "
          "| ready ms | DOM nodes | scroll to end ms (steps, worst frame, p95) | side-by-side ms | sbs nodes "
          "| sbs scroll ms (worst) |")
    print("| --- " * 15 + "|")
    for name, sections, changes, rendered, size, r in rows:
        scroll, sbs_scroll = r["scroll"], r["sbs_scroll"]
        print(f"| {name} | {sections} | {changes} | {rendered:.0f} | {size / 1024:.0f} | {r['dcl']:.0f} | "
              f"{r['load']:.0f} | {_ms(r['fcp'])} | {_ms(r['section'])} | {_ms(r['ready'])} | {r['nodes']} | "
              f"{scroll['total']:.0f} ({scroll['steps']}, {scroll['worst']:.0f}, {scroll['p95']:.0f}) | "
              f"{r['sbs']:.0f} | {r['sbs_nodes']} | {sbs_scroll['total']:.0f} ({sbs_scroll['worst']:.0f}) |")
    print(f"\nscreenshot: {SCREENSHOT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
