"""The cache folder (policydiff.cache): where it is, what it keeps, and that a folder that
cannot be found or written is no failure."""

from __future__ import annotations

from pathlib import Path

from policydiff.rules import load_rules, pack_digest


def test_a_missing_cache_folder_is_no_failure(pack: Path, monkeypatch) -> None:
    """With neither $POLICYDIFF_CACHE_DIR nor a home directory (a service account), nothing is
    kept and every pack is checked in full: no error."""
    from policydiff import cache, rules

    def no_home(cls):
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv("POLICYDIFF_CACHE_DIR", raising=False)
    monkeypatch.setattr(Path, "home", classmethod(no_home))
    assert cache.cache_dir() is None and cache.read_cached("anything") is None and not cache.is_cached("x")
    cache.keep("anything", b"data")
    rules._compile.cache_clear()
    assert load_rules(str(pack)).digest == pack_digest(pack)
