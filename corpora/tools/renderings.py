#!/usr/bin/env python3
"""Print a LawRefBook law in the forms that real Chinese sources print it in.

Corpus tooling for the sweep (``bench/sweep.py``), not a policydiff stage; standard library
only, plus LibreOffice for DOCX and PDF. In: one LawRefBook Markdown file, read only through
``corpora.tools.lawref.read_markdown``. Out: the same law, word for word, in one of these
renderings (only layout, spacing, punctuation width, line breaks, page numbers and a 目录
are added or changed):

- ``markdown``: the input, unchanged.
- ``npc-txt``: the NPC law database's plain text. CRLF; UTF-8, UTF-8 with BOM or GB18030;
  the history as one paragraph in full-width parentheses; a 目录 when the law has 编/章/节;
  ``第一章　总　　则``; articles ``　　第一条　为了……``.
- ``web-txt``: text copied from a web page. LF; labels run into the text (``第一条为了……``,
  ``第一章总则`` or ``第一章 总则``); no 目录.
- ``pdf-txt``: text extracted from a printed PDF. Hard line breaks every 30 to 40
  characters, half-width ，；：（）！？, centred headings, a page number every 35 to 45 lines.
- ``docx`` and ``pdf``: LibreOffice's DOCX of the npc-txt content (through a flat ODT with
  an A4 page and a "— N —" footer), and LibreOffice's PDF of that DOCX.

Every style choice is drawn from the sha256 of the Markdown and the rendering's name, so the
same input always gives the same bytes and the corpus as a whole covers every variant.
LibreOffice's files are not byte-stable, so ``render_office`` caches them by content.

    python corpora/tools/renderings.py LAW.md [--rendering NAME] [-o OUT]
    python corpora/tools/renderings.py --all LAW.md... --out DIR [--jobs N]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[2]
if __name__ == "__main__":  # run as a script: make the namespace package `corpora` importable
    sys.path.insert(0, str(ROOT))

from corpora.tools.lawref import Block, read_markdown  # noqa: E402
from corpora.tools.render import FODT_HEAD, FODT_TAIL, odt_spaces  # noqa: E402

RENDERER_VERSION = "renderings-1"
"""Part of the office cache key (with the flat ODT): change it when the conversion changes."""

TEXT_RENDERINGS = ("markdown", "npc-txt", "web-txt", "pdf-txt")
OFFICE_RENDERINGS = ("docx", "pdf")
RENDERINGS = TEXT_RENDERINGS + OFFICE_RENDERINGS
SUFFIX = {"markdown": ".md", "npc-txt": ".txt", "web-txt": ".txt", "pdf-txt": ".txt",
          "docx": ".docx", "pdf": ".pdf"}

DEFAULT_CACHE = ROOT / "bench" / ".cache" / "renderings"
IDEO = "\u3000"
INDENT = IDEO * 2
UNITS = ("volume", "chapter", "section")

_NOTE_HEADING = re.compile(r"^#+\s+(.*)$")
_COMMENT = re.compile(r"^<!--.*-->$")
_TABLE_RULE = re.compile(r"^[|:\-\s]+$")
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_HALF_WIDTH = str.maketrans("，；：（）！？", ",;:()!?")
_NPC_CENTRE = 30
"""Characters the NPC text's centred title is centred on (an A4 line at 三号)."""
_BATCH = 200
"""Files per soffice run: each start costs about two seconds, and a failure loses one batch."""

T = TypeVar("T")
Pick = Callable[[str, Sequence[T]], T]
Line = tuple[str, str]
"""(role, text): role is title, history, contents, entry, heading, article or paragraph."""


# --------------------------------------------------------------------------- the law as printed

@dataclass(frozen=True, slots=True)
class PrintedLaw:
    """What every rendering prints: LawRefBook's reading without its Markdown markup."""

    title: str
    subtitles: tuple[str, ...]
    """Headings among the history lines (a Civil Code book's ``# 人格权编``); usually empty."""
    history: tuple[str, ...]
    """The adoption and amendment lines, each as LawRefBook wrote it."""
    blocks: tuple[Block, ...]

    @property
    def has_units(self) -> bool:
        return any(block.kind in UNITS for block in self.blocks)

    @property
    def headings(self) -> tuple[Block, ...]:
        """What a 目录 lists: the 编/章/节, and headings before the first of them (序言); not
        the 一、 headings of an annex after the last article."""
        first = next((i for i, block in enumerate(self.blocks) if block.kind in UNITS), len(self.blocks))
        return tuple(block for i, block in enumerate(self.blocks)
                     if block.kind in UNITS or (block.kind == "heading" and i < first))


def printed_law(markdown: str) -> PrintedLaw:
    """Read ``markdown`` with lawref and drop what no printed source shows."""
    law = read_markdown(markdown)
    headings = [_NOTE_HEADING.match(note) for note in law.notes]
    blocks = (_printed_block(block) for block in law.blocks)
    return PrintedLaw(
        title=law.title,
        subtitles=tuple(match.group(1) for match in headings if match),
        history=tuple(note for note, match in zip(law.notes, headings) if not match),
        blocks=tuple(block for block in blocks if block is not None),
    )


def _printed_block(block: Block) -> Block | None:
    """A paragraph without its markup; None when it is only markup (``<!-- TABLE -->``, a
    table's ``|---|`` rule, a line holding only a zero-width space)."""
    if block.kind != "paragraph":
        return block
    text = block.text
    if text.startswith("|"):
        # A table row prints as its cells, as the NPC text does with tables.
        cells = (cell.strip() for cell in text.strip("|").split("|"))
        text = "" if _TABLE_RULE.match(text) else IDEO.join(cell for cell in cells if cell)
    if _COMMENT.match(text) or not "".join(text.split()).strip("\u200b\ufeff"):
        return None
    return Block(block.kind, block.label, text)


def _title_words(block: Block) -> list[str]:
    """A 编/章/节 title's words: ``总 则``, ``总　　则`` and ``总则`` are all [总则]."""
    words = block.text.split()
    return ["".join(words)] if len("".join(words)) == 2 else words


# --------------------------------------------------------------------------- style choices

def _chooser(markdown: str, rendering: str) -> Pick:
    """A function picking one of some options by name, fixed by the Markdown's content."""
    digest = hashlib.sha256(markdown.encode("utf-8")).digest()

    def pick(name: str, options: Sequence[T]) -> T:
        draw = hashlib.sha256(digest + f"{rendering}/{name}".encode()).digest()
        return options[int.from_bytes(draw[:8], "big") % len(options)]

    return pick


def _join(lines: Sequence[Line], *, newline: str, blank: str) -> str:
    """Join lines; ``blank`` says where empty lines go: none, headings (before each) or all."""
    out: list[str] = []
    for i, (role, text) in enumerate(lines):
        if i and (blank == "all" or (blank == "headings" and role == "heading")):
            out.append("")
        out.append(text)
    return newline.join(out) + newline


# --------------------------------------------------------------------------- npc-txt

def _front_matter(law: PrintedLaw) -> list[Line]:
    """The title, then the whole history as one paragraph in parentheses, as the NPC prints it:
    （1999年8月30日……通过　根据……第一次修正）."""
    lines: list[Line] = [("title", title) for title in (law.title, *law.subtitles) if title]
    if law.history:
        lines.append(("history", "（" + IDEO.join(law.history) + "）"))
    return lines


def _npc_lines(law: PrintedLaw, pick: Pick) -> list[Line]:
    """The NPC database's lines, before indents; also the content of the DOCX and PDF."""
    lines = _front_matter(law)
    if law.has_units:
        lines.append(("contents", pick("contents", ("目　　录", "目　录", "目录"))))
        lines += [("entry", _npc_entry(block)) for block in law.headings]
    for block in law.blocks:
        if block.kind == "article":
            lines.append(("article", f"{block.label}{IDEO}{block.text}"))
        elif block.kind == "paragraph":
            lines.append(("paragraph", block.text))
        else:
            lines.append(("heading", _npc_heading(block)))
    return lines


def _npc_heading(block: Block) -> str:
    """第一章　总　　则 (a two-character title spaced out, as the NPC prints it), 第六章　法律责任."""
    if block.kind == "heading":
        return block.text
    words = _title_words(block)
    if len(words) == 1 and len(words[0]) == 2:
        words = [INDENT.join(words[0])]
    return IDEO.join([block.label or "", *words])


def _npc_entry(block: Block) -> str:
    """A 目录 line: sections and 分编 indented under their chapter or 编."""
    indented = block.kind == "section" or (block.label or "").endswith("分编")
    return (INDENT if indented else "") + _npc_heading(block)


def _npc_text(markdown: str) -> bytes:
    pick = _chooser(markdown, "npc-txt")
    centre = pick("centre-title", (False, True))
    lines = []
    for role, text in _npc_lines(printed_law(markdown), pick):
        if role in ("article", "paragraph"):
            text = INDENT + text
        elif role == "title" and centre:
            text = IDEO * max(0, (_NPC_CENTRE - len(text)) // 2) + text
        lines.append((role, text))
    text = _join(lines, newline="\r\n", blank=pick("blank-lines", ("none", "all")))
    # Real downloads come in both encodings; about one in five in GB18030.
    return text.encode(pick("encoding", ("utf-8", "utf-8", "utf-8-sig", "utf-8-sig", "gb18030")))


# --------------------------------------------------------------------------- web-txt

def _web_text(markdown: str) -> bytes:
    pick = _chooser(markdown, "web-txt")
    law = printed_law(markdown)
    gap = pick("label-gap", ("", " "))
    indent = pick("indent", ("", INDENT))
    lines = _front_matter(law)
    for block in law.blocks:
        if block.kind == "article":
            lines.append(("article", f"{indent}{block.label}{block.text}"))
        elif block.kind == "paragraph":
            lines.append(("paragraph", indent + block.text))
        elif block.kind == "heading":
            lines.append(("heading", block.text))
        else:
            lines.append(("heading", gap.join([block.label or "", " ".join(_title_words(block))]).strip()))
    blank = pick("blank-lines", ("none", "none", "headings", "all"))
    return _join(lines, newline="\n", blank=blank).encode("utf-8")


# --------------------------------------------------------------------------- pdf-txt

def _pdf_text(markdown: str) -> bytes:
    pick = _chooser(markdown, "pdf-txt")
    law = printed_law(markdown)
    width = pick("width", range(30, 41))
    lines: list[str] = []
    for title in (law.title, *law.subtitles):
        lines += _centred(_balanced(title.translate(_HALF_WIDTH), width), width)
    if law.history:
        lines += _wrap(("（" + " ".join(law.history) + "）").translate(_HALF_WIDTH), width)
    if law.has_units and pick("contents", (True, False)):
        lines += _pdf_contents(law, width, pick)
    for block in law.blocks:
        lines += _pdf_block(block, width)
    text = _paginate(lines, per_page=pick("page-lines", range(35, 46)),
                    number_style=pick("page-number", ("- {} -", "— {} —", "{}")),
                    page_break=pick("page-break", ("blank", "formfeed")))
    return text.encode("utf-8")


def _pdf_block(block: Block, width: int) -> list[str]:
    if block.kind == "article":
        # The label starts its line and is shorter than any width, so it is never split.
        return _wrap(f"{block.label} {block.text}".translate(_HALF_WIDTH), width)
    if block.kind == "paragraph":
        return _wrap(block.text.translate(_HALF_WIDTH), width)
    return _centred(_balanced(_pdf_heading(block).translate(_HALF_WIDTH), width), width)


def _pdf_heading(block: Block) -> str:
    if block.kind == "heading":
        return block.text
    return " ".join([block.label or "", *block.text.split()]).strip()


def _pdf_contents(law: PrintedLaw, width: int, pick: Pick) -> list[str]:
    lines = _centred([pick("contents-title", ("目 录", "目录"))], width)
    for block in law.headings:
        indent = "  " if block.kind == "section" or (block.label or "").endswith("分编") else ""
        entry = _pdf_heading(block).translate(_HALF_WIDTH)
        lines += [indent + line for line in _wrap(entry, width - len(indent))]
    return lines


def _wrap(text: str, width: int) -> list[str]:
    """Hard breaks every ``width`` characters (a CJK character counts as one), anywhere."""
    chunks = (text[i:i + width].strip(" " + IDEO) for i in range(0, len(text), width))
    return [chunk for chunk in chunks if chunk]


def _balanced(text: str, width: int) -> list[str]:
    """A centred title or heading wraps into lines of nearly equal length."""
    count = -(-len(text) // width) or 1
    return _wrap(text, -(-len(text) // count) or 1)


def _centred(lines: Iterable[str], width: int) -> list[str]:
    return [" " * max(0, (width - len(line)) // 2) + line for line in lines]


def _paginate(lines: Sequence[str], *, per_page: int, number_style: str, page_break: str) -> str:
    """Cut ``lines`` into pages, each ending with its page number; ``page_break`` is blank (an
    empty line each side of the number) or formfeed (the number, then a form feed, as
    pdftotext ends a page)."""
    pages = [lines[i:i + per_page] for i in range(0, len(lines), per_page)] or [[]]
    if page_break == "formfeed":
        return "".join("\n".join([*page, number_style.format(n)]) + "\n\f" for n, page in enumerate(pages, 1))
    return "".join("\n".join([*page, "", number_style.format(n), ""]) + "\n" for n, page in enumerate(pages, 1))


# --------------------------------------------------------------------------- text renderings

_TEXT = {"npc-txt": _npc_text, "web-txt": _web_text, "pdf-txt": _pdf_text}


def render_text(markdown: str, rendering: str) -> bytes:
    """The bytes of one text rendering of a LawRefBook Markdown law.

    Example: ``render_text(md, "web-txt")`` starts ``中华人民共和国公司法\\n（1993年12月29日 …``.
    """
    if rendering == "markdown":
        return markdown.encode("utf-8")
    if rendering not in _TEXT:
        raise ValueError(f"unknown text rendering {rendering!r}: choose one of {', '.join(TEXT_RENDERINGS)}")
    return _TEXT[rendering](markdown)


# --------------------------------------------------------------------------- docx and pdf

_ODT_STYLE = {"title": "DocTitle", "history": "History", "contents": "Centered", "entry": "Left",
              "heading": "Chapter", "article": "Body", "paragraph": "Body"}
"""Paragraph styles of render.py's flat ODT; Body has the two-character first-line indent."""


def flat_odt(markdown: str) -> str:
    """The npc-txt content as a flat ODT document, one paragraph per line."""
    law = printed_law(markdown)
    paragraphs = (
        f'<text:p text:style-name="{_ODT_STYLE[role]}">{odt_spaces(_XML_INVALID.sub("", text))}</text:p>'
        for role, text in _npc_lines(law, _chooser(markdown, "npc-txt"))
    )
    return FODT_HEAD.format(title=escape(law.title)) + "\n".join(paragraphs) + "\n" + FODT_TAIL


def office_files(markdown: str, cache_dir: Path) -> dict[str, Path]:
    """Where the DOCX and PDF of ``markdown`` are cached (whether or not they exist yet)."""
    return _cached(Path(cache_dir), _office_key(flat_odt(markdown)))


def _office_key(document: str) -> str:
    # Keyed by the flat ODT, not the Markdown: a change in lawref's reading or in this
    # module's layout then remakes exactly the files whose content changed.
    return _digest(RENDERER_VERSION + "\n" + document)


def _cached(cache_dir: Path, key: str) -> dict[str, Path]:
    return {rendering: cache_dir / f"{key}{SUFFIX[rendering]}" for rendering in OFFICE_RENDERINGS}


def render_office(markdowns: Mapping[str, str], cache_dir: Path, *, jobs: int = 2,
                  progress: Callable[[int, int], None] | None = None) -> dict[str, dict[str, Path]]:
    """The DOCX and PDF of each law: key → {"docx": path, "pdf": path}.

    Files come from ``cache_dir``, named by the sha256 of RENDERER_VERSION and the flat ODT
    they are made from; the missing ones are made by ``jobs`` LibreOffice processes, each
    converting many files per run. ``progress(done, total)`` is called after each batch.
    """
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    documents = {name: flat_odt(markdown) for name, markdown in markdowns.items()}
    keys = {name: _office_key(document) for name, document in documents.items()}
    missing = {key: documents[name] for name, key in keys.items()
               if not all(path.exists() for path in _cached(cache_dir, key).values())}
    if missing:
        _convert(missing, cache_dir, jobs=max(1, jobs), progress=progress)
    return {name: _cached(cache_dir, key) for name, key in keys.items()}


def _convert(documents: Mapping[str, str], cache_dir: Path, *, jobs: int,
             progress: Callable[[int, int], None] | None) -> None:
    """Convert flat ODT ``documents`` (cache key → text) into the cache."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("cannot make DOCX/PDF renderings: soffice is not on PATH; install LibreOffice")
    # Longest first, dealt in turn, so that the processes finish at about the same time.
    order = sorted(documents, key=lambda key: (-len(documents[key]), key))
    shares = [order[i::jobs] for i in range(jobs)]
    counter = _Progress(len(order), progress)
    # The work folder sits in the cache so that finished files move in atomically.
    work = Path(tempfile.mkdtemp(prefix=".work-", dir=cache_dir))
    try:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            runs = [pool.submit(_convert_share, soffice, share, documents, work / f"job{i}", cache_dir, counter)
                    for i, share in enumerate(shares) if share]
            for run in runs:
                run.result()
    finally:
        shutil.rmtree(work, ignore_errors=True)


class _Progress:
    """Counts converted files across the worker threads."""

    def __init__(self, total: int, report: Callable[[int, int], None] | None) -> None:
        self.total, self.done, self.report = total, 0, report
        self.lock = threading.Lock()

    def add(self, count: int) -> None:
        with self.lock:
            self.done += count
            if self.report:
                self.report(self.done, self.total)


def _convert_share(soffice: str, share: list[str], documents: Mapping[str, str], work: Path,
                   cache_dir: Path, counter: _Progress) -> None:
    """One LibreOffice process's share: each batch in two runs, FODT → DOCX, then DOCX → PDF."""
    # A private profile: two soffice processes sharing one would hand their work to each other.
    profile = Path(tempfile.mkdtemp(prefix="policydiff-renderings-lo-"))
    try:
        for n, start in enumerate(range(0, len(share), _BATCH)):
            batch = share[start:start + _BATCH]
            folder = work / f"batch{n}"
            folder.mkdir(parents=True)
            for key in batch:
                (folder / f"{key}.fodt").write_text(documents[key], encoding="utf-8")
            _soffice(soffice, profile, "docx:MS Word 2007 XML", folder, [folder / f"{key}.fodt" for key in batch])
            _soffice(soffice, profile, "pdf:writer_pdf_Export", folder, [folder / f"{key}.docx" for key in batch])
            _move_into_cache(folder, batch, cache_dir)
            counter.add(len(batch))
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def _soffice(soffice: str, profile: Path, target: str, folder: Path, sources: list[Path]) -> None:
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", target, "--outdir", str(folder), *map(str, sources)]
    run = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                         timeout=120 + 30 * len(sources))
    suffix = "." + target.split(":")[0]
    failed = [source.name for source in sources if not source.with_suffix(suffix).exists()]
    if failed:
        raise RuntimeError(f"LibreOffice made no {suffix} for {len(failed)} file(s) ({', '.join(failed[:3])}); "
                           f"exit status {run.returncode}, output: {run.stdout[-500:]!r}. "
                           "Run the command by hand on one of them to see why.")


def _move_into_cache(folder: Path, batch: list[str], cache_dir: Path) -> None:
    for key in batch:
        # The PDF last: a key counts as cached only when both files are there.
        for rendering, path in _cached(cache_dir, key).items():
            os.replace(folder / path.name, path)


# --------------------------------------------------------------------------- command line

def _file_name(stem: str, rendering: str) -> str:
    """``stem.md``, ``stem.docx``; ``stem.npc-txt.txt`` where renderings share a suffix."""
    shared = list(SUFFIX.values()).count(SUFFIX[rendering]) > 1
    return f"{stem}.{rendering}{SUFFIX[rendering]}" if shared else f"{stem}{SUFFIX[rendering]}"


def _stems(paths: Sequence[Path]) -> list[str]:
    """Each file's stem; the second file with a stem gets ``stem-2`` (the corpus holds
    byte-identical copies of a law in two folders)."""
    seen: dict[str, int] = {}
    stems = []
    for path in paths:
        seen[path.stem] = seen.get(path.stem, 0) + 1
        stems.append(path.stem if seen[path.stem] == 1 else f"{path.stem}-{seen[path.stem]}")
    return stems


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _write_all(paths: Sequence[Path], out: Path, *, cache_dir: Path, jobs: int) -> str:
    """Write every rendering of each law into ``out``; a summary with the timings."""
    out.mkdir(parents=True, exist_ok=True)
    texts = [path.read_text(encoding="utf-8") for path in paths]
    markdowns = dict(zip(_stems(paths), texts))
    started = time.perf_counter()
    for stem, markdown in markdowns.items():
        for rendering in TEXT_RENDERINGS:
            (out / _file_name(stem, rendering)).write_bytes(render_text(markdown, rendering))
    texts_done = time.perf_counter()
    converted = [0]

    def report(done: int, total: int) -> None:
        converted[0] = total
        print(f"LibreOffice: {done}/{total} converted, {time.perf_counter() - texts_done:.0f} s",
              file=sys.stderr, flush=True)

    office = render_office(markdowns, cache_dir, jobs=jobs, progress=report)
    office_done = time.perf_counter()
    for stem, made in office.items():
        for rendering, path in made.items():
            shutil.copyfile(path, out / _file_name(stem, rendering))
    return (f"{len(markdowns)} laws written to {out}\n"
            f"text renderings: {texts_done - started:.1f} s\n"
            f"LibreOffice (DOCX + PDF): {converted[0]} converted, the rest from the cache {cache_dir}; "
            f"{office_done - texts_done:.1f} s with jobs={jobs}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("laws", nargs="+", type=Path, metavar="LAW.md")
    parser.add_argument("--rendering", choices=RENDERINGS, default="npc-txt")
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    parser.add_argument("--all", action="store_true", help="write every rendering of each law into --out")
    parser.add_argument("--out", type=Path, help="folder for --all")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="cache of DOCX and PDF files")
    parser.add_argument("--jobs", type=int, default=2, help="LibreOffice processes")
    args = parser.parse_args(argv)
    if args.all:
        if args.out is None:
            parser.error("--all needs --out DIR")
        print(_write_all(args.laws, args.out, cache_dir=args.cache, jobs=args.jobs))
        return 0
    if len(args.laws) != 1:
        parser.error("give one LAW.md, or use --all")
    markdown = args.laws[0].read_text(encoding="utf-8")
    if args.rendering in TEXT_RENDERINGS:
        data = render_text(markdown, args.rendering)
    else:
        data = render_office({"law": markdown}, args.cache, jobs=1)["law"][args.rendering].read_bytes()
    if args.output is None:
        sys.stdout.buffer.write(data)
    else:
        args.output.write_bytes(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
