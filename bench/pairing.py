"""Batch pairing on the corpus: every version of every title with several, in one folder, mixed renderings.

Run: ``.venv/bin/python bench/pairing.py`` (needs ``../shared/corpora/lawrefbook``; DOCX and
PDF come from the sweep's LibreOffice cache, made on first use). Each version is written in
one rendering, in rotation (Markdown, NPC text, web text, PDF text, DOCX, PDF), under a
neutral file name (``doc017.txt``: no title, no date), beside 100 single documents of the
corpus. Each file is described exactly as ``policydiff batch`` does it (its ``describe``
task), the batch plan is made, and its pairs are compared with the consecutive versions of
each title. Prints how many expected pairs were planned, how many planned pairs are wrong,
and what went wrong, and writes ``bench/results-pairing.md``.
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sweep import CACHE, CORPUS, manifest, version_pairs

from corpora.tools.renderings import OFFICE_RENDERINGS, RENDERINGS, SUFFIX, render_office, render_text
from policydiff.batch.pairing import plan_batch
from policydiff.batch.tasks import Job, run_job
from policydiff.model import DocumentInfo

SINGLES = 100


RESULTS = ROOT / "bench" / "results-pairing.md"


def main() -> int:
    if not (CORPUS / "MANIFEST.tsv").exists():
        print(f"pairing: {CORPUS} not found. Skipped.")
        return 0
    rows = manifest(CORPUS)
    expected = version_pairs(rows)
    versioned = sorted({path for pair in expected for path in pair})
    others = sorted(row["path"] for row in rows if row["path"] not in versioned)
    chosen = versioned + random.Random(0).sample(others, SINGLES)
    markdowns = {path: (CORPUS / path).read_text(encoding="utf-8") for path in chosen}
    office = render_office({p: markdowns[p] for p in versioned}, CACHE)
    want = set(expected)
    # A chain of three versions also compares the first with the last: not a wrong pair.
    chains = {(a, c) for a, b in expected for b2, c in expected if b == b2}
    titles = {(str(Path(row["path"]).parent), row["title"]) for row in rows if row["path"] in versioned}
    started = time.perf_counter()
    lines = ["# Batch pairing on the corpus", "",
             (f"`bench/pairing.py`: {len(chosen)} documents ({len(versioned)} versions of {len(titles)} titles of "
             f"`{CORPUS.name}`, {SINGLES} single documents) in one folder under neutral names (`doc017.txt`), each "
             f"version in one rendering, in rotation ({', '.join(RENDERINGS)}); the rotation is run "
             f"{len(RENDERINGS)} times, shifted by one, so that every version is read in every rendering."), "",
             ("A pair counts as found when the batch plans it, or reports the two files as one version "
             "(a repeat: same dates, same text but for layout)."), "",
             "| rotation | expected pairs found | planned pairs that are wrong |", "| ---: | ---: | ---: |"]
    problems = []
    total_found = total_wrong = 0
    for shift in range(len(RENDERINGS)):
        planned, repeats = plan_pairs(chosen, versioned, markdowns, office, shift)
        # A file the batch reports as a repeat of another stands for it: two corpus versions
        # with the same dates and the same text but for layout are one version to any reader.
        kept = {path: repeats.get(path, path) for pair in want for path in pair}
        due = {(kept[old], kept[new]) for old, new in want if kept[old] != kept[new]}
        merged = {(old, new) for old, new in want if kept[old] == kept[new]}
        found, wrong = due & planned, planned - due - {(kept[a], kept[c]) for a, c in chains}
        total_found, total_wrong = total_found + len(found) + len(merged), total_wrong + len(wrong)
        lines.append(f"| {shift} | {len(found) + len(merged)} / {len(want)} | {len(wrong)} |")
        problems += [f"- rotation {shift}, reported as one version (same dates, same text): {old} → {new}"
                     for old, new in sorted(merged)]
        problems += [f"- rotation {shift}, missed: {old} → {new}" for old, new in sorted(due - planned)]
        problems += [f"- rotation {shift}, wrong: {old} → {new}" for old, new in sorted(wrong)]
    share = 100 * total_found / (len(want) * len(RENDERINGS))
    lines += [f"| **all** | {total_found} / {len(want) * len(RENDERINGS)} ({share:.2f} %) | {total_wrong} |", ""]
    lines += (problems or ["Every expected pair was planned, and no other."]) + [""]
    lines.append(f"Time: {time.perf_counter() - started:.1f} s on 2 cores.")
    report = "\n".join(lines) + "\n"
    RESULTS.write_text(report, encoding="utf-8")
    print(report)
    return 0


def plan_pairs(chosen: list[str], versioned: list[str], markdowns: dict[str, str], office: dict[str, dict[str, Path]],
               shift: int) -> tuple[set[tuple[str, str]], dict[str, str]]:
    """The (old, new) corpus paths that ``policydiff batch`` pairs in one folder of ``chosen``,
    and the files it reports as repeats of another (path → the path it repeats)."""
    folder = Path(tempfile.mkdtemp(prefix="policydiff-pairing-"))
    names: dict[str, str] = {}
    try:
        for n, path in enumerate(chosen):
            rendering = RENDERINGS[(n + shift) % len(RENDERINGS)] if path in versioned else "markdown"
            name = f"doc{n:03d}{SUFFIX[rendering]}"
            if rendering in OFFICE_RENDERINGS:
                shutil.copyfile(office[path][rendering], folder / name)
            else:
                (folder / name).write_bytes(render_text(markdowns[path], rendering))
            names[name] = path
        infos = []
        for name in sorted(names):
            job = Job("describe", (name,), str(folder), "", "", None, "")
            infos.append(DocumentInfo(**run_job(job)["document"]))
        plan = plan_batch(infos)
    finally:
        shutil.rmtree(folder)
    return ({(names[p.old], names[p.new]) for p in plan.pairs},
            {names[repeat]: names[kept] for repeat, kept in plan.duplicates})


if __name__ == "__main__":
    sys.exit(main())
