"""Errors (policydiff.errors): each with a code of its own, what happened, the cause and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest


def test_every_error_raised_has_a_code_of_its_own() -> None:
    # Only the CLI's last line of defence (an internal error, a bug) may use the base class.
    import ast

    import policydiff
    from policydiff import errors

    package = Path(policydiff.__file__).parent
    base_raised = []
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)
                    and getattr(node.exc.func, "id", None) == "PolicydiffError"):
                base_raised.append(f"{path.name}:{node.lineno}")
    assert base_raised == []
    classes = [cls for cls in vars(errors).values()
               if isinstance(cls, type) and issubclass(cls, errors.PolicydiffError) and cls is not errors.PolicydiffError]
    codes = [cls.code for cls in classes]
    assert len(codes) == len(set(codes)) and "E000" not in codes


def test_an_error_renders_its_code_what_cause_and_fix(tmp_path) -> None:
    from policydiff.errors import InputEmpty
    from policydiff.ingest import read_input

    path = tmp_path / "notice.txt"
    path.write_bytes(b"")
    with pytest.raises(InputEmpty) as caught:
        read_input(path)
    error = caught.value
    assert error.exit_code == 2 and str(error) == error.what
    lines = error.render().splitlines()
    assert lines[0] == f"error E104 (empty-input): {path}: is empty"
    assert lines[1].startswith("  cause: ") and lines[2].startswith("  fix:   ")
