"""policydiff batch: pairing, the index, error records, containment, resuming, and Dask.

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
from policydiff.batch.pairing import plan_batch, safe_id, version_of
from policydiff.cli import cli
from policydiff.model import DocumentInfo
from policydiff.rules import load_rules

from .conftest import CORPORA, ROOT

SEED = CORPORA / "notices" / "air-2020-autumn-winter"
ADOPTION = CORPORA / "laws" / "adoption-registration-measures"
HOSTILE_NAME = "..%2F..%2Fescape.md"


def third_adoption_version() -> str:
    """A made-up later amendment of the 2023 text: a revision note and one changed figure."""
    text = (ADOPTION / "2023-07-20.md").read_text(encoding="utf-8")
    text = text.replace("<!-- INFO END -->", "2025年3月1日 国务院令第999号修订\n\n<!-- INFO END -->", 1)
    assert "30日内" in text
    return text.replace("30日内", "20日内", 1)


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
        assert set(row["reports"]) == {"json", "md", "html", "docx", "old", "new"}
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


@pytest.mark.parametrize(("name", "salt"), [("../../etc/passwd", ()), ("..", ()), ("", ()), ("a/b\\c:d", ("x",)),
                                              ("第一章/../总则", ()), ("x" * 300, ())])
def test_safe_ids_cannot_name_a_path(name, salt) -> None:
    identifier = safe_id(name, *salt)
    assert "/" not in identifier and "\\" not in identifier and not identifier.startswith(".")
    assert identifier not in ("", ".", "..") and len(identifier) <= 60


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


@pytest.mark.parametrize(("title", "front", "file_name", "expected"), [
    ("关于印发《京津冀大气污染治理方案》的通知", "", "notice.txt", ("京津冀大气污染治理方案", 100, None)),
    ("京津冀大气污染治理方案", "", "final.txt", ("京津冀大气污染治理方案", 100, "final")),
    ("京津冀大气污染治理方案", "附件\n京津冀大气污染治理方案\n（征求意见稿）", "draft.txt",
     ("京津冀大气污染治理方案", 10, "draft_for_comment")),
    ("中华人民共和国反电信网络诈骗法（草案）", "", "a.txt", ("中华人民共和国反电信网络诈骗法", 30, "bill")),
    ("某某法（修订草案第二次审议稿）", "", "a.txt", ("某某法", 32, "bill_reading")),
    ("某某条例（送审稿）", "", "a.txt", ("某某条例", 20, "submitted_for_review")),
    ("中华人民共和国公司法（2018年修正）", "", "a.md", ("中华人民共和国公司法", 100, "amended")),
    (None, "", "notice_draft_20201001.docx", ("notice", 10, "draft")),
])
def test_version_markers(title, front, file_name, expected) -> None:
    assert version_of(title, front, file_name, load_rules().versions) == expected


def info(path: str, work: str, *, date: str | None = None, stage: int = 100, key: str = "") -> DocumentInfo:
    return DocumentInfo(path=path, sha256="0" * 64, title=work, date=date, stage=stage, marker=None, work=work,
                        key=key or path)


def test_plan_orders_by_date_then_stage() -> None:
    plan = plan_batch([
        info("c.txt", "某某法", date="2023-01-01"),
        info("a.txt", "某某法", date="2018-01-01"),
        info("draft.txt", "某某方案", stage=10),
        info("final.txt", "某某方案", date="2020-10-30"),
        info("alone.txt", "另一份文件"),
    ])
    assert [(p.old, p.new) for p in plan.pairs] == [("draft.txt", "final.txt"), ("a.txt", "c.txt")]
    assert [path for _, path in plan.singles] == ["alone.txt"]


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


@pytest.mark.parametrize(("edit", "message"), [
    (lambda text: text.replace("(?P<title>", "(?P<name>", 1), r"wrappers\[0\] has no group named title"),
    (lambda text: text.replace("stage = 10", 'stage = "early"', 1), r"versions\.toml does not match its schema"),
])
def test_an_invalid_versions_pack_is_reported_with_file_and_key(tmp_path, edit, message) -> None:
    from policydiff.errors import InvalidRules
    from policydiff.rules import check_rules, default_rules_dir

    pack = tmp_path / "pack"
    shutil.copytree(default_rules_dir(), pack, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    (pack / "versions.toml").write_text(edit((pack / "versions.toml").read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(InvalidRules, match=message):
        check_rules(str(pack))


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


def test_a_kept_document_is_loaded_only_when_this_run_signed_it(tmp_path) -> None:
    """The output folder may be shared: a pickle there that this run did not sign (planted,
    or left by another run) is never loaded, and a damaged one is read again from the input."""
    import pickle

    from policydiff.batch.store import load_document, save_document

    path = tmp_path / ".documents" / "x.pickle"
    save_document(path, ("outline", ()), "run-key")
    assert load_document(path, "run-key") == ("outline", ())
    assert load_document(path, "other-run") is None
    path.write_bytes(pickle.dumps(("planted", ())))
    assert load_document(path, "run-key") is None
    save_document(path, ("outline", ()), "run-key")
    path.write_bytes(path.read_bytes()[:-3])
    assert load_document(path, "run-key") is None
    assert load_document(tmp_path / "missing.pickle", "run-key") is None


def test_writers_of_one_file_at_once_never_fail(tmp_path) -> None:
    """Two tasks may keep the same input at once (the threads of a Dask worker): each writes
    its own temporary file, the last rename wins, and the file is whole and readable by others."""
    import os
    import threading

    from policydiff.batch.store import write_atomic

    target, failures = tmp_path / "x.bin", []

    def write(byte: int) -> None:
        try:
            for _ in range(100):
                write_atomic(target, bytes([byte]) * 4096)
        except Exception as error:  # noqa: BLE001 - any failure is the finding
            failures.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(set(target.read_bytes())) == 1 and [p.name for p in tmp_path.iterdir()] == ["x.bin"]
    umask = os.umask(0o022)
    os.umask(umask)
    assert os.stat(target).st_mode & 0o777 == 0o666 & ~umask  # as a plain open() makes it, not 0600
