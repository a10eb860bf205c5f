"""Time ``compare`` on pairs of long laws: 1,000, 2,500 and 5,000 articles per side.

Run: ``.venv/bin/python bench/large_law.py``. Each law is built by ``synthetic.make_law_pair``
(real article bodies of corpora/, chapters of 50 articles, revised as a real amendment is).
Prints, per size: characters per side, seconds to outline both versions, to compare them
without and with obligations (the caches of readings and of jieba's cuts emptied before each
run), and the growth against the previous size (a 5,000-article law of real articles has
666,000 characters, within the 1,000,000 of ``pipeline.MAX_COMPARE_CHARS``). Not a timed test.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import make_law_pair

from policydiff import pipeline
from policydiff.model import InputFormat, SourceDocument
from policydiff.reading import clear_cache
from policydiff.rules import load_rules

SIZES = (1000, 2500, 5000)


def _timed(action):
    clear_cache()
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def main() -> int:
    rules = load_rules()
    pipeline.compare_documents(*(pipeline.outline_source(SourceDocument(n, InputFormat.TXT, t, "0" * 64), rules=rules)
                                 for n, t in zip(("old", "new"), make_law_pair(20))), rules=rules)  # warm-up
    print("| articles | characters per side | outline both s | compare, text only s | compare, with obligations s "
          "| changes | growth (with obligations) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    previous = None
    for size in SIZES:
        old_raw, new_raw = make_law_pair(size)
        raws = (("old", old_raw), ("new", new_raw))
        outline, (old, new) = _timed(lambda raws=raws: tuple(
            pipeline.outline_source(SourceDocument(name, InputFormat.TXT, raw, "0" * 64), rules=rules)
            for name, raw in raws))
        text_only, comparison = _timed(
            lambda old=old, new=new: pipeline.compare_documents(old, new, rules=rules, obligations=False))
        full, _ = _timed(lambda old=old, new=new: pipeline.compare_documents(old, new, rules=rules))
        growth = f"×{full / previous[1]:.2f} for ×{size / previous[0]:.1f} articles" if previous else ""
        print(f"| {size:,} | {len(old_raw):,} | {outline:.2f} | {text_only:.2f} | {full:.2f} | "
              f"{len(comparison.changes)} | {growth} |", flush=True)
        previous = (size, full)
    return 0


if __name__ == "__main__":
    sys.exit(main())
