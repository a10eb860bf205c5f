"""Load and validate the rule packs in ``extractors/``.

Rules are data: TOML lexicons and pattern tables, shipped inside the package as
``policydiff.extractors`` and replaceable with ``--rules DIR``. This package is the one
place that reads them (one module per pack, one shared reader in ``base``); it checks
each file against a JSON Schema and compiles every pattern, so that a bad edit is
reported with its file and key, not as a crash later.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from policydiff.cache import is_cached, keep
from policydiff.errors import InvalidRules
from policydiff.rules.base import read_toml
from policydiff.rules.extraction import ExtractionRules, load_extraction
from policydiff.rules.lexicons import (
    COMPARATORS_SCHEMA,
    GAZETTEER_SCHEMA,
    LEXICON_SCHEMA,
    MODALITY_SCHEMA,
    ActorEntry,
    ComparatorRules,
    Gazetteer,
    LexiconRules,
    ModalityRules,
    compile_comparators,
    compile_gazetteer,
    compile_lexicon,
    compile_modality,
)
from policydiff.rules.structure import STRUCTURE_SCHEMA, GenreRules, StructureRules, compile_structure
from policydiff.rules.tokens import (
    TOKENS_SCHEMA,
    UNITS_SCHEMA,
    USERDICT_FILE,
    DictEntry,
    TokenPattern,
    TokenRules,
    UnitRule,
    UnitRules,
    compile_tokens,
    read_userdict,
)
from policydiff.rules.versions import VERSIONS_SCHEMA, VersionMarker, VersionRules, compile_versions

__all__ = [
    "ActorEntry",
    "ComparatorRules",
    "DictEntry",
    "ExtractionRules",
    "Gazetteer",
    "GenreRules",
    "LexiconRules",
    "ModalityRules",
    "RulePack",
    "StructureRules",
    "TokenPattern",
    "TokenRules",
    "UnitRule",
    "UnitRules",
    "VersionMarker",
    "VersionRules",
    "check_rules",
    "default_rules_dir",
    "load_rules",
    "pack_digest",
]

@dataclass(frozen=True, slots=True)
class RulePack:
    """Every rule policydiff uses, compiled."""

    source: str
    """The directory the pack was read from."""
    digest: str
    """sha256 of every file of the pack (``pack_digest``): what caches of compiled rules,
    spaCy pipelines and batch results are keyed by, so that an edited file is never stale."""
    structure: StructureRules
    units: UnitRules
    tokens: TokenRules
    modality: ModalityRules
    comparators: ComparatorRules
    gazetteer: Gazetteer
    lexicon: LexiconRules
    extraction: ExtractionRules
    versions: VersionRules


def default_rules_dir() -> Path:
    return Path(str(resources.files("policydiff.extractors")))


def load_rules(directory: str | None = None) -> RulePack:
    """Read, validate and compile the pack in ``directory`` (the shipped one when None).

    Compiled once per content: the files are hashed on every call (0.3 ms for the shipped
    pack), so an edited rule takes effect in the same process, in a spaCy pipeline and on a
    Dask worker alike.
    """
    root = Path(directory) if directory else default_rules_dir()
    if not root.is_dir():
        raise InvalidRules(
            f"rule directory {root} does not exist",
            cause="--rules must name a directory holding a rule pack such as structure.toml",
            fix="pass the folder copied from the shipped extractors/ (policydiff rules path prints it)",
        )
    return _compile(str(root), pack_digest(root))


def pack_digest(root: Path) -> str:
    """A hash of every file of the rule pack in ``root`` (names and contents)."""
    digest = hashlib.sha256()
    try:
        for path in sorted(root.iterdir()):
            if path.is_file() and not path.name.startswith((".", "__")):
                digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    except OSError as error:
        raise InvalidRules(
            f"cannot read the rule pack in {root}",
            cause=error.strerror or str(error),
            fix="check that the folder and its files are readable",
        ) from None
    return digest.hexdigest()


@cache
def _compile(directory: str, digest: str) -> RulePack:
    root = Path(directory)
    check = not _validated(digest)

    def toml(name: str, schema: dict[str, Any]) -> dict[str, Any]:
        return read_toml(root / name, schema, check=check)

    structure = compile_structure(toml("structure.toml", STRUCTURE_SCHEMA), root / "structure.toml")
    units = toml("units.toml", UNITS_SCHEMA)
    unit_rules = UnitRules(
        units=tuple(sorted(
            (UnitRule(u["unit"], u["code"] or None, u["dimension"], u.get("as", "")) for u in units["unit"]),
            key=lambda rule: (-len(rule.unit), rule.unit),
        )),
        multipliers=dict(units["multipliers"]),
        per=dict(units.get("per", {})),
        fractions=dict(units["fractions"]),
    )
    unknown = sorted(set(unit_rules.fractions.values()) - {rule.unit for rule in unit_rules.units})
    if unknown:
        raise InvalidRules(
            f"rule file {root / 'units.toml'}: fractions name units that no [[unit]] lists: {', '.join(unknown)}",
            cause="a share (百分之八十) is read in one of the [[unit]] entries, with its code and dimension",
            fix="add a [[unit]] entry for each, or name a unit that is listed",
        )
    tokens = TokenRules(
        patterns=compile_tokens(toml("tokens.toml", TOKENS_SCHEMA), root / "tokens.toml", unit_rules),
        userdict=read_userdict(root / USERDICT_FILE),
    )
    pack = RulePack(
        source=str(root), digest=digest, structure=structure, units=unit_rules, tokens=tokens,
        modality=compile_modality(toml("modality.toml", MODALITY_SCHEMA), root / "modality.toml"),
        comparators=compile_comparators(toml("comparators.toml", COMPARATORS_SCHEMA)),
        gazetteer=compile_gazetteer(toml("gazetteer.toml", GAZETTEER_SCHEMA), root / "gazetteer.toml"),
        lexicon=compile_lexicon(toml("lexicon.toml", LEXICON_SCHEMA), root / "lexicon.toml"),
        extraction=load_extraction(root, check=check),
        versions=compile_versions(toml("versions.toml", VERSIONS_SCHEMA), root / "versions.toml"),
    )
    if check:
        keep(_stamp_name(digest), b"")
    return pack


def _validated(digest: str) -> bool:
    """True when a pack of this content passed every schema check before, under this code."""
    return is_cached(_stamp_name(digest))


def _stamp_name(digest: str) -> str:
    """The stamp of a validated pack: named by its content and by the code that checks it
    (this package's sources, where the schemas are), so that a new schema checks again."""
    code = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        code.update(path.read_bytes())
    return f"rules-{hashlib.sha256((digest + code.hexdigest()).encode()).hexdigest()[:32]}.validated"


def check_rules(directory: str) -> list[str]:
    """Validate the pack in ``directory``; returns the files checked, raises InvalidRules."""
    pack = load_rules(directory)
    return sorted([*(str(path) for path in Path(pack.source).glob("*.toml")), str(Path(pack.source) / USERDICT_FILE)])

