"""The wheel ships the rule packs, the schemas and the HTML report's assets inside the package."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

from .conftest import ROOT


def test_wheel_contains_extractors_and_schemas(tmp_path) -> None:
    leftover = ROOT / "build"  # setuptools stages the wheel there; leave the tree as found
    existed = leftover.exists()
    try:
        subprocess.run(
            [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path), str(ROOT)],
            check=True, capture_output=True, text=True,
        )
    finally:
        if not existed:
            shutil.rmtree(leftover, ignore_errors=True)
    wheel = next(tmp_path.glob("policydiff-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {f"policydiff/extractors/{p.name}" for p in (ROOT / "extractors").iterdir() if p.is_file()}
    assert shipped and shipped <= names
    assert {f"policydiff/schemas/{p.name}" for p in (ROOT / "policydiff" / "schemas").glob("*.json")} <= names
    assets = {p.relative_to(ROOT).as_posix() for p in (ROOT / "policydiff" / "render").glob("*.*") if p.suffix in (".css", ".js")}
    assert assets - names == set(), "report stylesheets and scripts missing from the wheel: see package-data"
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "policydiff").rglob("*.py")}
    assert modules - names == set(), "modules missing from the wheel: list their package in pyproject.toml"
    assert any(name.endswith("entry_points.txt") for name in names)
