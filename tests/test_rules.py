"""Rule packs: compiled once per content, so that an edited rule is never stale.

A rule pack is cached by the hash of its files, not by its folder: editing a rule and running
again in the same process (or on a Dask worker that ran the old pack) uses the new rule, in
the compiled pack, in the spaCy pipeline built from it, and in batch's record of what its
outputs were made with.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from policydiff.batch import run_batch
from policydiff.model import InputFormat, SourceDocument
from policydiff.pipeline import extract_document, outline_source
from policydiff.rules import check_rules, default_rules_dir, load_rules, pack_digest

NOTICE = "关于做好秋冬季大气污染防治工作的通知\n一、总体要求\n（一）2020年12月底前，各城市PM2.5平均浓度控制在{n}微克/立方米以内。\n"


@pytest.fixture()
def pack(tmp_path: Path) -> Path:
    pack = tmp_path / "pack"
    shutil.copytree(default_rules_dir(), pack, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return pack


def exclusive(pack: Path) -> None:
    """Make 以内 exclude its number (it includes it by the Civil Code, art. 1259)."""
    path = pack / "comparators.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('"以内" = "<="', '"以内" = "<"'), encoding="utf-8")


def comparators(text: str, rules_dir: Path) -> list[str]:
    source = SourceDocument(source="notice.txt", format=InputFormat.TXT, raw_text=text, sha256="0" * 64)
    rules = load_rules(str(rules_dir))
    obligations = extract_document(outline_source(source, rules=rules), rules=rules)
    return [measure.comparator.value for item in obligations for measure in item.measures if measure.comparator]


def test_an_edited_rule_takes_effect_in_the_same_process(pack: Path) -> None:
    before = load_rules(str(pack))
    assert comparators(NOTICE.format(n=63), pack) == ["<="]
    exclusive(pack)
    check_rules(str(pack))
    assert load_rules(str(pack)).digest != before.digest
    assert comparators(NOTICE.format(n=63), pack) == ["<"]


def test_the_same_content_is_compiled_once(pack: Path) -> None:
    assert load_rules(str(pack)) is load_rules(str(pack))
    assert load_rules(str(pack)).digest == load_rules().digest == pack_digest(default_rules_dir())


def test_a_dask_worker_that_ran_a_pack_uses_it_edited(pack: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "通知-2020-10-01.txt").write_text(NOTICE.format(n=63), encoding="utf-8")
    (folder / "通知-2020-10-30.txt").write_text(NOTICE.format(n=60), encoding="utf-8")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        first = run_batch(str(folder), str(tmp_path / "out"), engine="dask", scheduler=cluster.scheduler_address,
                          rules_dir=str(pack))
        assert found_comparators(tmp_path / "out") == {"<="}
        exclusive(pack)
        again = run_batch(str(folder), str(tmp_path / "out"), engine="dask", scheduler=cluster.scheduler_address,
                          rules_dir=str(pack))
    assert first.ran and again.ran  # the rules' hash is part of each result's key: all of it reran
    assert found_comparators(tmp_path / "out") == {"<"}


def found_comparators(out: Path) -> set[str]:
    found = set()
    for path in out.rglob("*.obligations.json"):
        found |= {quantity["comparator"] for item in json.loads(path.read_text(encoding="utf-8"))["obligations"]
                  for quantity in item["quantities"] if quantity.get("comparator")}
    return found
