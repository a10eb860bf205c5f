"""Time ``compare`` on pairs of long laws: 1,000, 2,500 and 5,000 articles per side.

Run: ``.venv/bin/python bench/large_law.py``. Each law is built by ``synthetic.make_law_pair``
(real article bodies of corpora/, chapters of 50 articles, revised as a real amendment is).
Prints, per size: characters per side, seconds to outline both versions, to compare them
without and with obligations (the caches of readings and of jieba's cuts emptied before each
run), and the growth against the previous size (a 5,000-article law of real articles has
666,000 characters, within the 1,000,000 of ``pipeline.MAX_COMPARE_CHARS``).

Then (alone with `--pieces`) one-piece texts (no numbering, so the whole body is one unit, ``pipeline.MAX_UNIT_CHARS``):
two versions of the same text (the article bodies above, one a line, revised the same way), and
two unrelated texts (different LawRefBook laws, their numbering removed; only with
``../shared/corpora/lawrefbook``), at 50,000 and 100,000 characters (the most one piece may
hold), and the same unrelated texts with their punctuation removed. Not a timed test.
"""

from __future__ import annotations

import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import _bodies, _revise, make_law_pair

from policydiff import pipeline
from policydiff.model import InputFormat, SourceDocument
from policydiff.reading import clear_cache
from policydiff.rules import RulePack, load_rules

SIZES = (1000, 2500, 5000)
PIECE_SIZES = (50_000, 100_000)
LAWREFBOOK = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "lawrefbook"
_PUNCTUATION = re.compile(r"[，。；：、！？“”《》（）,.;:!?()]")
_LABELS = re.compile(r"第[一二三四五六七八九十百千零〇]+[条章节编]|[（(][一二三四五六七八九十]+[）)]|[#>*\s]")


def _timed(action):
    clear_cache()
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def main() -> int:
    rules = load_rules()
    if "--pieces" in sys.argv:  # only the one-piece texts
        return _pieces(rules)
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
    print()
    return _pieces(rules)


def _pieces(rules: RulePack) -> int:
    print("| one-piece text | characters per side | compare, with obligations s | changes |")
    print("| --- | ---: | ---: | ---: |")
    for chars in PIECE_SIZES:
        unrelated = _unrelated(chars)
        bare = tuple(_PUNCTUATION.sub("", text) for text in unrelated)
        for name, (old_raw, new_raw) in (("two versions", _versions(chars)), ("unrelated", unrelated),
                                         ("unrelated, no punctuation", bare)):
            if not old_raw:
                print(f"| {name} | {chars:,} | skipped: needs {LAWREFBOOK} | |", flush=True)
                continue
            old, new = (pipeline.outline_source(SourceDocument(n, InputFormat.TXT, raw, "0" * 64), rules=rules)
                        for n, raw in (("old", old_raw), ("new", new_raw)))
            seconds, comparison = _timed(lambda old=old, new=new: pipeline.compare_documents(old, new, rules=rules))
            print(f"| {name} | {len(old_raw):,} | {seconds:.2f} | {len(comparison.changes)} |", flush=True)
    return 0


def _versions(chars: int) -> tuple[str, str]:
    """One unnumbered text of ``chars`` characters (article bodies, one a line) and its revision."""
    bodies, total = [], 0
    while total < chars:
        bodies.append(_bodies()[len(bodies) % len(_bodies())])
        total += len(bodies[-1]) + 1
    old, new = _revise(bodies, 2020)
    return "\n".join(old)[:chars], "\n".join(new)[:chars]


def _unrelated(chars: int) -> tuple[str, str]:
    """Two texts of ``chars`` characters from different laws, numbering and line breaks removed."""
    files = sorted(LAWREFBOOK.glob("**/*.md"))
    if not files:
        return "", ""
    random.Random(3).shuffle(files)
    half = len(files) // 2
    return _joined(files[:half], chars), _joined(files[half:], chars)


def _joined(files: list[Path], chars: int) -> str:
    parts, total = [], 0
    for path in files:
        parts.append(_LABELS.sub("", path.read_text(encoding="utf-8")))
        total += len(parts[-1])
        if total > chars:
            break
    return "".join(parts)[:chars]


if __name__ == "__main__":
    sys.exit(main())
