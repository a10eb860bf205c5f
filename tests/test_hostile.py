"""Hostile inputs, end to end through the command line, within bounded time and memory.

Each case builds its input in a temporary folder (nothing large is committed) and runs the
real CLI — ``outline``, ``compare`` against the issued seed notice (or a clean twin of the
input), ``extract`` — and expects one of two outcomes, stated per case with the reason:

* refused: exit 2, ``policydiff: error E1xx (slug): …`` naming the input, then a cause and
  a fix line on stderr, nothing on stdout;
* read: exit 0 (1 for a compare that finds changes) with a correct result, checked.

Every run, whatever the case: no traceback, no internal error (E000), no file contents
leaked (XXE), under ``SECONDS`` of wall time. Cases about time or memory run
``python -m policydiff`` in a child process whose address space is capped at ``MEMORY``
(``RLIMIT_AS``) and which is killed after ``SECONDS``; their peak resident memory is
checked too. The others run in-process with click's ``CliRunner``.

The limits these cases meet are in ``policydiff/ingest`` (bytes, DOCX inflation),
``policydiff/ingest/html.py`` (parser depth) and ``policydiff/pipeline.py`` (characters).
Set ``POLICYDIFF_HOSTILE_REPORT=1`` and run with ``-s`` to print each run's time and memory.
"""

from __future__ import annotations

import io
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cn2an
import pytest
from click.testing import CliRunner

from policydiff.cli import cli
from policydiff.errors import (
    BinaryInput,
    CorruptDocx,
    DocxTooLarge,
    EncryptedPdf,
    InputEmpty,
    InputIsDirectory,
    InputUnreadable,
    MarkupLimitExceeded,
    PdfWithoutText,
    TextTooLong,
    UndecodableText,
    UnsafeMarkup,
)
from policydiff.normalize import normalize_text
from policydiff.pipeline import MAX_COMPARE_CHARS, MAX_OUTLINE_CHARS, MAX_UNIT_CHARS
from policydiff.rules import load_rules

from .conftest import CORPORA, ROOT, in_child
from .test_ingest_pdf import PASSAGE as PDF_PASSAGE
from .test_ingest_pdf import make_pdf, typeset

SECONDS = 60
"""Wall-time bound of one command on the 2-core CI machine."""
MEMORY = 2 * 2**30
"""Address-space cap of the child process (and bound of its peak resident memory)."""

NOTICE = CORPORA / "notices" / "air-2020-autumn-winter" / "final.txt"
COMMANDS = ("outline", "compare", "extract")

TITLE = "中华人民共和国大气污染防治测试法"
ARTICLES = (
    "为了规范大气污染防治管理，制定本法。",
    "本法适用于全国。排放浓度不得超过30毫克/立方米。",
    "县级以上人民政府应当在2021年12月底前完成整治。",
    "企业应当每年报告排放情况。",
    "违反本法规定的，处10万元以下罚款。",
)
LABELS = tuple(f"第{cn2an.an2cn(n)}条" for n in range(1, len(ARTICLES) + 1))


def law(labels: tuple[str, ...] | list[str], articles: tuple[str, ...] | list[str]) -> str:
    return TITLE + "\n" + "".join(f"{label}　{text}\n" for label, text in zip(labels, articles, strict=True))


LAW = law(LABELS, ARTICLES)


# --- running the CLI --------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    args: tuple[str, ...]
    code: int
    stdout: str
    stderr: str
    seconds: float
    peak: int | None
    """Peak resident bytes of the child process; None for an in-process run."""


def run_inline(*args: str) -> Run:
    started = time.monotonic()
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    seconds = time.monotonic() - started
    _report(args, result.exit_code, seconds, None)
    return Run(args, result.exit_code, result.stdout, result.stderr, seconds, None)


def _report(args: tuple[str, ...], code: int, seconds: float, peak: int | None) -> None:
    if os.environ.get("POLICYDIFF_HOSTILE_REPORT") == "1":
        memory = f"{peak / 2**20:.0f} MiB" if peak is not None else "in-process"
        print(f"\n  {' '.join(args)[:100]}: exit {code}, {seconds:.2f} s, {memory}")


def run_isolated(*args: str) -> Run:
    """``python -m policydiff ARGS`` in a child capped at ``MEMORY`` and killed after ``SECONDS``.

    The peak is the child's VmHWM, read while it runs: ``ru_maxrss`` of a forked child
    counts the parent's memory at the fork, which here is pytest's.
    """
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    environment = {key: value for key, value in os.environ.items() if key != "POLICYDIFF_DEBUG"}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        process = subprocess.Popen([sys.executable, "-m", "policydiff", *args], stdout=out, stderr=err,
                                   stdin=subprocess.DEVNULL, cwd=ROOT, env=environment, preexec_fn=limit)  # noqa: PLW1509 - no threads yet
        timer = threading.Timer(SECONDS, process.kill)
        timer.start()
        done = threading.Event()
        peak = [0]
        watcher = threading.Thread(target=_watch_peak, args=(process.pid, done, peak))
        watcher.start()
        try:
            _, status, _ = os.wait4(process.pid, 0)
        finally:
            done.set()
            timer.cancel()
            watcher.join()
        seconds = time.monotonic() - started
        process.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = (stream.read().decode("utf-8", "replace") for stream in (out, err))
    _report(args, code, seconds, peak[0])
    assert code != -9, f"{args} was killed after {SECONDS} s"
    return Run(args, code, stdout, stderr, seconds, peak[0])


def _watch_peak(pid: int, done: threading.Event, peak: list[int]) -> None:
    """Keep in ``peak[0]`` the high-water mark of the resident memory of ``pid`` once it
    runs policydiff (before its exec, the forked child's figures are pytest's)."""
    while not done.is_set():
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                started = b"\0-m\0policydiff\0" in cmdline.read()
            if started:
                with open(f"/proc/{pid}/status") as status:
                    for line in status:
                        if line.startswith("VmHWM:"):
                            peak[0] = max(peak[0], int(line.split()[1]) * 1024)
        except (OSError, ValueError):
            pass
        done.wait(0.01)


def run_as_nobody(*args: str) -> Run:
    """The CLI in a forked child that has dropped from root to the user nobody (root reads
    any file whatever its mode). No exec: the interpreter may live where nobody cannot go,
    so what the commands load before they read their input is loaded here first."""
    load_rules(None)
    started = time.monotonic()

    def task() -> bytes:
        result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
        return json.dumps([result.exit_code, result.stdout, result.stderr]).encode()

    data = in_child(task, as_nobody=True)
    code, stdout, stderr = json.loads(data)
    seconds = time.monotonic() - started
    _report(args, code, seconds, None)
    return Run(args, code, stdout, stderr, seconds, None)


def checked(run: Run) -> Run:
    """What holds for every run: a diff(1) exit code, no traceback, no internal error, no
    leaked file, within the time and memory bounds."""
    output = run.stdout + run.stderr
    assert run.code in (0, 1, 2), (run.args, run.code, run.stderr[-2000:])
    assert "Traceback" not in output, run.stderr[-2000:]
    assert "E000" not in run.stderr and "internal error" not in run.stderr, run.stderr
    assert "root:x:0:0" not in output  # /etc/passwd, through an external entity
    assert run.seconds < SECONDS, (run.args, run.seconds)
    assert run.peak is None or run.peak < MEMORY, (run.args, run.peak)
    return run


def refused(run: Run, code: str, path: Path) -> None:
    """Exit 2 with one coded error, ``what`` naming the input, then its cause and fix."""
    assert run.code == 2, (run.args, run.code, run.stdout[:500], run.stderr[-500:])
    lines = run.stderr.splitlines()
    assert len(lines) == 3, run.stderr
    assert re.fullmatch(rf"policydiff: error {code} \([a-z-]+\): .+", lines[0]), lines[0]
    assert str(path) in lines[0], lines[0]
    assert lines[1].startswith("  cause: ") and lines[2].startswith("  fix:   "), run.stderr
    assert run.stdout == ""


def read(run: Run, *, code: int = 0) -> dict:
    """A JSON report and the expected exit code (0, or 1 for a compare with changes)."""
    assert run.code == code, (run.args, run.code, run.stderr[-1000:])
    assert run.stderr == ""
    return json.loads(run.stdout)


def argv(command: str, path: Path, other: Path = NOTICE) -> tuple[str, ...]:
    if command == "compare":
        return ("compare", str(path), str(other), "--format", "json")
    return (command, str(path), "--format", "json")


def texts(outline: dict) -> list[str]:
    """The outline's paragraphs in document order (front matter, body, trailer)."""
    def walk(nodes: list[dict]) -> list[str]:
        return [text for node in nodes
                for text in [p["text"] for p in node["paragraphs"]] + walk(node["children"])]

    blocks = [outline["front_matter"]] if outline["front_matter"] else []
    found = [p["text"] for block in blocks for p in block["paragraphs"]] + walk(outline["body"])
    if outline["trailer"]:
        found += [p["text"] for p in outline["trailer"]["paragraphs"]]
    return found


Cli = Callable[..., Run]


# --- the inputs ---------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00" + bytes(64)
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x02\x00>\x00\x01\x00\x00\x00" + bytes(200)


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def mixed_encodings(folder: Path) -> Path:
    """The law's first lines in UTF-8 and the rest in GBK, as when two files are pasted."""
    lines = LAW.splitlines(keepends=True)
    return write(folder, "mixed.txt", "".join(lines[:3]).encode() + "".join(lines[3:]).encode("gbk"))


def single_line(folder: Path) -> Path:
    """50 MB of the seed notice's text on one line (about 17 million characters)."""
    line = NOTICE.read_text(encoding="utf-8").replace("\n", "").encode("utf-8")
    size = 50 * 10**6
    path = folder / "one-line.txt"
    with path.open("wb") as stream:
        for _ in range(size // len(line)):
            stream.write(line)
    return path


ARTICLE_COUNT = 5000


def long_law(folder: Path) -> Path:
    """A law of 5,000 articles, 第一条 … 第五千条; every tenth sets a quantity."""
    actors = ("县级以上人民政府", "生态环境主管部门", "企业事业单位", "建设单位", "公安机关交通管理部门")
    articles = []
    for n in range(1, ARTICLE_COUNT + 1):
        text = f"{actors[n % 5]}应当依法履行第{n}项监督管理职责"
        text += f"，排放浓度不得超过{n % 50 + 10}毫克/立方米。" if n % 10 == 0 else "。"
        articles.append(text)
    return write(folder, "long-law.txt", law([f"第{cn2an.an2cn(n)}条" for n in range(1, ARTICLE_COUNT + 1)],
                                             articles))


def unnumbered(folder: Path) -> Path:
    """A text without clause numbering a little over MAX_UNIT_CHARS, one sentence a line."""
    sentences = [sentence + "。" for sentence in
                 re.sub(r"[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|\d+\.",
                        "", NOTICE.read_text(encoding="utf-8")).replace("\n", "").split("。") if sentence]
    lines: list[str] = []
    while sum(map(len, lines)) <= MAX_UNIT_CHARS * 1.2:
        lines.extend(sentences)
    return write(folder, "unnumbered.txt", "\n".join(lines) + "\n")


def repeated_notice(folder: Path) -> Path:
    """The seed notice 110 times over: about 1,100,000 characters, over MAX_COMPARE_CHARS."""
    return write(folder, "repeated.txt", NOTICE.read_text(encoding="utf-8") * 110)


def check_repeated_notice(path: Path, run: Cli) -> None:
    """Outline reads it (linear time); compare and extract refuse it before their
    superlinear stages start."""
    outline = read(run(*argv("outline", path)))
    assert outline["document"]["characters"] > MAX_COMPARE_CHARS
    refused(run(*argv("compare", path)), TextTooLong.code, path)
    refused(run(*argv("extract", path)), TextTooLong.code, path)


def html_page(body: str, doctype: str = "<!DOCTYPE html>") -> str:
    return f"{doctype}\n<html><head><meta charset=\"utf-8\"><title>测试</title></head><body>{body}</body></html>"


XXE = '<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
                    for n in range(1, 10))
          + "]>")
DEPTH = 100_000


def deep_page(folder: Path) -> Path:
    """The law inside 100,000 nested <div> elements."""
    article = "".join(f"<p>{label}　{text}</p>" for label, text in zip(LABELS, ARTICLES, strict=True))
    return write(folder, "deep.html", html_page("<div>" * DEPTH + article + "</div>" * DEPTH))


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName='
    '"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
    'document.main+xml"/></Types>')


def docx(folder: Path, name: str, parts: dict[str, str | bytes]) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
    return write(folder, name, buffer.getvalue())


def document_xml(lines: str) -> str:
    paragraphs = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in lines.splitlines())
    return f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{paragraphs}</w:body></w:document>'


def zip_bomb(folder: Path) -> Path:
    """A DOCX whose document.xml inflates to 400 MiB of spaces from about 400 KB."""
    path = folder / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        with archive.open("word/document.xml", "w", force_zip64=True) as stream:
            stream.write(f'<w:document xmlns:w="{W}"><w:body>'.encode())
            spaces = b" " * 2**20
            for _ in range(400):
                stream.write(spaces)
    assert path.stat().st_size < 2**20
    return path


def encrypted_pdf(folder: Path) -> Path:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(make_pdf(typeset(PDF_PASSAGE[:1]))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
    path = folder / "locked.pdf"
    with path.open("wb") as stream:
        writer.write(stream)
    return path


def blank_pdf(folder: Path) -> Path:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    path = folder / "blank.pdf"
    with path.open("wb") as stream:
        writer.write(stream)
    return path


def fifo(folder: Path) -> Path:
    path = folder / "pipe.txt"
    os.mkfifo(path)  # nobody ever writes to it: opening it for reading would block
    return path


def unreadable(folder: Path) -> Path:
    path = write(folder, "secret.txt", LAW)
    path.chmod(0)
    return path


# --- the checks of the inputs that are read -------------------------------------------------


def check_long_law(path: Path, run: Cli) -> None:
    """Articles in order up to 第五千条, no text lost (that every one of the 5,000 is found
    is test_long_law_finds_every_article), linear time in compare and extract."""
    outline = read(run(*argv("outline", path)))
    clauses = outline["clauses"]
    assert outline["document"]["genre"] == "law"
    numbers = [int(cn2an.cn2an(c["label"][1:-1], "smart")) for c in clauses]
    assert numbers == sorted(set(numbers)) and numbers[0] == 1 and numbers[-1] == ARTICLE_COUNT
    assert len(clauses) > ARTICLE_COUNT // 3
    assert "".join(texts(outline)).count("项监督管理职责") == ARTICLE_COUNT
    comparison = read(run(*argv("compare", path)), code=1)
    assert sum(pair["status"] == "deleted" for pair in comparison["alignment"]) >= len(clauses) - 30
    extracted = read(run(*argv("extract", path)))
    capped = [o for o in extracted["obligations"] if o["quantities"]]
    assert len(capped) == ARTICLE_COUNT // 10
    assert capped[-1]["clause"] == "第五千条" and capped[-1]["quantities"][0]["text"] == "10毫克/立方米"


def check_unnumbered(path: Path, run: Cli) -> None:
    """Outline and extract read it; compare refuses its one unit over MAX_UNIT_CHARS."""
    outline = read(run(*argv("outline", path)))
    assert outline["document"]["genre"] == "plain" and outline["clauses"] == []
    refused(run(*argv("compare", path)), TextTooLong.code, path)
    assert read(run(*argv("extract", path)))["obligations"]


def check_duplicates(path: Path, run: Cli) -> None:
    """Numbers must advance (structure.py): a repeated 第二条 and a 第三条 after 第四条 are not
    taken for new articles but kept, as text, in the article before them."""
    outline = read(run(*argv("outline", path)))
    assert [c["label"] for c in outline["clauses"]] == ["第一条", "第二条", "第四条"]
    joined = "".join(texts(outline))
    for text in ARTICLES:
        assert joined.count(text) == 1
    comparison = read(run(*argv("compare", path, write(path.parent, "twin.txt", LAW))), code=1)
    assert comparison["changes"]
    quantities = [q["text"] for o in read(run(*argv("extract", path)))["obligations"] for q in o["quantities"]]
    assert quantities == ["30毫克/立方米", "10万元以下"]


def check_bare_labels(path: Path, run: Cli) -> None:
    """A label alone on its line heads nothing: it stays as text, and the labels with text
    are the articles."""
    outline = read(run(*argv("outline", path)))
    assert [c["label"] for c in outline["clauses"]] == ["第二条", "第四条"]
    joined = "".join(texts(outline))
    assert all(label in joined for label in ("第一条", "第三条", "第五条"))
    assert read(run(*argv("compare", path)), code=1)["changes"]
    assert [o["clause"] for o in read(run(*argv("extract", path)))["obligations"]] == ["第二条"]


BRACKETED = ("为了规范（大气污染防治管理，制定本法。", "本法】适用于）全国》。排放浓度不得超过30毫克/立方米。",
             "“县级以上人民政府应当在2021年12月底前完成整治。", "企业应当《每年报告排放情况「。",
             "违反本法规定的，处10万元以下罚款。”“")


def check_brackets(path: Path, run: Cli) -> None:
    """Stray brackets and quotes neither swallow sentences nor hide articles; against the
    balanced twin, each is an editorial punctuation change."""
    outline = read(run(*argv("outline", path)))
    assert [c["label"] for c in outline["clauses"]] == list(LABELS)
    comparison = read(run(*argv("compare", path, write(path.parent, "twin.txt", LAW))), code=1)
    assert comparison["changes"]
    assert all(c["level"] == "editorial" and c["categories"] == ["punctuation"] for c in comparison["changes"])
    obligations = read(run(*argv("extract", path)))["obligations"]
    assert [(o["clause"], o["deadline"]["date"] if o["deadline"] else None) for o in obligations] == [
        ("第二条", None), ("第三条", "2021-12-31"), ("第五条", None)]


INVISIBLE = "\u200b\ufeff\u202e\u202c\u200f\u2067\u2069"
RTL = ("为了规范\u200b大气污染\ufeff防治管理，制定本法。", "\u202e本法适用于全国\u202c。排放浓度不得超过30毫克/立方米。",
       "县级以上人民政府\u200f应当在2021年12月底前完成整治。مرحبا", "企业应当每年报告排放情况。\u2067abc\u2069",
       "违反本法规定的，处10万元以下罚款。")


def check_invisible(path: Path, run: Cli) -> None:
    """Zero-width characters and bidirectional controls are formatting: the outline drops
    them, the Arabic stays, and the twin without them compares equal (exit 0)."""
    outline = read(run(*argv("outline", path)))
    assert [c["label"] for c in outline["clauses"]] == list(LABELS)
    joined = "".join(texts(outline))
    assert not set(INVISIBLE) & set(joined) and "مرحبا" in joined
    twin = write(path.parent, "twin.txt", "".join(char for char in law(LABELS, RTL) if char not in INVISIBLE))
    assert read(run(*argv("compare", path, twin)), code=0)["changes"] == []
    assert len(read(run(*argv("extract", path)))["obligations"]) == 3


def check_docx_without_content_types(path: Path, run: Cli) -> None:
    """Word would call the package damaged, but the text is all there: it is read."""
    outline = read(run(*argv("outline", path)))
    assert outline["document"]["format"] == "docx"
    assert [c["label"] for c in outline["clauses"]] == list(LABELS)
    assert read(run(*argv("compare", path)), code=1)["changes"]
    assert len(read(run(*argv("extract", path)))["obligations"]) == 3


# --- the table ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path], Path]
    expect: str | Callable[[Path, Cli], None]
    """The error code every command gives, or a check of the results."""
    why: str
    isolated: bool = False
    """Run in a child process with the time and memory caps (the case is about them)."""


CASES = (
    Case("empty", lambda d: write(d, "empty.txt", b""), InputEmpty.code, "nothing to compare"),
    Case("whitespace-only", lambda d: write(d, "blank.txt", " \n\t\r\n\u3000\u00a0\n"), InputEmpty.code,
         "spaces, tabs and ideographic spaces are no text either"),
    Case("png", lambda d: write(d, "scan.txt", PNG), BinaryInput.code,
         "an image has no text layer, whatever its suffix; the fix says OCR"),
    Case("elf", lambda d: write(d, "notice.txt", ELF), BinaryInput.code, "an executable is not a document"),
    Case("nul-in-text", lambda d: write(d, "nul.txt", LAW.replace("本法适用", "本法\x00适用")), BinaryInput.code,
         "UTF-8 and GB text never contain NUL (UTF-16 without a BOM does): guessing would read garbage"),
    Case("invalid-utf8", lambda d: write(d, "bad.txt", LAW.encode()[:60] + b"\xff\xfe\xc0" + LAW.encode()[60:]),
         UndecodableText.code, "UTF-8 text with bytes that are not: reported with the line, never mojibake"),
    Case("mixed-encodings", mixed_encodings, UndecodableText.code,
         "UTF-8 lines then GBK lines: no one encoding reads it; the error names the first GBK line"),
    Case("mixed-encodings-gbk-first", lambda d: write(d, "mixed2.txt", LAW[:40].encode("gbk") + LAW[40:].encode()),
         UndecodableText.code, "GBK then UTF-8: the same, found from the other side"),
    Case("single-line-50mb", single_line, TextTooLong.code,
         f"17 million characters, over MAX_OUTLINE_CHARS ({MAX_OUTLINE_CHARS:,}); unbounded, outline "
         "alone took 31 s and 2.3 GB", isolated=True),
    Case("law-5000-articles", long_law, check_long_law,
         "the article numbers run to 第五千条 and must all be found; compare and extract stay linear",
         isolated=True),
    Case("notice-1100k-characters", repeated_notice, check_repeated_notice,
         f"over MAX_COMPARE_CHARS ({MAX_COMPARE_CHARS:,}): time and memory of compare and extract stay bounded",
         isolated=True),
    Case("unnumbered-over-unit-limit", unnumbered, check_unnumbered,
         "one unit over MAX_UNIT_CHARS: two such units that differ throughout would take minutes to compare",
         isolated=True),
    Case("duplicate-out-of-order-numbers",
         lambda d: write(d, "dup.txt", law(["第一条", "第二条", "第二条", "第四条", "第三条"], ARTICLES)),
         check_duplicates, "no text may be lost to a numbering mistake"),
    Case("label-without-text",
         lambda d: write(d, "bare.txt", f"{TITLE}\n第一条\n第二条　{ARTICLES[1]}\n第三条\n第四条　{ARTICLES[3]}\n第五条"),
         check_bare_labels, "a bare label is not a clause, and its text is kept"),
    Case("unbalanced-brackets-quotes", lambda d: write(d, "brackets.txt", law(LABELS, BRACKETED)), check_brackets,
         "sentence splitting must not wait forever for a closing mark"),
    Case("rtl-and-zero-width", lambda d: write(d, "rtl.txt", law(LABELS, RTL)), check_invisible,
         "invisible controls are not changes, and must not reorder what a report shows"),
    Case("html-xxe", lambda d: write(d, "xxe.html", html_page("<p>第一条　&e;</p>", XXE)), UnsafeMarkup.code,
         "an external entity is never resolved: the page is refused, /etc/passwd never read"),
    Case("html-billion-laughs", lambda d: write(d, "laughs.html", html_page("<p>&lol9;</p>", LAUGHS)),
         UnsafeMarkup.code, "10^9 expansions are never attempted", isolated=True),
    Case("html-100000-nested-divs", deep_page, MarkupLimitExceeded.code,
         "libxml2 stops at depth 256 and would silently drop the rest of the page", isolated=True),
    Case("html-12mb-text-node", lambda d: write(d, "huge.html", html_page("<p>" + "为" * 4_000_000 + "</p>")),
         MarkupLimitExceeded.code, "libxml2 drops a text node over 10 MB and the rest of the page with it"),
    Case("docx-zip-bomb", zip_bomb, DocxTooLarge.code,
         "400 MiB from 400 KB: inflation stops at the ratio limit, long before memory runs out", isolated=True),
    Case("docx-without-document-part",
         lambda d: docx(d, "hollow.docx", {"[Content_Types].xml": CONTENT_TYPES, "word/styles.xml": "<w:styles/>"}),
         CorruptDocx.code, "no word/document.xml: no text to read"),
    Case("docx-without-content-types",
         lambda d: docx(d, "loose.docx", {"word/document.xml": document_xml(LAW)}),
         check_docx_without_content_types, "the text part is there and is enough"),
    Case("pdf-encrypted", encrypted_pdf, EncryptedPdf.code, "the text cannot be read without the password"),
    Case("pdf-blank-page", blank_pdf, PdfWithoutText.code, "no text layer: the fix says OCR"),
    Case("directory", lambda d: d, InputIsDirectory.code, "a folder is for the batch command"),
    Case("fifo", fifo, InputUnreadable.code, "opening a FIFO with no writer must not block", isolated=True),
    Case("unreadable", unreadable, InputUnreadable.code,
         "permission denied (as root, run in a child that has become the user nobody)", isolated=True),
)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_hostile_input(case: Case) -> None:
    # A folder others may enter, so that the unreadable case can run as nobody under root.
    folder = Path(tempfile.mkdtemp(prefix="policydiff-hostile-"))
    folder.chmod(0o755)
    try:
        path = case.make(folder)
        if case.name == "unreadable" and os.geteuid() == 0:
            runner = run_as_nobody
        else:
            runner = run_isolated if case.isolated else run_inline

        def run(*args: str) -> Run:
            return checked(runner(*args))

        if callable(case.expect):
            case.expect(path, run)
        else:
            for command in COMMANDS:
                refused(run(*argv(command, path)), case.expect, path)
    finally:
        for item in sorted(folder.rglob("*"), reverse=True):
            if item.is_symlink() or not item.is_dir():
                item.unlink()
            else:
                item.rmdir()
        folder.rmdir()


def test_long_law_finds_every_article(tmp_path: Path) -> None:
    # Article numerals run to seven characters (第一千一百一十一条); the label pattern allowed six.
    outline = read(checked(run_inline(*argv("outline", long_law(tmp_path)))))
    assert [c["label"] for c in outline["clauses"]] == [f"第{cn2an.an2cn(n)}条" for n in range(1, ARTICLE_COUNT + 1)]


def test_a_long_run_of_spaces_normalizes_in_linear_time() -> None:
    # Trailing spaces were matched from each space of a run: 40,000 took 4 s, 200,000
    # would take minutes.
    started = time.monotonic()
    assert normalize_text("第一条" + " " * 200_000 + "正文。").text == "第一条 正文。"  # the label's space, once
    assert time.monotonic() - started < 5


def test_every_case_says_why() -> None:
    assert len({case.name for case in CASES}) == len(CASES)
    assert all(case.why for case in CASES)
