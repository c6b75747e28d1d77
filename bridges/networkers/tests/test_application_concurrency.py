"""Twenty copies of the same application arriving at once (a person tapping "Send" again and
again on a slow connection, or a phone retrying): every copy is thanked, one is stored."""

import sqlite3
import threading

import pytest
from django.db import connection, connections
from django.test import Client

from bridges.networkers.models import Networker

from .test_views import application, join_url, leeds_programme  # noqa: F401  (fixture)

COPIES = 20


@pytest.fixture
def threads_database(tmp_path):
    """Where threads' connections go. PostgreSQL: the test database itself. SQLite: the test
    database is in memory, where concurrent writers fail at once with "table is locked"; so it
    is copied to a file, and threads open that file with the project's own SQLite options (WAL,
    IMMEDIATE transactions), as the web server does."""
    if connection.vendor != "sqlite":
        yield
        return
    path = tmp_path / "bridges.sqlite3"
    target = sqlite3.connect(path)
    connection.ensure_connection()
    connection.connection.backup(target)
    target.close()
    original = connections.settings["default"]
    connections.settings["default"] = {**original, "NAME": str(path)}
    try:
        yield
    finally:
        connections.settings["default"] = original


def stored(token) -> int:
    """Rows with this token, read on a fresh connection (a thread's)."""
    found = []

    def count() -> None:
        try:
            found.append(Networker.objects.filter(application_token=token).count())
        finally:
            connections.close_all()

    thread = threading.Thread(target=count)
    thread.start()
    thread.join()
    return found[0]


@pytest.mark.django_db(transaction=True)
def test_identical_applications_at_once_are_all_thanked_and_stored_once(
    leeds_programme,  # noqa: F811
    threads_database,
):
    data = application()
    url = join_url(leeds_programme)
    barrier = threading.Barrier(COPIES)
    answers: list = []

    def send() -> None:
        try:
            client = Client(raise_request_exception=False)
            barrier.wait()
            response = client.post(url, data)
            answers.append((response.status_code, response.get("Location", "")))
        except Exception as error:  # noqa: BLE001  (reported below)
            answers.append((repr(error), ""))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(COPIES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(answers) == COPIES
    assert all(status == 302 and location.endswith("/thanks/") for status, location in answers), (
        answers
    )
    assert stored(data["token"]) == 1
