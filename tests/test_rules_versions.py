"""The version-marker pack (policydiff.rules.versions): versions.toml, compiled and checked."""

from __future__ import annotations

import shutil

import pytest


@pytest.mark.parametrize(("edit", "message"), [
    (lambda text: text.replace("(?P<title>", "(?P<name>", 1), r"wrappers\[0\] has no group named title"),
    (lambda text: text.replace("stage = 10", 'stage = "early"', 1), r"versions\.toml does not match its schema"),
])
def test_an_invalid_versions_pack_is_reported_with_file_and_key(tmp_path, edit, message) -> None:
    from policydiff.errors import InvalidRules
    from policydiff.rules import check_rules, default_rules_dir

    pack = tmp_path / "pack"
    shutil.copytree(default_rules_dir(), pack, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    (pack / "versions.toml").write_text(edit((pack / "versions.toml").read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(InvalidRules, match=message):
        check_rules(str(pack))


def test_a_wrapper_gives_the_title_it_wraps_and_markers_run_from_draft_to_issued(rules) -> None:
    from policydiff.rules.versions import ISSUED_STAGE

    (wrapper, *_) = rules.versions.wrappers
    seed = "关于印发《京津冀及周边地区、汾渭平原2020-2021年秋冬季大气污染综合治理攻坚行动方案》的通知"
    assert wrapper.match(seed).group("title") == "京津冀及周边地区、汾渭平原2020-2021年秋冬季大气污染综合治理攻坚行动方案"
    stages = {marker.name: marker.stage for marker in rules.versions.markers}
    assert stages["draft_for_comment"] < stages["submitted_for_review"] < stages["bill"] < stages["amended"]
    assert stages["amended"] == stages["final"] == ISSUED_STAGE
