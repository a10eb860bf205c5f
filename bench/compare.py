"""Time ``policydiff compare`` against what users would use instead, in one run.

Run: ``make bench`` (or ``.venv/bin/python bench/compare.py``). Measures on this machine:
  * the seed pair compared warm in-process (documents already read; target ≤ 0.15 s with
    obligations) and read + compared warm;
  * the CLI cold, as a new process (target ≤ 1.3 s with obligations), with and without
    obligation extraction (which loads spaCy);
  * diff-match-patch's raw character diff and difflib on the same normalized texts, with the
    number of change hunks each reports;
  * synthetic pairs of 50k, 100k and 200k characters per side (target ≤ 2 s at 200k with
    obligations, time growing no worse than linearly).
Prints a table and writes it to ``bench/results-compare.md``.
"""

from __future__ import annotations

import difflib
import subprocess
import sys
import time
from pathlib import Path

from diff_match_patch import diff_match_patch

from policydiff.model import InputFormat, SourceDocument
from policydiff.pipeline import compare_documents, outline_source, read_policy
from policydiff.reading import clear_cache
from policydiff.rules import load_rules

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import make_pair

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora" / "notices" / "air-2020-autumn-winter"


def timed(action, repeat: int = 3):
    """Best of ``repeat`` runs, each with the caches of readings and of the tokenizer's
    segments emptied first (a run never reuses what an earlier run read)."""
    best, result = float("inf"), None
    for _ in range(repeat):
        clear_cache()
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    return best, result


def dmp_hunks(old: str, new: str) -> int:
    engine = diff_match_patch()
    engine.Diff_Timeout = 0
    diffs = engine.diff_main(old, new)
    engine.diff_cleanupSemantic(diffs)
    return _runs([op for op, _ in diffs])


def difflib_hunks(old: str, new: str) -> int:
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return sum(1 for tag, *_ in matcher.get_opcodes() if tag != "equal")


def _runs(ops: list[int]) -> int:
    runs, inside = 0, False
    for op in ops:
        if op != 0 and not inside:
            runs += 1
        inside = op != 0
    return runs


def main() -> int:
    rules = load_rules()
    rows: list[tuple[str, str, str, str]] = []
    old, new = read_policy(SEED / "draft.txt"), read_policy(SEED / "final.txt")
    compare_documents(old, new, rules=rules)  # warm-up: jieba dictionary, spaCy pipeline, imports
    # Runs of a tenth of a second on a shared machine: the best of 7 (and of the cold CLI below).
    seconds, comparison = timed(lambda: compare_documents(old, new, rules=rules, obligations=False), repeat=7)
    rows.append(("policydiff compare, seed pair, warm (outlined), text only", "9.4k/9.9k", f"{seconds:.3f}",
                 str(len(comparison.changes))))
    seconds, comparison = timed(lambda: compare_documents(old, new, rules=rules), repeat=7)
    rows.append(("policydiff compare, seed pair, warm (outlined), with obligations", "9.4k/9.9k", f"{seconds:.3f}",
                 str(len(comparison.changes))))
    seconds, _ = timed(lambda: compare_documents(read_policy(SEED / "draft.txt"), read_policy(SEED / "final.txt"),
                                                 rules=rules))
    rows.append(("policydiff read + compare, seed pair, warm, with obligations", "9.4k/9.9k", f"{seconds:.3f}",
                 str(len(comparison.changes))))
    command = [sys.executable, "-m", "policydiff", "compare", str(SEED / "draft.txt"), str(SEED / "final.txt"),
               "--format", "json", "-o", "/dev/null"]
    seconds, _ = timed(lambda: subprocess.run(command, check=False, capture_output=True), repeat=7)
    rows.append(("policydiff CLI, seed pair, cold process, with obligations", "9.4k/9.9k", f"{seconds:.3f}",
                 str(len(comparison.changes))))
    seconds, _ = timed(lambda: subprocess.run([*command, "--no-obligations"], check=False, capture_output=True))
    rows.append(("policydiff CLI, seed pair, cold process, --no-obligations", "9.4k/9.9k", f"{seconds:.3f}",
                 str(len(comparison.changes))))
    a, b = old.text.text, new.text.text
    seconds, hunks = timed(lambda: dmp_hunks(a, b))
    rows.append(("diff-match-patch, characters, semantic cleanup", "9.4k/9.9k", f"{seconds:.3f}", str(hunks)))
    seconds, hunks = timed(lambda: difflib_hunks(a, b), repeat=1)
    rows.append(("difflib SequenceMatcher, characters", "9.4k/9.9k", f"{seconds:.3f}", str(hunks)))
    for obligations in (False, True):
        previous = None
        mode = "with obligations" if obligations else "text only"
        for size in (50_000, 100_000, 200_000):
            old_raw, new_raw = make_pair(size)
            old_doc = outline_source(SourceDocument("old", InputFormat.TXT, old_raw, "0" * 64), rules=rules)
            new_doc = outline_source(SourceDocument("new", InputFormat.TXT, new_raw, "0" * 64), rules=rules)
            seconds, comparison = timed(
                lambda old_doc=old_doc, new_doc=new_doc, obligations=obligations: compare_documents(
                    old_doc, new_doc, rules=rules, obligations=obligations), repeat=2)
            growth = f", ×{seconds / previous:.2f} for ×2 text" if previous else ""
            rows.append((f"policydiff compare, synthetic, {mode}{growth}",
                         f"{len(old_raw) // 1000}k/{len(new_raw) // 1000}k", f"{seconds:.3f}", str(len(comparison.changes))))
            previous = seconds
    table = ["| run | characters (old/new) | seconds | change hunks |", "| --- | --- | ---: | ---: |"]
    table += [f"| {name} | {size} | {seconds} | {hunks} |" for name, size, seconds, hunks in rows]
    text = "\n".join(table) + "\n"
    print(text)
    (ROOT / "bench" / "results-compare.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
