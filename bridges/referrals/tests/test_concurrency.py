"""Twenty identical referrals sent at once (a double-tapped button on a slow connection, a
retried request): one is stored, and every send is answered with it. Run on PostgreSQL too
(DATABASE_URL), where the sends truly race."""

import threading
import uuid
from collections import Counter

import pytest
from django.db import connections

from bridges.accounts.models import User
from bridges.directory.models import Service
from bridges.networkers.tests.test_application_concurrency import (  # noqa: F401  (fixture)
    threads_database,
)
from bridges.referrals import services
from bridges.referrals.models import Referral
from bridges.referrals.tests.test_services import data

COPIES = 20


def _in_thread(work):
    found = []

    def run() -> None:
        try:
            found.append(work())
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return found[0]


@pytest.mark.django_db(transaction=True)
def test_twenty_identical_sends_at_once_store_one(
    programme,
    networker,
    service,
    provider,
    farsi,
    threads_database,  # noqa: F811
):
    client_id = uuid.uuid4()
    barrier = threading.Barrier(COPIES)
    answers: list = []

    def send() -> None:
        try:
            by = User.objects.get(pk=networker.pk)
            found = Service.objects.get(pk=service.pk)
            barrier.wait()
            referral, created = services.referral_send(
                programme=by.memberships.get().programme,
                referred_by=by,
                client_id=client_id,
                data=data(found),
            )
            answers.append((created, referral.pk))
        except Exception as error:  # noqa: BLE001  (reported below)
            answers.append((repr(error), None))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(COPIES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(answers) == COPIES
    assert Counter(created for created, _pk in answers) == {True: 1, False: COPIES - 1}, answers
    assert len({pk for _created, pk in answers}) == 1
    assert _in_thread(lambda: Referral.objects.filter(client_id=client_id).count()) == 1
    # One email to the service, however many sends.
    from bridges.core.models import Notification

    assert _in_thread(lambda: Notification.objects.filter(kind="referrals.changed").count()) == 1
