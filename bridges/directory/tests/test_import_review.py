"""Honest imports: what a feed does not say is "not known", v1 opening times are kept, dropped
or cleaned parts are reported per record, new and changed listings can wait for review with
their difference from what is live, and a programme's feed is imported again on a schedule."""

import datetime
import io
import json
import uuid

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from bridges.directory.importers import held, run
from bridges.directory.models import (
    DirectoryFeed,
    DirectoryImport,
    HeldListing,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
)
from bridges.directory.selectors import service_search
from bridges.directory.tasks import directory_import_run

pytestmark = pytest.mark.django_db

SERVICE_ID = "7a0c3f4e-1111-4c1e-9a53-000000000001"


def v1_record(**changes) -> dict:
    """A record as a council's ORUK v1 feed gives it: nothing about immigration status,
    No Recourse to Public Funds or referral."""
    record = {
        "id": SERVICE_ID,
        "name": "Riverside Food Bank",
        "description": "<p>Food parcels for anyone in need.</p>",
        "status": "active",
        "url": "https://food.example.org/",
        "email": "help@food.example.org",
        "organization": {"id": "org-1", "name": "Riverside Churches"},
        "phones": [{"number": "01724 297000"}],
        "regular_schedules": [
            {"weekday": "Monday", "opens_at": "09:00:00", "closes_at": "12:30:00"},
            {"weekday": "Thursday", "opens_at": "13:00:00", "closes_at": "16:00:00"},
        ],
        "service_taxonomys": [{"taxonomy": {"name": "food"}}],
    }
    record.update(changes)
    return record


def do_import(programme, records, *, mode="publish", user=None) -> DirectoryImport:
    record = run.directory_import_create(
        programme=programme,
        user=user,
        source_name="council-feed.json",
        format="oruk_v1",
        payload=json.dumps(records).encode(),
        mode=mode,
    )
    run.directory_import_execute(import_id=record.pk)
    record.refresh_from_db()
    return record


# --- What the feed does not say is not known ----------------------------------------------------


def test_a_feed_silent_on_eligibility_claims_nothing(client, programme):
    record = do_import(programme, [v1_record()])
    assert record.status == "done" and record.created_count == 1, record.failure
    service = Service.objects.get(pk=SERVICE_ID)
    assert service.recourse == Service.Recourse.UNKNOWN
    assert service.referral == Service.Referral.UNKNOWN
    page = client.get(
        reverse("directory_public:service_detail", kwargs={"service_id": SERVICE_ID})
    ).content.decode()
    assert "Not known: ask the service" in page
    assert "whatever their immigration status" not in page
    assert "No referral needed" not in page
    results = client.get(reverse("directory_public:search"), {"q": "food"}).content.decode()
    assert "Riverside Food Bank" in results and "Open to people with NRPF" not in results


def test_stated_eligibility_is_kept_and_a_value_not_understood_is_reported(programme):
    record = do_import(
        programme,
        [v1_record(x_bridges_recourse="nrpf_ok", x_bridges_referral="maybe-later")],
    )
    service = Service.objects.get(pk=SERVICE_ID)
    assert service.recourse == Service.Recourse.NRPF_OK
    assert service.referral == Service.Referral.UNKNOWN
    (warning,) = record.warnings
    assert any("x_bridges_referral not understood" in r for r in warning["reasons"])


def test_v1_weekday_schedules_become_hsds_schedules_and_are_shown(client, programme):
    do_import(programme, [v1_record()])
    schedules = {(s.byday, s.opens_at, s.closes_at) for s in Schedule.objects.all()}
    assert schedules == {
        ("MO", datetime.time(9), datetime.time(12, 30)),
        ("TH", datetime.time(13), datetime.time(16)),
    }
    page = client.get(
        reverse("directory_public:service_detail", kwargs={"service_id": SERVICE_ID})
    ).content.decode()
    assert "Monday" in page and "Thursday" in page


# --- Dropped or cleaned parts are reported per record -------------------------------------------


def test_dropped_and_cleaned_parts_are_reported_per_record(client, programme, coordinator):
    bad = v1_record(
        name="Riverside \u202efood\u202c Bank",
        url="javascript:alert(1)",
        email="not-an-email",
        phones=[{"number": "call us"}, {"number": "01724 297000"}],
        service_taxonomys=[{"taxonomy": {"name": "food"}}, {"taxonomy": {"name": "astrology"}}],
        regular_schedules=[{"weekday": "Someday", "opens_at": "09:00", "closes_at": "10:00"}],
        languages=["klingon"],
    )
    good = v1_record(id="other-1", name="Quiet Library", phones=[], regular_schedules=[])
    record = do_import(programme, [bad, good])
    assert record.status == "done" and record.created_count == 2
    (warning,) = record.warnings
    assert warning["source_id"] == SERVICE_ID and warning["name"] == "Riverside food Bank"
    reasons = " | ".join(warning["reasons"])
    for expected in (
        "invisible control characters removed from: name",
        "url dropped: not a web address (javascript:alert(1))",
        "email dropped: not an email address (not-an-email)",
        "phone dropped: not a phone number (call us)",
        "need not known here, dropped: astrology",
        "opening time: day not understood (Someday)",
        "language not known here, dropped: klingon",
    ):
        assert expected in reasons
    service = Service.objects.get(pk=SERVICE_ID)
    assert "\u202e" not in service.name and service.url == "" and service.email == ""
    assert list(service.phones.values_list("number", flat=True)) == ["01724 297000"]
    assert list(service.taxonomy_terms.values_list("code", flat=True)) == ["food"]

    client.force_login(coordinator)
    url = reverse(
        "directory:import_detail", kwargs={"programme": programme.slug, "import_id": record.pk}
    )
    page = client.get(url).content.decode()
    assert "Parts of 1 record were dropped or cleaned" in page
    assert "need not known here, dropped: astrology" in page
    download = client.get(url, {"format": "csv"})
    assert download["Content-Type"].startswith("text/csv")
    text = download.content.decode()
    assert "phone dropped: not a phone number (call us)" in text and SERVICE_ID in text


# --- Review: hold new and changed listings ------------------------------------------------------


def test_held_listings_are_not_live_until_approved(client, programme, coordinator):
    record = do_import(programme, [v1_record()], mode="review")
    assert record.held_count == 1 and record.created_count == 0
    assert not Service.objects.filter(pk=SERVICE_ID).exists()
    assert service_search(query="food", programme=programme).paginator.count == 0
    item = HeldListing.objects.get()
    assert item.is_new and item.status == "pending"
    assert {row["field"] for row in item.diff} >= {"name", "phones", "schedules", "recourse"}

    client.force_login(coordinator)
    review = reverse(
        "directory:import_review", kwargs={"programme": programme.slug, "import_id": record.pk}
    )
    page = client.get(review).content.decode()
    assert "Riverside Food Bank" in page and "New listing" in page and "01724 297000" in page
    decide = reverse(
        "directory:held_decide",
        kwargs={"programme": programme.slug, "import_id": record.pk, "held_id": item.pk},
    )
    assert client.post(decide, {"decision": "approve"}).status_code == 302
    # Sent twice: published once.
    client.post(decide, {"decision": "approve"})
    item.refresh_from_db()
    assert item.status == "approved" and item.decided_by == coordinator
    service = Service.objects.get(pk=SERVICE_ID)
    assert service.schedules.count() == 2 and service.recourse == "unknown"
    assert service_search(query="food", programme=programme).paginator.count == 1


def test_a_changed_listing_shows_its_difference_and_rejecting_keeps_what_is_live(
    client, programme, coordinator
):
    do_import(programme, [v1_record()])
    changed = v1_record(
        phones=[{"number": "01724 000111"}],
        regular_schedules=[{"weekday": "Friday", "opens_at": "10:00", "closes_at": "12:00"}],
    )
    record = do_import(
        programme, [changed, v1_record(id="new-2", name="New Advice")], mode="review"
    )
    assert record.held_count == 2 and record.unchanged_count == 0
    item = HeldListing.objects.get(name="Riverside Food Bank")
    assert not item.is_new
    diff = {row["field"]: row for row in item.diff}
    assert set(diff) == {"phones", "schedules"}
    assert diff["phones"] == {"field": "phones", "before": "01724 297000", "after": "01724 000111"}
    assert diff["schedules"]["before"].startswith("MO 09:00")
    client.force_login(coordinator)
    decide = reverse(
        "directory:held_decide",
        kwargs={"programme": programme.slug, "import_id": record.pk, "held_id": item.pk},
    )
    client.post(decide, {"decision": "reject"})
    service = Service.objects.get(pk=SERVICE_ID)
    assert list(service.phones.values_list("number", flat=True)) == ["01724 297000"]
    assert HeldListing.objects.get(pk=item.pk).status == "rejected"


def test_publishing_all_asks_first(client, programme, coordinator):
    records = [v1_record(id=f"svc-{n}", name=f"Service {n}") for n in range(3)]
    record = do_import(programme, records, mode="review")
    client.force_login(coordinator)
    review = reverse(
        "directory:import_review", kwargs={"programme": programme.slug, "import_id": record.pk}
    )
    asked = client.post(review, {"decision": "approve"})
    assert asked.status_code == 200 and "Publish all 3 listings?" in asked.content.decode()
    assert Service.objects.count() == 0
    done = client.post(review + "?confirm=on", {"decision": "approve"})
    assert done.status_code == 302
    assert Service.objects.count() == 3
    assert not HeldListing.objects.filter(status="pending").exists()


def test_an_unchanged_record_is_neither_held_nor_rewritten(programme):
    do_import(programme, [v1_record()])
    before = Service.objects.get(pk=SERVICE_ID).updated_at
    record = do_import(programme, [v1_record()], mode="review")
    assert record.held_count == 0 and record.unchanged_count == 1
    assert Service.objects.get(pk=SERVICE_ID).updated_at == before


def test_import_form_offers_the_choice(client, programme, coordinator):
    client.force_login(coordinator)
    url = reverse("directory:import_create", kwargs={"programme": programme.slug})
    page = client.get(url).content.decode()
    assert "Hold new and changed listings for review" in page and "Publish at once" in page
    upload = io.BytesIO(json.dumps([v1_record()]).encode())
    upload.name = "feed.json"
    response = client.post(url, {"format": "oruk_v1", "mode": "review", "file": upload})
    assert response.status_code == 302
    assert DirectoryImport.objects.get().mode == "review"


# --- Command and scheduled sync -----------------------------------------------------------------


def test_the_import_command_reads_a_file(programme, tmp_path):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([v1_record(email="bad")]))
    out = io.StringIO()
    call_command("directory_import", programme.slug, str(path), "--review", stdout=out)
    assert "1 held for review" in out.getvalue()
    assert "email dropped" in out.getvalue()
    assert HeldListing.objects.count() == 1 and Service.objects.count() == 0


def test_the_sync_queues_each_due_feed_once_and_reports_what_changed(
    programme, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.DIRECTORY_IMPORT_ALLOW_URLS = True
    feeds = iter([[v1_record(), v1_record(id="b", name="Second")], [v1_record(email="")]])
    monkeypatch.setattr(run.feed, "url_refusal", lambda url: "")
    monkeypatch.setattr(run.feed, "fetch", lambda url: json.dumps(next(feeds)).encode())
    feed = DirectoryFeed.objects.create(
        programme=programme, url="https://feed.example.org/services", mode="publish"
    )
    with django_capture_on_commit_callbacks(execute=True):
        (first,) = held.directory_feeds_sync(task=directory_import_run)
    first.refresh_from_db()
    assert first.status == "done" and first.created_count == 2 and first.feed == feed
    # Not due again within its hours.
    assert held.directory_feeds_sync(task=directory_import_run) == []
    later = timezone.now() + datetime.timedelta(hours=25)
    with django_capture_on_commit_callbacks(execute=True):
        (second,) = held.directory_feeds_sync(task=directory_import_run, now=later)
    second.refresh_from_db()
    assert second.updated_count == 1
    assert second.changes["updated"] == [{"id": SERVICE_ID, "name": "Riverside Food Bank"}]
    assert [item["name"] for item in second.changes["missing"]] == ["Second"]


def test_the_sync_command_and_the_feed_page(client, programme, coordinator, settings):
    settings.DIRECTORY_IMPORT_ALLOW_URLS = False
    client.force_login(coordinator)
    url = reverse("directory:feed", kwargs={"programme": programme.slug})
    refused = client.post(
        url,
        {
            "url": "https://feed.example.org/",
            "format": "oruk_v1",
            "mode": "review",
            "every_hours": 24,
            "active": "on",
        },
    )
    assert refused.status_code == 200 and not DirectoryFeed.objects.exists()
    assert "not allowed here" in refused.content.decode()
    out = io.StringIO()
    call_command("directory_feeds_sync", stdout=out)
    assert "0 feed import(s) queued." in out.getvalue()


# --- Stable ids of children -----------------------------------------------------------------


def test_ids_of_schedules_phones_and_places_survive_a_reimport(programme):
    schedule_id, phone_id, at_id = (str(uuid.uuid4()) for _ in range(3))
    record = v1_record(
        regular_schedules=[
            {"id": schedule_id, "weekday": "Monday", "opens_at": "09:00", "closes_at": "12:00"}
        ],
        phones=[{"id": phone_id, "number": "01724 297000"}],
        service_at_locations=[
            {"id": at_id, "location": {"id": str(uuid.uuid4()), "name": "Church hall"}}
        ],
    )
    do_import(programme, [record])
    moved = dict(record, name="Riverside Food Bank (moved)")
    do_import(programme, [moved])
    assert str(Schedule.objects.get().pk) == schedule_id
    assert str(Phone.objects.get().pk) == phone_id
    assert str(ServiceAtLocation.objects.get().pk) == at_id
    with translation.override("en"):
        assert Service.objects.get().name == "Riverside Food Bank (moved)"
