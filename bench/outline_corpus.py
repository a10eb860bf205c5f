"""Time reading and outlining every document in corpora/.

Run: ``make bench`` (or ``.venv/bin/python bench/outline_corpus.py [--repeat N]``).
Prints one row per document: characters, read time (ingest), normalize time, structure
time and the number of clauses found; the best of N runs after one warm-up, so that
one-off imports (cn2an, pdfminer) are not counted against a document.
"""

from __future__ import annotations

import argparse
import sys
import time
import tomllib
from pathlib import Path

from policydiff.ingest import read_input
from policydiff.normalize import normalize_text
from policydiff.rules import load_rules
from policydiff.structure import parse_structure

ROOT = Path(__file__).resolve().parent.parent


def best_of(repeat: int, action):
    result, best = None, float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    return result, best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rules = load_rules().structure
    with (ROOT / "corpora" / "manifest.toml").open("rb") as handle:
        paths = sorted(ROOT / "corpora" / doc["path"] for doc in tomllib.load(handle)["document"])
    read_input(paths[0])  # warm-up: imports
    print(f"{'document':58} {'chars':>7} {'read ms':>8} {'norm ms':>8} {'struct ms':>9} {'total ms':>9} {'clauses':>7}")
    for path in paths:
        source, t_read = best_of(args.repeat, lambda path=path: read_input(path))
        text, t_norm = best_of(args.repeat, lambda source=source: normalize_text(source.raw_text))
        policy, t_struct = best_of(args.repeat, lambda source=source, text=text: parse_structure(source, text, rules=rules))
        name = str(path.relative_to(ROOT / "corpora"))
        total = t_read + t_norm + t_struct
        print(f"{name:58} {len(text.text):>7} {t_read * 1e3:>8.1f} {t_norm * 1e3:>8.1f} "
              f"{t_struct * 1e3:>9.1f} {total * 1e3:>9.1f} {len(policy.clauses):>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
