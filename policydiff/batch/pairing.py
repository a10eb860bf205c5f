"""Batch pairing: documents found in a folder → the pairs of versions to compare.

In: a ``DocumentInfo`` per readable document (title, date, version marker, text key). Out: a
``BatchPlan``. Versions of one document share their title once wrappers (关于印发《X》的通知
is X) and version markers (征求意见稿, 草案, （2018年修正） …) are removed. Within a title,
files whose texts are (nearly) the same are one version in several formats: the first by
format preference is compared, the others are recorded as duplicates. Versions are ordered
by date where both have one, else by the stage of their marker; a chain of three or more
compares each step and the first with the last. A document with no other version is
extracted only.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from collections.abc import Sequence
from functools import cmp_to_key
from pathlib import PurePosixPath

from rapidfuzz import fuzz

from policydiff import numerals
from policydiff.model import INPUT_SUFFIXES, BatchPlan, DocumentInfo, InputFormat, PairPlan
from policydiff.rules import VersionRules
from policydiff.rules.versions import ISSUED_STAGE
from policydiff.text import comparison_text

SAME_TEXT = 98.0
"""Two files of one title are one version when their keys are this similar (fuzz.ratio): a
PDF rendering loses a comma here and there, a real revision changes far more."""

FORMAT_PREFERENCE = tuple(suffix for fmt in (InputFormat.TXT, InputFormat.MARKDOWN, InputFormat.DOCX, InputFormat.HTML,
                                             InputFormat.PDF) for suffix in INPUT_SUFFIXES[fmt])
"""Which file of one version is compared: the formats that carry the text most faithfully first."""

_FILE_DATE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})[-_.]?([01][0-9])[-_.]?([0-3][0-9])(?![0-9])")
_UNSAFE = re.compile(r"[^0-9A-Za-z_\u3400-\u9fff-]+")
NAME_LIMIT = 48


def version_of(title: str | None, front: str, file_name: str, rules: VersionRules) -> tuple[str, int, str | None]:
    """The title of the work a document is a version of, its stage and its marker's name.

    Example: title 关于印发《X行动方案》的通知 → ``X行动方案``, stage 100; title X with
    （征求意见稿） in the front matter → ``X``, stage 10, ``draft_for_comment``. Versions
    share ``work_key`` of it. Without a title, the file name stands in, dates removed.
    """
    name = title or PurePosixPath(file_name).stem
    for wrapper in rules.wrappers:
        match = wrapper.match(name)
        if match:
            name = match.group("title")
            break
    stage, marker = ISSUED_STAGE, None
    for candidate in rules.markers:
        found = candidate.pattern.search(name) or candidate.pattern.search(front) \
            or candidate.pattern.search(PurePosixPath(file_name).stem)
        if found:
            reading = found.groupdict().get("n")
            stage, marker = candidate.stage + ((numerals.ordinal(reading) or 0) if reading else 0), candidate.name
            break
    for candidate in rules.markers:
        name = candidate.pattern.sub("", name)
    if title is None:
        name = _FILE_DATE.sub("", name)
    return name.strip(" \t_-.·"), stage, marker


def work_key(name: str) -> str:
    """What versions of one work share: its title folded to letters, digits and CJK."""
    return comparison_text(name)


def file_date(file_name: str) -> str | None:
    """A date written in the file name (``2018-10-26.md``, ``notice_20201030.pdf``)."""
    match = _FILE_DATE.search(PurePosixPath(file_name).name)
    return f"{match[1]}-{match[2]}-{match[3]}" if match else None


def plan_batch(documents: Sequence[DocumentInfo]) -> BatchPlan:
    """Group ``documents`` into versions of the same work and list what to compare."""
    by_work: dict[str, list[DocumentInfo]] = {}
    for document in sorted(documents, key=lambda d: d.path):
        by_work.setdefault(work_key(document.work) or f"\0{document.path}", []).append(document)
    pairs: list[PairPlan] = []
    singles: list[tuple[str, str]] = []
    duplicates: list[tuple[str, str]] = []
    for work, group in sorted(by_work.items()):
        versions, repeats = _distinct_versions(group)
        duplicates += repeats
        versions.sort(key=cmp_to_key(_version_order))
        if len(versions) == 1:
            singles.append((safe_id(PurePosixPath(versions[0].path).stem, versions[0].path), versions[0].path))
            continue
        steps = list(itertools.pairwise(versions))
        if len(versions) >= 3:
            steps.append((versions[0], versions[-1]))
        title = versions[-1].work
        pairs += [PairPlan(safe_id(title, old.path, new.path), old.path, new.path, title) for old, new in steps]
    return BatchPlan(tuple(pairs), tuple(singles), tuple(sorted(duplicates)))


def _distinct_versions(group: list[DocumentInfo]) -> tuple[list[DocumentInfo], list[tuple[str, str]]]:
    """The versions of one work, one file each, and the files that repeat one of them."""
    ranked = sorted(group, key=lambda d: (_format_rank(d.path), d.path))
    versions: list[DocumentInfo] = []
    repeats: list[tuple[str, str]] = []
    for document in ranked:
        same = next((v for v in versions if (v.stage, v.date) == (document.stage, document.date)
                     and fuzz.ratio(v.key, document.key, score_cutoff=SAME_TEXT)), None)
        if same is None:
            versions.append(document)
        else:
            repeats.append((document.path, same.path))
    return versions, repeats


def _format_rank(path: str) -> int:
    suffix = PurePosixPath(path).suffix.lower()
    return FORMAT_PREFERENCE.index(suffix) if suffix in FORMAT_PREFERENCE else len(FORMAT_PREFERENCE)


def _version_order(a: DocumentInfo, b: DocumentInfo) -> int:
    """Earlier first: by date when both have one and they differ, else by stage, else by path."""
    if a.date and b.date and a.date != b.date:
        return -1 if a.date < b.date else 1
    if a.stage != b.stage:
        return -1 if a.stage < b.stage else 1
    return -1 if a.path < b.path else (1 if a.path > b.path else 0)


def safe_id(name: str, *salt: str) -> str:
    """A folder name made from ``name`` that no input can turn into a path: letters, digits,
    CJK, ``-`` and ``_`` only, at most ``NAME_LIMIT`` characters, and a hash of ``name`` and
    ``salt`` so that two inputs never share it.

    Example: ``safe_id("../../etc/passwd")`` → ``etc-passwd-`` followed by eight hex digits.
    """
    readable = _UNSAFE.sub("-", unicodedata.normalize("NFKC", name)).strip("-_")[:NAME_LIMIT].strip("-_")
    digest = hashlib.sha256("\0".join((name, *salt)).encode("utf-8")).hexdigest()[:8]
    return f"{readable or 'document'}-{digest}"
