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


def test_what_is_kept_is_read_back_from_the_folder_the_variable_names(tmp_path, monkeypatch) -> None:
    from policydiff import cache

    monkeypatch.setenv("POLICYDIFF_CACHE_DIR", str(tmp_path / "cache"))
    assert cache.cache_dir() == tmp_path / "cache"
    assert cache.read_cached("x.bin") is None and not cache.is_cached("x.bin")
    data = "中国公民收养子女登记办法".encode()
    cache.keep("x.bin", data)
    assert cache.read_cached("x.bin") == data and cache.is_cached("x.bin")
    assert [p.name for p in (tmp_path / "cache").iterdir()] == ["x.bin"]  # no temporary file left


def test_a_cache_folder_that_cannot_be_made_is_no_failure(tmp_path, monkeypatch) -> None:
    from policydiff import cache

    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("POLICYDIFF_CACHE_DIR", str(tmp_path / "file" / "cache"))
    cache.keep("x.bin", b"data")
    assert cache.read_cached("x.bin") is None and not cache.is_cached("x.bin")


def test_without_the_variable_the_folder_is_in_the_home_cache(tmp_path, monkeypatch) -> None:
    from policydiff import cache

    monkeypatch.delenv("POLICYDIFF_CACHE_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / ".cache" / "policydiff"
