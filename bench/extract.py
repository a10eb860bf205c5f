"""Benchmark of the extraction stage: warm seed final, cold pipeline cost, time per 10,000 characters.

Run: ``python bench/extract.py``. Prints a table; not a timed test.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora/notices/air-2020-autumn-winter/final.txt"
_COLD = """
import time
start = time.perf_counter()
import spacy
from policydiff.nlp import build_pipeline
from policydiff.rules import load_rules
build_pipeline(load_rules())
print(time.perf_counter() - start)
"""


def _best(function, repeat: int = 5) -> float:
    """Best of ``repeat`` first readings: the caches of readings and of jieba's cuts are emptied
    before each run, so that a run never reuses the text it measures."""
    from policydiff.reading import clear_cache

    times = []
    for _ in range(repeat):
        clear_cache()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    from policydiff.extract import extract_obligations
    from policydiff.pipeline import read_policy
    from policydiff.rules import load_rules

    rules = load_rules()
    seed = read_policy(str(SEED))
    extract_obligations(seed, rules=rules)  # warm: pipeline built, jieba loaded
    warm = _best(lambda: extract_obligations(seed, rules=rules))
    cold = float(subprocess.run([sys.executable, "-c", _COLD], capture_output=True, text=True, check=True).stdout)
    largest = max((p for p in (ROOT / "corpora").rglob("*") if p.suffix in (".txt", ".md")), key=lambda p: p.stat().st_size)
    policy = read_policy(str(largest))
    extract_obligations(policy, rules=rules)
    big = _best(lambda: extract_obligations(policy, rules=rules), repeat=3)
    per_10k = big / len(policy.text.text) * 10_000
    rows = [
        ("extract seed final, warm (target ≤ 0.5 s)", f"{warm:.3f} s", f"{len(seed.text.text)} chars"),
        ("cold: import spaCy + build pipeline", f"{cold:.3f} s", "fresh process"),
        (f"extract {largest.relative_to(ROOT)}", f"{big:.3f} s", f"{len(policy.text.text)} chars"),
        ("  per 10,000 characters", f"{per_10k:.3f} s", ""),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'time':>9}  note")
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>9}  {note}")


if __name__ == "__main__":
    main()
