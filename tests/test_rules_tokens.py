"""The token pack (policydiff.rules.tokens): tokens.toml, units.toml and jieba_userdict.txt,
compiled and checked."""

from __future__ import annotations

import pytest

from policydiff.errors import InvalidRules
from policydiff.rules import load_rules

from .builders import copy_pack

BROKEN = [
    ("tokens.toml", "cn_digit = '[〇零", "cn_digit = '(〇零", ["fragments.cn_digit", "not a valid regular expression"]),
    ("tokens.toml", "regex = '{arabic_start}{arabic_amount}", "regex = '{arabic_start}{arabic_amout}",
     ["pattern[5] (arabic_quantity).regex", "{arabic_amout}", "not defined"]),
    ("tokens.toml", '"4.3米", "80%"', '"4.3米", "8O%"', ["arabic_quantity", "'8O%'"]),
    ("tokens.toml", "regex = '{cn_start}{cn_digit}+分之{cn_digit}+'", "regex = '(?:分之)?'", ["fraction", "empty string"]),
    ("tokens.toml", "\nkind = \"date\"\n", "\nkind = \"deadline\"\n", ["does not match its schema", "pattern/0/kind"]),
    ("jieba_userdict.txt", "超低排放 2000 n\n", "超低排放 2000 n\n散乱污\n", ["line", "not a jieba dictionary entry"]),
    ("jieba_userdict.txt", "超低排放 2000 n\n", "超低排放 2000 n\n超低排放 10 n\n", ["超低排放 is listed again"]),
    ("jieba_userdict.txt", "超低排放 2000 n\n", "超低排放 0 n\n", ["not a jieba dictionary entry"]),
    ("units.toml", '"千分之" = "‰"', '"千分之" = "pct"', ["fractions name units that no [[unit]] lists: pct"]),
    ("units.toml", '"千分之" = "‰"', '"" = "‰"', ["does not match its schema", "fractions"]),
    ("units.toml", 'fractions = {', 'fraction = {', ["does not match its schema"]),
]


@pytest.mark.parametrize(("name", "old", "new", "expected"), BROKEN,
                         ids=["bad regex", "unknown placeholder", "example", "empty match", "schema",
                              "no frequency", "duplicate", "zero frequency", "fraction of an unknown unit",
                              "empty fraction word", "no fractions"])
def test_a_broken_token_rule_is_reported_with_its_file_and_place(tmp_path, name, old, new, expected) -> None:
    pack = copy_pack(tmp_path)
    text = (pack / name).read_text(encoding="utf-8")
    assert old in text
    (pack / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InvalidRules) as caught:
        load_rules(str(pack))
    message = caught.value.what
    assert name in message and all(part in message + caught.value.cause for part in expected)
