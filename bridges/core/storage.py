"""When the database cannot write: a full disk, a read-only file system or database, an I/O error.

Nothing here keeps state. Every request tries the database afresh, so once space is freed (or
the file system is writable again) the next request simply works.
"""

import logging
import sys

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.views import defaults

logger = logging.getLogger("bridges.storage")

# How long browsers and crawlers are asked to wait before trying again.
RETRY_AFTER_SECONDS = 300

# SQLite result codes (the low byte of an extended code, e.g. SQLITE_READONLY_DBMOVED).
SQLITE_STORAGE_CODES = {
    8: "read-only database",  # SQLITE_READONLY: "attempt to write a readonly database"
    10: "disk I/O error",  # SQLITE_IOERR
    13: "disk full",  # SQLITE_FULL: "database or disk is full"
    14: "database file cannot be opened",  # SQLITE_CANTOPEN
}
# PostgreSQL SQLSTATEs.
POSTGRESQL_STORAGE_STATES = {
    "25006": "read-only transaction",  # read_only_sql_transaction (also a hot standby)
    "53000": "insufficient resources",  # insufficient_resources
    "53100": "disk full",  # disk_full
}
# For drivers that give neither code: SQLite's own wording.
STORAGE_MESSAGES = {
    "database or disk is full": "disk full",
    "attempt to write a readonly database": "read-only database",
    "disk i/o error": "disk I/O error",
    "unable to open database file": "database file cannot be opened",
}


def storage_problem(exception: BaseException | None) -> str | None:
    """What storage problem a database exception reports, in a few words, or None if it is
    some other error. Looks at Django's exception and the driver's one it wraps."""
    seen: set[int] = set()
    while exception is not None and id(exception) not in seen:
        seen.add(id(exception))
        code = getattr(exception, "sqlite_errorcode", None)
        if isinstance(code, int) and (code & 0xFF) in SQLITE_STORAGE_CODES:
            return SQLITE_STORAGE_CODES[code & 0xFF]
        state = getattr(exception, "sqlstate", None) or getattr(exception, "pgcode", None)
        if state in POSTGRESQL_STORAGE_STATES:
            return POSTGRESQL_STORAGE_STATES[state]
        if code is None and state is None and isinstance(exception, DatabaseError):
            text = str(exception).lower()
            for message, problem in STORAGE_MESSAGES.items():
                if message in text:
                    return problem
        exception = exception.__cause__
    return None


def storage_unavailable_response(request: HttpRequest) -> HttpResponse:
    """The friendly 503 page. It uses the site's layout when the database can still be read
    (a full disk and a read-only database both allow reading), and a page that needs no
    database at all otherwise."""
    try:
        html = render_to_string("503.html", request=request)
    except DatabaseError:
        html = render_to_string("core/503_standalone.html")
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def log_storage_problem(request: HttpRequest, problem: str, exception: BaseException) -> None:
    logger.error(
        "The database cannot write (%s): %s. Answered %s %s with 503. Free disk space or make "
        "the database writable again; Bridges recovers by itself, no restart needed.",
        problem,
        exception,
        request.method,
        request.path,
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a storage failure raised outside a view (for instance while a middleware
    saves the session) gets the same 503 page as one raised inside a view."""
    exception = sys.exception()
    problem = storage_problem(exception)
    if problem is None:
        return defaults.server_error(request)
    log_storage_problem(request, problem, exception)
    return storage_unavailable_response(request)
