"""Batch pairing (policydiff.batch.pairing): safe folder names, version markers, and the plan
of versions to compare."""

from __future__ import annotations

import pytest

from policydiff.batch.pairing import plan_batch, safe_id, version_of
from policydiff.model import DocumentInfo
from policydiff.rules import load_rules


@pytest.mark.parametrize(("name", "salt"), [("../../etc/passwd", ()), ("..", ()), ("", ()), ("a/b\\c:d", ("x",)),
                                              ("第一章/../总则", ()), ("x" * 300, ())])
def test_safe_ids_cannot_name_a_path(name, salt) -> None:
    identifier = safe_id(name, *salt)
    assert "/" not in identifier and "\\" not in identifier and not identifier.startswith(".")
    assert identifier not in ("", ".", "..") and len(identifier) <= 60


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
