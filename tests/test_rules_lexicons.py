"""The lexicon packs (policydiff.rules.lexicons): modality.toml, comparators.toml,
gazetteer.toml and lexicon.toml, compiled."""

from __future__ import annotations


def test_gazetteer_covers_every_province_and_prefecture(rules) -> None:
    entries = set(rules.gazetteer.entries.values())
    provinces = [e for e in entries if e.kind == "province"]
    prefectures = [e for e in entries if e.kind in ("city", "prefecture")]
    assert len(provinces) == 34
    assert len([e for e in prefectures if e.kind == "city"]) == 293 and len(prefectures) == 333
    # Every province, autonomous region and SAR-less province has its prefectures listed.
    with_cities = {e.province for e in prefectures}
    assert {p.name for p in provinces} - with_cities == {"北京市", "天津市", "上海市", "重庆市", "台湾省",
                                                        "香港特别行政区", "澳门特别行政区"}
    for form in ("唐山", "唐山市", "大同市", "河北", "发改委", "国家发展改革委", "国家能源集团", "国铁集团", "市场监管总局"):
        assert form in rules.gazetteer.entries, form
