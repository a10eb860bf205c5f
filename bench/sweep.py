"""The corpus sweep: every law of LawRefBook, in every rendering, outlined and compared.

Run: ``make sweep`` (or ``.venv/bin/python bench/sweep.py [--jobs N] [--limit N]``). Needs
``../shared/corpora/lawrefbook`` (present for developers and in CI; without it the sweep says
so and exits 0) and, for the DOCX and PDF renderings, LibreOffice (``--no-office`` skips them).

For every document and rendering (``corpora/tools/renderings.py``) it checks
(``corpora/tools/lawcheck.py``) that the outline gives exactly the law's articles in order
with their text, the genre, the 编/章/节 headings and the title that an independent reading
of the clean Markdown gives, and that each rendering outlines to the same units with the same
text as the Markdown. For every pair of consecutive versions of a title, in each rendering,
it compares them and checks that every unchanged article is matched to its counterpart and
that no label is reported as a change of wording. Results go to ``bench/results-sweep.md``
(failures by class, with examples) and a summary to standard output.
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing
import sys
import time
import tomllib
import traceback
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import itertools

from corpora.tools import lawcheck
from corpora.tools.lawref import read_markdown
from corpora.tools.renderings import (
    OFFICE_RENDERINGS,
    RENDERINGS,
    SUFFIX,
    TEXT_RENDERINGS,
    render_office,
    render_text,
)
from policydiff.ingest import parse_bytes, read_input
from policydiff.pipeline import compare_documents, outline_source
from policydiff.rules import load_rules

CORPUS = ROOT.parent / "shared" / "corpora" / "lawrefbook"
CACHE = ROOT / "bench" / ".cache" / "renderings"
RESULTS = ROOT / "bench" / "results-sweep.md"
EXAMPLES = 5
LEFT = ROOT / "bench" / "sweep-left.toml"
UNEXPLAINED = "**not explained in sweep-left.toml**"


@dataclass
class DocResult:
    path: str
    is_law: bool
    failures: dict[str, list[str]] = field(default_factory=dict)
    """Rendering → failure classes (empty list: exact)."""
    shapes: dict[str, str] = field(default_factory=dict)
    """Rendering → outline shape, for documents that are not laws."""


@dataclass
class PairResult:
    old: str
    new: str
    rendering: str
    failures: list[str]
    matched: int
    unchanged: int
    label_changes: int


@cache
def _rules():
    return load_rules()


def _outline(rendering: str, markdown: str, office: dict[str, Path] | None, name: str):
    if rendering in TEXT_RENDERINGS:
        source = parse_bytes(render_text(markdown, rendering), source=name + SUFFIX[rendering],
                             suffix=SUFFIX[rendering])
    else:
        source = read_input(office[rendering])
    return outline_source(source, rules=_rules())


def sweep_document(task: tuple[str, str, tuple[str, ...], dict[str, Path] | None]) -> tuple[DocResult, dict]:
    """Outline one document in every rendering; returns its result and its outlines
    (rendering → PolicyDocument) for the pair stage."""
    path, markdown, renderings, office = task
    law = read_markdown(markdown)
    result = DocResult(path, law.is_law)
    outlines = {}
    reference = None
    for rendering in renderings:
        if rendering in OFFICE_RENDERINGS and not office:
            continue
        try:
            policy = _outline(rendering, markdown, office, Path(path).stem)
        except Exception as error:  # noqa: BLE001 - a crash is a finding of the sweep
            result.failures[rendering] = [f"crash: {type(error).__name__}"]
            traceback.print_exc()
            continue
        failures = lawcheck.outline_failures(law, policy)
        signature = lawcheck.outline_signature(policy)
        if rendering == "markdown":
            reference = signature
        elif reference is not None and signature != reference:
            failures.append("invariance: units differ from the Markdown's")
        result.failures[rendering] = failures
        if not law.is_law:
            result.shapes[rendering] = lawcheck.shape(policy)
        outlines[rendering] = policy
    return result, outlines


def sweep_pair(task) -> list[PairResult]:
    old_path, new_path, old_md, new_md, renderings, old_office, new_office = task
    old_law, new_law = read_markdown(old_md), read_markdown(new_md)
    results = []
    for rendering in renderings:
        if rendering in OFFICE_RENDERINGS and not (old_office and new_office):
            continue
        try:
            old = _outline(rendering, old_md, old_office, Path(old_path).stem)
            new = _outline(rendering, new_md, new_office, Path(new_path).stem)
            comparison = compare_documents(old, new, rules=_rules(), obligations=False)
        except Exception as error:  # noqa: BLE001
            traceback.print_exc()
            results.append(PairResult(old_path, new_path, rendering, [f"crash: {type(error).__name__}"], 0, 0, 0))
            continue
        matched, unchanged = lawcheck.unchanged_articles(old_law, new_law, comparison)
        results.append(PairResult(old_path, new_path, rendering, lawcheck.pair_failures(old_law, new_law, comparison),
                                  matched, unchanged, len(lawcheck.label_changes(comparison))))
    return results


def manifest(corpus: Path) -> list[dict[str, str]]:
    with (corpus / "MANIFEST.tsv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def version_pairs(rows: list[dict[str, str]]) -> list[tuple[str, str]]:
    """Consecutive dated versions of each title (same folder and title)."""
    groups: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        groups[(str(Path(row["path"]).parent), row["title"])].append(row)
    pairs = []
    for versions in groups.values():
        dated = sorted((row for row in versions if row["date"]), key=lambda row: row["date"])
        pairs += [(a["path"], b["path"]) for a, b in itertools.pairwise(dated)]
    return sorted(pairs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--jobs", type=int, default=multiprocessing.cpu_count())
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents (a quick look)")
    parser.add_argument("--renderings", default=",".join(RENDERINGS))
    parser.add_argument("--no-office", action="store_true", help="skip the DOCX and PDF renderings")
    parser.add_argument("--match", default="", help="only documents whose path contains this")
    parser.add_argument("--list", default="", help="print every document failing with this class")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    if not (args.corpus / "MANIFEST.tsv").exists():
        print(f"sweep: {args.corpus} not found; the corpus sweep needs ../shared/corpora/lawrefbook. Skipped.")
        return 0
    renderings = tuple(r for r in args.renderings.split(",") if r and not (args.no_office and r in OFFICE_RENDERINGS))
    rows = [row for row in manifest(args.corpus) if args.match in row["path"]]
    if args.limit:
        rows = rows[: args.limit]
    started = time.perf_counter()
    markdowns = {row["path"]: (args.corpus / row["path"]).read_text(encoding="utf-8") for row in rows}
    office: dict[str, dict[str, Path]] = {}
    if any(r in OFFICE_RENDERINGS for r in renderings):
        office = render_office(markdowns, CACHE, jobs=args.jobs)
    rendered = time.perf_counter()

    tasks = [(path, markdowns[path], renderings, office.get(path)) for path in markdowns]
    with multiprocessing.Pool(args.jobs) as pool:
        docs = [result for result, _ in pool.imap(sweep_document, tasks, chunksize=4)]
        outlined = time.perf_counter()
        pair_tasks = [(old, new, markdowns[old], markdowns[new], renderings, office.get(old), office.get(new))
                      for old, new in version_pairs(rows) if old in markdowns and new in markdowns]
        pairs = [r for results in pool.imap(sweep_pair, pair_tasks) for r in results]
    finished = time.perf_counter()
    timing = {"rendering (LibreOffice, cached)": rendered - started, "outlines": outlined - rendered,
              "pairs": finished - outlined, "total": finished - started}
    report = write_results(docs, pairs, renderings, timing, args)
    print(report)
    if args.list:
        for doc in docs:
            for rendering, failures in doc.failures.items():
                if any(args.list in f for f in failures):
                    print(f"{rendering}\t{doc.path}\t{failures}")
        for pair in pairs:
            if any(args.list in f for f in pair.failures):
                print(f"{pair.rendering}\t{pair.old} → {pair.new}\t{pair.failures}")
    return 0


def write_results(docs: list[DocResult], pairs: list[PairResult], renderings: tuple[str, ...],
                  timing: dict[str, float], args) -> str:
    lines = ["# Corpus sweep", "",
             (f"`bench/sweep.py` over {len(docs):,} documents of `{args.corpus.name}` "
             f"({sum(d.is_law for d in docs):,} laws with 第X条 articles, {sum(not d.is_law for d in docs)} of "
             f"other shapes), in {len(renderings)} renderings, and {len({(p.old, p.new) for p in pairs})} "
             "pairs of consecutive versions."), "",
             "## Outlines", "",
             "| rendering | documents | exact | share exact |", "| --- | ---: | ---: | ---: |"]
    classes: dict[str, Counter] = defaultdict(Counter)
    examples: dict[str, list[str]] = defaultdict(list)
    total = exact_total = 0
    for rendering in renderings:
        results = [d.failures[rendering] for d in docs if rendering in d.failures]
        exact = sum(not failures for failures in results)
        total += len(results)
        exact_total += exact
        if results:
            lines.append(f"| {rendering} | {len(results):,} | {exact:,} | {100 * exact / len(results):.2f} % |")
        for doc in docs:
            for failure in doc.failures.get(rendering, []):
                classes[failure][rendering] += 1
                if len(examples[failure]) < EXAMPLES and doc.path not in examples[failure]:
                    examples[failure].append(doc.path)
    if total:
        lines.append(f"| **all** | {total:,} | {exact_total:,} | {100 * exact_total / total:.2f} % |")
    lines += ["", "### Failures by class", ""]
    if classes:
        lines += ["| class | " + " | ".join(renderings) + " | examples |",
                  "| --- | " + " | ".join("---:" for _ in renderings) + " | --- |"]
        for name, counts in sorted(classes.items(), key=lambda item: -sum(item[1].values())):
            lines.append(f"| {name} | " + " | ".join(str(counts.get(r, 0)) for r in renderings)
                         + " | " + "<br>".join(examples[name]) + " |")
    else:
        lines.append("None.")
    lines += _failures_left(docs, renderings)
    lines += ["", "### Documents of other shapes", "",
              "What the outline gives (Markdown rendering) for documents without a sequence of 第X条:", "",
              "| shape | documents | example |", "| --- | ---: | --- |"]
    shapes: Counter = Counter()
    shape_example: dict[str, str] = {}
    for doc in docs:
        if not doc.is_law and "markdown" in doc.shapes:
            shape = doc.shapes["markdown"].split(":")[0]
            shapes[shape] += 1
            shape_example.setdefault(shape, f"{doc.path} ({doc.shapes['markdown']})")
    lines += [f"| {shape} | {n} | {shape_example[shape]} |" for shape, n in shapes.most_common()]
    lines += ["", "## Version pairs", "",
              "| rendering | pairs | unchanged articles matched | label changes above editorial | crashes |",
              "| --- | ---: | ---: | ---: | ---: |"]
    for rendering in renderings:
        results = [p for p in pairs if p.rendering == rendering]
        if not results:
            continue
        matched, unchanged = sum(p.matched for p in results), sum(p.unchanged for p in results)
        crashes = sum(any(f.startswith("crash") for f in p.failures) for p in results)
        share = f"{100 * matched / unchanged:.2f} %" if unchanged else "–"
        lines.append(f"| {rendering} | {len(results)} | {matched:,} / {unchanged:,} ({share}) | "
                     f"{sum(p.label_changes for p in results)} | {crashes} |")
    pair_classes: Counter = Counter(f for p in pairs for f in p.failures)
    if pair_classes:
        lines += ["", "| pair failure class | pairs (all renderings) | examples |", "| --- | ---: | --- |"]
        for name, n in pair_classes.most_common():
            names = sorted({f"{Path(p.old).stem} ({p.rendering})" for p in pairs if name in p.failures})[:EXAMPLES]
            lines.append(f"| {name} | {n} | {'<br>'.join(names)} |")
    lines += ["", "## Time", "", f"On {multiprocessing.cpu_count()} cores, {args.jobs} worker processes:", ""]
    lines += [f"- {name}: {seconds:.1f} s" for name, seconds in timing.items()]
    text = "\n".join(lines) + "\n"
    if not args.limit and not args.match:
        args.out.write_text(text, encoding="utf-8")
    return text


def _failures_left(docs: list[DocResult], renderings: tuple[str, ...]) -> list[str]:
    """Every failing outline, grouped by the reason ``sweep-left.toml`` gives for leaving it;
    a failure the file does not explain is listed as such."""
    reasons = tomllib.loads(LEFT.read_text(encoding="utf-8"))["left"]
    reason_of = {outline: entry["reason"] for entry in reasons for outline in entry["outlines"]}
    grouped: dict[str, list[str]] = defaultdict(list)
    for doc in docs:
        for rendering in renderings:
            if doc.failures.get(rendering):
                outline = f"{rendering} {doc.path}"
                grouped[reason_of.get(outline, UNEXPLAINED)].append(outline)
    if not grouped:
        return []
    lines = ["", "### Failures left, and why", "",
             f"From `bench/{LEFT.name}`; each outline that fails, by the reason it is left.", "",
             "| reason | outlines | which |", "| --- | ---: | --- |"]
    for entry in [*reasons, {"reason": UNEXPLAINED}]:
        found = grouped.get(entry["reason"], [])
        if found:
            lines.append(f"| {' '.join(entry['reason'].split())} | {len(found)} | {'<br>'.join(found)} |")
    return lines


if __name__ == "__main__":
    sys.exit(main())
