"""Writing a file whole: through a temporary file beside it, renamed over it.

A crash leaves the old file or the new one, never half of one; two writers of the same file
(threads of a Dask worker, processes on shared storage) each use a temporary name no other
uses, and the last rename wins, whole. A new file gets the mode a plain ``open()`` would give it
(0666 less the umask), so that colleagues on a shared server can read the reports; a file
replaced keeps its own.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

TEMPORARY_SUFFIX = ".tmp"


def _process_umask() -> int:
    """The process's file mode mask, read once at import (setting it back and forth later could
    race with another thread creating a file)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _process_umask()


def replace_file(target: Path, data: bytes, *, make_folder: bool = True) -> None:
    """Write ``data`` to ``target`` atomically, creating its folder unless ``make_folder`` is
    False; an existing file keeps its mode. Raises OSError, leaving no temporary file behind."""
    temporary: Path | None = None
    try:
        if make_folder:
            target.parent.mkdir(parents=True, exist_ok=True)
        try:
            mode = target.stat().st_mode & 0o777  # a report the user made private stays private
        except FileNotFoundError:
            mode = 0o666 & ~_UMASK
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMPORARY_SUFFIX, dir=target.parent)
        temporary = Path(name)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        raise
