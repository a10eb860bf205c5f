"""Batch pairing on the corpus: every version of every title with several, in one folder, mixed renderings.

Run: ``.venv/bin/python bench/pairing.py`` (needs ``../shared/corpora/lawrefbook``; DOCX and
PDF come from the sweep's LibreOffice cache, made on first use). Each version is written in
one rendering, in rotation (Markdown, NPC text, web text, PDF text, DOCX, PDF), under a
neutral file name (``doc017.txt``: no title, no date), beside 100 single documents of the
corpus. Each file is described exactly as ``policydiff batch`` does it (its ``describe``
task), the batch plan is made, and its pairs are compared with the consecutive versions of
each title. Prints how many expected pairs were planned, how many planned pairs are wrong,
and what went wrong.
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpora.tools.renderings import OFFICE_RENDERINGS, RENDERINGS, SUFFIX, render_office, render_text  # noqa: E402
from policydiff.batch.pairing import plan_batch  # noqa: E402
from policydiff.batch.tasks import Job, run_job  # noqa: E402
from policydiff.model import DocumentInfo  # noqa: E402
from sweep import CACHE, CORPUS, manifest, version_pairs  # noqa: E402

SINGLES = 100


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
    folder = Path(tempfile.mkdtemp(prefix="policydiff-pairing-"))
    names: dict[str, str] = {}
    try:
        for n, path in enumerate(chosen):
            rendering = RENDERINGS[n % len(RENDERINGS)] if path in versioned else "markdown"
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
    planned = {(names[p.old], names[p.new]) for p in plan.pairs}
    want = set(expected)
    found = want & planned
    # A chain of three versions also compares the first with the last: not a wrong pair.
    chains = {(a, c) for a, b in expected for b2, c in expected if b == b2}
    wrong = planned - want - chains
    titles = {(str(Path(row["path"]).parent), row["title"]) for row in rows if row["path"] in versioned}
    print(f"{len(chosen)} documents ({len(versioned)} versions of {len(titles)} titles, {SINGLES} single "
          f"documents), renderings in rotation: {', '.join(RENDERINGS)}")
    print(f"expected pairs planned: {len(found)} / {len(want)}")
    print(f"planned pairs that are wrong: {len(wrong)}")
    for old, new in sorted(want - planned):
        print(f"  missed: {old} → {new}")
    for old, new in sorted(wrong):
        print(f"  wrong:  {old} → {new}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
