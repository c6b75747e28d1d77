"""Two people take the last place at the same moment: exactly one gets it (PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from bridges.accounts.tests.factories import ProgrammeFactory
from bridges.training import services
from bridges.training.models import SessionBooking
from bridges.training.tests.factories import NetworkerFactory, SessionFactory


@pytest.mark.django_db(transaction=True)
def test_last_place_goes_to_one_person_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are what this checks; SQLite serialises every write anyway")
    programme = ProgrammeFactory(slug="race")
    session = SessionFactory(programme=programme, capacity=1)
    people = NetworkerFactory.create_batch(6, programme=programme)
    start = threading.Barrier(len(people))
    outcomes: list[str] = []

    def book(networker):
        try:
            start.wait()
            services.session_book(session=session, networker=networker)
            outcomes.append("booked")
        except services.SessionFull:
            outcomes.append("full")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["booked"] + ["full"] * 5
    assert SessionBooking.objects.filter(session=session).count() == 1
