"""Regenerate ``outputs/`` from ``corpora/manifest.toml``: the reports kept with the project.

``python -m policydiff.outputs [ROOT]`` (``make outputs``) writes them; the test suite
regenerates them in memory and fails when a committed file differs. Documents are named by
their manifest path, so the reports do not depend on where the checkout lives. For each
document: its outline and its obligations; for each pair: the JSON, Markdown, HTML and DOCX
reports and the 新旧条文对照表 (XLSX, DOCX); for each history: its HTML page, XLSX table and JSON. ``outputs/screenshots/`` holds pictures of reports taken in a browser
(``bench/html_report.py``); they are not regenerated here.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from policydiff.pipeline import extract_document, history_files, outline_path, pair_files
from policydiff.render.extract_csv import render_extract_csv
from policydiff.render.json import render_json
from policydiff.render.outline_text import render_outline_text
from policydiff.report import extract_report, outline_report
from policydiff.rules import load_rules


def load_manifest(root: Path) -> dict:
    with (root / "corpora" / "manifest.toml").open("rb") as handle:
        return tomllib.load(handle)


def generate(root: Path) -> dict[str, bytes]:
    """Every output file, as ``{path relative to outputs/: content}``."""
    rules = load_rules()
    manifest = load_manifest(root)
    files: dict[str, bytes] = {}
    policies = {}
    obligations = {}
    for document in manifest["document"]:
        policies[document["id"]] = policy = outline_path(root / "corpora" / document["path"], rules=rules,
                                                         name=f"corpora/{document['path']}")
        report = outline_report(policy)
        files[f"outline/{document['id']}.json"] = render_json(report).encode("utf-8")
        files[f"outline/{document['id']}.txt"] = render_outline_text(report).encode("utf-8")
        obligations[document["id"]] = extract_document(policy, rules=rules)
        report = extract_report(policy, obligations[document["id"]])
        files[f"extract/{document['id']}.json"] = render_json(report).encode("utf-8")
        files[f"extract/{document['id']}.csv"] = render_extract_csv(report).encode("utf-8")
    for pair in manifest["pair"]:
        _, reports = pair_files(policies[pair["old"]], policies[pair["new"]], rules=rules,
                                extracted=(obligations[pair["old"]], obligations[pair["new"]]))
        files.update((f"pairs/{pair['id']}/{name}", content) for name, content in reports.items())
    for chain in manifest.get("history", []):
        _, reports = history_files([root / "corpora" / path for path in chain["versions"]],
                                   names=[f"corpora/{path}" for path in chain["versions"]])
        files.update((f"histories/{chain['id']}/{name}", content) for name, content in reports.items())
    return files


KEPT = ("screenshots/",)
"""Folders of outputs/ that ``write`` leaves alone: not generated from the corpus here."""


def write(root: Path) -> list[str]:
    """Write the outputs, removing stale ones; returns the paths written."""
    out = root / "outputs"
    files = generate(root)
    for stale in sorted(path for path in out.glob("**/*") if path.is_file()):
        name = stale.relative_to(out).as_posix()
        if name not in files and not name.startswith(KEPT):
            stale.unlink()
    for name, content in sorted(files.items()):
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_bytes() != content:
            target.write_bytes(content)
    return sorted(files)


if __name__ == "__main__":
    written = write(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd())
    print(f"{len(written)} files in outputs/")
