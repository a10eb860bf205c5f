"""Print the tool's figures on the hand-made gold of ``tests/gold`` (changes graded article by
article in three amended laws; the obligations of three regulations).

Run: ``.venv/bin/python bench/gold.py [-v]`` (``-v`` lists every miss). The scoring is
``tests/gold_scoring.py``; ``tests/test_gold.py`` holds the tool to the same figures.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policydiff.pipeline import compare_documents, extract_document, outline_path
from policydiff.rules import load_rules
from tests import gold_scoring


def main() -> int:
    verbose = "-v" in sys.argv
    rules = load_rules()
    print("| changes | gold S/M/E | substantive recall | precision | level accuracy |")
    print("| --- | --- | --- | --- | --- |")
    for gold, old, new in gold_scoring.change_pairs():
        comparison = compare_documents(outline_path(old, rules=rules), outline_path(new, rules=rules), rules=rules,
                                       obligations=False)
        score = gold_scoring.score_changes(gold, comparison)
        counts = [sum(level == name for level in score.gold.values()) for name in ("substantive", "minor", "editorial")]
        print(f"| {gold.stem} | {'/'.join(map(str, counts))} | {score.recall:.3f} | {score.precision:.3f} "
              f"| {score.level_accuracy:.3f} |")
        if verbose:
            for article, want, got in score.misses():
                print(f"    {article}: gold {want}, tool {got}")
    total = gold_scoring.ObligationScore()
    print()
    print("| obligations | gold | tool | recall | precision | field accuracy | actor where named |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for gold, document in gold_scoring.obligation_documents():
        score = gold_scoring.score_obligations(gold, extract_document(outline_path(document, rules=rules), rules=rules))
        total.add(score)
        print(f"| {gold.stem} | {score.gold} | {score.tool} | {score.recall:.3f} | {score.precision:.3f} "
              f"| {score.field_accuracy:.3f} | {score.actor_rate:.3f} |")
        if verbose:
            for line in score.misses:
                print("    missed:", line)
            for line in score.extras:
                print("    extra:", line)
            for line in score.wrong:
                print("    wrong:", line)
    print(f"| all | {total.gold} | {total.tool} | {total.recall:.3f} | {total.precision:.3f} "
          f"| {total.field_accuracy:.3f} | {total.actor_rate:.3f} |")
    print("fields:", dict(total.fields), "of", total.matched)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
