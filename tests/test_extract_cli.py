"""``policydiff extract`` and the obligation part of ``policydiff compare``.

The plumbing tests (formats, schema, exit codes, links from changes to obligation changes)
run with a stand-in extractor that reads every percentage and tonnage of a document, so that
they test this code and not the extractor's rules; the seed-pair test at the end runs the real
extractor end to end.
"""

from __future__ import annotations

import csv
import io
import json
import re

import jsonschema
import pytest
from click.testing import CliRunner

from policydiff import pipeline
from policydiff.cli import cli
from policydiff.model import (
    Comparator,
    Measure,
    Modality,
    Obligation,
    ObligationKind,
    PolicyDocument,
    QuantityRole,
)
from policydiff.render.extract_csv import BOM, COLUMNS
from policydiff.schemas import load_schema

from .conftest import CORPORA

SEED = CORPORA / "notices" / "air-2020-autumn-winter"
FIGURE = re.compile(r"(\d+(?:\.\d+)?)\s*(%|亿吨|万吨|吨)")
MULTIPLIERS = {"亿吨": 1e8, "万吨": 1e4}


def figures(policy: PolicyDocument, *, rules=None) -> tuple[Obligation, ...]:
    """A stand-in extractor: one obligation per percentage or tonnage, in its sentence."""
    text = policy.text.text
    clauses = [(node.span, node.label) for node in policy.clauses]
    found = []
    for match in FIGURE.finditer(text):
        start = max(text.rfind("。", 0, match.start()), text.rfind("\n", 0, match.start())) + 1
        end = min(i for i in (text.find("。", match.end()), text.find("\n", match.end()), len(text)) if i >= 0)
        label = next((label for (s, e), label in clauses if s <= match.start() < e), None)
        unit = match.group(2)
        found.append(Obligation(
            id=f"o{len(found) + 1:03d}", clause=label, sentence=text[start:end], span=(start, end),
            actor=None, action=None, metric=None,
            measures=(Measure(value=float(match.group(1)) * MULTIPLIERS.get(unit, 1), unit=unit[-1],
                              unit_code="%" if unit == "%" else "t", text=match.group(0), span=match.span(),
                              comparator=Comparator.LE, range=None, role=QuantityRole.TARGET),),
            deadline=None, period=None, modality=Modality.MANDATORY, kind=ObligationKind.TARGET,
        ))
    return tuple(found)


@pytest.fixture
def stand_in(monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "extract_document", figures)


def run(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.usefixtures("stand_in")
def test_extract_json_validates_against_the_schema() -> None:
    code, out, err = run("extract", str(SEED / "final.txt"), "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    jsonschema.validate(report, load_schema("extract"))
    assert report["document"]["source"].endswith("final.txt")
    first = report["obligations"][0]
    assert first["quantities"][0]["text"] in first["sentence"]
    assert isinstance(first["quantities"][0]["value"], int)


@pytest.mark.usefixtures("stand_in")
def test_extract_jsonl_is_one_obligation_per_line() -> None:
    _, whole, _ = run("extract", str(SEED / "final.txt"))
    code, out, _ = run("extract", str(SEED / "final.txt"), "--format", "jsonl")
    assert code == 0 and out.endswith("\n")
    lines = [json.loads(line) for line in out.splitlines()]
    assert lines == json.loads(whole)["obligations"]
    item_schema = {**load_schema("extract"), "$ref": "#/$defs/obligation"}
    for schema_key in ("required", "properties", "additionalProperties"):
        item_schema.pop(schema_key)
    for line in lines:
        jsonschema.validate(line, item_schema)


@pytest.mark.usefixtures("stand_in")
def test_extract_csv_starts_with_a_bom_and_reads_back(tmp_path) -> None:
    target = tmp_path / "obligations.csv"
    code, out, _ = run("extract", str(SEED / "final.txt"), "--format", "csv", "-o", str(target))
    assert code == 0 and out == ""
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    _, whole, _ = run("extract", str(SEED / "final.txt"))
    obligations = json.loads(whole)["obligations"]
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == sum(max(1, len(o["quantities"])) for o in obligations)
    assert rows[0]["obligation"] == obligations[0]["id"]
    assert rows[0]["sentence"] == obligations[0]["sentence"]
    assert rows[0]["value"] == str(obligations[0]["quantities"][0]["value"])


@pytest.mark.usefixtures("stand_in")
def test_extract_reads_stdin() -> None:
    code, out, _ = run("extract", "-", stdin=(SEED / "draft.txt").read_bytes())
    assert code == 0 and json.loads(out)["document"]["source"] == "-"


@pytest.mark.parametrize(("name", "content", "error"), [
    ("missing.txt", None, "E101"),
    ("empty.txt", b"", "E104"),
    ("binary.txt", bytes(range(256)) * 8, "E106"),
])
def test_extract_bad_input_exits_2(tmp_path, name: str, content: bytes | None, error: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    code, out, err = run("extract", str(path))
    assert code == 2 and out == ""
    assert f"error {error}" in err and "fix:" in err and "Traceback" not in err


def test_extract_unknown_format_is_a_usage_error() -> None:
    code, _, err = run("extract", str(SEED / "final.txt"), "--format", "xml")
    assert code == 2 and "Invalid value" in err


def test_schema_command_prints_the_extract_schema() -> None:
    code, out, _ = run("schema", "extract")
    assert code == 0 and json.loads(out) == load_schema("extract")


def test_compare_schema_shares_the_obligation_definition() -> None:
    compare, extract = load_schema("compare"), load_schema("extract")
    for name in ("obligation", "quantity", "date", "span"):
        assert compare["$defs"][name] == extract["$defs"][name], name


@pytest.mark.usefixtures("stand_in")
def test_compare_json_fills_obligation_changes_and_links_changes_to_them() -> None:
    code, out, _ = run("compare", str(SEED / "draft.txt"), str(SEED / "final.txt"), "--format", "json")
    assert code == 1
    report = json.loads(out)
    jsonschema.validate(report, load_schema("compare"))
    items = {item["id"]: item for item in report["obligation_changes"]}
    assert list(items) == [f"oc{i:03d}" for i in range(1, len(items) + 1)]
    assert {item["status"] for item in items.values()} >= {"unchanged", "removed"}
    linked = [change for change in report["changes"] if change["obligation_changes"]]
    assert linked
    for change in linked:
        for oc in change["obligation_changes"]:
            old, new = items[oc]["old"], items[oc]["new"]
            assert (old and _overlap(change["old_span"], old["span"])) or (new and _overlap(change["new_span"], new["span"]))


def _overlap(span, other) -> bool:
    return span is not None and span[0] < other[1] and other[0] < span[1]


def test_compare_without_obligations_leaves_them_empty() -> None:
    comparison = pipeline.compare_paths(SEED / "draft.txt", SEED / "final.txt", obligations=False)
    assert comparison.obligation_changes == ()


# --- the seed pair, end to end with the real extractor -------------------------------------------


@pytest.fixture(scope="module")
def seed_report() -> dict:
    from policydiff.report import compare_report

    return compare_report(pipeline.compare_paths(SEED / "draft.txt", SEED / "final.txt"))


def _find(report: dict, status: str, clause: str, *, value: float, unit: str, side: str) -> list[dict]:
    return [item for item in report["obligation_changes"]
            if item["status"] == status and item[side]["clause"] == clause
            and any(q["value"] == value and q["unit"] == unit for q in item[side]["quantities"])]


# Expectations read from the two texts (draft → issued notice), one per row:
SEED_OBLIGATION_CHANGES = [
    # （十四） 其中唐山市控制在1亿吨以内 — dropped from the issued text.
    ("removed", "（十四）", 100_000_000, "吨", "old", (), "唐山市"),
    # （十二） the power groups' 煤炭清洁方式运输比例达到80% — dropped.
    ("removed", "（十二）", 80, "%", "old", (), None),
    # （十二） 大宗货物铁路运输比例原则上达到80%以上 — kept word for word.
    ("unchanged", "（十二）", 80, "%", "new", (), None),
    # （十三） 2021年3月底前，力争柴油货车检验合格率达到90%以上 — dropped.
    ("removed", "（十三）", 90, "%", "old", (), None),
    # （二十） 每个城市至少布设1个VOCs自动监测点位 — dropped.
    ("removed", "（二十）", 1, "个", "old", (), None),
    # （十五） 加快推动铸造行业5吨/小时以下短炉龄冲天炉改为电炉 — new.
    ("added", "（十五）", 5, "吨/小时", "new", (), None),
    # （十五） 10吨/小时及以下冲天炉: 加快推动 (mandatory) → 鼓励 (encouraged).
    ("changed", "（十五）", 10, "吨/小时", "new", ("modality",), None),
]


@pytest.mark.parametrize(("status", "clause", "value", "unit", "side", "fields", "actor"), SEED_OBLIGATION_CHANGES)
def test_seed_pair_obligation_changes(seed_report: dict, status: str, clause: str, value: float, unit: str,
                                      side: str, fields: tuple[str, ...], actor: str | None) -> None:
    found = _find(seed_report, status, clause, value=value, unit=unit, side=side)
    if status == "unchanged":  # the rail share; the clean-transport share is the removed one
        found = [item for item in found if "铁路" in (item["new"]["metric"] or item["new"]["sentence"])]
    assert len(found) == 1, [item["id"] for item in seed_report["obligation_changes"] if item["status"] == status]
    assert tuple(found[0]["fields"]) == fields
    if actor is not None:
        assert found[0][side]["actor"] == actor


def test_seed_pair_cupola_change_is_mandatory_to_encouraged(seed_report: dict) -> None:
    (item,) = _find(seed_report, "changed", "（十五）", value=10, unit="吨/小时", side="new")
    assert (item["old"]["modality"], item["new"]["modality"]) == ("mandatory", "encouraged")


def test_seed_pair_substantive_changes_point_at_their_obligation_changes(seed_report: dict) -> None:
    jsonschema.validate(seed_report, load_schema("compare"))
    (tangshan,) = _find(seed_report, "removed", "（十四）", value=100_000_000, unit="吨", side="old")
    pointing = [c for c in seed_report["changes"] if tangshan["id"] in c["obligation_changes"]]
    assert pointing and all(c["clause_old"] == "（十四）" for c in pointing)
    assert any(c["level"] == "substantive" and "唐山" in c["old_text"] for c in pointing)


@pytest.mark.parametrize("document", [SEED / "final.txt", CORPORA / "laws" / "ozone-depleting-substances-regulation" / "2023-12-29.md"])
def test_real_extraction_validates_in_every_format(document) -> None:
    code, out, _ = run("extract", str(document))
    assert code == 0
    report = json.loads(out)
    jsonschema.validate(report, load_schema("extract"))
    assert report["obligations"]
    _, lines, _ = run("extract", str(document), "--format", "jsonl")
    assert [json.loads(line) for line in lines.splitlines()] == report["obligations"]
    _, table, _ = run("extract", str(document), "--format", "csv")
    assert table.startswith(BOM)
    rows = list(csv.DictReader(io.StringIO(table[1:], newline="")))
    assert len(rows) == sum(max(1, len(o["quantities"])) for o in report["obligations"])
