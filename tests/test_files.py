"""Writing a file whole (policydiff.files), the one writer of the CLI's -o, batch and the cache."""

from __future__ import annotations

import os
import stat

import pytest

from policydiff import cache
from policydiff.files import TEMPORARY_SUFFIX, replace_file

from .conftest import CORPORA


def umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_a_file_gets_the_mode_a_plain_open_would(tmp_path) -> None:
    target = tmp_path / "deep" / "report.json"
    replace_file(target, b"{}")
    assert target.read_bytes() == b"{}"
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask()


def test_a_failed_write_leaves_no_temporary_file(tmp_path) -> None:
    (tmp_path / "report.json").mkdir()  # os.replace cannot put a file over a folder
    with pytest.raises(OSError):
        replace_file(tmp_path / "report.json", b"{}")
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_the_cache_fails_silently_and_cleanly(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("POLICYDIFF_CACHE_DIR", str(tmp_path))
    (tmp_path / "name").mkdir()
    cache.keep("name", b"data")
    assert not list(tmp_path.glob(f"*{TEMPORARY_SUFFIX}"))


def test_compare_output_is_readable_by_colleagues(tmp_path) -> None:
    """Issue 14: -o wrote mode 0600; it honours the umask as batch does."""
    from click.testing import CliRunner

    from policydiff.cli import cli

    seed = CORPORA / "notices" / "air-2020-autumn-winter"
    out = tmp_path / "report.md"
    result = CliRunner().invoke(cli, ["compare", str(seed / "draft.txt"), str(seed / "final.txt"),
                                       "--format", "markdown", "--no-obligations", "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask()


def test_a_replaced_file_keeps_its_mode(tmp_path) -> None:
    target = tmp_path / "private.csv"
    target.write_bytes(b"old")
    target.chmod(0o600)
    replace_file(target, b"new")
    assert target.read_bytes() == b"new" and stat.S_IMODE(target.stat().st_mode) == 0o600


def test_output_into_a_missing_folder_is_an_error(tmp_path) -> None:
    """-o names a file: a typo in its folder is E301, not a new folder."""
    from click.testing import CliRunner

    from policydiff.cli import cli

    seed = CORPORA / "notices" / "air-2020-autumn-winter"
    out = tmp_path / "typo" / "report.md"
    result = CliRunner().invoke(cli, ["compare", str(seed / "draft.txt"), str(seed / "final.txt"), "--format",
                                      "markdown", "--no-obligations", "-o", str(out)])
    assert result.exit_code == 2 and "E301" in result.output and not out.parent.exists()
