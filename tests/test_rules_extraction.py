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
