"""The JSON Schemas speak the model's vocabulary: every enum in them is the value set of
one of the model's enums (or of its one other list of names), so that a value added to the
model and not to a schema, or the reverse, fails here."""

from __future__ import annotations

import enum
import inspect
import json
from pathlib import Path

import pytest

from policydiff import model
from policydiff.obligation_diff import FIELDS
from policydiff.schemas import SCHEMA_NAMES

SCHEMAS = Path(model.__file__).parent / "schemas"
VOCABULARY = {
    frozenset(member.value for member in cls): name
    for name, cls in vars(model).items()
    if inspect.isclass(cls) and issubclass(cls, enum.Enum) and cls.__module__ == model.__name__
} | {frozenset(model.GRANULARITIES): "GRANULARITIES", frozenset(FIELDS): "obligation_diff.FIELDS"}


def enums(node, path: str = ""):
    if isinstance(node, dict):
        if "enum" in node:
            yield path, node["enum"]
        for key, value in node.items():
            yield from enums(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from enums(value, f"{path}/{index}")


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_schema_enum_is_a_model_vocabulary(name: str) -> None:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    found = list(enums(schema))
    assert found
    unknown = {path: values for path, values in found if frozenset(values) not in VOCABULARY}
    assert unknown == {}
    assert all(len(values) == len(set(values)) for _, values in found)
