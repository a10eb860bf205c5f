"""Version histories (policydiff.history, policydiff history): a row per provision through three
versions of 最高人民法院关于审理人身损害赔偿案件适用法律若干问题的解释 (2020-12-29, 2022-04-04,
2022-04-24), checked against an independent reading of the Markdown (corpora/tools/lawref.py)."""

from __future__ import annotations

import io
import json
from functools import cache

import lxml.html
import openpyxl
from click.testing import CliRunner

from corpora.tools.lawref import read_markdown
from policydiff.cli import cli
from policydiff.history import history, history_report
from policydiff.pipeline import history_paths

from .conftest import CORPORA

VERSIONS = sorted((CORPORA / "lawrefbook-sample" / "司法解释").glob("最高人民法院关于审理人身损害赔偿案件适用法律若干问题的解释(*).md"))


@cache
def chain():
    return history_paths(VERSIONS)


def test_each_version_column_reads_down_to_that_version() -> None:
    policies, comparisons = chain()
    rows = history(policies, comparisons)
    for k, policy in enumerate(policies):
        column = [cell for row in rows if (cell := row.cells[k]) is not None]
        assert "\n".join("".join(piece for piece, _ in cell) for cell in column) == policy.text.text
    units = history_report(policies, comparisons)["units"]
    cells = ["".join(piece for piece, _ in u["cells"][2]) for u in units if u["cells"][2]]
    assert cells == [u["texts"][2] for u in units if u["texts"][2]]


def test_every_article_says_at_which_step_it_changed() -> None:
    """The articles whose text differs between two versions (read from the Markdown) are those
    the report says changed at that step; the 2022-04-24 text changed no article."""
    articles = [{a.label: a.text.split(" ", 1)[-1] for a in read_markdown(path.read_text(encoding="utf-8")).articles}
                for path in VERSIONS]
    assert len(VERSIONS) == 3
    units = [u for u in history_report(*chain())["units"] if u["labels"][-1] and u["labels"][-1].endswith("条")]
    for step in (1, 2):
        differ = {label for label, text in articles[step].items() if articles[step - 1].get(label) != text}
        assert {u["labels"][step] for u in units if step in u["changed_at"]} == differ
    assert not any(2 in u["changed_at"] for u in units)


def test_the_command_writes_html_xlsx_and_json(tmp_path) -> None:
    paths = [str(path) for path in VERSIONS]
    runner = CliRunner()
    for fmt in ("html", "xlsx", "json"):
        out = tmp_path / f"history.{fmt}"
        result = runner.invoke(cli, ["history", *paths, "--format", fmt, "-o", str(out)])
        assert result.exit_code == 1, result.output  # a step changed something
    page = lxml.html.fromstring((tmp_path / "history.html").read_text(encoding="utf-8"))
    assert len(page.get_element_by_id("history").find("thead").find("tr").findall("th")) == 4  # 3 versions + changes
    assert page.xpath("//ins")
    sheet = openpyxl.load_workbook(io.BytesIO((tmp_path / "history.xlsx").read_bytes()))["沿革"]
    assert sheet["A2"].value.startswith("第1版：") and sheet["C2"].value.startswith("第3版：")
    report = json.loads((tmp_path / "history.json").read_text(encoding="utf-8"))
    assert [step["from"] for step in report["steps"]] == [0, 1] and len(report["versions"]) == 3


def test_one_version_is_no_history() -> None:
    result = CliRunner().invoke(cli, ["history", str(VERSIONS[0])])
    assert result.exit_code == 2 and "two versions or more" in result.output
