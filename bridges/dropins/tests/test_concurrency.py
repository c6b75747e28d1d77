"""The last place on a shift, tapped by several networkers at once: one gets it, the others
are told it is full, and the shift never has more networkers than it wants. Run on PostgreSQL
(`DATABASE_URL`) this races real transactions on the session row's lock."""

import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import ProgrammeFactory, member
from bridges.dropins.models import Shift
from bridges.dropins.tests.factories import active_networker, dropin, shift
from bridges.networkers.tests.test_application_concurrency import (  # noqa: F401  (fixture)
    threads_database,
)

RACERS = 8


def _shifts(session, day) -> list[int]:
    found: list = []

    def read() -> None:
        try:
            found.extend(
                Shift.objects.filter(session=session, date=day).values_list(
                    "networker_id", flat=True
                )
            )
        finally:
            connections.close_all()

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    return found


@pytest.fixture
def race(transactional_db):
    """A shift with one place left, and the networkers who want it (made before the threads'
    database is set up, so that they see them on SQLite too)."""
    programme = ProgrammeFactory()
    session = dropin(programme, helpers_wanted=3)
    day = session.starts_on
    for number in range(2):
        shift(session, day, active_networker(programme, f"Already on {number}"))
    racers = [
        active_networker(programme, f"Racer {n}", user=member(programme, Role.NETWORKER))
        for n in range(RACERS)
    ]
    return session, racers


@pytest.mark.django_db(transaction=True)
def test_many_networkers_tapping_the_last_place_at_once_store_one(race, threads_database):  # noqa: F811
    session, racers = race
    day = session.starts_on
    programme = session.programme
    url = reverse("dropins:shift_sign_up", args=[programme.slug, session.pk, day.isoformat()])
    barrier = threading.Barrier(RACERS)
    answers: list = []

    def tap(user, times: int) -> None:
        try:
            client = Client(raise_request_exception=False)
            client.force_login(user)
            barrier.wait()
            for _ in range(times):
                answers.append(client.post(url).status_code)
        except Exception as error:  # noqa: BLE001  (reported below)
            answers.append(repr(error))
        finally:
            connections.close_all()

    # Each taps twice: a double tap on a flaky connection must not count twice either.
    threads = [threading.Thread(target=tap, args=(r.user, 2)) for r in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert answers == [302] * (2 * RACERS), answers
    stored = _shifts(session, day)
    assert len(stored) == 3
    assert len(set(stored) & {r.pk for r in racers}) == 1
