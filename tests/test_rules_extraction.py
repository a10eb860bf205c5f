"""The extraction pack (policydiff.rules.extraction): obligations.toml and patterns.jsonl,
compiled and checked."""

from __future__ import annotations

import json

import pytest


def test_bad_pattern_line_names_file_and_line(tmp_path) -> None:
    import shutil

    from policydiff.errors import InvalidRules
    from policydiff.rules import check_rules, default_rules_dir

    pack = tmp_path / "pack"
    shutil.copytree(default_rules_dir(), pack, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    (pack / "patterns.jsonl").write_text(json.dumps({"label": "NOPE", "pattern": "x"}) + "\n", encoding="utf-8")
    with pytest.raises(InvalidRules, match=r"patterns\.jsonl: line 1"):
        check_rules(str(pack))


def test_every_label_of_the_shipped_patterns_has_its_span_group(rules) -> None:
    from policydiff.rules.extraction import PATTERN_GROUPS

    assert {pattern["label"] for pattern in rules.extraction.patterns} == set(PATTERN_GROUPS)


def test_a_fine_is_the_amount_its_sanction_names(rules) -> None:
    """消耗臭氧层物质管理条例 (2023) art. 30 ends 并处100万元以上500万元以下的罚款."""
    article = ("第三十条 无生产配额许可证生产消耗臭氧层物质的，由所在地生态环境主管部门责令停止违法行为，没收用于违法生产消耗"
               "臭氧层物质的原料、违法生产的消耗臭氧层物质和违法所得，拆除、销毁用于违法生产消耗臭氧层物质的设备、设施，"
               "并处100万元以上500万元以下的罚款。")
    found = rules.extraction.sanction.search(article)
    assert found.group("amount") == "100万元以上500万元以下"
    shares = "2020年12月底前，力争完成2亿吨钢铁产能超低排放改造，其中，河北省完成1.1亿吨"  # seed final (十一)
    assert rules.extraction.enumeration.search(shares).span() == (shares.index("其中"), shares.index("其中") + 2)
