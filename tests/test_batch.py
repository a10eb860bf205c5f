"""policydiff batch (policydiff.batch): pairing, the index, error records, containment,
resuming, and Dask, run on whole folders.

The folders are built from corpora/ by the tests: versions in several formats, a chain of
three versions, a document without a partner, an empty file, a corrupt DOCX and a file whose
name tries to climb out of the folder.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from policydiff.batch import run_batch
from policydiff.cli import cli

from .builders import ADOPTION, third_adoption_version
from .conftest import CORPORA, ROOT

SEED = CORPORA / "notices" / "air-2020-autumn-winter"
HOSTILE_NAME = "..%2F..%2Fescape.md"


@pytest.fixture(scope="module")
def mixed_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("batch") / "in"
    (folder / "notices").mkdir(parents=True)
    shutil.copy(SEED / "draft.docx", folder / "notices" / "draft.docx")
    shutil.copy(SEED / "final.pdf", folder / "notices" / "final.pdf")
    shutil.copy(SEED / "final.txt", folder / "notices" / "final.txt")  # the same version as final.pdf
    (folder / "laws").mkdir()
    shutil.copy(ADOPTION / "2019-03-02.md", folder / "laws" / "adoption-2019.md")
    shutil.copy(ADOPTION / "2023-07-20.md", folder / "laws" / "adoption-2023.md")
    (folder / "laws" / "adoption-2025.md").write_text(third_adoption_version(), encoding="utf-8")
    shutil.copy(CORPORA / "laws" / "mineral-resources-law" / "2009-08-27.md", folder / "laws" / "mineral.md")
    shutil.copy(CORPORA / "laws" / "ozone-depleting-substances-regulation" / "2018-03-19.md", folder / "laws" / HOSTILE_NAME)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken.docx").write_bytes((SEED / "final.docx").read_bytes()[:6000])
    (folder / "~$draft.docx").write_bytes(b"\x00lock")  # Word's lock file: not a document
    return folder


@pytest.fixture(scope="module")
def mixed_run(mixed_folder):
    out = mixed_folder.parent / "out"
    before = {p for p in mixed_folder.parent.parent.rglob("*")}
    result = run_batch(str(mixed_folder), str(out), jobs=1)
    after = {p for p in mixed_folder.parent.parent.rglob("*")}
    return result, out, after - before


def pairs_of(index: dict) -> set[tuple[str, str]]:
    return {(row["old"]["source"], row["new"]["source"]) for row in index["pairs"]}


def test_versions_are_paired_across_formats_and_along_the_chain(mixed_run) -> None:
    result, _, _ = mixed_run
    assert pairs_of(result.index) == {
        ("notices/draft.docx", "notices/final.txt"),
        ("laws/adoption-2019.md", "laws/adoption-2023.md"),
        ("laws/adoption-2023.md", "laws/adoption-2025.md"),
        ("laws/adoption-2019.md", "laws/adoption-2025.md"),
    }
    assert result.index["duplicates"] == [{"file": "notices/final.pdf", "same_as": "notices/final.txt"}]


def test_a_document_without_partner_is_extracted(mixed_run) -> None:
    result, out, _ = mixed_run
    singles = {row["document"]["source"]: row for row in result.index["documents"]}
    assert set(singles) == {"laws/mineral.md", f"laws/{HOSTILE_NAME}"}
    row = singles["laws/mineral.md"]
    report = json.loads((out / row["reports"]["json"]).read_text(encoding="utf-8"))
    assert report["document"]["title"] == "中华人民共和国矿产资源法"


def test_failures_are_recorded_and_the_rest_goes_on(mixed_run) -> None:
    result, out, _ = mixed_run
    errors = json.loads((out / "errors.json").read_text(encoding="utf-8"))
    assert [(e["file"], e["code"]) for e in errors] == [("broken.docx", "E121"), ("empty.txt", "E104")]
    assert all(e["message"] and e["cause"] and e["fix"] for e in errors)
    assert result.index["errors"] == errors and result.exit_code == 2
    assert result.index["summary"]["compared"] == 4


def test_every_pair_has_its_reports(mixed_run) -> None:
    result, out, _ = mixed_run
    for row in result.index["pairs"]:
        assert set(row["reports"]) == {"json", "md", "html", "docx", "xlsx", "table", "old", "new", "old_csv",
                                       "new_csv"}
        for target in row["reports"].values():
            assert (out / target).is_file() and (out / target).stat().st_size > 0
    seed = next(r for r in result.index["pairs"] if r["old"]["source"] == "notices/draft.docx")
    assert seed["by_level"]["substantive"] == 43 and seed["obligation_changes"]["removed"] == 4


def test_index_csv_and_html_list_every_pair(mixed_run) -> None:
    result, out, _ = mixed_run
    raw = (out / "index.csv").read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert {(r["old"], r["new"]) for r in rows if r["kind"] == "pair"} == pairs_of(result.index)
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html and "table class=\"sortable\"" in html
    for row in result.index["pairs"]:
        assert f'href="{row["reports"]["html"]}"' in html


def test_nothing_is_written_outside_the_output_folder(mixed_run, mixed_folder) -> None:
    _, out, created = mixed_run
    assert created and all(path == out or out in path.parents for path in created)
    names = [p.relative_to(out).as_posix() for p in out.rglob("*")]
    assert all(".." not in name.split("/") for name in names)


def test_manifest_pairs_with_a_hostile_id(mixed_folder, tmp_path) -> None:
    manifest = tmp_path / "pairs.csv"
    manifest.write_text("old,new,id\nlaws/adoption-2019.md,laws/adoption-2023.md,../../escape\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_batch(str(mixed_folder), str(out), manifest=str(manifest), jobs=1)
    (row,) = result.index["pairs"]
    assert row["work"] == "../../escape" and "/" not in row["id"]
    assert (out / "pairs" / row["id"] / "compare.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "pairs.csv"]


def test_manifest_path_outside_the_input_is_refused(mixed_folder, tmp_path) -> None:
    manifest = tmp_path / "pairs.csv"
    manifest.write_text("old,new,id\n../../etc/passwd,laws/adoption-2023.md,x\n", encoding="utf-8")
    code = CliRunner().invoke(cli, ["batch", str(mixed_folder), "--out", str(tmp_path / "out"), "--manifest",
                                    str(manifest)])
    assert code.exit_code == 2 and "outside the input folder" in code.stderr


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.Popen:
    environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "policydiff", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, env=environment, cwd=cwd or ROOT)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def small_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("small") / "in"
    folder.mkdir()
    for name in ("2019-03-02.md", "2023-07-20.md"):
        shutil.copy(ADOPTION / name, folder / f"adoption-{name}")
    (folder / "adoption-2025.md").write_text(third_adoption_version(), encoding="utf-8")
    shutil.copy(CORPORA / "laws" / "ozone-depleting-substances-regulation" / "2018-03-19.md", folder / "ods-2018.md")
    shutil.copy(CORPORA / "laws" / "ozone-depleting-substances-regulation" / "2023-12-29.docx", folder / "ods-2023.docx")
    shutil.copy(CORPORA / "laws" / "mineral-resources-law" / "2009-08-27.md", folder / "mineral.md")
    return folder


@pytest.fixture(scope="module")
def uninterrupted(small_folder) -> dict[str, bytes]:
    out = small_folder.parent / "uninterrupted"
    result = run_batch(str(small_folder), str(out), jobs=1)
    assert result.exit_code == 1 and result.index["summary"]["compared"] == 4
    return tree(out)


def test_a_killed_batch_resumes_where_it_stopped(small_folder, uninterrupted, tmp_path) -> None:
    out = tmp_path / "out"
    finished = []
    with run_cli("batch", str(small_folder), "--out", str(out), "--jobs", "1") as process:
        for line in process.stderr:
            if line.startswith(("compare ", "extract ")) and " ok " in line:
                finished.append(line.split()[3])
                if len(finished) == 2:
                    process.send_signal(signal.SIGKILL)
                    break
        process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL and len(finished) == 2
    assert not (out / "index.json").exists()
    result = run_batch(str(small_folder), str(out), jobs=1)
    assert result.skipped >= 2 and not set(finished) & set(result.ran)
    assert tree(out) == uninterrupted


def test_a_finished_batch_reruns_nothing_and_a_changed_input_reruns_its_pairs(small_folder, uninterrupted,
                                                                            tmp_path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(small_folder, folder)
    out = tmp_path / "out"
    first = run_batch(str(folder), str(out), jobs=1)
    again = run_batch(str(folder), str(out), jobs=1)
    assert again.ran == [] and again.skipped == len(first.ran)
    (folder / "adoption-2025.md").write_text(third_adoption_version().replace("20日内", "15日内", 1), encoding="utf-8")
    changed = run_batch(str(folder), str(out), jobs=1)
    assert len(changed.ran) == 2 and all("中国公民收养子女登记办法" in folder_ for folder_ in changed.ran)


def test_two_local_workers_give_the_same_outputs(small_folder, uninterrupted, tmp_path) -> None:
    out = tmp_path / "out"
    run_batch(str(small_folder), str(out), jobs=2)
    assert tree(out) == uninterrupted


def test_the_dask_engine_gives_the_same_outputs(small_folder, uninterrupted, tmp_path) -> None:
    pytest.importorskip("distributed")
    out = tmp_path / "out"
    result = run_batch(str(small_folder), str(out), jobs=2, engine="dask")
    assert result.index["summary"]["compared"] == 4
    assert tree(out) == uninterrupted


def test_cli_exit_codes_and_plain_progress(small_folder, tmp_path) -> None:
    result = CliRunner().invoke(cli, ["batch", str(small_folder), "--out", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 1
    assert "compare 1 ok pairs/" in result.stderr and "4 of 4 pairs compared" in result.stderr
    quiet = CliRunner().invoke(cli, ["batch", str(small_folder), "--out", str(tmp_path / "out"), "-q"])
    assert quiet.exit_code == 1 and quiet.stderr == ""
    missing = CliRunner().invoke(cli, ["batch", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")])
    assert missing.exit_code == 2 and "does not exist" in missing.stderr


def test_a_folder_without_substantive_changes_exits_0(tmp_path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED / "final.txt", folder / "a.txt")
    result = run_batch(str(folder), str(tmp_path / "out"), jobs=1)
    assert result.exit_code == 0 and result.index["summary"]["documents_without_partner"] == 1


def test_each_document_is_read_outlined_and_extracted_once_per_batch(tmp_path, monkeypatch) -> None:
    """Three versions make three pairs, so each version is in two pairs (and was read by its
    describe task too): each is still read, outlined and extracted once."""
    from collections import Counter

    from policydiff import pipeline
    from policydiff.batch import tasks

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(ADOPTION / "2019-03-02.md", folder / "adoption-2019.md")
    shutil.copy(ADOPTION / "2023-07-20.md", folder / "adoption-2023.md")
    (folder / "adoption-2025.md").write_text(third_adoption_version(), encoding="utf-8")
    reads, extractions = Counter(), Counter()
    read, extract = tasks._read, pipeline.extract_document
    monkeypatch.setattr(tasks, "_read", lambda job, relative: reads.update([relative]) or read(job, relative))
    monkeypatch.setattr(pipeline, "extract_document",
                        lambda policy, *, rules: extractions.update([policy.source.source]) or extract(policy, rules=rules))
    result = run_batch(str(folder), str(tmp_path / "out"), jobs=1)
    assert len(result.index["pairs"]) == 3
    assert reads == extractions == Counter({"adoption-2019.md": 1, "adoption-2023.md": 1, "adoption-2025.md": 1})
