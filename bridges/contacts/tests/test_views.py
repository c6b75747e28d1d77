import csv
import io
import json
import uuid
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridges.accounts.models import AuditEvent
from bridges.contacts.models import ContactRecord, ContactRecordRevision
from bridges.directory.tests.factories import make_service

from .conftest import networker_of
from .factories import record

pytestmark = pytest.mark.django_db


def url(name, programme, **kwargs):
    return reverse(f"contacts:{name}", kwargs={"programme": programme.slug, **kwargs})


def form_data(**overrides) -> dict:
    return {
        "client_id": str(uuid.uuid4()),
        "date": timezone.localdate().isoformat(),
        "channel": "in_person",
        "people_helped": "2",
        "languages": ["ar"],
        "needs": ["housing", "immigration"],
        "area": "E05011400",
        **overrides,
    }


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_networker_logs_a_contact_and_a_resent_form_is_stored_once(city, amina):
    client = signed_in(amina.user)
    data = form_data(note="Brought the council letter")
    first = client.post(url("record", city), data)
    stored = ContactRecord.objects.get()
    assert first.status_code == 302
    assert first["Location"] == url("detail", city, pk=stored.pk)
    assert stored.networker == amina and stored.people_helped == 2
    assert sorted(stored.needs) == ["housing", "immigration"]
    assert stored.area_id == "E05011400"
    # The back button and "Send" again: the same answer, nothing new stored.
    again = client.post(url("record", city), data)
    assert again.status_code == 302 and again["Location"] == first["Location"]
    assert ContactRecord.objects.count() == 1


def test_a_different_record_under_a_used_id_is_refused_with_409(city, amina):
    client = signed_in(amina.user)
    data = form_data()
    client.post(url("record", city), data)
    response = client.post(url("record", city), {**data, "people_helped": "5"})
    assert response.status_code == 409
    assert "A different record was already sent with this identifier" in response.content.decode()
    assert ContactRecord.objects.get().people_helped == 2


def test_the_form_is_anonymous_and_points_immigration_questions_to_regulated_advisers(city, amina):
    response = signed_in(amina.user).get(url("record", city))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Networkers do not give immigration advice" in html
    advisers = reverse("directory_public:search") + "?need=immigration-advice"
    assert f'href="{advisers}"' in html
    assert 'name="client_id"' in html
    for asked in ('name="name"', 'name="date_of_birth"', 'name="phone"', 'name="email"'):
        assert asked not in html
    assert "Do not write names" in html


def test_the_form_remembers_the_networkers_last_languages_area_and_channel(city, amina):
    record(city, amina, channel="drop_in", languages=["ti"], area="E05011401")
    response = signed_in(amina.user).get(url("record", city))
    form = response.context["form"]
    assert form.initial["channel"] == "drop_in"
    assert form.initial["languages"] == ["ti"]
    assert form.initial["area"] == "E05011401"
    # A fresh id each time the form is drawn.
    again = signed_in(amina.user).get(url("record", city)).context["form"]
    assert again.initial["client_id"] != form.initial["client_id"]


def test_signposted_services_must_be_the_programmes_published_ones(city, other_programme, amina):
    ours = make_service(city, name="Housing Advice")
    theirs = make_service(other_programme, name="Elsewhere Housing")
    client = signed_in(amina.user)
    refused = client.post(url("record", city), form_data(services=[str(theirs.pk)]))
    assert refused.status_code == 200 and "services" in refused.context["form"].errors
    client.post(url("record", city), form_data(services=[str(ours.pk)], actions=["signposted"]))
    stored = ContactRecord.objects.get()
    assert stored.services == [str(ours.pk)]
    detail = client.get(url("detail", city, pk=stored.pk))
    assert "Housing Advice" in detail.content.decode()


def test_a_networker_sees_only_their_own_log_newest_first(city, amina, yonas):
    older = record(city, amina, day=date(2026, 1, 1))
    newer = record(city, amina, day=date(2026, 2, 1))
    record(city, yonas, day=date(2026, 3, 1))
    response = signed_in(amina.user).get(url("mine", city))
    assert list(response.context["page"]) == [newer, older]


def test_a_networker_corrects_their_own_record_and_the_history_is_kept(city, amina):
    stored = record(city, amina, people_helped=1)
    client = signed_in(amina.user)
    data = form_data(people_helped="4", date=stored.date.isoformat())
    data.pop("client_id")
    response = client.post(url("correct", city, pk=stored.pk), data)
    assert response.status_code == 302
    stored.refresh_from_db()
    assert stored.people_helped == 4
    revision = ContactRecordRevision.objects.get(record=stored)
    assert revision.changed_by == amina.user
    detail = client.get(url("detail", city, pk=stored.pk)).content.decode()
    assert "Corrections" in detail and "people helped" in detail


def test_another_networkers_record_cannot_be_seen_or_corrected(city, amina, yonas):
    theirs = record(city, yonas, people_helped=1)
    client = signed_in(amina.user)
    assert client.get(url("detail", city, pk=theirs.pk)).status_code == 404
    data = form_data(people_helped="9")
    assert client.post(url("correct", city, pk=theirs.pk), data).status_code == 404
    theirs.refresh_from_db()
    assert theirs.people_helped == 1 and not ContactRecordRevision.objects.exists()


@pytest.mark.parametrize("role", ["analyst", "provider", "safeguarding"])
def test_others_in_the_programme_cannot_open_the_log(city, role):
    from bridges.accounts.tests.factories import member

    client = signed_in(member(city, role))
    assert client.get(url("log", city)).status_code == 403
    assert client.get(url("record", city)).status_code == 403


def test_the_coordinators_log_filters_pages_and_leaves_other_programmes_out(
    city, other_programme, coordinator, amina, yonas, django_assert_num_queries
):
    for day in range(1, 29):
        record(city, amina, day=date(2026, 2, day), needs=["housing"], languages=["ar", "en"])
    record(city, yonas, day=date(2026, 3, 1), needs=["health"], channel="group")
    record(other_programme, networker_of(other_programme), needs=["housing"])
    client = signed_in(coordinator)
    response = client.get(url("log", city))
    assert response.context["totals"]["records"] == 29
    housing = client.get(url("log", city), {"need": "housing", "networker": amina.pk})
    assert housing.context["totals"]["records"] == 28
    assert housing.context["page"][0].date == date(2026, 2, 28)
    channel = client.get(url("log", city), {"channel": "group", "start": "2026-03-01"})
    assert [r.networker for r in channel.context["page"]] == [yonas]
    # A page of 29 rows or of 50 takes the same number of queries.
    with django_assert_num_queries(10):
        client.get(url("log", city))
    for day in range(1, 31):
        record(city, yonas, day=date(2026, 1, day), languages=["ti"], area="E05011401")
    with django_assert_num_queries(10):
        assert len(client.get(url("log", city)).context["page"]) == 50


def test_the_log_downloads_as_csv_and_xlsx_and_the_download_is_audited(city, coordinator, amina):
    record(city, amina, needs=["housing"], note="=HYPERLINK(1)")
    client = signed_in(coordinator)
    response = client.get(url("log", city), {"format": "csv", "need": "housing"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert response["Content-Disposition"] == 'attachment; filename="contact-log.csv"'
    assert rows[0][:3] == ["id", "date", "networker"]
    assert len(rows) == 2 and rows[1][12] == "Housing"
    assert rows[1][-1] == "'=HYPERLINK(1)"  # neutralised
    xlsx = client.get(url("log", city), {"format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count() == 2


def test_the_networker_profile_shows_hours_from_the_log(city, amina):
    record(city, amina, duration_minutes=120)
    response = signed_in(amina.user).get(
        reverse("networkers:my_profile", kwargs={"programme": city.slug})
    )
    assert response.context["hours_logged"] == 2
    assert "Hours in the contact log" in response.content.decode()


# --- The JSON endpoint for the offline queue ------------------------------------------------


def api_payload(**overrides) -> dict:
    return {
        "client_id": str(uuid.uuid4()),
        "date": "2026-03-02",
        "channel": "phone",
        "people_helped": 1,
        "languages": ["ar"],
        "needs": ["benefits"],
        "follow_up": True,
        **overrides,
    }


def post_json(client, programme, payload):
    return client.post(
        url("api_records", programme), json.dumps(payload), content_type="application/json"
    )


def test_the_api_stores_once_answers_repeats_and_refuses_conflicts(city, amina):
    client = signed_in(amina.user)
    payload = api_payload()
    created = post_json(client, city, payload)
    assert created.status_code == 201
    body = created.json()["record"]
    assert body["client_id"] == payload["client_id"] and body["follow_up"] is True
    repeat = post_json(client, city, payload)
    assert repeat.status_code == 200 and repeat.json()["record"]["id"] == body["id"]
    conflict = post_json(client, city, {**payload, "people_helped": 3})
    assert conflict.status_code == 409
    assert "different record" in conflict.json()["error"]
    assert ContactRecord.objects.count() == 1
    listed = client.get(url("api_records", city)).json()["records"]
    assert [r["client_id"] for r in listed] == [payload["client_id"]]


def test_the_api_says_which_fields_are_wrong(city, amina):
    client = signed_in(amina.user)
    response = post_json(client, city, api_payload(people_helped=0, channel="carrier pigeon"))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {"people_helped", "channel"} <= errors.keys()
    assert post_json(client, city, ["not", "an", "object"]).status_code == 400
    assert not ContactRecord.objects.exists()


def test_the_api_needs_the_csrf_token(city, amina):
    client = Client(enforce_csrf_checks=True)
    client.force_login(amina.user)
    assert post_json(client, city, api_payload()).status_code == 403
    assert not ContactRecord.objects.exists()


def test_a_language_beyond_the_usual_ones_can_be_chosen_alone(city, amina):
    client = signed_in(amina.user)
    response = client.post(url("record", city), form_data(languages=[], other_language="ti"))
    assert response.status_code == 302
    assert list(ContactRecord.objects.get().languages.values_list("pk", flat=True)) == ["ti"]
    missing = client.post(url("record", city), form_data(languages=[]))
    assert "Choose at least one language" in missing.content.decode()


# --- Services signposted to: the form's search ------------------------------------------------


def test_the_service_search_answers_the_programmes_published_services_by_name(
    city, other_programme, amina
):
    from bridges.directory.models import Service

    make_service(city, name="Harehills Housing Advice")
    make_service(city, name="Gipton Food Bank")
    make_service(city, name="Closed Housing Project", status=Service.Status.INACTIVE)
    make_service(other_programme, name="Elsewhere Housing Advice")
    client = signed_in(amina.user)
    found = client.get(url("api_services", city), {"q": "housing"})
    assert found["Cache-Control"] == "private, no-store"
    assert [s["name"] for s in found.json()["results"]] == ["Harehills Housing Advice"]
    assert client.get(url("api_services", city), {"q": ""}).json() == {"results": []}
    assert client.post(url("api_services", city)).status_code == 405


def test_without_javascript_a_search_draws_the_form_again_keeping_everything(city, amina):
    ours = make_service(city, name="Gipton Food Bank")
    kept = make_service(city, name="Harehills Housing Advice")
    client = signed_in(amina.user)
    data = form_data(
        people_helped="6",
        needs=["food"],
        services=[str(kept.pk)],
        service_query="food",
        find_services="1",
        note="Came with a neighbour",
    )
    response = client.post(url("record", city), data)
    assert response.status_code == 200 and not ContactRecord.objects.exists()
    form = response.context["form"]
    assert not form.is_bound and not form.errors
    assert form.initial["client_id"] == data["client_id"]
    assert form.initial["people_helped"] == "6" and form.initial["needs"] == ["food"]
    assert form.initial["note"] == "Came with a neighbour"
    offered = dict(form.fields["services"].choices)
    assert offered == {str(kept.pk): "Harehills Housing Advice", str(ours.pk): "Gipton Food Bank"}
    html = response.content.decode()
    assert "Tick the services you signposted to" in html
    nothing = client.post(url("record", city), {**data, "service_query": "zzzz"})
    assert "No service matches these words." in nothing.content.decode()


def test_the_form_offers_the_usual_services_then_the_regulated_advisers(city, amina):
    housing = make_service(city, name="Harehills Housing Advice")
    food = make_service(city, name="Gipton Food Bank")
    adviser = make_service(city, name="Migrant Legal Project", need="immigration-advice")
    make_service(city, name="Never Used")
    for _ in range(2):
        record(city, amina, services=[str(food.pk)])
    record(city, amina, services=[str(housing.pk), str(food.pk)])
    form = signed_in(amina.user).get(url("record", city)).context["form"]
    assert [pk for pk, _ in form.fields["services"].choices] == [
        str(food.pk),
        str(housing.pk),
        str(adviser.pk),
    ]


def test_a_correction_says_when_and_by_whom(city, amina):
    stored = record(city, amina, people_helped=1)
    client = signed_in(amina.user)
    data = form_data(people_helped="4", date=stored.date.isoformat())
    data.pop("client_id")
    client.post(url("correct", city, pk=stored.pk), data)
    detail = client.get(url("detail", city, pk=stored.pk)).content.decode()
    assert "Corrected on " in detail and " by you:" in detail


def test_the_coordinators_log_filters_by_follow_up_and_by_service(city, coordinator, amina):
    food = make_service(city, name="Gipton Food Bank")
    signposted = record(city, amina, services=[str(food.pk)], follow_up=True)
    record(city, amina)
    client = signed_in(coordinator)
    assert list(client.get(url("log", city), {"follow_up": "yes"}).context["page"]) == [signposted]
    assert len(client.get(url("log", city), {"follow_up": "no"}).context["page"]) == 1
    assert list(client.get(url("log", city), {"service": "food"}).context["page"]) == [signposted]
    assert not list(client.get(url("log", city), {"service": "zzzz"}).context["page"])
    rows = client.get(url("log", city), {"service": "food", "format": "csv"}).content.decode()
    assert rows.count("\n") == 2 and "Gipton Food Bank" in rows


def test_the_networkers_guidance_says_plainly_they_do_not_give_immigration_advice(city, amina):
    from django.core.management import call_command

    call_command("load_curriculum")
    response = signed_in(amina.user).get(
        reverse(
            "training:module_detail",
            kwargs={"programme": city.slug, "slug": "limits-of-immigration-advice"},
        )
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Networkers do not give immigration advice." in html
    assert "Immigration Advice Authority (IAA)" in html and "(OISC)" in html
    assert "Last checked: 22 November 2026" in html
    assert "recorded as signposting only" in html


def test_the_correction_form_shows_the_services_already_chosen(city, amina):
    food = make_service(city, name="Gipton Food Bank")
    stored = record(city, amina, services=[str(food.pk)])
    response = signed_in(amina.user).get(url("correct", city, pk=stored.pk))
    html = response.content.decode()
    assert f'value="{food.pk}"' in html and "checked" in html.split(f'value="{food.pk}"')[1][:40]
    assert "Gipton Food Bank" in html
