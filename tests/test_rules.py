"""Rule packs (policydiff.rules): a broken file is reported with its file and key, and a
pack is compiled once per content, so that an edited rule is never stale.

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
from policydiff.errors import InvalidRules
from policydiff.model import InputFormat, SourceDocument
from policydiff.pipeline import extract_document, outline_source
from policydiff.rules import check_rules, default_rules_dir, load_rules, pack_digest

from .conftest import CORPORA

NOTICE = "关于做好秋冬季大气污染防治工作的通知\n一、总体要求\n（一）2020年12月底前，各城市PM2.5平均浓度控制在{n}微克/立方米以内。\n"


def exclusive(pack: Path) -> None:
    """Make 以内 exclude its number (it includes it by the Civil Code, art. 1259)."""
    path = pack / "comparators.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('"以内" = "<="', '"以内" = "<"'), encoding="utf-8")


def comparators(text: str, rules_dir: Path) -> list[str]:
    source = SourceDocument(source="notice.txt", format=InputFormat.TXT, raw_text=text, sha256="0" * 64)
    rules = load_rules(str(rules_dir))
    obligations = extract_document(outline_source(source, rules=rules), rules=rules)
    return [measure.comparator.sign for item in obligations for measure in item.measures if measure.comparator]


def test_an_edited_rule_takes_effect_in_the_same_process(pack: Path) -> None:
    before = load_rules(str(pack))
    assert comparators(NOTICE.format(n=63), pack) == ["<="]
    exclusive(pack)
    check_rules(str(pack))
    assert load_rules(str(pack)).digest != before.digest
    assert comparators(NOTICE.format(n=63), pack) == ["<"]


def test_a_pack_is_checked_against_its_schemas_once_per_content(pack: Path, tmp_path: Path, monkeypatch) -> None:
    """A stamp in the cache folder spares a pack validated before the schema checks (and the
    35 ms import of jsonschema) at the next start; an edited pack is checked again, and a
    broken one never gets a stamp."""
    from policydiff import rules
    from policydiff.rules import base, extraction

    monkeypatch.setenv("POLICYDIFF_CACHE_DIR", str(tmp_path / "cache"))
    checked: list[object] = []
    real = base.first_schema_error

    def counting(data, schema):
        checked.append(schema)
        return real(data, schema)

    monkeypatch.setattr(base, "first_schema_error", counting)
    monkeypatch.setattr(extraction, "first_schema_error", counting)

    def checks_on_load() -> int:
        rules._compile.cache_clear()  # a new process
        checked.clear()
        load_rules(str(pack))
        return len(checked)

    assert checks_on_load() > 9  # every file of the pack
    assert checks_on_load() == 0
    exclusive(pack)
    assert checks_on_load() > 9
    assert checks_on_load() == 0
    path = pack / "comparators.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('"以内" = "<"', '"以内" = "≤"'), encoding="utf-8")
    for _ in range(2):
        rules._compile.cache_clear()
        with pytest.raises(InvalidRules, match="comparators.toml"):
            load_rules(str(pack))


def test_date_suffixes_are_rule_words(pack: Path) -> None:
    """What 以来 makes of a year is data (lexicon.toml [dates.suffixes]): taken out of the
    from class, 2019年以来 is the year 2019 again, not a start."""
    from policydiff import canonical

    assert [t.kind.value for t in canonical.dates("2019年以来", rules=load_rules(str(pack)))] == ["from"]
    path = pack / "lexicon.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('from = ["起", "以来"]', 'from = ["起"]'),
                    encoding="utf-8")
    assert [t.kind.value for t in canonical.dates("2019年以来", rules=load_rules(str(pack)))] == ["period"]


def test_line_joining_reads_the_labels_and_words_of_the_pack(pack: Path) -> None:
    """Which lines start a unit is the structure pack's (its label styles and [lines]
    unit_words), so an edit reaches line joining: a sentence broken after a comma runs on into
    备注… until 备注 is a unit word."""
    from policydiff.normalize import normalize_text

    raw = "某某办法\n第一条 各地应当加强管理，\n备注说明如下。"
    assert "管理，备注" in normalize_text(raw, load_rules(str(pack)).structure).text
    path = pack / "structure.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('unit_words = ["附件", "抄送", "主送"]',
                                                              'unit_words = ["附件", "抄送", "主送", "备注"]'),
                    encoding="utf-8")
    assert "管理，\n备注" in normalize_text(raw, load_rules(str(pack)).structure).text


def test_letter_spaced_headings_follow_the_container_styles_of_the_pack(pack: Path) -> None:
    """A chapter printed 第一篇　总　　则 (a style the shipped pack lacks) is closed up once the
    pack's chapter style reads 篇: the container labels of normalization are the pack's."""
    from policydiff.normalize import normalize_text

    raw = "某某法\n第一篇　总　　则\n第一条　为了保护环境，制定本法。"
    assert "第一篇总\n则" in normalize_text(raw, load_rules(str(pack)).structure).text
    path = pack / "structure.toml"
    text = path.read_text(encoding="utf-8")
    assert "chapter = '第(?P<num>[〇零一二两三四五六七八九十百千0-9]{1,7})章'" in text
    path.write_text(text.replace("chapter = '第(?P<num>[〇零一二两三四五六七八九十百千0-9]{1,7})章'",
                                 "chapter = '第(?P<num>[〇零一二两三四五六七八九十百千0-9]{1,7})[章篇]'"), encoding="utf-8")
    assert "第一篇 总则\n第一条" in normalize_text(raw, load_rules(str(pack)).structure).text


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
        assert found_comparators(tmp_path / "out") == {"le"}
        exclusive(pack)
        again = run_batch(str(folder), str(tmp_path / "out"), engine="dask", scheduler=cluster.scheduler_address,
                          rules_dir=str(pack))
    assert first.ran and again.ran  # the rules' hash is part of each result's key: all of it reran
    assert found_comparators(tmp_path / "out") == {"lt"}


def found_comparators(out: Path) -> set[str]:
    found = set()
    for path in out.rglob("*.obligations.json"):
        found |= {quantity["comparator"] for item in json.loads(path.read_text(encoding="utf-8"))["obligations"]
                  for quantity in item["quantities"] if quantity.get("comparator")}
    return found


def _pack(tmp_path):
    return shutil.copytree(CORPORA.parent / "extractors", tmp_path / "pack")


@pytest.mark.parametrize(("file", "old", "new", "where"), [
    ("modality.toml", 'name = "encouraged"', 'name = "suggested"', "level"),
    ("modality.toml", '"鼓励", "支持"', '"鼓励", "必须"', "level[3].triggers"),
    ("comparators.toml", '"以上" = ">="', '"以上" = "≥"', "after"),
    ("gazetteer.toml", 'needs_suffix = ["大同", "长治"]', 'needs_suffix = ["大同", "长治", "平遥"]', "needs_suffix"),
    ("gazetteer.toml", 'aliases = ["科技部"]', 'aliases = ["科技部", "财政部"]', "body["),
    ("lexicon.toml", "'在[^，。；：\\n]{1,30}?(?:情况|前提|条件)下',", "'在[^，。；：\\n]{1,30}?(?:情况|前提|条件下',",
     "conditions.patterns[0]"),
    ("lexicon.toml", '"一季度" = ["01-01", "03-31"]', '"一季度" = ["01-01", "03-32"]', "dates"),
    ("obligations.toml", "qualifier_open = '(?:位于", "qualifier_open = '((?:位于", "actor.qualifier_open"),
    ("structure.toml", 'cited_styles = ["volume"', 'cited_styles = ["tome"', "cited_styles"),
    ("structure.toml", "goes_on = '(?:第|", "goes_on = '((?:第|", "references.goes_on"),
    ("lexicon.toml", 'after = ["以后", "后"]', 'after = []', "dates/suffixes/after"),
])
def test_a_broken_rule_file_is_reported_with_file_and_key(tmp_path, file, old, new, where) -> None:
    pack = _pack(tmp_path)
    path = pack / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InvalidRules) as error:
        load_rules(str(pack))
    assert file in error.value.what and where in error.value.what, error.value.what
