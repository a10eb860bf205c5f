"""The command line: a thin click group over ``pipeline`` and the renderers.

The only module that prints. Exit codes follow diff(1): 0 no differences (or success),
1 differences, 2 trouble. Every ``PolicydiffError`` is shown as what / cause / fix.
"""

from __future__ import annotations

import atexit
import gc
import importlib
import json
import os
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import click

from policydiff import __version__
from policydiff.errors import BinaryToTerminal, OutputNotWritable, PolicydiffError
from policydiff.files import replace_file
from policydiff.model import GRANULARITIES, input_formats
from policydiff.schemas import SCHEMA_NAMES, load_schema


class ReportedError(click.ClickException):
    """A ``PolicydiffError`` on its way to the terminal: its three-part message, exit 2."""

    exit_code = 2

    def __init__(self, error: PolicydiffError) -> None:
        super().__init__(error.what)
        self.error = error

    def show(self, file=None) -> None:
        click.echo(f"policydiff: {self.error.render()}", err=True)


class PolicydiffGroup(click.Group):
    """Turns library errors into ``ReportedError`` and unexpected ones into a short report."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except PolicydiffError as error:
            raise ReportedError(error) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt):
            raise
        except Exception as error:  # the last line of defence: never print a traceback
            if os.environ.get("POLICYDIFF_DEBUG") == "1":
                raise
            raise ReportedError(PolicydiffError(
                f"internal error: {type(error).__name__}: {error}",
                cause="a bug in policydiff, not in your input",
                fix="run again with POLICYDIFF_DEBUG=1 for the traceback and report it with the input file",
            )) from None


@dataclass(frozen=True, slots=True)
class Settings:
    rules_dir: str | None


@click.group(cls=PolicydiffGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policydiff")
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False), default=None,
              help="Use the rule pack in DIR instead of the shipped extractors/.")
@click.pass_context
def cli(ctx: click.Context, rules_dir: str | None) -> None:
    """Compare versions of Chinese policy and legal documents."""
    ctx.obj = Settings(rules_dir=rules_dir)


@cli.command(help=f"""Print the structure of DOCUMENT: front matter, parts, clauses or articles, trailer.

    DOCUMENT is a {input_formats("or")} file (TXT in any encoding), or '-' for stdin.
    """)
@click.argument("document", type=str)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("-o", "--output", type=str, default="-", show_default=True, help="Write to FILE ('-' for stdout).")
@click.pass_obj
def outline(settings: Settings, document: str, fmt: str, output: str) -> None:
    from policydiff.pipeline import read_policy
    from policydiff.report import outline_report

    report = outline_report(read_policy(document, rules_dir=settings.rules_dir))
    _write(output, _render("outline", fmt, report))


@cli.command()
@click.argument("old", type=str)
@click.argument("new", type=str)
@click.option("--format", "fmt",
              type=click.Choice(["text", "json", "markdown", "html", "docx", "table", "csv", "xlsx"]),
              default="text", show_default=True,
              help="text is coloured on a terminal and plain when piped; html is a self-contained redline "
                   "for a browser; docx is the new version with every difference as a tracked change; "
                   "table is the 新旧条文对照表 as a Word table (old | new | status | notes); "
                   "csv is one row per change, for a spreadsheet; xlsx is the 新旧条文对照表 (old | new "
                   "| status | notes, differences marked), the changes and the obligation changes.")
@click.option("--level", type=click.Choice(["substantive", "minor", "editorial"]), default="editorial",
              show_default=True, help="Report changes at this level and above (html and docx always hold "
                                      "every change, since a redline must be complete; the HTML filters them).")
@click.option("--granularity", type=click.Choice(GRANULARITIES), default="word", show_default=True,
              help="Diff Chinese words (numbers with their units stay whole) or single characters.")
@click.option("--obligations/--no-obligations", default=True, show_default=True,
              help="Extract both versions' quantitative obligations and report how they changed "
                   "(loads the NLP pipeline: about 0.7 s more on a cold start).")
@click.option("--changed-only", is_flag=True,
              help="In the 新旧条文对照表 (table, xlsx), leave out the clauses and articles that did not change.")
@click.option("-o", "--output", type=str, default="-", show_default=True, help="Write to FILE ('-' for stdout).")
@click.pass_obj
def compare(settings: Settings, old: str, new: str, fmt: str, level: str, granularity: str, obligations: bool,
            changed_only: bool, output: str) -> None:
    """Compare two versions of a document: OLD (e.g. the draft) and NEW (the issued text).

    Exit status: 0 when no change is reported at the chosen level, 1 when there are
    changes, 2 on trouble. OLD and NEW may be in different formats (a TXT draft against
    an HTML page).
    """
    from policydiff.pipeline import compare_paths
    from policydiff.report import at_level, compare_report

    redline = fmt in ("html", "docx", "table", "xlsx")
    if fmt in ("docx", "table", "xlsx") and output == "-" and _stdout_is_terminal():
        suffix = "docx" if fmt == "table" else fmt
        raise BinaryToTerminal(
            f"will not write a {suffix.upper()} file to the terminal",
            cause=f"--format {fmt} produces a binary file",
            fix=f"give a file name with -o, e.g. -o changes.{suffix}, or redirect the output",
        )
    comparison = compare_paths(old, new, rules_dir=settings.rules_dir, granularity=granularity,
                               obligations=obligations, redline=redline)
    # A redline shows every change (its page filters them); the exit status follows --level.
    report = compare_report(comparison, min_level="editorial" if redline else level, granularity=granularity,
                            redline=redline)
    differs = any(at_level(change["level"], level) for change in report["changes"])
    options = {"changed_only": True} if changed_only and fmt in ("table", "xlsx") else {}
    _write(output, _render("compare", fmt, report, **options))
    click.get_current_context().exit(1 if differs else 0)


@cli.command(help=f"""Extract the quantitative obligations of DOCUMENT: targets, caps, thresholds, deadlines.

    Each obligation says who owes it, the action, the metric, its quantities (value, unit,
    comparator, range), its deadline or period and how binding it is. DOCUMENT is a
    {input_formats("or")} file, or '-' for stdin. Exit status: 0 on success, 2 on trouble.
    """)
@click.argument("document", type=str)
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "csv"]), default="json", show_default=True,
              help="json: the whole report; jsonl: one obligation per line; csv: one row per quantity (UTF-8 with BOM).")
@click.option("-o", "--output", type=str, default="-", show_default=True, help="Write to FILE ('-' for stdout).")
@click.pass_obj
def extract(settings: Settings, document: str, fmt: str, output: str) -> None:
    from policydiff.pipeline import extract_path
    from policydiff.report import extract_report

    report = extract_report(*extract_path(document, rules_dir=settings.rules_dir))
    _write(output, _render("extract", fmt, report))


@cli.command()
@click.argument("versions", nargs=-1, required=True, type=str)
@click.option("--format", "fmt", type=click.Choice(["html", "xlsx", "json"]), default="html", show_default=True,
              help="html: one page with a column per version; xlsx: the 条文沿革对照表; json: every provision's "
                   "labels, what became of it at each step and the steps at which it changed.")
@click.option("-o", "--output", type=str, default="-", show_default=True, help="Write to FILE ('-' for stdout).")
@click.pass_obj
def history(settings: Settings, versions: tuple[str, ...], fmt: str, output: str) -> None:
    """The history of a document through VERSIONS, oldest first (征求意见稿 → 送审稿 → 正式稿, or
    a law through its amendments): each version compared with the previous one.

    Exit status: 0 when no step changed anything, 1 when one did, 2 on trouble.
    """
    from policydiff.history import history_report
    from policydiff.pipeline import history_paths

    if len(versions) < 2:
        raise click.UsageError("history needs two versions or more, oldest first")
    if fmt == "xlsx" and output == "-" and _stdout_is_terminal():
        raise BinaryToTerminal("will not write a XLSX file to the terminal", cause="--format xlsx produces a binary file",
                               fix="give a file name with -o, e.g. -o history.xlsx, or redirect the output")
    report = history_report(*history_paths(versions, rules_dir=settings.rules_dir))
    _write(output, _render("history", fmt, report))
    click.get_current_context().exit(1 if any(step["summary"]["changes"] for step in report["steps"]) else 0)


@cli.command()
@click.argument("input_dir", metavar="INPUT", type=str)
@click.option("--out", "out_dir", type=str, required=True, help="Folder for the reports and the index.")
@click.option("--manifest", type=str, default=None,
              help="CSV with the columns old,new,id (paths relative to INPUT) instead of pairing automatically.")
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Worker processes (default: the number of cores).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Run on local worker processes or on a dask.distributed cluster.")
@click.option("--scheduler", type=str, default=None,
              help="Address of the Dask scheduler (tcp://host:8786); without it, --engine dask starts a local cluster.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.pass_obj
def batch(settings: Settings, input_dir: str, out_dir: str, manifest: str | None, jobs: int | None, engine: str,
          scheduler: str | None, quiet: bool) -> None:
    """Compare every pair of versions found in INPUT and write the reports and an index to --out.

    Versions of one document are recognised by their title once version markers
    (征求意见稿, 草案, 送审稿, （2018年修正） …) are removed, and ordered by date and marker; a
    chain of three or more compares each step and the first with the last. A document without
    a partner has its obligations extracted. A re-run skips what is already done with the
    same inputs and rules. Exit status: 0 when no pair has a substantive change, 1 when some
    have, 2 when a file failed (the others are still processed; see errors.json).
    """
    from policydiff.batch import run_batch

    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    display = None if quiet else BatchProgress(sys.stderr)
    result = run_batch(input_dir, out_dir, manifest=manifest, jobs=jobs, engine=engine, scheduler=scheduler,
                       rules_dir=settings.rules_dir, progress=display)
    summary = result.index["summary"]
    if display is not None:
        display.finish()
    if not quiet:
        click.echo(f"{summary['compared']} of {summary['pairs']} pairs compared "
                   f"({summary['with_substantive_changes']} with substantive changes), "
                   f"{summary['documents_without_partner']} documents without a partner, "
                   f"{summary['failed_files']} files failed; {result.skipped} tasks already done were skipped. "
                   f"Index: {Path(out_dir) / 'index.html'}", err=True)
    for error in result.index["errors"]:
        click.echo(f"policydiff: {error['file']}: error {error['code']} ({error['slug']}): {error['message']}",
                   err=True)
    click.get_current_context().exit(result.exit_code)


class BatchProgress:
    """Progress on stderr: a bar that redraws itself on a terminal, a line per task when piped."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.live = stream.isatty()
        self.counts: dict[str, list[int]] = {}
        self.started: dict[str, float] = {}
        self.last = time.monotonic()

    def __call__(self, stage: str, job, result: dict) -> None:
        now = time.monotonic()
        if stage not in self.counts:
            if self.live and self.counts:
                self.stream.write("\n")
            self.started[stage] = self.last  # a stage starts when the one before it ends
        self.last = now
        done = self.counts.setdefault(stage, [0, 0])
        done[0] += 1
        done[1] += "error" in result
        rate = done[0] / max(now - self.started[stage], 1e-6)
        if self.live:
            self.stream.write(f"\r{stage:8} {done[0]:5} done · {done[1]} failed · {rate:5.1f}/s ")
        else:
            status = f"failed {result['error']['code']}" if "error" in result else "ok"
            name = job.folder or job.paths[0]
            self.stream.write(f"{stage} {done[0]} {status} {name} ({rate:.1f}/s)\n")
        self.stream.flush()

    def finish(self) -> None:
        if self.live and self.counts:
            self.stream.write("\n")
            self.stream.flush()


@cli.command()
@click.argument("name", type=click.Choice(SCHEMA_NAMES))
def schema(name: str) -> None:
    """Print the JSON Schema of an output (outline, compare, extract)."""
    click.echo(json.dumps(load_schema(name), ensure_ascii=False, indent=2))


@cli.group()
def rules() -> None:
    """Inspect and validate rule packs."""


@rules.command("check")
@click.argument("directory", type=str)
def rules_check(directory: str) -> None:
    """Validate the rule pack in DIRECTORY (exit 0 when valid, 2 with the first problem)."""
    from policydiff.rules import check_rules

    for path in check_rules(directory):
        click.echo(f"ok  {path}")


@rules.command("path")
def rules_path() -> None:
    """Print the directory of the shipped rule pack (copy it to edit your own)."""
    from policydiff.rules import default_rules_dir

    click.echo(str(default_rules_dir()))


# The renderer of each command and format, as "module:function", imported only when used.
RENDERERS = {
    ("outline", "text"): "policydiff.render.outline_text:render_outline_text",
    ("outline", "json"): "policydiff.render.json:render_json",
    ("compare", "text"): "policydiff.render.compare_text:render_compare_text",
    ("compare", "json"): "policydiff.render.json:render_json",
    ("compare", "markdown"): "policydiff.render.compare_markdown:render_compare_markdown",
    ("compare", "html"): "policydiff.render.compare_html:render_compare_html",
    ("compare", "docx"): "policydiff.render.compare_docx:render_compare_docx",
    ("compare", "csv"): "policydiff.render.compare_csv:render_compare_csv",
    ("compare", "xlsx"): "policydiff.render.compare_xlsx:render_compare_xlsx",
    ("compare", "table"): "policydiff.render.compare_table_docx:render_compare_table_docx",
    ("history", "html"): "policydiff.render.history_html:render_history_html",
    ("history", "xlsx"): "policydiff.render.compare_xlsx:render_history_xlsx",
    ("history", "json"): "policydiff.render.json:render_json",
    ("extract", "json"): "policydiff.render.json:render_json",
    ("extract", "jsonl"): "policydiff.render.extract_jsonl:render_extract_jsonl",
    ("extract", "csv"): "policydiff.render.extract_csv:render_extract_csv",
}


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def _render(command: str, fmt: str, report: dict, **options: object) -> str | bytes:
    module, function = RENDERERS[(command, fmt)].split(":")
    return getattr(importlib.import_module(module), function)(report, **options)


def _write(output: str, content: str | bytes) -> None:
    """Write ``content`` (text, or the bytes of a binary format) to stdout or, atomically,
    to the file ``output``."""
    if output == "-":
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()
        else:
            click.echo(content, nl=False)
        return
    data = content if isinstance(content, bytes) else click.unstyle(content).encode("utf-8")
    target = Path(output)
    if target.is_dir():
        raise OutputNotWritable(
            f"cannot write the report to {output}: it is a directory",
            cause="-o takes a file name",
            fix=f"give a file inside it, e.g. -o {target / 'report.txt'}",
        )
    try:
        replace_file(target, data, make_folder=False)  # the mode a plain open() gives: colleagues can read it
    except OSError as error:
        raise OutputNotWritable(
            f"cannot write the report to {output}",
            cause=error.strerror or str(error),
            fix="check that the folder exists and is writable",
        ) from None


GC_THRESHOLD = (100_000, 50, 100)
"""The cyclic collector's thresholds for a command: it builds hundreds of thousands of objects
that live until it exits (jieba's dictionary, spaCy's tables, the reading of every paragraph)
and makes almost no cyclic garbage; at Python's default (700, 10, 10) the collector scans them
again and again, 60–70 ms of a cold ``compare`` of the seed pair."""


def main() -> None:
    gc.set_threshold(*GC_THRESHOLD)
    try:
        cli(prog_name="policydiff")
    except SystemExit as done:
        if isinstance(done.code, int | None) and threading.active_count() == 1:
            _exit_now(done.code or 0)
        raise


def _exit_now(status: int) -> None:
    """End the process once the command is done, without tearing the interpreter down.

    Freeing what a command built (jieba's dictionary of 500,000 words, spaCy's tables, every
    reading) one object at a time took 0.2 s of a cold ``compare`` of the seed pair, for memory
    the operating system takes back at once. What an exit must still do is done first: the exit
    handlers (``atexit``: temporary folders, logging) and flushing the two output streams. Only
    when no other thread runs (a batch's Dask client does); when a stream cannot be flushed (a
    closed pipe), the normal exit reports it.
    """
    atexit._run_exitfuncs()  # the handlers a normal exit runs
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # None when the stream was closed before the start (>&-)
                stream.flush()
    except (OSError, ValueError):
        return
    os._exit(status)


if __name__ == "__main__":
    sys.exit(main())
