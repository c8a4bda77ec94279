"""Scenario, spec and CSV files checked before they are opened: regular, readable, of a sane size.

A FIFO or a device given as a scenario would block the reader for ever; a name with a NUL byte, a
name longer than the file system allows or a symlink loop would raise from deep inside ``pathlib``.
``file_problem`` turns each into one sentence naming the file.
"""

from __future__ import annotations

import stat
from pathlib import Path

MAX_FILE_BYTES = 10_000_000
"""Largest scenario or spec file read, bytes."""


def file_problem(path: Path, what: str = "scenario file") -> str | None:
    """Why ``path`` cannot be read as a regular file (missing, a folder, a FIFO, a bad name), or None.

    Checked before opening, so that a FIFO or a device never blocks, and a name with a NUL byte,
    a name too long or a symlink loop becomes a sentence instead of an exception.
    """
    try:
        info = path.stat()
    except ValueError:  # an embedded NUL byte
        return f"{str(path)!r}: not a valid file name (it holds a NUL byte)"
    except FileNotFoundError:
        return f"{path}: no such {what}"
    except OSError as exc:  # too long a name, a symlink loop, no permission, ...
        return f"{short_text(str(path))}: cannot be read ({exc.strerror})"
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        return f"{path}: {kind}; give a {what}"
    if info.st_size > MAX_FILE_BYTES:
        return f"{path}: {info.st_size:,} bytes; a {what} may have at most {MAX_FILE_BYTES:,}"
    return None


def short_text(text: str, limit: int = 300) -> str:
    """``text``, cut to ``limit`` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 3] + "..."
