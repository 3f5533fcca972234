"""Atomic file writes for the Python layer (as sim/io/output.hpp's write_atomic for the CLI)."""
from __future__ import annotations

import os
import pathlib
from collections.abc import Callable


def write_atomic(path: str | os.PathLike, write: Callable[[pathlib.Path], None]) -> None:
    """Calls `write(tmp)` on a temporary file next to `path`, then renames it into place: a reader
    (or a resumed run) sees the whole file or none of it."""
    path = pathlib.Path(path)
    tmp = path.with_name(f".{path.name}.tmp.{os.getpid()}")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
