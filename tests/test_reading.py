"""One reading of a passage (policydiff.reading): each layer computed once, and seeing the ones
read before it. The token-pattern layer itself is tested in test_nlp.py."""

from __future__ import annotations

import shutil

from policydiff import canonical
from policydiff.reading import read
from policydiff.rules import default_rules_dir, load_rules

# 大气污染防治 notice, seed final (十) and (十一): a deadline, a figure, a citation with a year in it.
SENTENCE = "2020年12月底前，落实《2020年挥发性有机物治理攻坚方案》，河北省完成1.1亿吨钢铁产能超低排放改造。"


def test_a_text_is_read_once_per_rule_pack(tmp_path) -> None:
    rules = load_rules()
    assert read(SENTENCE, rules=rules) is read(SENTENCE, rules=rules)
    pack = shutil.copytree(default_rules_dir(), tmp_path / "pack", ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    path = pack / "lexicon.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert read(SENTENCE, rules=load_rules(str(pack))) is not read(SENTENCE, rules=rules)


def test_quantities_see_the_dates_and_references_read_before_them() -> None:
    """The year in the deadline and in the cited title is no figure; the reading's quantities
    are those canonical.quantities finds on its own."""
    rules = load_rules()
    reading = read(SENTENCE, rules=rules)
    assert [t.text for t in reading.dates] == ["2020年12月底前", "2020年"]
    assert [r.text for r in reading.references] == ["《2020年挥发性有机物治理攻坚方案》"]
    assert [q.text for q in reading.quantities] == ["1.1亿吨"]
    assert reading.quantities == canonical.quantities(SENTENCE, rules=rules)
    assert [a.name for a in reading.actors] == ["河北省"]
