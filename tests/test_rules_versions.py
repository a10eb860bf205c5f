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
