"""HTML renderer for ``policydiff compare``: one self-contained, browser-ready redline page.

In: the compare report (``policydiff.report.compare_report``) of a comparison built with
``redline=True``. Out: one HTML document — both versions' headers, a summary (counts, the
substantive changes, the obligation changes) and every section of ``report["redline"]`` with
deletions in ``<del>``, insertions in ``<ins>`` and moves marked ⇄, so that no mark relies
on colour alone. The page carries its own CSS and JS (``compare_html.css`` and
``compare_html.js`` beside this module) and a Content-Security-Policy that allows nothing
but those two, by hash: it loads nothing from the network, works from ``file://`` and in a
mail attachment, and a ``<script>`` in a document's text could not run even if it were
not escaped (it always is, attributes included).

Only the inline view is written out; the script builds the side-by-side view (old | new)
from it on first use, which keeps the 200,000-character pair's page small. Each change is
one element per stretch of text (``data-change``, ``data-level``, focusable, ``title``
holding its summary for readers without JS); the first carries the change id as its
``id``, so ``report.html#c031`` opens at change c031. The level and category filters hide
a change's elements (``display: none``) and show its text on that side unmarked, as if
accepted, so that the sentence still reads. Same report → same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources
from typing import Any

LEVELS = ("substantive", "minor", "editorial")
LEVEL_NAMES = {"substantive": "实质性", "minor": "一般", "editorial": "编辑性"}
CATEGORY_NAMES = {
    "quantity": "数量", "deadline": "期限", "actor": "主体", "modality": "义务强度", "scope": "范围",
    "condition": "条件", "requirement": "要求", "reference": "引用", "wording": "措辞",
    "punctuation": "标点", "order": "顺序",
}
STATUS_NAMES = {"inserted": "新增", "deleted": "删除", "moved": "移动", "split": "拆分", "merged": "合并"}
KIND_NAMES = {"front_matter": ("文头", "front matter"), "preamble": ("序言", "preamble"), "trailer": ("文尾", "trailer")}
MODALITY_NAMES = {"prohibited": "禁止", "mandatory": "强制", "aspirational": "力争", "encouraged": "鼓励",
                  "permitted": "允许"}
OBLIGATION_STATUS = {"added": "新增", "removed": "删除", "changed": "修改"}
COMPARATORS = {"<=": "≤", ">=": "≥", "<": "<", ">": ">", "=": "", "~": "≈"}
_OPEN = 60
"""Lists in the summary longer than this start folded."""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


@cache
def _asset(name: str) -> str:
    return resources.files("policydiff.render").joinpath(name).read_text(encoding="utf-8")


def _hash(text: str) -> str:
    """A CSP source for exactly this inline text (CSP level 2 hash source)."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def render_compare_html(report: dict[str, Any]) -> str:
    """The redline page of a compare report built with ``redline=True``.

    A report without ``redline`` still renders its header and summary, with a notice
    where the sections would be.
    """
    css, js = _asset("compare_html.css"), _asset("compare_html.js")
    old, new = report["old"], report["new"]
    changes = {change["id"]: change for change in report["changes"]}
    sections = report.get("redline", {}).get("sections", [])
    title = new["title"] or old["title"] or new["source"]
    csp = (f"default-src 'none'; style-src {_hash(css)}; script-src {_hash(js)}; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    places = _old_places(report)
    seen: set[str] = set()
    body = "".join(_section(section, changes, places, seen) for section in sections) if sections else (
        '<p class="notice">此报告不含逐条标记（redline）。Build the comparison with redline=True.</p>')
    return "".join([
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{_e(csp)}">\n',
        '<meta name="referrer" content="no-referrer">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f'<meta name="generator" content="policydiff">\n<title>版本比较：{_e(title)}</title>\n',
        f"<style>{css}</style>\n</head>\n",
        '<body class="v-inline">\n<a class="skip" href="#sections">跳到正文 Skip to text</a>\n',
        _sidebar(sections, changes),
        '<main id="main">\n<header class="report-head">\n',
        '<p class="kicker">版本比较报告 · Redline report</p>\n',
        f"<h1>{_e(title)}</h1>\n",
        '<div class="docs">', _document("旧版", "Old", old), _document("新版", "New", new), "</div>\n",
        "</header>\n",
        _summary(report, changes),
        _toolbar(report),
        f'<div id="sections">\n{body}</div>\n',
        '<footer class="report-foot">由 policydiff 生成 · generated by policydiff · '
        f"schema {_e(report.get('schema_version', ''))} · "
        f"{_e(report.get('settings', {}).get('granularity', ''))} / {_e(report.get('settings', {}).get('level', ''))}"
        "</footer>\n</main>\n",
        '<div id="tip" role="tooltip" hidden></div>\n',
        f"<script>{js}</script>\n</body>\n</html>\n",
    ])


def _document(name: str, english: str, side: dict[str, Any]) -> str:
    rows = [
        ("标题 Title", side["title"] or "（无标题）"),
        ("来源 Source", side["source"]),
        ("日期 Date", side.get("date") or "—"),
        ("格式 Format", " · ".join(filter(None, (side["format"], side["encoding"], f"{side['characters']:,} 字")))),
        ("SHA-256", side["sha256"]),
    ]
    cells = "".join(f'<dt>{_e(key)}</dt><dd{" class=mono" if key == "SHA-256" else ""}>{_e(value)}</dd>'
                    for key, value in rows)
    return (f'<section class="doc doc-{english.lower()}"><h2>{name} <span>{english}</span></h2>'
            f"<dl>{cells}</dl></section>")


def _summary(report: dict[str, Any], changes: dict[str, dict[str, Any]]) -> str:
    summary = report["summary"]
    tiles = "".join(
        f'<div class="tile lv-{level}"><b>{summary["by_level"].get(level, 0)}</b>'
        f"<span>{LEVEL_NAMES[level]} {level}</span></div>" for level in LEVELS)
    categories = "".join(f'<li><span>{_e(CATEGORY_NAMES.get(name, name))}</span> {_e(name)} <b>{count}</b></li>'
                         for name, count in summary["by_category"].items())
    clauses = summary["clauses"]
    statuses = "，".join(f"{STATUS_NAMES.get(status, '对应')} {status} {count}"
                        for status, count in clauses["by_status"].items())
    hidden = summary["changes"] - len(changes)
    note = (f'<p class="muted">另有 {hidden} 处低于“{_e(report["settings"]["level"])}”级别的变更未列出。</p>'
            if hidden > 0 else "")
    substantive = [change for change in changes.values() if change["level"] == "substantive"]
    items = "".join(
        f'<li><a href="#{_e(change["id"])}" class="cid">{_e(change["id"])}</a>'
        f' <span class="where">{_e(change["clause_new"] or change["clause_old"] or "（条款外）")}</span>'
        f' {_e(change["summary"])} <span class="cats">{_e(" · ".join(map(_category, change["categories"])))}</span>'
        "</li>" for change in substantive)
    return "".join([
        '<section class="summary" aria-labelledby="summary-h">\n<h2 id="summary-h">概要 Summary</h2>\n',
        f'<div class="tiles"><div class="tile total"><b>{summary["changes"]}</b><span>变更 changes</span></div>'
        f"{tiles}</div>\n",
        f'<ul class="cat-counts">{categories}</ul>\n',
        f'<p class="muted">条款 clauses：旧版 {clauses["old"]}，新版 {clauses["new"]}；{_e(statuses or "—")}；'
        f'重新编号 renumbered {clauses["renumbered"]}。</p>\n{note}',
        f'<details class="fold"{" open" if len(substantive) <= _OPEN else ""}>'
        f"<summary><h3>实质性变更 Substantive changes（{len(substantive)}）</h3></summary>\n",
        f'<ol class="subst">{items}</ol>' if items else '<p class="muted">无 None.</p>',
        "</details>\n", _obligations(report, changes), "</section>\n",
    ])


def _category(name: str) -> str:
    return f"{CATEGORY_NAMES.get(name, name)} {name}"


def _obligations(report: dict[str, Any], changes: dict[str, dict[str, Any]]) -> str:
    """Added, removed and changed obligations: old → new value, deadline, actor, modality."""
    items = [item for item in report["obligation_changes"] if item["status"] != "unchanged"]
    unchanged = report["summary"]["obligation_changes"].get("unchanged", 0)
    causes: dict[str, list[str]] = {}
    for change in changes.values():
        for item in change["obligation_changes"]:
            causes.setdefault(item, []).append(change["id"])
    rows = []
    for item in items:
        old, new = item["old"], item["new"]
        either = new or old
        fields = set(item["fields"])
        links = " ".join(f'<a href="#{_e(cid)}" class="cid">{_e(cid)}</a>' for cid in causes.get(item["id"], []))
        status = item["status"]
        rows.append(
            f'<tr class="ob-{_e(status)}"><td><span class="ob-status">{OBLIGATION_STATUS.get(status, "")}</span> '
            f'{_e(status)}</td><td>{_e(either["clause"] or "")}</td>'
            + _cell(old, new, _values, bool(fields & {"quantity", "comparator"}))
            + _cell(old, new, _deadline, "deadline" in fields or "period" in fields)
            + _cell(old, new, lambda o: o["actor"] or "—", "actor" in fields)
            + _cell(old, new, lambda o: MODALITY_NAMES.get(o["modality"], o["modality"]), "modality" in fields)
            + f"<td>{links}</td></tr>")
    table = ('<div class="table-wrap"><table class="obligations"><thead><tr><th>状态 Status</th><th>条款 Clause</th>'
             "<th>数值 Value</th><th>期限 Deadline</th><th>主体 Actor</th><th>强度 Modality</th><th>变更 Change</th>"
             f'</tr></thead><tbody>{"".join(rows)}</tbody></table></div>') if rows else '<p class="muted">无 None.</p>'
    return (f'<details class="fold"{" open" if len(items) <= _OPEN else ""}><summary><h3>义务变更 Obligation changes'
            f"（{len(items)}；未变 unchanged {unchanged}）</h3></summary>\n{table}</details>\n")


def _cell(old: dict[str, Any] | None, new: dict[str, Any] | None, show: Callable[[dict[str, Any]], str],
          changed: bool) -> str:
    """One column of the obligation table: the value, or old → new where it changed."""
    before, after = (show(old) if old else None), (show(new) if new else None)
    if before is None or after is None or before == after:
        return f'<td>{_e(before if after is None else after)}</td>'
    mark = ' class="changed"' if changed else ""
    return f"<td{mark}><del>{_e(before)}</del> → <ins>{_e(after)}</ins></td>"


def _values(obligation: dict[str, Any]) -> str:
    parts = [(COMPARATORS.get(q["comparator"], "") + " " + q["text"]).strip() for q in obligation["quantities"]]
    return "、".join(parts) or "—"


def _deadline(obligation: dict[str, Any]) -> str:
    deadline, period = obligation["deadline"], obligation["period"]
    if deadline:
        return deadline["text"] + (f"（{deadline['date']}）" if deadline["date"] else "")
    return period["text"] if period else "—"


def _toolbar(report: dict[str, Any]) -> str:
    by_level = {level: 0 for level in LEVELS}
    by_category: dict[str, int] = {}
    for change in report["changes"]:
        by_level[change["level"]] = by_level.get(change["level"], 0) + 1
        for name in change["categories"]:
            by_category[name] = by_category.get(name, 0) + 1
    levels = "".join(
        f'<button type="button" class="chip lv-{level}" data-level="{level}" aria-pressed="false">'
        f"{LEVEL_NAMES[level]} {level} <b>{by_level[level]}</b></button>" for level in LEVELS)
    categories = "".join(
        f'<button type="button" class="chip" data-cat="{_e(name)}" aria-pressed="false">'
        f"{_e(CATEGORY_NAMES.get(name, name))} {_e(name)} <b>{count}</b></button>"
        for name, count in sorted(by_category.items()))
    return (
        '<div class="toolbar" role="toolbar" aria-label="视图与筛选 View and filters">\n'
        '<div class="group" role="group" aria-label="视图 View"><span class="glabel">视图</span>'
        '<button type="button" class="seg" data-view="inline" aria-pressed="true">内联 inline</button>'
        '<button type="button" class="seg" data-view="sbs" aria-pressed="false">并排 side-by-side</button></div>\n'
        f'<div class="group" role="group" aria-label="级别 Level"><span class="glabel">级别</span>{levels}</div>\n'
        '<div class="group">'
        '<button type="button" class="nav" data-step="-1" title="上一处变更 previous change (p)">↑</button>'
        '<button type="button" class="nav" data-step="1" title="下一处变更 next change (n)">↓</button>'
        '<label class="only"><input type="checkbox" id="only-changed"> 仅有变更的条款 changed only</label>'
        '<button type="button" class="reset" hidden>清除筛选 reset</button></div>\n'
        '<details class="group cats-menu"><summary>类别 Category<span class="n"></span></summary>'
        f'<div role="group" aria-label="类别 Category">{categories}</div></details>\n'
        '<p class="status" aria-live="polite"></p>\n'
        '<div class="cols-head" aria-hidden="true"><span>旧版 Old</span><span>新版 New</span></div>\n</div>\n'
    )


def _listed(section: dict[str, Any], changes: dict[str, dict[str, Any]]) -> list[str]:
    return [cid for cid in section["changes"] if cid in changes]


def _heading(section: dict[str, Any]) -> tuple[str, str]:
    """The label (``第十一条 → 第五条`` when renumbered) and title of a section."""
    old, new = section["old_label"], section["new_label"]
    if old and new and old != new:
        label = f"{old} → {new}"
    else:
        label = new or old or "{} {}".format(*KIND_NAMES.get(section["kind"], ("", "")))
    return label.strip(), section["new_title"] or section["old_title"] or ""


def _sidebar(sections: list[dict[str, Any]], changes: dict[str, dict[str, Any]]) -> str:
    items = []
    for section in sections:
        label, title = _heading(section)
        listed = _listed(section, changes)
        top = next((level for level in LEVELS if any(changes[cid]["level"] == level for cid in listed)), "none")
        badge = f'<span class="badge lv-{top}">{len(listed)}</span>' if listed else ""
        items.append(
            f'<li class="d{min(int(section["depth"]), 3)} k-{_e(section["kind"])}">'
            f'<a href="#s-{int(section["pair"])}" data-changes="{_e(" ".join(listed))}">'
            f'<span class="lab">{_e(label)}</span> <span class="ttl">{_e(title)}</span>{badge}</a></li>')
    return ('<nav class="sidebar" aria-label="条款导航 Clauses">\n<h2>条款 Clauses</h2>\n'
            f'<ol>{"".join(items)}</ol>\n</nav>\n')


def _old_places(report: dict[str, Any]) -> dict[int, tuple[int, str] | None]:
    """For each moved section, the section (index, label) its old side followed in the old
    version, None at the start: read from the document order the DOCX writer uses, where
    the old side of a moved section stands after what preceded it in the old version."""
    redline = report.get("redline", {})
    sections = {section["pair"]: section for section in redline.get("sections", [])}
    order = redline.get("order", [])
    places: dict[int, tuple[int, str] | None] = {}
    for position, (index, placement) in enumerate(order):
        if placement != "from":
            continue
        if position == 0 or order[position - 1][0] not in sections:
            places[index] = None
            continue
        before, where = order[position - 1]
        section = sections[before]
        label = section["old_label"] if where == "from" else None
        places[index] = (before, label or _heading(section)[0])
    return places


def _section(section: dict[str, Any], changes: dict[str, dict[str, Any]],
             places: dict[int, tuple[int, str] | None], seen: set[str]) -> str:
    index = int(section["pair"])
    label, title = _heading(section)
    listed = _listed(section, changes)
    status = section["status"]
    tags = [f'<span class="tag st-{status}">{STATUS_NAMES[status]} {status}</span>'] if status in STATUS_NAMES else []
    if section["renumbered"]:
        tags.append('<span class="tag st-renumbered">重新编号 renumbered</span>')
    if listed:
        tags.append(f'<span class="count" title="变更 changes">{len(listed)} 处变更</span>')
    note = _move_note(section, changes, places, seen)
    runs = _runs(section["runs"], changes, seen)
    return (
        f'<section class="sec k-{_e(section["kind"])} st-{_e(status)}" id="s-{index}" '
        f'aria-labelledby="h-{index}">\n<div class="sec-h"><a class="pl" href="#s-{index}" '
        f'aria-label="条款链接 permalink">¶</a><h3 id="h-{index}"><span class="lab">{_e(label)}</span> '
        f'<span class="ttl">{_e(title)}</span></h3>{"".join(tags)}{note}</div>\n'
        f'<div class="inl">{runs}</div>\n</section>\n')


def _move_note(section: dict[str, Any], changes: dict[str, dict[str, Any]],
               places: dict[int, tuple[int, str] | None], seen: set[str]) -> str:
    """"⇄ 移动 moved from 第十一条, after 第四条": a link to where a moved unit stood."""
    move = section["move"]
    if move is None:
        return ""
    place = places.get(section["pair"])
    target = "#sections" if place is None else f"#s-{place[0]}"
    where = "原位于文首 was at the start" if place is None else f"原位于{place[1]}之后 was after {place[1]}"
    text = f"⇄ 移动 moved：原{section['old_label'] or ''}，{where}"
    change = changes.get(move)
    if change is None:
        return f'<a class="mvnote" href="{target}">{_e(text)}</a>'
    return f'<a class="mvnote chg move" href="{target}"{_attributes(change, seen)}>{_e(text)}</a>'


def _attributes(change: dict[str, Any], seen: set[str]) -> str:
    """The attributes of an element showing (part of) ``change``; the first one gets its id."""
    cid = change["id"]
    anchor = "" if cid in seen else f' id="{_e(cid)}"'
    seen.add(cid)
    tip = f"{cid} · {LEVEL_NAMES.get(change['level'], '')} {change['level']} · " + \
        "、".join(_category(c) for c in change["categories"]) + f" · {change['summary']}"
    return (f'{anchor} data-change="{_e(cid)}" data-level="{_e(change["level"])}" '
            f'data-cats="{_e(" ".join(change["categories"]))}" tabindex="0" title="{_e(tip)}"')


def _runs(runs: Iterable[dict[str, Any]], changes: dict[str, dict[str, Any]], seen: set[str]) -> str:
    """The inline redline of one section: equal text plain, each change's adjacent runs in one
    wrapper, differences no (listed) change reports marked ``unreported``; each stretch of
    moved text is one region (``mvr``) opening with a ⇄ marker, its edits nested inside."""
    out: list[str] = []
    group: str | None = None  # the change whose wrapper is open
    region: tuple[str, str] | None = None  # (move id, side) of the move region we are in
    for run in runs:
        op, text, move = run["op"], run["text"], run["move"]
        cid = run["change"] if run["change"] in changes else None
        here = (move, "f" if op == "move_from" else "t") if move and op.startswith("move") else None
        if group is not None and (cid != group or here != region):
            out.append("</span>")
            group = None
        if here != region:
            if region is not None:
                out.append("</span>")
            if here is not None:
                out.append(f'<span class="mvr mvr-{here[1]}" data-region="{_e(move)}">')
                out.append(_marker(move, here[1], changes, seen))
            region = here
        if op == "equal":
            out.append(_e(text))
            continue
        tag = "del" if op in ("delete", "move_from") else "ins"
        if op.startswith("move"):
            kind = "mf" if op == "move_from" else "mt"
            classes = kind if cid in (None, move) else "in-mv"
        else:
            classes = ""
        if cid is None:
            classes = (classes + " unreported").strip()
            if "\n" in text and not text.strip():
                classes += " brk"
            out.append(f'<{tag} class="{classes}">{_e(text)}</{tag}>')
            continue
        if group is None:
            moved = " move" if move is not None and cid == move else ""
            out.append(f'<span class="chg{moved}"{_attributes(changes[cid], seen)}>')
            group = cid
        out.append(f'<{tag} class="{classes}">{_e(text)}</{tag}>' if classes else f"<{tag}>{_e(text)}</{tag}>")
    out.append("</span>" * ((group is not None) + (region is not None)))
    return "".join(out)


def _marker(move: str, side: str, changes: dict[str, dict[str, Any]], seen: set[str]) -> str:
    """⇄ before a stretch of moved text, linking to the other end of the move."""
    other = "t" if side == "f" else "f"
    anchor = f"m-{move}-{side}"
    ident = "" if anchor in seen else f' id="{_e(anchor)}"'
    seen.add(anchor)
    label = "移出：原位置，跳到新位置 moved from here" if side == "f" else "移入：新位置，跳到原位置 moved to here"
    data = f' data-change="{_e(move)}"' if move in changes else ""
    return f'<a class="mvk mvk-{side}"{ident}{data} href="#m-{_e(move)}-{other}" aria-label="{label}"></a>'
