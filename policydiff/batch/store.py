"""The output folder of a batch: atomic writes, and the stamps that let a re-run resume.

A report is written to a temporary file beside its target and renamed over it, so that a
crash leaves the old file or the new one, never half of one. Each finished task writes a
stamp last: a key made of everything its outputs depend on (the inputs' contents, the rule
pack, policydiff's version, the names the inputs are reported under) and its index row. A
re-run whose key matches, with every output present, reuses the row instead of recomputing.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from policydiff import __version__
from policydiff.errors import OutputNotWritable
from policydiff.files import TEMPORARY_SUFFIX, replace_file

STAMP = "stamp.json"


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` whole (``files.replace_file``)."""
    try:
        replace_file(target, data)
    except OSError as error:
        raise OutputNotWritable(
            f"cannot write {target}",
            cause=error.strerror or str(error),
            fix="check that the output folder is writable and has free space",
        ) from None


def remove_leftovers(out: Path) -> int:
    """Delete temporary files an interrupted run left behind; returns how many."""
    leftovers = [path for path in out.rglob(f".*{TEMPORARY_SUFFIX}") if path.is_file()] if out.is_dir() else []
    for path in leftovers:
        path.unlink(missing_ok=True)
    return len(leftovers)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def task_key(rules: str, inputs: Iterable[tuple[str, str]]) -> str:
    """What a task's outputs depend on: the rule pack's fingerprint, policydiff's version, and
    each input's reported name and content hash."""
    material = json.dumps([__version__, rules, sorted(inputs)], ensure_ascii=False)
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def write_stamp(folder: Path, key: str, row: dict[str, Any]) -> None:
    write_atomic(folder / STAMP, json.dumps({"key": key, "row": row}, ensure_ascii=False, indent=1).encode("utf-8"))


def finished_row(folder: Path, key: str, outputs: Iterable[str]) -> dict[str, Any] | None:
    """The index row a previous run recorded in ``folder``, if it had the same key and every
    output is still there; None otherwise."""
    try:
        stamp = json.loads((folder / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(stamp, dict) or stamp.get("key") != key:
        return None
    if not all((folder / name).is_file() for name in outputs):
        return None
    return stamp.get("row")


DOCUMENTS = ".documents"
"""Folder of the output folder that keeps each input outlined and extracted, for the later
tasks of the same batch that need it again; removed when the batch ends."""
_MAC = hashlib.sha256().digest_size


def document_path(out: Path, relative: str, sha256: str, rules: str) -> Path:
    """Where the outline and obligations of input ``relative`` with content ``sha256``, read
    under the rule pack ``rules``, are kept (``task_key`` of that one input)."""
    return out / DOCUMENTS / f"{task_key(rules, [(relative, sha256)])}.pickle"


def save_document(path: Path, record: Any, secret: str) -> None:
    """Keep ``record`` at ``path``, signed with the batch's ``secret``; silently not when the
    folder cannot be written (the next task reads the input again)."""
    data = pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        write_atomic(path, hmac.new(secret.encode(), data, hashlib.sha256).digest() + data)
    except OutputNotWritable:
        pass


def load_document(path: Path, secret: str) -> Any | None:
    """The record kept at ``path`` by a task of this batch, or None: when there is none, when it
    was not signed with this batch's ``secret`` (a pickle runs code as it loads, and the output
    folder may be shared: only what this batch wrote is ever loaded), or it cannot be read."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    mac, data = blob[:_MAC], blob[_MAC:]
    if not hmac.compare_digest(mac, hmac.new(secret.encode(), data, hashlib.sha256).digest()):
        return None
    try:
        return pickle.loads(data)
    except Exception:  # noqa: BLE001 - signed by this run, so only a damaged file lands here: read the input again
        return None
