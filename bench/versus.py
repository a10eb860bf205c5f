"""policydiff against the tools a user would reach for instead, in one run.

Run: ``.venv/bin/python bench/versus.py`` (needs the ``redlines`` package). Prints Markdown
tables and writes them to ``bench/results.md``.

Pairs: the seed pair (corpora/notices/air-2020-autumn-winter draft → final) and synthetic
pairs of 50k, 100k and 200k characters per side (``bench/synthetic.make_pair``). Runs:

  * policydiff ``compare_documents`` warm (documents outlined, jieba and spaCy loaded by an
    untimed first comparison), text only and with obligations;
  * the policydiff CLI as a fresh process (``compare OLD NEW --format json -o /dev/null``),
    with obligations and with ``--no-obligations``;
  * diff-match-patch by character: ``Diff_Timeout = 0`` without cleanup (the exact diff), and
    the defaults (``Diff_Timeout = 1.0``) with ``diff_cleanupSemantic``;
  * difflib ``SequenceMatcher(autojunk=False)`` by character, and by line (the hunks of
    ``unified_diff(n=0)``, i.e. ``diff -U0``);
  * redlines as documented, ``Redlines(old, new).output_markdown``;
  * and, apart, policydiff's obligation extraction per 10,000 characters.

The third-party tools get the text a user has, the files as read; policydiff reads the same
files. On the seed pair they also run on policydiff's normalized text, to separate what
normalization removes (the draft's PDF line breaks) from what the diff reports.

Each measurement runs in its own process. Time is the best of up to 5 runs while the runs
stay cheap (one run when a run takes more than a few seconds); a run that has not finished
``BUDGET`` seconds after the process is ready is killed and recorded as "> budget". Memory is
the growth of the process's peak resident set (Linux ``VmHWM``, reset just after the process
read the two texts) over its resident set at that moment: the tool's imports, its loaded data
and its work. For the CLI it is the peak of the CLI process (``ru_maxrss`` from ``wait4``)
less a bare interpreter's own peak. Nothing else should run on the machine meanwhile; the
load average at the start and the end is recorded with the results.
"""

from __future__ import annotations

import json
import os
import platform
import queue
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora" / "notices" / "air-2020-autumn-winter"
COMPANY_LAW = ROOT / "corpora" / "laws" / "company-law" / "2023-12-29.md"
RESULTS = ROOT / "bench" / "results.md"
SIZES = (50_000, 100_000, 200_000)
BUDGET = 120.0
"""Seconds one run may take before it is killed and recorded as "> budget"."""
REPEAT_BUDGET = 5.0
"""Repeat a run (up to ``MAX_RUNS``) only while the runs so far took less than this in all."""
MAX_RUNS = 5


# --- in the measuring process ------------------------------------------------------------


def _status_mb(field: str) -> float:
    """A memory figure of this process from /proc/self/status (Linux), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024  # kB
    raise RuntimeError(f"no {field} in /proc/self/status")


def _reset_peak() -> float:
    """Reset the peak resident set (VmHWM) to the current one and return that, in MB.

    Without the reset, a peak reached while the interpreter started would hide any
    smaller growth; writing 5 to clear_refs is Linux's documented way to reset it.
    """
    Path("/proc/self/clear_refs").write_text("5")
    return _status_mb("VmRSS")


def _best_of(action, *, before=None, max_runs: int = MAX_RUNS):
    """Best time of up to ``max_runs`` runs, repeating only while the total stays small.

    Returns the best time, the number of runs, the result of the fastest run and the hunk
    counts of all runs (they differ when a tool stops at a time limit, as dmp's default does).
    """
    best, total, runs, result, counts = float("inf"), 0.0, 0, None, []
    while runs < max_runs and (runs == 0 or total < REPEAT_BUDGET):
        if before is not None:
            before()
        start = time.perf_counter()
        outcome = action()
        elapsed = time.perf_counter() - start
        if elapsed < best:
            best, result = elapsed, outcome
        total, runs = total + elapsed, runs + 1
        counts.append(outcome[0])
    return best, runs, result, counts


def _nonequal_runs(diffs) -> tuple[int, int]:
    """Hunks (maximal runs of non-equal dmp diffs) and the characters they mark."""
    hunks, inside, chars = 0, False, 0
    for op, text in diffs:
        if op != 0:
            hunks += not inside
            chars += len(text)
        inside = op != 0
    return hunks, chars


def _opcode_hunks(opcodes, old_units, new_units) -> tuple[int, int]:
    """Non-equal opcodes and the characters of the units they cover on both sides."""
    hunks = chars = 0
    for tag, i1, i2, j1, j2 in opcodes:
        if tag != "equal":
            hunks += 1
            chars += sum(map(len, old_units[i1:i2])) + sum(map(len, new_units[j1:j2]))
    return hunks, chars


def _policydiff_warm(old_path: str, new_path: str, *, obligations: bool):
    from policydiff.model import ObligationStatus
    from policydiff.pipeline import compare_documents, read_policy
    from policydiff.reading import clear_cache
    from policydiff.rules import load_rules

    rules = load_rules()
    old, new = read_policy(old_path), read_policy(new_path)
    compare_documents(old, new, rules=rules, obligations=obligations)  # warm-up, untimed

    def run():
        comparison = compare_documents(old, new, rules=rules, obligations=obligations)
        chars = sum(len(c.hunk.old_text) + len(c.hunk.new_text) for c in comparison.changes)
        changed = sum(1 for o in comparison.obligation_changes if o.status != ObligationStatus.UNCHANGED)
        return len(comparison.changes), chars, {"obligation_changes": changed,
                                                "obligations_paired": len(comparison.obligation_changes)}

    # The caches of readings and segments would otherwise remember every sentence from the warm-up.
    return run, clear_cache


def _dmp(old: str, new: str, *, exact: bool):
    from diff_match_patch import diff_match_patch

    def run():
        engine = diff_match_patch()
        if exact:
            engine.Diff_Timeout = 0
        diffs = engine.diff_main(old, new)
        if not exact:
            engine.diff_cleanupSemantic(diffs)
        return (*_nonequal_runs(diffs), {})

    return run, None


def _difflib_chars(old: str, new: str):
    import difflib

    def run():
        opcodes = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
        return (*_opcode_hunks(opcodes, old, new), {})

    return run, None


def _difflib_lines(old: str, new: str):
    import difflib

    def run():
        old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
        opcodes = difflib.SequenceMatcher(None, old_lines, new_lines).get_opcodes()
        return (*_opcode_hunks(opcodes, old_lines, new_lines), {})

    return run, None


def _redlines(old: str, new: str):
    from redlines import Redlines

    def run():
        redline = Redlines(old, new)
        markdown = redline.output_markdown  # what a user renders; built here so that it is timed
        changes = redline.changes
        chars = sum(len(c.source_text or "") + len(c.test_text or "") for c in changes)
        return len(changes), chars, {"markdown_chars": len(markdown)}

    return run, None


def _extract(path: str):
    from policydiff.pipeline import extract_document, read_policy
    from policydiff.reading import clear_cache
    from policydiff.rules import load_rules

    rules = load_rules()
    policy = read_policy(path)
    extract_document(policy, rules=rules)  # warm-up: spaCy pipeline built, jieba loaded

    def run():
        return len(extract_document(policy, rules=rules)), 0, {"chars": len(policy.text.text)}

    return run, clear_cache


def child(measure: str, old_path: str, new_path: str) -> None:
    """Run one measurement and print its result as one JSON line."""
    old, new = Path(old_path).read_text(encoding="utf-8"), Path(new_path).read_text(encoding="utf-8")
    baseline = _reset_peak()
    if measure == "policydiff-text":
        action, before = _policydiff_warm(old_path, new_path, obligations=False)
    elif measure == "policydiff-obligations":
        action, before = _policydiff_warm(old_path, new_path, obligations=True)
    elif measure == "dmp-exact":
        action, before = _dmp(old, new, exact=True)
    elif measure == "dmp-default":
        action, before = _dmp(old, new, exact=False)
    elif measure == "difflib-chars":
        action, before = _difflib_chars(old, new)
    elif measure == "difflib-lines":
        action, before = _difflib_lines(old, new)
    elif measure == "redlines":
        action, before = _redlines(old, new)
    elif measure == "extract":
        action, before = _extract(old_path)
    else:
        raise SystemExit(f"unknown measure {measure!r}")
    print("ready", flush=True)
    seconds, runs, (hunks, chars, extra), counts = _best_of(action, before=before)
    print(json.dumps({"seconds": seconds, "runs": runs, "hunks": hunks, "hunks_range": [min(counts), max(counts)],
                      "changed_chars": chars,
                      "memory_mb": _status_mb("VmHWM") - baseline, **extra}), flush=True)


# --- in the driving process ------------------------------------------------------------


def _busy_seconds() -> float:
    """CPU time all cores have spent busy since boot (/proc/stat; idle and iowait left out)."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, fields)
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


class _OtherLoad:
    """How many cores other processes kept busy, on average, while a measurement ran.

    The machine is shared; this tells a clean figure from one taken beside other work.
    """

    def __init__(self) -> None:
        self.busy, self.own, self.start = _busy_seconds(), time.process_time(), time.perf_counter()

    def cores(self, measured_cpu: float) -> float:
        """Busy CPU time less this process's and the measured processes' (``measured_cpu``), per second."""
        other = _busy_seconds() - self.busy - (time.process_time() - self.own) - measured_cpu
        return max(other, 0.0) / (time.perf_counter() - self.start)


def _cpu(usage) -> float:
    return usage.ru_utime + usage.ru_stime


def measure_in_child(measure: str, old: Path, new: Path) -> dict:
    """Run ``measure`` in a fresh process; kill it when a run outlasts ``BUDGET``."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as errors:
        load = _OtherLoad()
        process = subprocess.Popen([sys.executable, __file__, "--child", measure, str(old), str(new)],
                                   stdout=subprocess.PIPE, stderr=errors, text=True, cwd=ROOT)
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
        try:
            if lines.get(timeout=600).strip() != "ready":
                raise RuntimeError(f"{measure}: unexpected output")
            # Runs repeat only while they stay within REPEAT_BUDGET in all, so a process still
            # busy after BUDGET is in its first run.
            result = json.loads(lines.get(timeout=BUDGET))
        except queue.Empty:
            process.kill()
            result = {"timeout": True}
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0 and not result.get("timeout"):
            errors.seek(0)
            raise RuntimeError(f"{measure} failed:\n{errors.read()}")
        return {**result, "other_load": load.cores(_cpu(usage))}


def _run_process(command: list[str]) -> tuple[float, float, float]:
    """Wall time, peak resident set (MB) and CPU time of one fresh process."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in (0, 1):  # 1 = differences found, as with diff(1)
            errors.seek(0)
            raise RuntimeError(f"{command} exited {process.returncode}: {errors.read().decode()}")
    return elapsed, usage.ru_maxrss / 1024, _cpu(usage)


def measure_cli(old: Path, new: Path, *, obligations: bool, bare_mb: float) -> dict:
    """The CLI in a fresh process each run: best time, largest peak memory."""
    command = [sys.executable, "-m", "policydiff", "compare", str(old), str(new), "--format", "json",
               "-o", "/dev/null"]
    if not obligations:
        command.append("--no-obligations")
    best, total, runs, peak, cpu = float("inf"), 0.0, 0, 0.0, 0.0
    load = _OtherLoad()
    while runs < 3 and (runs == 0 or total < 2 * REPEAT_BUDGET):
        elapsed, memory, used = _run_process(command)
        best, total, runs, peak, cpu = min(best, elapsed), total + elapsed, runs + 1, max(peak, memory), cpu + used
    if peak <= _status_mb("VmRSS"):
        raise RuntimeError("the CLI's peak memory is hidden by the driver's own resident set")
    return {"seconds": best, "runs": runs, "memory_mb": peak - bare_mb, "other_load": load.cores(cpu)}


def _fmt_seconds(result: dict) -> str:
    if result.get("timeout"):
        return f"> {BUDGET:.0f}"
    seconds = result["seconds"]
    return f"{seconds:.3f}" if seconds < 10 else f"{seconds:.1f}"


def _fmt(result: dict, key: str, spec: str = ",") -> str:
    return "—" if result.get("timeout") or key not in result else format(result[key], spec)


def _versions() -> str:
    names = ("policydiff", "jieba", "spacy", "diff-match-patch", "redlines")
    return ", ".join(f"{name} {metadata.version(name)}" for name in names)


def _git_revision() -> str:
    described = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True,
                               check=False)
    return described.stdout.strip() or "unknown"


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def main() -> int:
    sys.path.insert(0, str(ROOT / "bench"))
    from synthetic import make_pair

    from policydiff.pipeline import read_policy

    started, load_start = time.perf_counter(), os.getloadavg()[0]
    # ru_maxrss of a child counts the driver's resident set at the fork, so the bare
    # interpreter reports its own peak; the CLI's peaks are well above the driver's.
    bare = subprocess.run([sys.executable, "-c", "print(open('/proc/self/status').read())"],
                          capture_output=True, text=True, check=True).stdout
    bare_mb = next(int(line.split()[1]) for line in bare.splitlines() if line.startswith("VmHWM:")) / 1024
    # One untimed CLI run, so that "cold" means a new process, not an empty disk cache
    # (jieba's prefix dictionary is cached in ~/.cache/policydiff after the first run ever).
    _run_process([sys.executable, "-m", "policydiff", "compare", str(SEED / "draft.txt"), str(SEED / "final.txt"),
                  "--format", "json", "-o", "/dev/null"])
    rows: list[tuple[str, str, dict]] = []
    measured: dict[tuple[str, str], dict] = {}
    pairs: list[tuple[str, Path, Path, str]] = []
    with tempfile.TemporaryDirectory(prefix="policydiff-versus-") as folder:
        work = Path(folder)
        seed_old, seed_new = SEED / "draft.txt", SEED / "final.txt"
        normalized = []
        for name, path in (("old", seed_old), ("new", seed_new)):
            target = work / f"seed-normalized-{name}.txt"
            target.write_text(read_policy(path).text.text, encoding="utf-8")
            normalized.append(target)
        old_text, new_text = seed_old.read_text(encoding="utf-8"), seed_new.read_text(encoding="utf-8")
        old_normalized, new_normalized = (len(path.read_text(encoding="utf-8")) for path in normalized)
        description = (f"{len(old_text):,} / {len(new_text):,} characters as read "
                       f"({old_normalized:,} / {new_normalized:,} normalized)")
        pairs.append(("seed", seed_old, seed_new, description))
        for size in SIZES:
            old_text, new_text = make_pair(size)
            old_path, new_path = work / f"synthetic-{size}-old.txt", work / f"synthetic-{size}-new.txt"
            old_path.write_text(old_text, encoding="utf-8")
            new_path.write_text(new_text, encoding="utf-8")
            pairs.append((f"{size // 1000}k", old_path, new_path, f"{len(old_text):,} / {len(new_text):,} characters"))

        tools = [
            ("policydiff compare, warm, text only", "policydiff-text"),
            ("policydiff compare, warm, with obligations", "policydiff-obligations"),
            ("policydiff CLI, cold process, --no-obligations", "cli-text"),
            ("policydiff CLI, cold process, with obligations", "cli-obligations"),
            ("diff-match-patch, chars, Diff_Timeout=0, no cleanup", "dmp-exact"),
            ("diff-match-patch, chars, defaults + cleanupSemantic", "dmp-default"),
            ("difflib SequenceMatcher, chars (autojunk=False)", "difflib-chars"),
            ("difflib SequenceMatcher, lines (= diff -U0 hunks)", "difflib-lines"),
            ("redlines Redlines(old, new).output_markdown", "redlines"),
        ]
        for label, old_path, new_path, _ in pairs:
            for name, measure in tools:
                if measure.startswith("cli-"):
                    result = measure_cli(old_path, new_path, obligations=measure == "cli-obligations",
                                         bare_mb=bare_mb)
                    # The report goes to /dev/null; the CLI runs the warm row's pipeline, so its count.
                    warm = measured[label, measure.replace("cli-", "policydiff-")]
                    result.update(hunks=warm["hunks"], changed_chars=warm["changed_chars"])
                else:
                    result = measure_in_child(measure, old_path, new_path)
                measured[label, measure] = result
                rows.append((name, label, result))
                print(f"{label:>5}  {name:<55} {_fmt_seconds(result):>8} s", file=sys.stderr, flush=True)
            if label == "seed":
                for name, measure in tools[4:8]:
                    result = measure_in_child(measure, *normalized)
                    rows.append((f"{name}, on policydiff's normalized text", label, result))
                    print(f"{label:>5}  {name} (normalized) {_fmt_seconds(result):>8} s", file=sys.stderr, flush=True)

        extraction = []
        for name, path in (("seed final (TXT)", seed_new), ("公司法 2023 (Markdown)", COMPANY_LAW)):
            extraction.append((name, measure_in_child("extract", path, path)))

    total = time.perf_counter() - started
    loads = (load_start, os.getloadavg()[0])
    text = render(rows, pairs, extraction, bare_mb=bare_mb, total=total, loads=loads)
    print(text)
    RESULTS.write_text(text, encoding="utf-8")
    return 0


def render(rows, pairs, extraction, *, bare_mb: float, total: float, loads: tuple[float, float]) -> str:
    measured_on = (
        f"Measured by `.venv/bin/python bench/versus.py` on {date.today().isoformat()}: "
        f"machine with {os.cpu_count()} cores ({_cpu_model()}), Python {platform.python_version()}, "
        f"{_versions()}; policydiff at `{_git_revision()}`. The whole run took {total:.0f} s; the 1-minute "
        f"load average was {loads[0]:.2f} at its start and {loads[1]:.2f} at its end.")
    method = (
        f"Seconds: best of *runs* (runs repeat only while cheap); \"> {BUDGET:.0f}\" means the run was "
        f"killed after {BUDGET:.0f} s. Memory: growth of a fresh process's peak resident set (`VmHWM`, reset "
        "after reading the two texts) over its resident set at that reset, i.e. the tool's imports, data and "
        f"work; for the CLI, its peak (`ru_maxrss`) less that of a bare interpreter ({bare_mb:.0f} MB). "
        "Hunks: policydiff's changes (`len(comparison.changes)`; the CLI rows repeat the warm rows' count, since "
        "the CLI runs the same pipeline and its output goes to /dev/null), with the obligations whose "
        "pairing reports them added, removed or changed; diff-match-patch's maximal runs of non-equal diffs; "
        "difflib's and redlines' non-equal opcodes (redlines' `changes`). Changed chars: old plus new "
        "characters inside those hunks. Other load: cores that other processes kept busy, on average, while "
        "the measuring process ran (from /proc/stat); above about 0.2 the row was measured beside other work "
        "on this shared machine and its time is likely inflated.")
    lines = [
        "# policydiff versus the alternatives",
        "",
        measured_on,
        "",
        "The performance targets of issue 12, each with its before and after figures and the profile "
        "behind any target missed, are in `bench/results-performance.md`.",
        "",
        "Pairs (old / new):",
        "",
        *[f"- **{label}**: {description}" for label, _, _, description in pairs],
        "",
        method,
        "",
        "| pair | run | seconds | runs | memory (MB) | hunks | changed chars | other load |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, label, result in rows:
        hunks = _fmt(result, "hunks")
        low, high = result.get("hunks_range", (0, 0))
        if low != high:
            hunks += f" (runs gave {low}–{high})"
        if result.get("obligations_paired"):
            hunks += f" + {result['obligation_changes']} obligations"
        lines.append(f"| {label} | {name} | {_fmt_seconds(result)} | {_fmt(result, 'runs')} | "
                     f"{_fmt(result, 'memory_mb', ',.0f')} | {hunks} | {_fmt(result, 'changed_chars')} | "
                     f"{result['other_load']:.2f} |")
    labels = [label for label, *_ in pairs]
    names = list(dict.fromkeys(name for name, _, _ in rows if not name.endswith("normalized text")))
    lines += ["", "Seconds at a glance:", "", "| run | " + " | ".join(labels) + " |",
              "| --- |" + " ---: |" * len(labels)]
    for name in names:
        cells = [next((_fmt_seconds(r) for n, p, r in rows if n == name and p == label), "") for label in labels]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    columns = ("document", "characters", "seconds", "runs", "per 10,000 characters", "obligations", "memory (MB)",
               "other load")
    lines += ["", "Obligation extraction, warm (`policydiff.pipeline.extract_document` on an outlined document):", "",
              "| " + " | ".join(columns) + " |", "| --- |" + " ---: |" * (len(columns) - 1)]
    for name, result in extraction:
        per_10k = result["seconds"] / result["chars"] * 10_000
        lines.append(f"| {name} | {result['chars']:,} | {result['seconds']:.3f} | {result['runs']} | {per_10k:.3f} | "
                     f"{result['hunks']} | {result['memory_mb']:,.0f} | {result['other_load']:.2f} |")
    _, seed_old, seed_new, _ = pairs[0]
    seed_chars = len(seed_old.read_text(encoding="utf-8")) + len(seed_new.read_text(encoding="utf-8"))
    by_lines = next(r for n, p, r in rows if p == "seed" and n.startswith("difflib SequenceMatcher, lines"))
    whole_lines = (
        "redlines splits text into tokens at whitespace (and ASCII parentheses). Chinese has no spaces, so a "
        "token is a whole line, and each redlines hunk replaces whole lines however small the edit in them; "
        "difflib by lines has the same limit. On the seed pair, whose draft was broken into short lines by PDF "
        f"extraction, difflib by lines marks {by_lines['changed_chars']:,} of its {seed_chars:,} characters "
        "as changed.")
    lines += ["", whole_lines, ""]
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child(*sys.argv[2:])
    else:
        sys.exit(main())
