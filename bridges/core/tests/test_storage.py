"""A database that cannot write answers 503 with a friendly page, and works again by itself.

The failures are real: SQLite is stopped from growing (`PRAGMA max_page_count`, a genuine
"database or disk is full") or made read-only (`PRAGMA query_only`); PostgreSQL's session is
made read-only (a genuine SQLSTATE 25006). Tests run as root, so file permissions would not
stop a write.
"""

import sqlite3
from contextlib import contextmanager

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from bridges.accounts.tests.factories import UserFactory
from bridges.core.models import Area
from bridges.core.storage import RETRY_AFTER_SECONDS, storage_problem

pytestmark = [
    pytest.mark.urls("bridges.core.tests.storage_urls"),
    # The failures happen outside the test's own transaction, as they would in production.
    pytest.mark.django_db(transaction=True),
]

HEADING = "Sorry, Bridges cannot save anything just now"
# A boundary big enough to need new pages in a fresh database.
POINTS = 20_000

only_sqlite = pytest.mark.skipif("connection.vendor != 'sqlite'")


def _pragma(sql: str) -> int | None:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return row[0] if row else None


@contextmanager
def disk_full():
    """SQLite may not grow beyond the pages it has: the next write that needs a page fails
    with SQLITE_FULL, exactly as on a full disk. Yields how many boundary points make a write
    bigger than the free pages left inside the file (by earlier tests' deletions)."""
    default = _pragma("PRAGMA max_page_count")
    pages = _pragma("PRAGMA page_count")
    free = _pragma("PRAGMA freelist_count") * _pragma("PRAGMA page_size")
    _pragma(f"PRAGMA max_page_count = {pages}")
    try:
        yield POINTS + free // 20  # each point takes more than 20 bytes
    finally:
        _pragma(f"PRAGMA max_page_count = {default}")


@contextmanager
def read_only():
    """The connection refuses every write: SQLITE_READONLY, or PostgreSQL's SQLSTATE 25006."""
    if connection.vendor == "sqlite":
        on, off = "PRAGMA query_only = ON", "PRAGMA query_only = OFF"
    else:
        on = "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"
        off = "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE"
    with connection.cursor() as cursor:
        cursor.execute(on)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(off)


def save_area(client, code: str, points: int = POINTS):
    return client.post("/storage-test/area/", {"code": code, "points": points})


def assert_friendly_503(response, heading: str = HEADING):
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert heading in html
    assert 'class="site-header"' in html  # the site's own layout, not a bare error


@only_sqlite
def test_a_full_disk_answers_503_and_works_again_once_there_is_room(client):
    with disk_full() as points:
        response = save_area(client, "E05000001", points)
        assert_friendly_503(response)
        assert 'href="/en/">Go to the home page' in response.content.decode()
        assert not Area.objects.filter(code="E05000001").exists()
    # Space is back: nothing to restart, nothing to reset.
    assert save_area(client, "E05000001", points).status_code == 201
    assert Area.objects.filter(code="E05000001").exists()


def test_a_read_only_database_answers_503_and_works_again_once_writable(client):
    with read_only():
        assert_friendly_503(save_area(client, "E05000002"))
    assert save_area(client, "E05000002").status_code == 201
    assert Area.objects.filter(code="E05000002").exists()


def test_signing_in_while_read_only_answers_503_then_works(client):
    user = UserFactory(email="reader@example.org")
    sign_in = {"login": user.email, "password": "correct-horse-battery-staple"}
    with read_only():
        assert_friendly_503(client.post("/accounts/login/", sign_in))
    response = client.post("/accounts/login/", sign_in)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_page_is_in_the_visitors_language(client):
    with read_only():
        response = client.post(
            "/storage-test/area/",
            {"code": "E05000003", "points": 10},
            HTTP_ACCEPT_LANGUAGE="ar",
        )
    assert_friendly_503(response, heading="عذرًا، لا يستطيع «بريدجز» حفظ أي شيء الآن")
    assert '<html lang="ar" dir="rtl">' in response.content.decode()


def test_a_failure_after_the_view_answers_503_too():
    # SessionMiddleware saves the session after the view: handler500 gives the same page.
    client = Client(raise_request_exception=False)
    with read_only():
        response = client.post("/storage-test/remember-later/", {"note": "hello"})
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert HEADING in response.content.decode()
    response = client.post("/storage-test/remember-later/", {"note": "hello"})
    assert response.status_code == 200
    assert client.session["note"] == "hello"


def test_other_database_errors_are_still_500():
    client = Client(raise_request_exception=False)
    response = client.get("/storage-test/broken/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert HEADING not in response.content.decode()


def test_the_fallback_page_needs_no_database(django_assert_num_queries):
    with translation.override("fa"), django_assert_num_queries(0):
        html = render_to_string("core/503_standalone.html")
    assert '<html lang="fa" dir="rtl">' in html
    assert "متأسفیم، بریجز فعلاً نمی‌تواند چیزی را ذخیره کند" in html


def _sqlite_error(*statements: str) -> sqlite3.Error:
    database = sqlite3.connect(":memory:", isolation_level=None)
    database.execute("CREATE TABLE t (v BLOB)")
    try:
        for statement in statements:
            database.execute(statement)
    except sqlite3.Error as error:
        return error
    finally:
        database.close()
    raise AssertionError("no error")


def test_storage_problems_are_told_apart_from_other_errors():
    full = _sqlite_error(
        "PRAGMA max_page_count = 2",
        "INSERT INTO t VALUES (zeroblob(100000))",
    )
    assert storage_problem(full) == "disk full"
    read_only_error = _sqlite_error("PRAGMA query_only = ON", "INSERT INTO t VALUES (1)")
    assert storage_problem(read_only_error) == "read-only database"
    assert storage_problem(_sqlite_error("SELECT FROM nowhere")) is None
    assert storage_problem(ValueError("database or disk is full")) is None
    assert storage_problem(None) is None
