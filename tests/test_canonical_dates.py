"""Dates, deadlines and periods read from text (policydiff.canonical.dates)."""

from __future__ import annotations

import pytest

from policydiff import canonical
from policydiff.canonical import TimeKind

DATE_CASES = [
    ("2020年12月底前完成", [(TimeKind.DEADLINE, None, "2020-12-31")]),
    ("2021年3月底前", [(TimeKind.DEADLINE, None, "2021-03-31")]),
    ("2020年10月底前", [(TimeKind.DEADLINE, None, "2020-10-31")]),
    ("2024年2月底前", [(TimeKind.DEADLINE, None, "2024-02-29")]),
    ("年底前完成", [(TimeKind.DEADLINE, None, "--12-31")]),
    ("2020年底前", [(TimeKind.DEADLINE, None, "2020-12-31")]),
    # 最高人民检察院关于检察工作中具体适用修订刑法第十二条若干问题的通知: after a day, 以后 is from it on
    ("1997年10月1日以后", [(TimeKind.FROM, "1997-10-01", None)]),
    ("对于10月1日以后实施的犯罪行为", [(TimeKind.FROM, "--10-01", None)]),
    ("2019年以来", [(TimeKind.FROM, "2019-01-01", None)]),
    ("上半年", [(TimeKind.PERIOD, "--01-01", "--06-30")]),
    ("一季度", [(TimeKind.PERIOD, "--01-01", "--03-31")]),
    ("2019年一季度", [(TimeKind.PERIOD, "2019-01-01", "2019-03-31")]),
    ("2020年10-12月", [(TimeKind.PERIOD, "2020-10-01", "2020-12-31")]),
    ("2021年1—3月", [(TimeKind.PERIOD, "2021-01-01", "2021-03-31")]),
    ("自2020年9月起", [(TimeKind.FROM, "2020-09-01", None)]),
    ("自2021年7月15日起施行", [(TimeKind.FROM, "2021-07-15", None)]),
    ("二〇二〇年十二月三十一日前", [(TimeKind.DEADLINE, None, "2020-12-31")]),
    ("2020年10月28日", [(TimeKind.DATE, "2020-10-28", "2020-10-28")]),
    ("发布日期：2020-10-30", [(TimeKind.DATE, "2020-10-30", "2020-10-30")]),
    ("“十四五”期间", [(TimeKind.PERIOD, "2021-01-01", "2025-12-31")]),
    ("2020年采暖季前", [(TimeKind.FUZZY, None, None)]),
    ("秋冬季", [(TimeKind.FUZZY, None, None)]),
    ("2020-2021年秋冬季", [(TimeKind.FUZZY, None, None)]),
    ("3年内不得再次申请", []),
    ("2月30日前", []),
]


@pytest.mark.parametrize(("text", "expected"), DATE_CASES, ids=[row[0] for row in DATE_CASES])
def test_dates(rules, text, expected) -> None:
    assert [(d.kind, d.start, d.end) for d in canonical.dates(text, rules=rules)] == expected


def test_fuzzy_dates_keep_their_text(rules) -> None:
    (timing,) = canonical.dates("根据各地上报情况，2020年采暖季前，共完成散煤替代", rules=rules)
    assert timing.text == "2020年采暖季前" and timing.key == (TimeKind.FUZZY, "2020年采暖季前")
