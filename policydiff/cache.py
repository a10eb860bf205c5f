"""The folder where policydiff keeps what it can always rebuild, to start faster.

``$POLICYDIFF_CACHE_DIR``, else ``~/.cache/policydiff``. It holds jieba's prefix dictionary
(``tokenize``) and the stamps of rule packs already validated (``rules``). Everything in it is
named by a hash of what it was built from, so a stale file is never read; when the folder
cannot be written, nothing is kept and nothing fails.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def cache_dir() -> Path:
    return Path(os.environ.get("POLICYDIFF_CACHE_DIR") or Path.home() / ".cache" / "policydiff")


def keep(name: str, data: bytes) -> None:
    """Write ``data`` to ``name`` in the cache folder, atomically; silently not when it cannot."""
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".tmp") as out:
            out.write(data)
        os.replace(out.name, folder / name)
    except OSError:
        pass
