"""The log's pages take the same number of queries however many records there are: the
networker's own log and the coordinator's list (first page, filtered, deep), for a few records
and for several pages of them. bench/bench_contacts.py measures the same pages with a million."""

import json
import uuid
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bridges.contacts import selectors
from bridges.core.models import Area, Country
from bridges.networkers.tests.factories import language, ward

from .conftest import networker_of
from .factories import record

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def queries(client, path: str, params=None) -> int:
    client.get(path, params)  # the session's first write happens here
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params)
    assert response.status_code == 200
    return len(captured)


def log_records(programme, networkers, count: int) -> None:
    for n in range(count):
        record(
            programme,
            networkers[n % len(networkers)],
            day=date(2026, 1, 1) + timedelta(days=n % 300),
            languages=["ar", "en"] if n % 2 else ["ti"],
            needs=["housing"] if n % 3 else ["health", "housing"],
            area="E05011400" if n % 4 else "E05011401",
            note="Brought the letter" if n % 5 == 0 else "",
        )


def page_counts(city, amina, coordinator) -> dict[str, int]:
    mine = reverse("contacts:mine", args=[city.slug])
    log = reverse("contacts:log", args=[city.slug])
    networker, staff = signed_in(amina.user), signed_in(coordinator)
    return {
        "mine": queries(networker, mine),
        "mine, page 2": queries(networker, mine, {"page": 2}),
        "mine, page 99": queries(networker, mine, {"page": 99}),
        "log": queries(staff, log),
        "log, filtered": queries(
            staff, log, {"need": "housing", "language": "ar", "area": "E05011400"}
        ),
        "log, one networker": queries(staff, log, {"networker": amina.pk, "page": 2}),
        "log, page 99": queries(staff, log, {"page": 99}),
    }


def test_the_log_pages_take_the_same_queries_for_few_or_many_records(
    city, amina, coordinator, monkeypatch
):
    # A small cap, so that the larger log is also past it, as a million records would be.
    monkeypatch.setattr(selectors, "LOG_COUNT_CAP", 150)
    others = [networker_of(city) for _ in range(3)]
    log_records(city, [amina, *others], 8)
    few = page_counts(city, amina, coordinator)
    more = [networker_of(city) for _ in range(3)]
    log_records(city, [amina, amina, *others, *more], 240)
    many = page_counts(city, amina, coordinator)
    assert few == many
    assert max(many.values()) <= 16


def test_past_the_cap_the_log_says_more_than_and_pages_stop_there(
    city, amina, coordinator, monkeypatch
):
    monkeypatch.setattr(selectors, "LOG_COUNT_CAP", 60)
    log_records(city, [amina], 75)
    client = signed_in(coordinator)
    log = reverse("contacts:log", args=[city.slug])
    response = client.get(log)
    assert response.context["totals"] == {
        "records": 60,
        "more": True,
        "people": None,
        "hours": None,
    }
    assert "More than 60 contacts." in response.content.decode()
    assert response.context["page"].paginator.num_pages == 2
    assert client.get(log, {"page": 9}).context["page"].number == 2
    # Filtered under the cap: the exact figures again.
    march = client.get(log, {"start": "2026-03-01", "end": "2026-03-10"})
    assert march.context["totals"]["records"] == 10
    assert march.context["totals"]["more"] is False
    assert march.context["totals"]["people"] == 10


def test_list_pages_do_not_decrypt_notes(city, amina, coordinator, monkeypatch):
    log_records(city, [amina], 10)
    decrypted = []
    field = type(selectors.ContactRecord._meta.get_field("note"))
    original = field.from_db_value

    def counting(self, value, *args):
        if value is not None:
            decrypted.append(value)
        return original(self, value, *args)

    monkeypatch.setattr(field, "from_db_value", counting)
    signed_in(amina.user).get(reverse("contacts:mine", args=[city.slug]))
    signed_in(coordinator).get(reverse("contacts:log", args=[city.slug]))
    assert decrypted == []


def api_post(client, programme, **fields):
    payload = {
        "client_id": str(uuid.uuid4()),
        "date": "2026-03-02",
        "channel": "phone",
        "people_helped": 1,
        "languages": ["ar", "ti"],
        "needs": ["benefits"],
        "area": "E05011400",
        "country": "SY",
        **fields,
    }
    return client.post(
        reverse("contacts:api_records", args=[programme.slug]),
        json.dumps(payload),
        content_type="application/json",
    )


def test_a_new_record_by_the_api_reads_no_reference_data(city, amina):
    """Session, user, staff check, the programme with the membership and the networker's id
    (one query), then the record: on PostgreSQL one statement with its language links (here in
    a savepoint, as the test runs in a transaction), elsewhere the insert and the links in a
    savepoint. No existing-id look-up (the unique id refuses a repeat), no languages,
    countries or wards (kept in memory), no session write (last_seen is fresh). The page
    cache's generation is one more query where the cache is the database."""
    Country.objects.get_or_create(code="SY", defaults={"name": "Syria"})
    client = signed_in(amina.user)
    assert api_post(client, city).status_code == 201
    with CaptureQueriesContext(connection) as captured:
        assert api_post(client, city).status_code == 201
    tables = " ".join(query["sql"] for query in captured.captured_queries)
    assert "core_language" not in tables.replace("contactrecord_languages", "")
    assert "core_country" not in tables and "core_area" not in tables
    assert 'UPDATE "django_session"' not in tables
    queries = [query["sql"] for query in captured.captured_queries]
    assert not [sql for sql in queries if sql.startswith('SELECT "networkers_networker"')]
    assert len(captured) == (7 if connection.vendor == "postgresql" else 8)


def test_the_form_sees_reference_data_and_programme_changes(city, amina):
    """The kept choices are read again when a language is added or the programme's area
    changes (both move the public pages' generation)."""
    Country.objects.get_or_create(code="SY", defaults={"name": "Syria"})
    client = signed_in(amina.user)
    assert api_post(client, city).status_code == 201
    assert api_post(client, city, languages=["xq"]).status_code == 400
    language("xq", "Test language")
    assert api_post(client, city, languages=["xq"]).status_code == 201
    ward("E05000001", "Elsewhere ward", parent_code="E08000036")
    assert api_post(client, city, area="E05000001").status_code == 400
    city.local_authority = Area.objects.get(code="E08000036")
    city.save()
    assert api_post(client, city, area="E05000001").status_code == 201
    assert api_post(client, city).status_code == 400  # Harehills is not a ward of it
