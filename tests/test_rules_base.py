"""Reading one rule file (policydiff.rules.base): TOML checked against its schema, and regular
expressions, each error naming the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from policydiff.errors import InvalidRules
from policydiff.rules.base import compile_pattern, first_schema_error, read_toml
from policydiff.rules.lexicons import COMPARATORS_SCHEMA


def edited(pack: Path, old: str, new: str) -> Path:
    """comparators.toml of ``pack`` with ``old`` replaced by ``new``."""
    path = pack / "comparators.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_the_shipped_file_is_read_as_written(pack) -> None:
    data = read_toml(pack / "comparators.toml", COMPARATORS_SCHEMA)
    # Civil Code art. 1259: 以下 includes the number, 以外 and 超过 exclude it.
    assert (data["window"], data["after"]["以下"], data["after"]["以外"], data["before"]["超过"]) == (4, "<=", ">", ">")
    assert data["range_separators"][:2] == ["-", "—"]


def test_a_missing_file_says_where_to_copy_it_from(pack) -> None:
    with pytest.raises(InvalidRules) as caught:
        read_toml(pack / "nowhere.toml", COMPARATORS_SCHEMA)
    assert caught.value.code == "E201" and caught.value.what == f"rule file {pack / 'nowhere.toml'} is missing"


def test_a_toml_error_gives_its_line(pack) -> None:
    path = edited(pack, "window = 4", "window = ")
    line = path.read_text(encoding="utf-8").splitlines().index("window = ") + 1
    with pytest.raises(InvalidRules) as caught:
        read_toml(path, COMPARATORS_SCHEMA)
    assert caught.value.what == f"rule file {path} is not valid TOML" and f"line {line}" in caught.value.cause


def test_a_value_against_the_schema_names_its_key_unless_unchecked(pack) -> None:
    path = edited(pack, "window = 4", "window = 11")  # at most 10 characters between word and number
    with pytest.raises(InvalidRules) as caught:
        read_toml(path, COMPARATORS_SCHEMA)
    assert caught.value.what == f"rule file {path} does not match its schema at window"
    assert "11" in caught.value.cause
    assert read_toml(path, COMPARATORS_SCHEMA, check=False)["window"] == 11  # a pack validated before


def test_the_first_schema_error_is_the_first_by_path(pack) -> None:
    data = read_toml(pack / "comparators.toml", COMPARATORS_SCHEMA)
    assert first_schema_error(data, COMPARATORS_SCHEMA) is None
    error = first_schema_error({**data, "window": 11, "range_separators": []}, COMPARATORS_SCHEMA)
    assert list(error.absolute_path) == ["range_separators"]


def test_a_bad_pattern_names_its_file_key_and_pattern(pack) -> None:
    assert compile_pattern("以上|以下", pack / "lexicon.toml", "conditions.patterns[0]").match("以下")
    with pytest.raises(InvalidRules) as caught:
        compile_pattern("在[^，。]{1,30}?(?:情况|条件下", pack / "lexicon.toml", "conditions.patterns[0]")
    assert "the pattern at conditions.patterns[0] is not a valid regular expression" in caught.value.what
    assert "'在[^，。]{1,30}?(?:情况|条件下'" in caught.value.cause


def test_a_pattern_without_a_group_the_code_reads_is_refused(pack) -> None:
    # obligations.toml's sanction.regex: the extraction reads groups amount and charge from it.
    path = pack / "obligations.toml"
    assert compile_pattern("处(?P<amount>.+?)(?P<charge>罚款)", path, "sanction.regex", ("amount", "charge"))
    with pytest.raises(InvalidRules) as caught:
        compile_pattern("处(?P<amount>.+?)罚款", path, "sanction.regex", ("amount", "charge"))
    assert caught.value.code == "E201"
    assert caught.value.what.endswith("the pattern at sanction.regex has no group named charge")
    assert "(?P<charge>…)" in caught.value.cause and "(?P<charge>…)" in caught.value.fix
