"""System checks run at start-up (runserver, migrate, db_worker, check; config/wsgi.py runs them
for gunicorn): a database that cannot be written gets one clear paragraph saying what is wrong
and what to do, instead of a traceback on the first write."""

import os
import sqlite3
import sys
from pathlib import Path
from urllib.parse import unquote

from django.core.checks import CheckMessage, Error, Tags, register
from django.db import DatabaseError, connections

# Below this, SQLite cannot grow its write-ahead log: the disk counts as full.
MIN_FREE_BYTES = 1024 * 1024

SQLITE_FOLDER_MISSING = "bridges.E001"
SQLITE_NOT_WRITABLE = "bridges.E002"
SQLITE_DISK_FULL = "bridges.E003"
POSTGRESQL_READ_ONLY = "bridges.E004"

AGAIN = "Then start Bridges again."


def sqlite_path(name) -> Path | None:
    """The file behind an SQLite database NAME, or None for an in-memory database."""
    name = str(name or "")
    if not name or name == ":memory:":
        return None
    if name.startswith("file:"):
        name, _, query = name.removeprefix("file:").partition("?")
        if "mode=memory" in query or name.startswith("memorydb"):
            return None
        name = unquote(name.removeprefix("//"))
    return Path(name).absolute()


def _user() -> str:
    try:
        import pwd

        return pwd.getpwuid(os.geteuid()).pw_name
    except (ImportError, KeyError):
        return str(os.geteuid())


def _read_only_file_system(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def sqlite_storage_problems(path: Path, *, min_free_bytes: int = MIN_FREE_BYTES) -> list[Error]:
    """Whether SQLite can write the database at `path`: its folder exists and is writable, the
    file and its -wal and -shm companions are writable, and the disk has room."""
    folder = path.parent
    if not folder.is_dir():
        return [
            Error(
                f"Bridges cannot use its SQLite database {path}: the folder {folder} does not "
                "exist, or is not a folder.",
                hint="Create the folder, writable by the user that runs Bridges, or point "
                "BRIDGES_VAR_DIR (or DATABASE_URL) at a folder that exists. " + AGAIN,
                id=SQLITE_FOLDER_MISSING,
            )
        ]
    read_only = [folder] if not os.access(folder, os.W_OK | os.X_OK) else []
    for companion in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if companion.exists() and not os.access(companion, os.R_OK | os.W_OK):
            read_only.append(companion)
    if read_only:
        names = ", ".join(str(p) for p in read_only)
        if _read_only_file_system(folder):
            why = f"the file system holding {folder} is mounted read-only"
            fix = (
                "Remount it read-write (under systemd, list the folder in ReadWritePaths=), "
                "or point BRIDGES_VAR_DIR (or DATABASE_URL) at a writable folder."
            )
        else:
            why = f"{names} cannot be written by the user '{_user()}' that runs Bridges"
            fix = (
                "SQLite writes the database file and, beside it, its -wal and -shm files, so "
                "the folder and those files must belong to (or be writable by) that user, for "
                f"example: chown -R {_user()} {folder}."
            )
        return [
            Error(
                f"Bridges cannot write to its SQLite database {path}: {why}.",
                hint=f"{fix} {AGAIN}",
                id=SQLITE_NOT_WRITABLE,
            )
        ]
    usage = os.statvfs(folder)
    free = usage.f_bavail * usage.f_frsize
    no_inodes = usage.f_files > 0 and usage.f_favail == 0
    if free < min_free_bytes or no_inodes:
        left = "no room for new files" if no_inodes else f"{free // 1024} KB free"
        return [
            Error(
                f"The disk holding Bridges' SQLite database {path} is full ({left}).",
                hint="Free some space on that disk (old backups, logs, exports), or move "
                "BRIDGES_VAR_DIR to a larger disk. Nothing already saved is lost; while the disk "
                "is full the site answers 'temporarily unavailable' and recovers by itself once "
                "there is room. " + AGAIN,
                id=SQLITE_DISK_FULL,
            )
        ]
    return []


@register()
def sqlite_database_writable(app_configs=None, **kwargs) -> list[CheckMessage]:
    """Needs no connection, so it runs with every command (runserver and db_worker included)."""
    errors: list[CheckMessage] = []
    for alias in connections:
        settings_dict = connections[alias].settings_dict
        if settings_dict["ENGINE"] != "django.db.backends.sqlite3":
            continue
        path = sqlite_path(settings_dict["NAME"])
        if path is not None:
            errors += sqlite_storage_problems(path)
    return errors


def spare_unwritable_sqlite_databases() -> None:
    """Called when the app loads. Django's own model checks open the database to ask whether
    SQLite has JSON support; when the file cannot be opened, that ends in a traceback before
    sqlite_database_writable has said why. Answer the question without opening the file (SQLite
    has JSON built in since 3.38), so the check's message is what the operator sees. It is set
    on the class because each thread (runserver's included) makes its own connection."""
    if sqlite3.sqlite_version_info < (3, 38):
        return
    for alias in connections:
        connection = connections[alias]
        if connection.settings_dict["ENGINE"] != "django.db.backends.sqlite3":
            continue
        path = sqlite_path(connection.settings_dict["NAME"])
        if path is not None and sqlite_storage_problems(path):
            type(connection.features).supports_json_field = True


def postgresql_read_only_reason(alias: str) -> str | None:
    """Why the PostgreSQL database refuses writes (read-only settings, a standby), or None."""
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('default_transaction_read_only'), "
            "current_setting('transaction_read_only'), pg_is_in_recovery()"
        )
        default_read_only, read_only, in_recovery = cursor.fetchone()
    if in_recovery:
        return "the server is a standby (in recovery), which only allows reading"
    if default_read_only == "on":
        return "default_transaction_read_only is on for this connection, role or database"
    if read_only == "on":
        return "transaction_read_only is on"
    return None


@register(Tags.database)
def postgresql_database_writable(app_configs=None, databases=None, **kwargs):
    """Asks the server, so it runs where Django runs database checks: migrate, and
    `check --database default`. A server that cannot be reached is left to other errors."""
    errors: list[CheckMessage] = []
    for alias in databases or []:
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        try:
            reason = postgresql_read_only_reason(alias)
        except DatabaseError:
            continue
        if reason:
            name = connection.settings_dict["NAME"]
            errors.append(
                Error(
                    f"Bridges cannot write to its PostgreSQL database '{name}': {reason}.",
                    hint="Point DATABASE_URL at the primary server, or turn read-only off (for "
                    f"example: ALTER DATABASE {name} SET default_transaction_read_only = off), "
                    "and check the server's disk has room. " + AGAIN,
                    id=POSTGRESQL_READ_ONLY,
                )
            )
    return errors


def report_storage_problems(stream=None) -> list[CheckMessage]:
    """For servers that run no system checks (gunicorn through config/wsgi.py): print the same
    messages and carry on. Pages answer 503 until the problem is fixed, then work again without
    a restart."""
    stream = stream or sys.stderr
    problems = sqlite_database_writable() + postgresql_database_writable(
        databases=list(connections)
    )
    connections.close_all()  # not to be shared by the processes a server forks
    for problem in problems:
        stream.write(f"ERROR ({problem.id}) {problem.msg}\n\tHINT: {problem.hint}\n")
    if problems:
        stream.write(
            "Bridges is serving anyway: every page that needs to write answers 503 (temporarily "
            "unavailable) until this is fixed, then works again without a restart.\n"
        )
    return problems
