"""The command line: exact exit codes, errors as what/cause/fix, JSON valid against the schema."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import jsonschema
import pytest
from click.testing import CliRunner

from policydiff.cli import cli
from policydiff.schemas import load_schema

from .builders import copy_pack
from .conftest import CORPORA

SEED = CORPORA / "notices" / "air-2020-autumn-winter"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_outline_json_validates_and_lists_22_clauses() -> None:
    code, out, _ = run("outline", str(SEED / "final.txt"), "--format", "json")
    assert code == 0
    report = json.loads(out)
    jsonschema.validate(report, load_schema("outline"))
    assert [c["label"] for c in report["clauses"]][:3] == ["（一）", "（二）", "（三）"]
    assert len(report["clauses"]) == 22
    assert report["clauses"][13]["title"] == "落实产业结构调整要求"
    assert report["clauses"][13]["path"] == ["三、", "（十四）"]
    assert report["trailer"]["paragraphs"][-1]["text"] == "生态环境部办公厅2020年10月30日印发"


def test_outline_text_shows_the_tree() -> None:
    code, out, _ = run("outline", str(SEED / "draft.txt"))
    assert code == 0
    assert "一、 总体要求" in out
    assert "  （十四） 落实产业结构调整要求" in out
    assert "FRONT MATTER" in out and "22 clauses" in out


def test_outline_writes_to_a_file(tmp_path) -> None:
    target = tmp_path / "outline.json"
    code, out, _ = run("outline", str(SEED / "draft.txt"), "--format", "json", "-o", str(target))
    assert code == 0 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["document"]["genre"] == "notice"
    assert [p.name for p in tmp_path.iterdir()] == ["outline.json"]


def test_outline_reads_stdin() -> None:
    data = (SEED / "draft.txt").read_bytes()
    result = CliRunner().invoke(cli, ["outline", "-", "--format", "json"], input=data)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["document"]["source"] == "-"


CONTENTS = {"empty": b"", "whitespace": " \n\t\u3000\n".encode(), "binary": bytes(range(256)) * 8}


def make_input(kind: str, directory):
    if kind == "missing":
        return directory / "missing.txt"
    if kind == "directory":
        return directory
    path = directory / f"{kind}.txt"
    path.write_bytes(CONTENTS[kind])
    return path


@pytest.mark.parametrize(
    ("kind", "code_name"),
    [("missing", "E101"), ("directory", "E102"), ("empty", "E104"), ("whitespace", "E104"), ("binary", "E106")],
)
def test_bad_input_exits_2_with_what_cause_fix(tmp_path, kind: str, code_name: str) -> None:
    code, out, err = run("outline", str(make_input(kind, tmp_path)))
    assert code == 2
    assert out == ""
    assert f"error {code_name}" in err
    assert "cause:" in err and "fix:" in err
    assert "Traceback" not in err


def test_output_into_a_directory_is_a_clear_error(tmp_path) -> None:
    code, _, err = run("outline", str(SEED / "draft.txt"), "-o", str(tmp_path))
    assert code == 2 and "error E301 (output-not-writable)" in err and "is a directory" in err


@pytest.mark.parametrize(("args", "code_name"), [
    (lambda d: ["batch", str(SEED / "draft.txt"), "--out", str(d / "out")], "E110 (not-a-folder)"),
    (lambda d: ["batch", str(SEED), "--manifest", str(d / "missing.csv"), "--out", str(d / "out")],
     "E202 (invalid-manifest)"),
])
def test_batch_errors_have_their_own_codes(tmp_path, args, code_name: str) -> None:
    code, _, err = run(*args(tmp_path))
    assert code == 2 and f"error {code_name}" in err


def test_unknown_option_is_usage_error() -> None:
    code, _, err = run("outline", "--no-such-option")
    assert code == 2 and "No such option" in err


def test_schema_command_prints_the_outline_schema() -> None:
    code, out, _ = run("schema", "outline")
    assert code == 0 and json.loads(out) == load_schema("outline")


def test_rules_check_accepts_the_shipped_pack_and_rejects_a_broken_one(tmp_path) -> None:
    code, out, _ = run("rules", "path")
    shipped = out.strip()
    assert run("rules", "check", shipped)[0] == 0
    broken = copy_pack(tmp_path)
    text = (broken / "structure.toml").read_text(encoding="utf-8")
    (broken / "structure.toml").write_text(text.replace("cn_paren = '（(?P<num>", "cn_paren = '（(?P<num"), encoding="utf-8")
    code, _, err = run("rules", "check", str(broken))
    assert code == 2 and "E201" in err and "styles.cn_paren" in err


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run([sys.executable, "-m", "policydiff", "--version"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "policydiff" in result.stdout


def test_rules_option_swaps_in_an_edited_pack(tmp_path) -> None:
    pack = copy_pack(tmp_path)
    text = (pack / "structure.toml").read_text(encoding="utf-8")
    # An analyst's edit: in this pack the units of a 公文 are its parts, not its clauses.
    edited = text.replace('clause_kinds = ["clause", "part"]', 'clause_kinds = ["part"]')
    assert edited != text
    (pack / "structure.toml").write_text(edited, encoding="utf-8")
    code, out, _ = run("--rules", str(pack), "outline", str(SEED / "final.txt"), "--format", "json")
    assert code == 0
    assert [c["label"] for c in json.loads(out)["clauses"]] == ["一、", "二、", "三、", "四、"]


def test_rules_option_with_a_missing_directory_is_an_error(tmp_path) -> None:
    code, _, err = run("--rules", str(tmp_path / "nowhere"), "outline", str(SEED / "final.txt"))
    assert code == 2 and "E201" in err and "fix:" in err


def test_compare_json_validates_and_exits_1_on_differences() -> None:
    code, out, _ = run("compare", str(SEED / "draft.txt"), str(SEED / "final.txt"), "--format", "json")
    assert code == 1
    report = json.loads(out)
    jsonschema.validate(report, load_schema("compare"))
    assert report["summary"]["clauses"]["by_status"] == {"matched": 22}
    assert report["summary"]["by_level"]["substantive"] > 30
    assert [c["id"] for c in report["changes"]] == [f"c{i:03d}" for i in range(1, len(report["changes"]) + 1)]


def test_compare_identical_documents_exits_0() -> None:
    code, out, _ = run("compare", str(SEED / "final.txt"), str(SEED / "final.txt"), "--format", "json")
    assert code == 0
    assert json.loads(out)["changes"] == []


def test_compare_across_formats_matches_every_clause() -> None:
    code, out, _ = run("compare", str(SEED / "draft.txt"), str(SEED / "final.html"), "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert report["new"]["format"] == "html"
    assert report["summary"]["clauses"]["by_status"] == {"matched": 22}


def test_compare_level_filter_keeps_only_substantive() -> None:
    code, out, _ = run("compare", str(SEED / "draft.txt"), str(SEED / "final.txt"), "--format", "json",
                       "--level", "substantive")
    report = json.loads(out)
    assert code == 1 and report["changes"]
    assert {c["level"] for c in report["changes"]} == {"substantive"}
    assert report["summary"]["changes"] > len(report["changes"])


def test_compare_char_granularity_reports_characters() -> None:
    code, out, _ = run("compare", str(SEED / "draft.txt"), str(SEED / "final.txt"), "--format", "json",
                       "--granularity", "char")
    report = json.loads(out)
    assert code == 1 and report["settings"]["granularity"] == "char"
    jsonschema.validate(report, load_schema("compare"))


def test_compare_markdown_lists_substantive_changes() -> None:
    code, out, _ = run("compare", str(SEED / "draft.txt"), str(SEED / "final.txt"), "--format", "markdown")
    assert code == 1
    assert out.startswith("# 版本比较：")
    assert "## 实质性变更" in out and "（十四）" in out


def test_compare_text_is_plain_when_written_to_a_file(tmp_path) -> None:
    target = tmp_path / "report.txt"
    code, out, _ = run("compare", str(SEED / "draft.txt"), str(SEED / "final.txt"), "-o", str(target))
    text = target.read_text(encoding="utf-8")
    assert code == 1 and out == ""
    assert "\x1b[" not in text and "substantive" in text


def test_compare_bad_input_exits_2(tmp_path) -> None:
    code, out, err = run("compare", str(SEED / "draft.txt"), str(tmp_path / "missing.txt"))
    assert code == 2 and out == "" and "E101" in err


def test_compare_without_obligations_reports_text_changes_only() -> None:
    code, out, _ = run("compare", str(SEED / "draft.txt"), str(SEED / "final.txt"), "--format", "json",
                       "--no-obligations")
    report = json.loads(out)
    assert code == 1 and report["changes"]
    assert report["obligation_changes"] == []
    assert set(report["summary"]["obligation_changes"].values()) == {0}
    jsonschema.validate(report, load_schema("compare"))


def test_every_format_offered_has_a_renderer() -> None:
    from policydiff.cli import RENDERERS

    offered = {(name, fmt) for name, command in cli.commands.items() for param in command.params
               if param.name == "fmt" for fmt in param.type.choices}
    assert offered == set(RENDERERS)
    for target in RENDERERS.values():
        module, function = target.split(":")
        assert callable(getattr(importlib.import_module(module), function))


def test_compare_html_report_to_a_file(tmp_path) -> None:
    target = tmp_path / "report.html"
    code, out, _ = run("compare", str(SEED / "draft.txt"), str(SEED / "final.txt"), "--format", "html",
                       "--no-obligations", "--level", "substantive", "-o", str(target))
    html = target.read_text(encoding="utf-8")
    assert code == 1 and out == ""
    assert html.lstrip().lower().startswith("<!doctype html>")
    # --level sets the exit status; the redline still holds every change, minor and editorial too
    assert 'data-level="editorial"' in html and 'data-level="minor"' in html


def test_compare_docx_to_a_file_and_to_a_pipe(tmp_path) -> None:
    import zipfile

    target = tmp_path / "report.docx"
    code, out, _ = run("compare", str(SEED / "draft.txt"), str(SEED / "final.txt"), "--format", "docx",
                       "--no-obligations", "-o", str(target))
    assert code == 1 and out == ""
    with zipfile.ZipFile(target) as package:
        assert "<w:ins " in package.read("word/document.xml").decode("utf-8")
    result = CliRunner().invoke(cli, ["compare", str(SEED / "draft.txt"), str(SEED / "final.txt"), "--format",
                                      "docx", "--no-obligations"])
    assert result.exit_code == 1 and result.stdout_bytes == target.read_bytes()


def test_compare_docx_refuses_a_terminal(monkeypatch) -> None:
    monkeypatch.setattr("policydiff.cli._stdout_is_terminal", lambda: True)
    code, _, err = run("compare", str(SEED / "draft.txt"), str(SEED / "final.txt"), "--format", "docx")
    assert code == 2
    assert "will not write a DOCX file to the terminal" in err and "-o" in err


def test_a_finished_command_still_runs_the_exit_handlers_and_delivers_its_output(tmp_path) -> None:
    """main() ends the process without tearing the interpreter down (cli._exit_now): the
    handlers registered with atexit still run, after the report, and the exit status is the
    command's."""
    script = (
        "import atexit, sys\n"
        "from policydiff.cli import main\n"
        "atexit.register(lambda: print('handler ran', file=sys.stderr))\n"
        f"sys.argv = ['policydiff', 'compare', {str(SEED / 'draft.txt')!r}, {str(SEED / 'final.txt')!r},"
        " '--format', 'json']\n"
        "main()\n"
        "print('not reached')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1  # substantive changes found
    assert json.loads(done.stdout)["summary"]["by_level"]["substantive"] > 0
    assert done.stderr.strip().endswith("handler ran") and "not reached" not in done.stdout


def test_a_closed_output_stream_ends_the_command_without_a_traceback(tmp_path) -> None:
    # Started with stdout (or stderr) closed (>&-), Python gives the stream as None: the report
    # still goes to -o, and the status is the command's.
    out = tmp_path / "report.json"
    for closed in (">&-", "2>&-"):
        command = (f'"{sys.executable}" -m policydiff compare "{SEED / "draft.txt"}" "{SEED / "final.txt"}" '
                   f'--format json -o "{out}" {closed}')
        done = subprocess.run(["sh", "-c", command], capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 1 and "Traceback" not in done.stderr + done.stdout, (closed, done.stderr)
        assert json.loads(out.read_text(encoding="utf-8"))["summary"]["by_level"]["substantive"] > 0
        out.unlink()
