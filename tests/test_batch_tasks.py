"""The tasks of a batch (policydiff.batch.tasks): each reads its inputs, writes its reports into
the output folder and returns an index row, or an error record naming the file that failed."""

from __future__ import annotations

import csv
import hashlib
import io
import json

from policydiff.batch.tasks import SINGLE_OUTPUTS, Job, run_job

from .builders import ADOPTION

# 中国公民收养子女登记办法: the 2019 file's front matter ends with 1999年5月25日 民政部令第14号发布
# (it lacks the 2019 revision line); the 2023 file's with 2023年7月20日 …第二次修订.
TITLE = "中国公民收养子女登记办法"


def test_describe_reads_title_date_and_stage_from_the_document(tmp_path) -> None:
    results = [run_job(Job("describe", (name,), str(ADOPTION), str(tmp_path), "", None, ""))
               for name in ("2019-03-02.md", "2023-07-20.md")]
    documents = [result["document"] for result in results]
    assert [(d["path"], d["title"], d["date"], d["stage"], d["marker"], d["work"]) for d in documents] == [
        ("2019-03-02.md", TITLE, "1999-05-25", 100, None, TITLE),
        ("2023-07-20.md", TITLE, "2023-07-20", 100, None, TITLE),
    ]
    assert documents[0]["sha256"] == hashlib.sha256((ADOPTION / "2019-03-02.md").read_bytes()).hexdigest()
    # The key versions are told apart by: the text folded to letters, digits and CJK.
    assert documents[1]["key"].startswith(TITLE + "1999年5月12日国务院批准1999年5月25日民政部令第14号发布2019年3月2日")


def test_a_failing_input_is_an_error_record_not_an_exception(tmp_path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run_job(Job("describe", ("empty.txt",), str(tmp_path), str(tmp_path / "out"), "", None, ""))
    assert set(result) == {"error"}
    error = result["error"]
    assert (error["file"], error["code"], error["slug"]) == ("empty.txt", "E104", "empty-input")
    assert str(tmp_path / "empty.txt") in error["message"] and error["cause"] and error["fix"]


def test_a_single_writes_its_obligations_and_a_stamp_with_its_key(tmp_path) -> None:
    job = Job("single", ("2023-07-20.md",), str(ADOPTION), str(tmp_path), "documents/adoption", None, "the-key")
    row = run_job(job)["row"]
    folder = tmp_path / "documents" / "adoption"
    assert sorted(p.name for p in folder.iterdir()) == sorted((*SINGLE_OUTPUTS, "stamp.json"))
    report = json.loads((folder / "obligations.json").read_text(encoding="utf-8"))
    assert row["id"] == "adoption" and row["status"] == "extracted"
    assert row["document"]["title"] == TITLE and row["document"]["format"] == "markdown"
    assert row["obligations"] == len(report["obligations"]) > 0
    assert row["reports"] == {"json": "documents/adoption/obligations.json", "csv": "documents/adoption/obligations.csv"}
    rows = list(csv.DictReader(io.StringIO((folder / "obligations.csv").read_text(encoding="utf-8-sig"))))
    assert {r["obligation"] for r in rows} == {item["id"] for item in report["obligations"]}
    assert json.loads((folder / "stamp.json").read_text(encoding="utf-8")) == {"key": "the-key", "row": row}


def test_a_pair_names_the_file_that_failed(tmp_path) -> None:
    (tmp_path / "old.md").write_bytes((ADOPTION / "2019-03-02.md").read_bytes())
    (tmp_path / "new.md").write_bytes(b"   \n")
    result = run_job(Job("pair", ("old.md", "new.md"), str(tmp_path), str(tmp_path / "out"), "pairs/x", None, ""))
    assert (result["error"]["file"], result["error"]["code"]) == ("new.md", "E104")
    assert not (tmp_path / "out" / "pairs" / "x").exists()
