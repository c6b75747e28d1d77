"""At start-up, a database that cannot be written gets one clear message, not a traceback.

Tests run as root, which file permissions do not stop, so the unwritable place used here is a
path under a regular file: no user can create a folder there.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.checks import run_checks
from django.db import connection

from bridges.core.checks import (
    POSTGRESQL_READ_ONLY,
    SQLITE_DISK_FULL,
    SQLITE_FOLDER_MISSING,
    SQLITE_NOT_WRITABLE,
    postgresql_database_writable,
    sqlite_path,
    sqlite_storage_problems,
)

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "a-long-random-secret-key-for-this-test-only-0123456789abcdef",
    "ALLOWED_HOSTS": "bridges.example.org",
    "FIELD_ENCRYPTION_KEY": "a-field-encryption-key-for-this-test-only",
}


def run(arguments: list[str], **environment: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "BRIDGES_VAR_DIR"} and not key.startswith("DJANGO_")
    }
    env.update(environment)
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def blocked(tmp_path) -> Path:
    """A regular file: nothing, not even root, can make a folder inside it."""
    blocker = tmp_path / "a-file-not-a-folder"
    blocker.write_text("")
    return blocker


@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["migrate", "--noinput"],
        ["runserver", "--noreload", "127.0.0.1:0"],
        ["db_worker", "--no-reload"],
    ],
    ids=lambda command: command[0],
)
def test_commands_explain_a_database_they_cannot_write(blocked, command):
    result = run(["manage.py", *command], DATABASE_URL=f"sqlite:///{blocked}/bridges.sqlite3")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    assert f"({SQLITE_FOLDER_MISSING}) Bridges cannot use its SQLite database" in result.stderr
    assert f"the folder {blocked} does not exist" in result.stderr
    assert "HINT: Create the folder, writable by the user that runs Bridges" in result.stderr


def test_an_unusable_var_dir_is_explained_too(blocked):
    result = run(["manage.py", "check"], BRIDGES_VAR_DIR=str(blocked / "var"))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    assert f"{blocked / 'var' / 'bridges.sqlite3'}" in result.stderr
    assert "BRIDGES_VAR_DIR" in result.stderr


def test_the_wsgi_server_says_so_and_serves_503_until_fixed(blocked):
    result = run(
        ["-c", "import config.wsgi; print('serving')"],
        **PRODUCTION,
        DATABASE_URL=f"sqlite:///{blocked}/bridges.sqlite3",
    )
    assert result.returncode == 0, result.stderr
    assert "serving" in result.stdout
    assert f"({SQLITE_FOLDER_MISSING}) Bridges cannot use its SQLite database" in result.stderr
    assert "answers 503" in result.stderr


def test_deployment_checks_pass_with_a_writable_database(tmp_path):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **PRODUCTION,
        DATABASE_URL=f"sqlite:///{tmp_path}/bridges.sqlite3",
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_no_storage_errors_in_normal_conditions():
    messages = run_checks(databases=["default"])
    assert not [message for message in messages if message.id.startswith("bridges.")]


def test_a_writable_folder_with_room_has_no_problems(tmp_path):
    assert sqlite_storage_problems(tmp_path / "bridges.sqlite3") == []


def test_a_full_disk_is_explained(tmp_path):
    # Asking for more room than the disk has is how a full disk looks to the check.
    more_than_the_disk = shutil.disk_usage(tmp_path).total + 1
    (problem,) = sqlite_storage_problems(
        tmp_path / "bridges.sqlite3", min_free_bytes=more_than_the_disk
    )
    assert problem.id == SQLITE_DISK_FULL
    assert f"The disk holding Bridges' SQLite database {tmp_path / 'bridges.sqlite3'}" in (
        problem.msg
    )
    assert "is full" in problem.msg
    assert "Free some space on that disk" in problem.hint


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to any folder")
def test_a_read_only_folder_is_explained(tmp_path):
    folder = tmp_path / "var"
    folder.mkdir(mode=0o500)
    try:
        (problem,) = sqlite_storage_problems(folder / "bridges.sqlite3")
    finally:
        folder.chmod(0o700)
    assert problem.id == SQLITE_NOT_WRITABLE
    assert "chown" in problem.hint


def test_in_memory_databases_are_not_checked():
    assert sqlite_path(":memory:") is None
    assert sqlite_path("file:memorydb_default?mode=memory&cache=shared") is None
    assert sqlite_path("file:///srv/bridges/var/b.sqlite3?mode=rwc") == Path(
        "/srv/bridges/var/b.sqlite3"
    )


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.django_db(transaction=True)
def test_a_read_only_postgresql_database_is_explained():
    with connection.cursor() as cursor:
        cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    try:
        (problem,) = postgresql_database_writable(databases=["default"])
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE")
    assert problem.id == POSTGRESQL_READ_ONLY
    assert "default_transaction_read_only is on" in problem.msg
    assert postgresql_database_writable(databases=["default"]) == []


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.django_db
def test_migrate_explains_a_read_only_postgresql_database():
    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
        f"{database['PORT']}/{database['NAME']}"
    )
    # libpq applies PGOPTIONS to the connection: the server itself refuses every write.
    result = run(
        ["manage.py", "migrate", "--noinput"],
        DATABASE_URL=url,
        PGOPTIONS="-c default_transaction_read_only=on",
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    assert f"({POSTGRESQL_READ_ONLY}) Bridges cannot write to its PostgreSQL database" in (
        result.stderr
    )
    assert "default_transaction_read_only is on" in result.stderr
