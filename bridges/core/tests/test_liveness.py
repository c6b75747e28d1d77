"""The liveness lock dies with the process that holds it, whatever kills it."""

import signal
import subprocess
import sys
import textwrap
import time

import pytest
from django.db import connection

from bridges.core import liveness

HOLDER = {
    # Each holds the lock for `name` as `alive()` would, says so, then waits to be killed.
    "sqlite": """
        import fcntl, os, sys
        descriptor = os.open(sys.argv[1], os.O_CREAT | os.O_RDWR, 0o600)
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        print("held", flush=True)
        sys.stdin.read()
    """,
    "postgresql": """
        import sys, psycopg
        with psycopg.connect(sys.argv[1], autocommit=True) as db:
            db.execute("SELECT pg_advisory_lock(%s)", [int(sys.argv[2])])
            print("held", flush=True)
            sys.stdin.read()
    """,
}


def _holder(name: str) -> subprocess.Popen:
    if connection.vendor == "postgresql":
        params = connection.get_connection_params()
        dsn = " ".join(
            f"{key}={params[key]}" for key in ("host", "port", "user", "dbname") if params.get(key)
        )
        args = [dsn, str(liveness._key(name))]
    else:
        args = [str(liveness._lock_path(name))]
    code = textwrap.dedent(HOLDER["postgresql" if connection.vendor == "postgresql" else "sqlite"])
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline().strip() == "held"
    return process


@pytest.mark.django_db
def test_a_lock_held_by_another_process_is_alive_until_it_is_killed():
    name = "test-liveness:killed"
    assert not liveness.is_alive(name)
    process = _holder(name)
    try:
        assert liveness.is_alive(name)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    # PostgreSQL ends the dead client's session (and its advisory lock) a moment after the
    # socket closes, not at the same instant.
    deadline = time.monotonic() + 10
    while liveness.is_alive(name) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not liveness.is_alive(name)


@pytest.mark.django_db
def test_the_lock_is_free_again_when_the_work_ends():
    name = "test-liveness:ends"
    with liveness.alive(name):
        pass
    assert not liveness.is_alive(name)
