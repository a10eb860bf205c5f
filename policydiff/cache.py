"""The folder where policydiff keeps what it can always rebuild, to start faster.

``$POLICYDIFF_CACHE_DIR``, else ``~/.cache/policydiff``. It holds jieba's prefix dictionary
(``tokenize``) and the stamps of rule packs already validated (``rules``). Everything in it is
named by a hash of what it was built from, so a stale file is never read; when the folder
cannot be found, read or written, nothing is kept and nothing fails.
"""

from __future__ import annotations

import os
from pathlib import Path

from policydiff.files import replace_file


def cache_dir() -> Path | None:
    """The folder, or None when there is none to use (no home directory and no variable)."""
    try:
        return Path(os.environ.get("POLICYDIFF_CACHE_DIR") or Path.home() / ".cache" / "policydiff")
    except RuntimeError:  # Path.home() with neither $HOME nor a passwd entry
        return None


def read_cached(name: str) -> bytes | None:
    """The content kept under ``name``, or None."""
    folder = cache_dir()
    try:
        return (folder / name).read_bytes() if folder is not None else None
    except OSError:
        return None


def is_cached(name: str) -> bool:
    folder = cache_dir()
    try:
        return folder is not None and (folder / name).is_file()
    except OSError:
        return False


def keep(name: str, data: bytes) -> None:
    """Write ``data`` under ``name``, atomically; silently not when it cannot."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        replace_file(folder / name, data)
    except OSError:
        pass
