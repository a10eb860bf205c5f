"""Throughput of ``policydiff batch`` on 200 pairs the size of the seed pair, with 1 and 2 workers.

Run: ``.venv/bin/python bench/batch.py [PAIRS]``. Builds a folder of PAIRS (default 200) notices,
each a draft for comment and an issued version: the seed pair with its region renamed, so that
every pair is a distinct document that pairing must find by title. Each configuration runs in
a fresh process (``--measure``), which times the whole batch (finding and reading the
documents, pairing, comparing with obligations, writing the four reports and both documents'
obligations, the index) and reports the peak resident memory of itself and of its largest
worker. Prints a table.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora" / "notices" / "air-2020-autumn-winter"
REGION = "京津冀及周边地区"


def build_folder(folder: Path, pairs: int) -> None:
    draft = (SEED / "draft.txt").read_text(encoding="utf-8")
    final = (SEED / "final.txt").read_text(encoding="utf-8")
    for n in range(pairs):
        region = f"{REGION}第{n + 1}片区"
        (folder / f"notice-{n:03d}").mkdir(parents=True)
        (folder / f"notice-{n:03d}" / "draft.txt").write_text(draft.replace(REGION, region), encoding="utf-8")
        (folder / f"notice-{n:03d}" / "final.txt").write_text(final.replace(REGION, region), encoding="utf-8")


def measure(jobs: int, folder: str, out: str) -> None:
    """Run one batch in this process and print its figures as JSON."""
    from policydiff.batch import run_batch

    times: dict[str, list[float]] = {}

    def progress(stage, job, result):
        times.setdefault(stage, []).append(time.perf_counter())

    start = time.perf_counter()
    result = run_batch(folder, out, jobs=jobs, progress=progress)
    total = time.perf_counter() - start
    compare = times.get("compare", [])
    read_end = max(times.get("read", [start]))
    print(json.dumps({
        "jobs": jobs,
        "pairs": result.index["summary"]["compared"],
        "seconds": total,
        "read_seconds": read_end - start,
        "compare_seconds": (max(compare) - read_end) if compare else 0.0,
        "self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }))


def main(pairs: int) -> None:
    rows = []
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "in"
        build_folder(folder, pairs)
        for jobs in (1, 2):
            out = Path(temporary) / f"out-{jobs}"
            completed = subprocess.run([sys.executable, __file__, "--measure", str(jobs), str(folder), str(out)],
                                       check=True, capture_output=True, text=True)
            rows.append(json.loads(completed.stdout.strip().splitlines()[-1]))
    base = rows[0]["seconds"]
    print(f"policydiff batch, {pairs} pairs of seed size (9.4k/9.9k characters), obligations and all four reports")
    print("| workers | pairs | total s | pairs/s (total) | read+pair s | compare s | pairs/s (compare) | speed-up "
          "| peak MB main | peak MB largest worker |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        worker = "(in main)" if row["jobs"] == 1 else f"{row['worker_mb']:.0f}"
        print(f"| {row['jobs']} | {row['pairs']} | {row['seconds']:.1f} | {row['pairs'] / row['seconds']:.2f} "
              f"| {row['read_seconds']:.1f} | {row['compare_seconds']:.1f} "
              f"| {row['pairs'] / max(row['compare_seconds'], 1e-9):.2f} | ×{base / row['seconds']:.2f} "
              f"| {row['self_mb']:.0f} | {worker} |")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--measure":
        measure(int(sys.argv[2]), sys.argv[3], sys.argv[4])
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
