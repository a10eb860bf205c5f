"""``policydiff batch``: every pair of versions in a folder, compared, with an index.

``run_batch`` finds the documents under the input folder (or takes the pairs of a CSV
manifest), reads and outlines each to pair the versions (``pairing``), then compares each
pair and extracts each document without a partner (``tasks``) on an engine (``engines``),
skipping what a previous run finished with the same inputs and rules (``store``). It ends
by writing ``index.json``, ``index.csv``, ``index.html`` and ``errors.json`` (``index``).

Output layout under ``--out``: ``pairs/<id>/`` (compare.json, .md, .html, .docx, and both
documents' obligations), ``documents/<id>/`` (obligations.json, .csv), the index files, and
``.documents/`` while it runs (each input outlined and extracted once, for every task that needs
it, signed with the run's key: ``store``).
Every name under it is derived by ``pairing.safe_id``: no input can write outside it.
"""

from __future__ import annotations

import csv
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from policydiff.batch.engines import make_engine
from policydiff.batch.index import (
    index_data,
    render_errors_json,
    render_index_csv,
    render_index_html,
    render_index_json,
)
from policydiff.batch.pairing import plan_batch, safe_id
from policydiff.batch.store import DOCUMENTS, file_sha256, finished_row, remove_leftovers, task_key, write_atomic
from policydiff.batch.tasks import PAIR_OUTPUTS, SINGLE_OUTPUTS, Job
from policydiff.errors import InputNotFolder, InputNotFound, InvalidManifest
from policydiff.model import INPUT_SUFFIXES, BatchPlan, DocumentInfo, PairPlan
from policydiff.rules import load_rules

SUFFIXES = frozenset(suffix for suffixes in INPUT_SUFFIXES.values() for suffix in suffixes)
INDEX_FILES = ("index.json", "index.csv", "index.html", "errors.json")

Progress = Callable[[str, Job, dict[str, Any]], None]
"""Called as each task ends: (stage ``read``/``compare``/``extract``, the job, its result)."""


@dataclass
class BatchResult:
    index: dict[str, Any]
    skipped: int = 0
    """Tasks a previous run had finished with the same inputs and rules."""
    ran: list[str] = field(default_factory=list)
    """Folders of the tasks run this time."""

    @property
    def exit_code(self) -> int:
        """2 when a file failed, 1 when a pair has substantive changes, 0 otherwise."""
        if self.index["errors"]:
            return 2
        return 1 if self.index["summary"]["with_substantive_changes"] else 0


def run_batch(input_dir: str, out_dir: str, *, manifest: str | None = None, jobs: int | None = None,
              engine: str = "local", scheduler: str | None = None, rules_dir: str | None = None,
              progress: Progress | None = None) -> BatchResult:
    source, out = _input_folder(input_dir), Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    remove_leftovers(out)
    rules = load_rules(rules_dir)
    fingerprint = rules.digest
    notify = progress or (lambda stage, job, result: None)
    runner = make_engine(engine, jobs, scheduler, rules_dir)
    secret = secrets.token_hex(16)  # signs the inputs this run keeps outlined (store.save_document)
    errors: list[dict[str, str]] = []
    try:
        if manifest is not None:
            plan = _manifest_plan(Path(manifest), source)
        else:
            infos = []
            describe = [Job("describe", (path,), str(source), str(out), "", rules_dir, "", secret=secret)
                        for path in _discover(source, out)]
            for job, result in runner.run(describe):
                notify("read", job, result)
                if "error" in result:
                    errors.append(result["error"])
                else:
                    infos.append(DocumentInfo(**result["document"]))
            plan = plan_batch(infos)
        result = _run_plan(plan, source, out, runner, rules_dir, fingerprint, notify, errors, secret)
    finally:
        runner.close()
        shutil.rmtree(out / DOCUMENTS, ignore_errors=True)  # signed with this run's key: of no use after it
    for name, render in zip(INDEX_FILES, (render_index_json, render_index_csv, render_index_html, render_errors_json)):
        write_atomic(out / name, render(result.index).encode("utf-8"))
    return result


def _input_folder(input_dir: str) -> Path:
    path = Path(input_dir)
    if not path.exists():
        raise InputNotFound(f"input folder {input_dir} does not exist", cause="policydiff batch reads a folder",
                            fix="give the folder holding the documents")
    if not path.is_dir():
        raise InputNotFolder(f"{input_dir} is a file, not a folder",
                               cause="policydiff batch compares every pair of versions in a folder",
                               fix="give the folder, or compare two files with policydiff compare OLD NEW")
    return path.resolve()


def _discover(source: Path, out: Path) -> list[str]:
    """Supported files under ``source``, relative paths. Left out: hidden folders, the output
    folder, and the debris of editors and file systems (``~$x.docx`` Word lock files,
    ``._x.docx`` macOS resource forks), which carry a document's suffix but are not documents."""
    found = []
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if any(part.startswith(".") for part in relative.parts[:-1]) or path.suffix.lower() not in SUFFIXES:
            continue
        if path.name.startswith(("~$", "._")):
            continue
        if out == path or out in path.parents or not path.is_file():
            continue
        found.append(relative.as_posix())
    return found


def _manifest_plan(manifest: Path, source: Path) -> BatchPlan:
    """Pairs from a CSV with the columns old, new and id (paths relative to the input folder)."""
    try:
        with manifest.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise InvalidManifest(f"cannot read the manifest {manifest}", cause=str(error),
                              fix="give a UTF-8 CSV file with the columns old,new,id") from None
    pairs: list[PairPlan] = []
    for number, row in enumerate(rows, start=2):
        old, new = (row.get("old") or "").strip(), (row.get("new") or "").strip()
        if not old or not new:
            raise InvalidManifest(f"manifest {manifest}, line {number}: old or new is empty",
                                  cause="each row names two files to compare",
                                  fix="fill in both columns (paths relative to the input folder) or delete the row")
        for path in (old, new):
            inside = (source / path).resolve()
            if source != inside and source not in inside.parents:
                raise InvalidManifest(f"manifest {manifest}, line {number}: {path} is outside the input folder",
                                      cause="a batch reads only the folder it is given",
                                      fix="give paths relative to the input folder, without ../")
        name = (row.get("id") or "").strip() or PurePosixPath(new).stem
        pairs.append(PairPlan(safe_id(name, old, new), old, new, name))
    return BatchPlan(pairs=tuple(pairs), singles=(), duplicates=())


def _run_plan(plan: BatchPlan, source: Path, out: Path, runner, rules_dir: str | None, fingerprint: str,
              notify: Progress, errors: list[dict[str, str]], secret: str) -> BatchResult:
    jobs: list[Job] = []
    rows: dict[str, dict[str, Any]] = {}
    result = BatchResult(index={})
    shas: dict[str, str] = {}

    def sha(path: str) -> str:
        if path not in shas:
            try:
                shas[path] = file_sha256(source / path)
            except OSError:
                shas[path] = ""  # the task reads it and reports why it cannot
        return shas[path]

    wanted = [("pair", f"pairs/{p.id}", (p.old, p.new), p.work, PAIR_OUTPUTS) for p in plan.pairs]
    wanted += [("single", f"documents/{i}", (path,), "", SINGLE_OUTPUTS) for i, path in plan.singles]
    for kind, folder, paths, work, outputs in wanted:
        key = task_key(fingerprint, [(path, sha(path)) for path in paths])
        previous = finished_row(out / folder, key, outputs)
        if previous is not None:
            rows[folder] = previous
            result.skipped += 1
        else:
            jobs.append(Job(kind, paths, str(source), str(out), folder, rules_dir, key, work, secret))
    for job, outcome in runner.run(jobs):
        notify("compare" if job.kind == "pair" else "extract", job, outcome)
        result.ran.append(job.folder)
        if "error" in outcome:
            errors.append(outcome["error"])
            rows[job.folder] = _failed_row(job, outcome["error"])
        else:
            rows[job.folder] = outcome["row"]
    pairs = [row for folder, row in rows.items() if folder.startswith("pairs/")]
    documents = [row for folder, row in rows.items() if folder.startswith("documents/")]
    result.index = index_data(pairs, documents, list(plan.duplicates), _unique(errors))
    return result


def _failed_row(job: Job, error: dict[str, str]) -> dict[str, Any]:
    identifier = PurePosixPath(job.folder).name
    if job.kind == "pair":
        return {"id": identifier, "work": job.work, "old": {"source": job.paths[0]}, "new": {"source": job.paths[1]},
                "status": "failed", "error": {"code": error["code"], "file": error["file"], "message": error["message"]}}
    return {"id": identifier, "document": {"source": job.paths[0]}, "status": "failed",
            "error": {"code": error["code"], "file": error["file"], "message": error["message"]}}


def _unique(errors: list[dict[str, str]]) -> list[dict[str, str]]:
    """One record per failing file (a file in two pairs fails twice)."""
    seen: dict[tuple[str, str], dict[str, str]] = {}
    for error in errors:
        seen.setdefault((error["file"], error["code"]), error)
    return list(seen.values())
