"""Twenty sends of the same record at once (a phone's queue retrying on a flaky connection):
one is stored, every send is answered with it; the same id with other content is refused."""

import json
import threading
import uuid
from collections import Counter

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from bridges.contacts.models import ContactRecord
from bridges.networkers.tests.test_application_concurrency import (  # noqa: F401  (fixture)
    threads_database,
)

COPIES = 20


def _count(client_id) -> int:
    found = []

    def count() -> None:
        try:
            found.append(ContactRecord.objects.filter(client_id=client_id).count())
        finally:
            connections.close_all()

    thread = threading.Thread(target=count)
    thread.start()
    thread.join()
    return found[0]


@pytest.mark.django_db(transaction=True)
def test_twenty_identical_sends_at_once_store_one_record(amina, threads_database):  # noqa: F811
    address = reverse("contacts:api_records", kwargs={"programme": amina.programme.slug})
    payload = {
        "client_id": str(uuid.uuid4()),
        "date": "2026-03-02",
        "channel": "phone",
        "people_helped": 2,
        "languages": ["ar"],
        "needs": ["housing"],
    }
    barrier = threading.Barrier(COPIES)
    answers: list = []

    def send(body: dict) -> None:
        try:
            client = Client(raise_request_exception=False)
            client.force_login(amina.user)
            barrier.wait()
            response = client.post(address, json.dumps(body), content_type="application/json")
            record = response.json().get("record", {}) if response.status_code < 500 else {}
            answers.append((response.status_code, record.get("id")))
        except Exception as error:  # noqa: BLE001  (reported below)
            answers.append((repr(error), None))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(payload,)) for _ in range(COPIES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(answers) == COPIES
    statuses = Counter(status for status, _ in answers)
    assert statuses == {201: 1, 200: COPIES - 1}, answers
    assert len({record_id for _, record_id in answers}) == 1
    assert _count(payload["client_id"]) == 1

    # The same id with different content, sent afterwards: refused, nothing changed.
    barrier = threading.Barrier(1)
    answers.clear()
    other = threading.Thread(target=send, args=({**payload, "people_helped": 7},))
    other.start()
    other.join(timeout=60)
    assert answers[0][0] == 409
    assert _count(payload["client_id"]) == 1
