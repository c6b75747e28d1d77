"""Is the process doing a piece of long work still alive? A lock that dies with its holder.

A task worker killed in the middle of a job (SIGKILL, out of memory, a machine lost) leaves the
job's row saying "running" for ever. The job holds `alive(name)` while it works; anyone can ask
`is_alive(name)`. The lock is released by the operating system or the database when the
holding process or its connection ends, so no clean-up code has to run:

- on PostgreSQL, a session-level advisory lock (released when the connection closes, on any
  machine that shares the database);
- on SQLite (one machine), an exclusive `flock` on a file under VAR_DIR/locks.

Work is never considered dead while its lock is held, however long it runs.
"""

import fcntl
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection


def _key(name: str) -> int:
    """A signed 64-bit advisory-lock key for a name."""
    digest = hashlib.blake2b(f"bridges.liveness:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _lock_path(name: str) -> Path:
    folder = Path(settings.VAR_DIR) / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / (hashlib.sha256(name.encode()).hexdigest()[:32] + ".lock")


def _uses_advisory_locks() -> bool:
    return connection.vendor == "postgresql"


@contextmanager
def alive(name: str) -> Iterator[None]:
    """Hold the liveness lock for `name` while the block runs."""
    if _uses_advisory_locks():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [_key(name)])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [_key(name)])
        return
    descriptor = os.open(_lock_path(name), os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def is_alive(name: str) -> bool:
    """True while some process holds the liveness lock for `name`.

    On PostgreSQL a session can take its own advisory lock again, so ask from a process (or
    connection) other than the one doing the work."""
    if _uses_advisory_locks():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [_key(name)])
            (taken,) = cursor.fetchone()
            if taken:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [_key(name)])
        return not taken
    path = _lock_path(name)
    if not path.exists():
        return False
    descriptor = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(descriptor)
    return False
