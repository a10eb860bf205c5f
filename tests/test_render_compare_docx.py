"""The DOCX redline: the new version with the differences as Word tracked changes.

Accepting every revision must give the new normalized text and rejecting every revision the
old one, for every corpus pair (``tests/revisions.py`` applies them as Word would); the XML
must be what Word expects of revisions, moves and comments; LibreOffice must open it; and
the bytes must not depend on the clock.
"""

from __future__ import annotations

import io
import subprocess
import zipfile
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from policydiff.ingest.docx import read_docx
from policydiff.render.compare_docx import comment_text, render_compare_docx

from .conftest import require_tool
from .revisions import NS, W, accepted_text, apply_revisions, paragraph_texts, rejected_text
from .test_redline import PAIRS, document_sides, pair_report

SEED = "air-2020/txt-txt"
REVISIONS = ("ins", "del", "moveFrom", "moveTo")


@cache
def docx(pair_id: str) -> bytes:
    return render_compare_docx(pair_report(pair_id)[2])


def part(data: bytes, name: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read(name)


def xml(data: bytes, name: str = "word/document.xml") -> etree._Element:
    return etree.fromstring(part(data, name))


def dated(report: dict, date: str | None) -> dict:
    return {**report, "new": {**report["new"], "date": date}}


# --- accept all, reject all -----------------------------------------------------------------------


@pytest.mark.parametrize("pair_id", PAIRS)
def test_accepting_every_revision_gives_the_new_text(pair_id):
    _, new, _ = pair_report(pair_id)
    assert accepted_text(part(docx(pair_id), "word/document.xml")) == new.text.text


@pytest.mark.parametrize("pair_id", PAIRS)
def test_rejecting_every_revision_gives_the_old_text(pair_id):
    old, _, _ = pair_report(pair_id)
    assert rejected_text(part(docx(pair_id), "word/document.xml")) == old.text.text


@pytest.mark.parametrize("pair_id", PAIRS)
def test_policydiff_reads_its_own_redline_as_the_new_version(pair_id):
    """The DOCX reader takes tracked changes as accepted (and drops empty lines)."""
    _, new, report = pair_report(pair_id)
    read = read_docx(docx(pair_id), source="redline.docx", sha256="0" * 64)
    assert read.raw_text == "\n".join(line for line in new.text.text.split("\n") if line.strip())
    assert read.title == report["new"]["title"]


# --- the XML is what Word expects -----------------------------------------------------------------


def assert_revisions_are_sane(document: etree._Element) -> None:
    """Deleted text only in w:delText, unique ids, ranges closed, moves paired."""
    for deletion in document.iter(f"{{{W}}}del"):
        assert deletion.find(".//w:t", NS) is None
    for tag in ("ins", "moveFrom", "moveTo"):
        for revision in document.iter(f"{{{W}}}{tag}"):
            assert revision.find(".//w:delText", NS) is None
    ids = [element.get(f"{{{W}}}id") for tag in (*REVISIONS, "moveFromRangeStart", "moveToRangeStart")
           for element in document.iter(f"{{{W}}}{tag}")]
    ids += [element.get(f"{{{W}}}id") for element in document.iter(f"{{{W}}}commentRangeStart")]
    assert len(ids) == len(set(ids))
    names = {}
    for kind in ("moveFrom", "moveTo"):
        starts = {e.get(f"{{{W}}}id"): e.get(f"{{{W}}}name") for e in document.iter(f"{{{W}}}{kind}RangeStart")}
        ends = [e.get(f"{{{W}}}id") for e in document.iter(f"{{{W}}}{kind}RangeEnd")]
        assert sorted(ends) == sorted(starts)
        names[kind] = sorted(starts.values())
    assert names["moveFrom"] == names["moveTo"]
    assert len(set(names["moveFrom"])) == len(names["moveFrom"])
    # The document's last paragraph mark cannot be inserted or deleted.
    last = document.findall("w:body/w:p", NS)[-1]
    assert last.find("w:pPr/w:rPr/*", NS) is None


@pytest.mark.parametrize("pair_id", PAIRS)
def test_revisions_are_well_formed(pair_id):
    assert_revisions_are_sane(xml(docx(pair_id)))


@pytest.mark.parametrize("pair_id", PAIRS)
def test_each_substantive_change_has_a_comment_with_its_summary(pair_id):
    _, _, report = pair_report(pair_id)
    substantive = [change for change in report["changes"] if change["level"] == "substantive"]
    comments = xml(docx(pair_id), "word/comments.xml").findall("w:comment", NS)
    assert len(comments) == len(substantive)
    for comment, change in zip(comments, substantive):
        text = "".join(comment.itertext())
        assert change["summary"] in text and f"[{change['id']}]" in text
        assert comment.get(f"{{{W}}}author") == "policydiff"
    document = xml(docx(pair_id))
    for tag in ("commentRangeStart", "commentRangeEnd", "commentReference"):
        assert sorted(int(e.get(f"{{{W}}}id")) for e in document.iter(f"{{{W}}}{tag}")) == list(range(len(comments)))


def test_seed_comment_reads_level_categories_summary_and_id():
    change = {"id": "c031", "level": "substantive", "categories": ["quantity", "scope"],
              "summary": "删除唐山市钢铁产能1亿吨上限"}
    assert comment_text(change) == "实质性 · 数量、范围：删除唐山市钢铁产能1亿吨上限 [c031]"  # all Chinese (issue 14)


def test_seed_comment_is_anchored_on_its_change():
    """The comment of a deletion spans the deleted run it explains."""
    _, _, report = pair_report(SEED)
    change = next(c for c in report["changes"] if c["level"] == "substantive" and c["op"] == "delete")
    number = [c["id"] for c in report["changes"] if c["level"] == "substantive"].index(change["id"])
    document = xml(docx(SEED))
    start = document.find(f".//w:commentRangeStart[@w:id='{number}']", NS)
    anchored, node = [], start.getnext()
    while node is not None and node.tag != f"{{{W}}}commentRangeEnd":
        anchored.append("".join(node.itertext()))
        node = node.getnext()
    assert change["old_text"] in "".join(anchored)


def test_seed_has_every_kind_of_revision():
    document = xml(docx(SEED))
    counts = {tag: len(list(document.iter(f"{{{W}}}{tag}"))) for tag in (*REVISIONS, "moveFromRangeStart")}
    assert all(counts.values()), counts
    assert document.find(".//w:pPr/w:rPr/w:ins", NS) is not None  # inserted paragraphs


def test_revision_tracking_stays_on():
    assert xml(docx(SEED), "word/settings.xml").find("w:trackRevisions", NS) is not None


# --- structure and looks --------------------------------------------------------------------------


def styled(document: etree._Element, style: str) -> list[str]:
    return ["".join(p.itertext()) for p in document.iter(f"{{{W}}}p")
            if p.find(f"w:pPr/w:pStyle[@w:val='{style}']", NS) is not None]


def test_seed_headings_are_heading_styles():
    _, _, report = pair_report(SEED)
    headings = [s["new_label"] + s["new_title"] for s in report["redline"]["sections"] if s["kind"] == "heading"]
    assert headings[:2] == ["一、总体要求", "二、有效应对重污染天气"]
    assert styled(xml(docx(SEED)), "Heading1") == headings


def test_law_chapters_and_sections_are_two_heading_levels():
    document = xml(docx("admin-penalty-law/2017-2021"))
    assert any(text.startswith("第一章") for text in styled(document, "Heading1"))
    assert any(text.startswith("第一节") for text in styled(document, "Heading2"))


def test_seed_title_is_centred_title():
    _, _, report = pair_report(SEED)
    assert styled(xml(docx(SEED)), "Title") == [report["new"]["title"]]


def test_front_matter_that_opens_with_an_address_list_has_no_title_paragraph():
    assert styled(xml(docx("air-2020/html-html")), "Title") == []


def bold_text(document: etree._Element) -> list[str]:
    return ["".join(r.itertext()) for r in document.iter(f"{{{W}}}r") if r.find("w:rPr/w:b", NS) is not None]


def test_seed_clause_lead_in_is_bold():
    bold = bold_text(xml(docx(SEED)))
    assert "（一）基本思路。" in bold and "（二）主要目标。" in bold
    assert not any("以习近平" in text for text in bold)


def test_renumbered_article_label_is_bold_on_both_sides():
    """第三条 → 第四条: the old digit (deleted) and the new one (inserted) are both part of the label."""
    document = xml(docx("adoption-reg/2019-2023"))
    paragraph = next(p for p in document.iter(f"{{{W}}}p")
                     if "".join(t.text for t in p.iter(f"{{{W}}}delText")).startswith("三"))
    bold = "".join("".join(r.itertext()) for r in paragraph.iter(f"{{{W}}}r") if r.find("w:rPr/w:b", NS) is not None)
    assert bold == "第三四条"


# --- package --------------------------------------------------------------------------------------


def test_rendering_is_deterministic():
    _, _, report = pair_report(SEED)
    assert render_compare_docx(report) == render_compare_docx(report)
    for info in zipfile.ZipFile(io.BytesIO(docx(SEED))).infolist():
        assert info.date_time == (1980, 1, 1, 0, 0, 0)


def test_package_parts_are_related_and_typed():
    archive = zipfile.ZipFile(io.BytesIO(docx(SEED)))
    names = archive.namelist()
    assert names[0] == "[Content_Types].xml"
    types = etree.fromstring(archive.read("[Content_Types].xml"))
    overrides = {e.get("PartName").lstrip("/") for e in types if e.get("PartName")}
    assert {name for name in names if not name.endswith(".rels") and name != "[Content_Types].xml"} <= overrides
    targets = {e.get("Target") for e in etree.fromstring(archive.read("word/_rels/document.xml.rels"))}
    assert targets == {"styles.xml", "settings.xml", "comments.xml", "footer1.xml"}


def test_core_properties_name_the_new_version_without_a_clock():
    _, _, report = pair_report(SEED)
    core = xml(render_compare_docx(dated(report, None)), "docProps/core.xml")
    assert core.findtext("{http://purl.org/dc/elements/1.1/}title") == report["new"]["title"]
    assert core.find("{http://purl.org/dc/terms/}modified") is None


def test_revisions_are_dated_with_the_new_version_date():
    _, _, report = pair_report(SEED)
    data = render_compare_docx(dated(report, "2020-10-30"))
    document = xml(data)
    dates = {e.get(f"{{{W}}}date") for tag in REVISIONS for e in document.iter(f"{{{W}}}{tag}")}
    assert dates == {"2020-10-30T00:00:00Z"}
    assert xml(data, "docProps/core.xml").findtext("{http://purl.org/dc/terms/}modified") == "2020-10-30T00:00:00Z"
    assert {c.get(f"{{{W}}}date") for c in xml(data, "word/comments.xml")} == {"2020-10-30T00:00:00Z"}


def test_revisions_without_a_date_are_undated():
    document = xml(render_compare_docx(dated(pair_report(SEED)[2], None)))
    assert all(e.get(f"{{{W}}}date") is None for tag in REVISIONS for e in document.iter(f"{{{W}}}{tag}"))


# --- made-up redlines -----------------------------------------------------------------------------


def section(status: str, runs: list[tuple[str, str]], *, kind: str = "clause", move: str | None = None,
            changes: dict[int, str] | None = None) -> dict:
    return {
        "kind": kind, "depth": 0, "status": status, "old_label": None, "new_label": None,
        "old_title": None, "new_title": None, "move": move, "changes": [],
        "runs": [{"op": op, "text": text, "change": (changes or {}).get(number), "move": None}
                 for number, (op, text) in enumerate(runs)],
    }


def made_up_report(sections: list[dict], order: list[list] | None = None, changes: list[dict] = ()) -> dict:
    side = {"source": "x.txt", "title": "标题", "sha256": "0" * 64}
    return {
        "old": side, "new": side, "changes": list(changes),
        "summary": {"by_level": {"substantive": len(changes), "minor": 0, "editorial": 0}},
        "redline": {"sections": sections, "order": order or [[index, "whole"] for index in range(len(sections))]},
    }


def assert_exact(report: dict) -> etree._Element:
    """Accepting gives the redline's new side, rejecting its old side; the XML is sane."""
    data = render_compare_docx(report)
    document = part(data, "word/document.xml")
    old, new = document_sides(report["redline"])
    assert (accepted_text(document), rejected_text(document)) == (new, old)
    root = etree.fromstring(document)
    assert_revisions_are_sane(root)
    return root


SECTION_RUNS = {
    "matched": [("equal", "甲"), ("delete", "乙"), ("insert", "丙")],
    "inserted": [("insert", "新增一款。")],
    "deleted": [("delete", "删除一款。")],
}


@pytest.mark.parametrize("statuses, paragraphs", [
    (["matched", "deleted"], 2),
    (["deleted", "matched"], 2),
    (["matched", "inserted"], 2),
    (["inserted", "matched"], 2),
    (["matched", "deleted", "deleted", "inserted"], 4),
    (["matched", "inserted", "inserted", "deleted", "deleted"], 5),
    (["inserted", "deleted"], 1),  # neither version has a line break to give
    (["deleted"], 1),
    (["inserted"], 1),
    # Neither version has a break between the inserted section and the second deleted one.
    (["deleted", "inserted", "deleted"], 2),
])
def test_one_sided_sections_keep_both_versions_exact(statuses, paragraphs):
    root = assert_exact(made_up_report([section(status, SECTION_RUNS[status]) for status in statuses]))
    assert len(root.findall("w:body/w:p", NS)) == paragraphs


def test_a_document_ending_in_a_deleted_section_deletes_the_mark_before_it():
    root = assert_exact(made_up_report([section("matched", [("equal", "第一条")]),
                                        section("deleted", [("delete", "第二条")])]))
    first, last = root.findall("w:body/w:p", NS)
    assert first.find("w:pPr/w:rPr/w:del", NS) is not None
    assert last.find("w:pPr/w:rPr/*", NS) is None


def test_moved_section_is_a_named_move_at_both_places():
    moved = section("moved", [("equal", "第一条"), ("delete", "必须"), ("insert", "应当"), ("equal", "遵守。")],
                    move="c002")
    order = [[0, "from"], [1, "whole"], [0, "to"]]
    root = assert_exact(made_up_report([moved, section("matched", [("equal", "第二条")])], order))

    def text(tag: str) -> str:
        return "".join(t.text for e in root.iter(f"{{{W}}}{tag}") for t in e.iter(f"{{{W}}}t"))

    assert [e.get(f"{{{W}}}name") for e in root.iter(f"{{{W}}}moveFromRangeStart")] == ["move_c002"]
    assert text("moveFrom") == "第一条必须遵守。"  # the old side, edits inside the move included
    assert text("moveTo") == "第一条应当遵守。"


def test_move_without_its_other_place_is_a_plain_deletion():
    lone = section("matched", [("equal", "甲"), ("move_from", "乙")])
    lone["runs"][1]["move"] = "c009"
    root = assert_exact(made_up_report([lone]))
    assert root.find(".//w:moveFrom", NS) is None and root.find(".//w:del", NS) is not None


def test_text_that_xml_cannot_carry_is_replaced_and_markup_stays_text():
    text = "<script>alert('x')</script> & \x01\x0b\ufffe\tend"
    root = etree.fromstring(part(render_compare_docx(made_up_report([section("matched", [("insert", text)])])),
                                 "word/document.xml"))
    assert root.find(".//script") is None
    accepted = paragraph_texts(apply_revisions(etree.tostring(root), accept=True))
    assert accepted == ["<script>alert('x')</script> & \ufffd\ufffd\ufffd\tend"]
    assert root.find(".//w:ins/w:r/w:tab", NS) is not None


def test_a_change_only_in_text_the_body_does_not_show_still_gets_its_comment():
    change = {"id": "c001", "level": "substantive", "categories": [], "summary": "无处可见"}
    data = render_compare_docx(made_up_report([section("matched", [("equal", "甲")])], changes=[change]))
    assert len(xml(data, "word/comments.xml")) == 1
    assert xml(data).find(".//w:commentReference", NS) is not None


OPS = {"matched": ["equal", "insert", "delete", "move_from", "move_to"], "inserted": ["insert", "equal"],
       "deleted": ["delete", "equal"], "moved": ["equal", "insert", "delete"]}


@st.composite
def redlines(draw) -> dict:
    """A random redline: sections of each status, moved ones placed twice, runs with line breaks."""
    statuses = draw(st.lists(st.sampled_from(sorted(OPS)), min_size=1, max_size=7))
    sections, order = [], []
    for index, status in enumerate(statuses):
        runs = draw(st.lists(st.tuples(st.sampled_from(OPS[status]), st.text("甲乙\n\t", min_size=1, max_size=4)),
                             min_size=1, max_size=5))
        sections.append(section(status, runs, move=f"c{index:03}" if status == "moved" else None,
                                changes={number: "c900" for number in range(len(runs))}))
        for number, run in enumerate(sections[-1]["runs"]):
            if run["op"] in ("move_from", "move_to"):
                run["move"] = f"c8{number}"
        if status == "moved":
            order.insert(draw(st.integers(0, len(order))), [index, "from"])
            order.insert(draw(st.integers(0, len(order))), [index, "to"])
        else:
            order.append([index, "whole"])
    change = {"id": "c900", "level": "substantive", "categories": ["scope"], "summary": "改"}
    return made_up_report(sections, order, changes=[change])


@settings(max_examples=300, deadline=None)
@given(redlines())
def test_any_redline_accepts_to_new_and_rejects_to_old(report):
    assert_exact(report)


# --- LibreOffice ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_pdf_text(tmp_path_factory) -> str:
    soffice = require_tool("soffice", "libreoffice")
    pdftotext = require_tool("pdftotext")
    folder = tmp_path_factory.mktemp("docx")
    source = folder / "seed.docx"
    source.write_bytes(docx(SEED))
    done = subprocess.run([soffice, f"-env:UserInstallation=file://{folder}/lo", "--headless",
                           "--convert-to", "pdf", "--outdir", str(folder), str(source)],
                          check=False, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    pdf = folder / "seed.pdf"
    assert pdf.is_file() and pdf.stat().st_size > 0
    text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return "".join(text.split())


def test_libreoffice_prints_the_new_version(seed_pdf_text):
    assert "（一）基本思路。" in seed_pdf_text
    assert "三中、四中、五中全会" in seed_pdf_text  # inserted


def test_libreoffice_prints_deletions_as_tracked_changes(seed_pdf_text):
    """Deleted text is still on the page (struck through), so the changes were read as revisions."""
    assert "and习近平生态文明思想" in seed_pdf_text


def test_a_report_without_redline_is_refused():
    _, _, report = pair_report("air-2020/txt-txt")
    with pytest.raises(ValueError, match="redline=True"):
        render_compare_docx({key: value for key, value in report.items() if key != "redline"})
