"""One writer per sweep folder: an exclusive lock on ``FOLDER/.lock`` held for the whole session.

The lock is an ``flock`` on the file, so the operating system drops it the moment its process ends,
however it ends (``kill -9`` included): a lock left by a dead process is simply taken over. The file
holds the writer's process id and host, to name it when a second writer is refused.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
from pathlib import Path
from types import TracebackType

LOCK_NAME = ".lock"


class FolderLocked(Exception):
    """Another live process holds the folder's lock; the message names it."""


class FolderLock:
    """``with FolderLock(folder):`` holds the folder's lock, or raises FolderLocked at once."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.path = self.folder / LOCK_NAME
        self._fd: int | None = None

    def __enter__(self) -> FolderLock:
        self.folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            os.close(fd)
            raise FolderLocked(
                f"{self.folder}: another wijksim sweep is writing to this folder ({holder}); "
                "wait for it to end, or stop it, then use --resume"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps({"pid": os.getpid(), "host": socket.gethostname()}).encode())
        self._fd = fd
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def _holder(fd: int) -> str:
    try:
        data = json.loads(os.pread(fd, 1000, 0) or b"{}")
        return f"process {data['pid']} on {data['host']}"
    except (OSError, ValueError, KeyError, TypeError):
        return "a process that is still running"
