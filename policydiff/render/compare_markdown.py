"""Markdown renderer for ``policydiff compare``: a short summary to paste into e-mail or chat.

Substantive changes are listed one by one with their clause and summary; minor and
editorial changes are counted per clause. Document text is escaped so that it cannot
break the Markdown around it.
"""

from __future__ import annotations

import re
from typing import Any

from policydiff.render.names import COMPARATOR_SYMBOLS, LEVEL_NAMES, OBLIGATION_STATUS, tally_line
from policydiff.render.phrases import joined_phrase

STATUS_NAMES = {"matched": "对应", "inserted": "新增", "deleted": "删除", "moved": "移动", "split": "拆分", "merged": "合并"}
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")
_EXCERPT = 60


def escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text.replace("\n", " "))


def code(text: str) -> str:
    """``text`` as a code span that nothing in it can end (CommonMark): a file name holding a
    backtick is fenced by more backticks than its longest run, and spaced from them."""
    text = text.replace("\n", " ")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if longest else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def excerpt(text: str, limit: int = _EXCERPT) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_compare_markdown(report: dict[str, Any]) -> str:
    old, new, summary = report["old"], report["new"], report["summary"]
    lines = [
        f"# 版本比较：{escape(new['title'] or new['source'])}",
        "",
        f"- 旧版：{code(old['source'])}（{escape(old['title'] or '无标题')}，{_dated(old)}sha256 `{old['sha256'][:12]}`）",
        f"- 新版：{code(new['source'])}（{escape(new['title'] or '无标题')}，{_dated(new)}sha256 `{new['sha256'][:12]}`）",
        "",
        "## 概要",
        "",
        "| 级别 | 变更数 |",
        "| --- | ---: |",
    ]
    lines += [f"| {LEVEL_NAMES[level]} {level} | {count} |" for level, count in summary["by_level"].items()]
    clauses = summary["clauses"]
    statuses = "，".join(f"{STATUS_NAMES[s]} {n}" for s, n in clauses["by_status"].items()) or "无"
    lines += [
        "",
        f"条款：旧版 {clauses['old']} 条，新版 {clauses['new']} 条；{statuses}；重新编号 {clauses['renumbered']} 条。",
        "",
        tally_line(clauses["tally"]) + "。",
    ]
    if summary["by_category"]:
        lines.append("类别：" + "，".join(f"{name} {count}" for name, count in summary["by_category"].items()) + "。")
    substantive = [c for c in report["changes"] if c["level"] == "substantive"]
    lines += ["", f"## 实质性变更（{len(substantive)}）", ""]
    if not substantive:
        lines.append("无。")
    for change in substantive:
        where = change["clause_new"] or change["clause_old"] or "（条款外）"
        phrase = joined_phrase(change)
        lines.append(f"1. **{escape(where)}** {escape(excerpt(change['summary'], 100))}"
                     + (f"（{escape(phrase)}）" if phrase else "")
                     + f" <sub>{', '.join(change['categories'])} · {change['id']}</sub>")
    lines += _obligation_section(report)
    others = [c for c in report["changes"] if c["level"] != "substantive"]
    if others:
        lines += ["", "## 其他变更（按条款计数）", "", "| 条款 | 一般 | 编辑性 |", "| --- | ---: | ---: |"]
        counts: dict[str, list[int]] = {}
        for change in others:
            where = change["clause_new"] or change["clause_old"] or "（条款外）"
            row = counts.setdefault(where, [0, 0])
            row[0 if change["level"] == "minor" else 1] += 1
        lines += [f"| {escape(where)} | {minor} | {editorial} |" for where, (minor, editorial) in counts.items()]
    hidden = summary["changes"] - len(report["changes"])
    if hidden:
        lines += ["", f"（另有 {hidden} 处低于 `{report['settings']['level']}` 级别的变更未列出。）"]
    return "\n".join(lines) + "\n"


def _dated(document: dict[str, Any]) -> str:
    dated = f"{document['date']}，" if document.get("date") else ""
    return dated + (f"{document['effective']}起施行，" if document.get("effective") else "")


def _obligation_section(report: dict[str, Any]) -> list[str]:
    """The obligations that were added, removed or changed, as a table."""
    items = [item for item in report["obligation_changes"] if item["status"] != "unchanged"]
    counts = report["summary"]["obligation_changes"]
    lines = ["", f"## 量化义务变更（{len(items)}；未变 {counts['unchanged']}）", ""]
    if not items:
        return lines + ["无。"]
    lines += ["| 状态 | 条款 | 主体 | 旧 | 新 | 变化字段 |", "| --- | --- | --- | --- | --- | --- |"]
    for item in items:
        old, new = item["old"], item["new"]
        either = new or old
        lines.append(
            f"| {OBLIGATION_STATUS[item['status']]} | {escape(either['clause'] or '')} | {escape(either['actor'] or '')} "
            f"| {escape(_obligation_text(old))} | {escape(_obligation_text(new))} | {', '.join(item['fields'])} |"
        )
    return lines


def _obligation_text(obligation: dict[str, Any] | None) -> str:
    """"≤ 1亿吨 · 2020-12-31 · mandatory" — the canonical values a tracker compares."""
    if obligation is None:
        return "—"
    parts = [" ".join(f"{COMPARATOR_SYMBOLS[q['comparator']]} {q['text']}" for q in obligation["quantities"])]
    if obligation["deadline"]:
        parts.append(obligation["deadline"]["date"] or obligation["deadline"]["text"])
    if obligation["period"]:
        parts.append(obligation["period"]["text"])
    parts.append(obligation["modality"])
    return excerpt(" · ".join(part for part in parts if part), 80)
