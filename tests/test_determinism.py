"""Same inputs, same bytes: every report format from two separate processes with different
hash seeds; and no output carries a raw control character from a document."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest

from .conftest import CORPORA, ROOT

SEED = CORPORA / "notices" / "air-2020-autumn-winter"
FORMATS = ("json", "markdown", "html", "docx", "text")
PAIRS = {
    "seed": (SEED / "draft.txt", SEED / "final.txt"),
    "ods-reg": (CORPORA / "laws/ozone-depleting-substances-regulation/2018-03-19.md",
                CORPORA / "laws/ozone-depleting-substances-regulation/2023-12-29.docx"),
}

# One process writes every format of every pair, so that the test costs two interpreter starts.
WRITER = """
import sys
from pathlib import Path
from click.testing import CliRunner
from policydiff.cli import cli
out = Path(sys.argv[1])
pairs = sys.argv[2:]
for n in range(0, len(pairs), 2):
    for fmt in {formats!r}:
        target = out / f"{{n}}.{{fmt}}"
        result = CliRunner().invoke(cli, ["compare", pairs[n], pairs[n + 1], "--format", fmt, "-o", str(target)])
        assert result.exit_code == 1, result.output
    result = CliRunner().invoke(cli, ["extract", pairs[n + 1], "--format", "json", "-o", str(out / f"{{n}}.extract.json")])
    assert result.exit_code == 0, result.output
"""


def write_reports(out: Path, seed: str) -> dict[str, bytes]:
    out.mkdir()
    arguments = [str(path) for pair in PAIRS.values() for path in pair]
    environment = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run([sys.executable, "-c", WRITER.format(formats=FORMATS), str(out), *arguments], check=True,
                   env=environment, cwd=ROOT, capture_output=True, text=True)
    return {path.name: path.read_bytes() for path in sorted(out.iterdir())}


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory) -> tuple[dict[str, bytes], dict[str, bytes]]:
    base = tmp_path_factory.mktemp("determinism")
    return write_reports(base / "a", "1"), write_reports(base / "b", "4242")


def test_two_processes_with_other_hash_seeds_write_the_same_bytes(two_runs) -> None:
    first, second = two_runs
    assert len(first) == len(PAIRS) * (len(FORMATS) + 1)
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert different == []


def test_docx_dates_come_from_the_document_not_the_clock(two_runs) -> None:
    first, _ = two_runs
    with zipfile.ZipFile(io.BytesIO(first["0.docx"])) as package:
        document = package.read("word/document.xml").decode("utf-8")
        core = package.read("docProps/core.xml").decode("utf-8")
        stamps = {info.date_time for info in package.infolist()}
    assert 'w:date="2020-10-30T00:00:00Z"' in document  # the issued notice's 印发 date
    assert "2026" not in document + core
    assert stamps == {(1980, 1, 1, 0, 0, 0)}


CONTROLS = "\x01\x07\x08\x0b\x0c\x1b[31m\x7f\x85\x9b"


@pytest.fixture(scope="module")
def hostile_reports(tmp_path_factory) -> dict[str, bytes]:
    """Reports of a pair whose texts carry C0 and C1 control characters and an ANSI escape."""
    from click.testing import CliRunner

    from policydiff.cli import cli

    folder = tmp_path_factory.mktemp("controls")
    old = folder / "old.txt"
    new = folder / "new.txt"
    old.write_text("关于做好工作的通知\n一、总体要求\n（一）各地要加强领导。\n", encoding="utf-8")
    new.write_text(f"关于做好工作的通知\n一、总体要求\n（一）各地要{CONTROLS}加强领导，2020年底前完成5吨。\n",
                   encoding="utf-8")
    reports = {}
    for fmt in FORMATS:
        target = folder / f"report.{fmt}"
        result = CliRunner().invoke(cli, ["compare", str(old), str(new), "--format", fmt, "-o", str(target)])
        assert result.exit_code == 1, result.output
        reports[fmt] = target.read_bytes()
    return reports


def raw_controls(text: str) -> set[str]:
    return {char for char in text if unicodedata.category(char) == "Cc" and char not in "\n\t\r"}


@pytest.mark.parametrize("fmt", ["json", "markdown", "html", "text"])
def test_text_reports_carry_no_raw_control_characters(hostile_reports, fmt) -> None:
    text = hostile_reports[fmt].decode("utf-8")
    assert raw_controls(text) == set()
    if fmt == "json":
        json.loads(text)


def test_docx_carries_no_raw_control_characters(hostile_reports) -> None:
    with zipfile.ZipFile(io.BytesIO(hostile_reports["docx"])) as package:
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                assert raw_controls(package.read(name).decode("utf-8")) == set(), name
