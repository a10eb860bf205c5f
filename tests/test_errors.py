"""Errors (policydiff.errors): each with a code of its own, what happened, the cause and the fix."""

from __future__ import annotations

from pathlib import Path


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
