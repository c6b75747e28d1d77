"""Staff pages (forms, filters, the CSV download, counting who came) and the public calendar."""

import csv
import io
from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from bridges.initiatives import services
from bridges.initiatives.models import Event, EventAttendance, Initiative
from bridges.networkers.tests.factories import language

from .factories import attendance, event, initiative, past_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def languages(db):
    return {
        "ar": language("ar", "Arabic", "العربية", rtl=True),
        "en": language("en", "English"),
        "ti": language("ti", "Tigrinya", "ትግርኛ"),
    }


# Initiatives ----------------------------------------------------------------------------------


def test_adding_an_initiative_with_mistakes_says_what_to_fix(client, coordinator, programme):
    client.force_login(coordinator)
    url = reverse("initiatives:initiative_create", args=[programme.slug])
    response = client.post(url, {"kind": "cafe", "opens_at": "10:00", "public": "on"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in text
    assert Initiative.objects.count() == 0
    response = client.post(
        url,
        {
            "name": "Community café",
            "kind": "cafe",
            "purpose": "Tea and help.",
            "status": "active",
            "opens_at": "12:00",
            "closes_at": "10:00",
            "meets_on": ["MO"],
        },
    )
    assert "The end time must be after the start time." in response.content.decode()
    assert Initiative.objects.count() == 0


def test_adding_an_initiative_saves_needs_days_and_networkers(
    client, coordinator, programme, languages
):
    from bridges.dropins.tests.factories import active_networker

    amina = active_networker(programme, "Amina Haddad")
    client.force_login(coordinator)
    response = client.post(
        reverse("initiatives:initiative_create", args=[programme.slug]),
        {
            "name": "Eritrean community kitchen",
            "kind": "kitchen",
            "purpose": "Cooking and eating together.",
            "status": "starting",
            "languages": ["ti", "en"],
            "venue_name": "St Mark's hall",
            "meets_on": ["SA", "WE"],
            "opens_at": "12:00",
            "closes_at": "15:00",
            "needs": ["venue", "funding"],
            "support_notes": "The hall doubles its rent in April.",
            "networkers": [amina.pk],
        },
    )
    assert response.status_code == 302
    kitchen = Initiative.objects.get()
    assert kitchen.meets_on == "WE,SA"
    assert kitchen.needs == ["venue", "funding"]
    assert list(kitchen.networkers.all()) == [amina]
    assert sorted(kitchen.languages.values_list("code", flat=True)) == ["en", "ti"]
    assert kitchen.directory_service_id is None  # not public


def test_networkers_of_another_programme_cannot_be_linked(programme, other_programme):
    from django.core.exceptions import ValidationError

    from bridges.dropins.tests.factories import active_networker

    stranger = active_networker(other_programme, "Elsewhere")
    with pytest.raises(ValidationError):
        initiative(programme, networkers=[stranger])


def test_coordinators_filter_by_need_and_status_and_download(client, coordinator, programme):
    initiative(programme, name="Needs a venue", needs_venue=True, support_notes="=cmd|calc")
    initiative(programme, name="Needs money", needs_funding=True)
    initiative(programme, name="Paused club", status=Initiative.Status.PAUSED, needs_venue=True)
    initiative(programme.__class__.objects.create(name="Far", slug="far"), name="Far away")
    client.force_login(coordinator)
    url = reverse("initiatives:initiative_list", args=[programme.slug])
    text = client.get(url, {"need": "venue", "status": "active"}).content.decode()
    assert "Needs a venue" in text
    assert "Needs money" not in text and "Paused club" not in text and "Far away" not in text
    download = client.get(url, {"need": "venue", "format": "csv"})
    assert download["Content-Disposition"].startswith('attachment; filename="initiatives.csv"')
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0][0] == "name"
    assert sorted(r[0] for r in rows[1:]) == ["Needs a venue", "Paused club"]
    notes = rows[1:][[r[0] for r in rows[1:]].index("Needs a venue")][12]
    assert not notes.startswith("=")  # formulas neutralised
    bad = client.get(url, {"need": "moon"})
    assert bad.status_code == 200 and "There is a problem" in bad.content.decode()


def test_list_query_count_does_not_grow_with_rows(
    client, coordinator, programme, django_assert_max_num_queries
):
    from bridges.dropins.tests.factories import active_networker

    for n in range(8):
        club = initiative(programme, name=f"Club {n}")
        club.networkers.add(active_networker(programme, f"Networker {n}"))
    client.force_login(coordinator)
    with django_assert_max_num_queries(14):
        client.get(reverse("initiatives:initiative_list", args=[programme.slug]))


# Events and attendance ------------------------------------------------------------------------


def test_an_event_form_with_an_end_before_its_start_changes_nothing(client, coordinator, programme):
    client.force_login(coordinator)
    response = client.post(
        reverse("initiatives:event_create", args=[programme.slug]),
        {
            "kind": "information",
            "title": "Housing rights session",
            "venue_name": "Library",
            "repeats": "once",
            "starts_on": "2027-03-03",
            "start_time": "18:00",
            "end_time": "17:00",
            "public": "on",
        },
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not Event.objects.exists()


def test_cancelling_asks_first(client, coordinator, programme):
    one = event(programme)
    client.force_login(coordinator)
    url = reverse("initiatives:event_cancel", args=[programme.slug, one.pk])
    assert "Yes, cancel the event" in client.get(url).content.decode()
    one.refresh_from_db()
    assert not one.cancelled
    client.post(url)
    client.post(url)  # twice: nothing more changes
    one.refresh_from_db()
    assert one.cancelled and one.sequence == 1


def test_attendance_only_after_the_event_and_once(client, networker, programme, languages):
    coming = event(programme, title="Next week")
    client.force_login(networker)
    url = reverse("initiatives:attendance", args=[programme.slug, coming.pk, coming.starts_on])
    assert "once the event has ended" in client.get(url).content.decode()
    with pytest.raises(Exception, match="after the event ends"):
        services.attendance_record(event=coming, day=coming.starts_on, total=3, recorded_by=None)

    held = past_event(programme, title="Last month", languages=["ar", "ti"])
    url = reverse("initiatives:attendance", args=[programme.slug, held.pk, held.starts_on])
    too_many = client.post(url, {"total": "5", "count_ar": "4", "count_ti": "3"})
    assert "add up to more than the people who came" in too_many.content.decode()
    assert not EventAttendance.objects.exists()
    for _ in range(2):
        assert (
            client.post(url, {"total": "12", "count_ar": "7", "count_ti": "3"}).status_code == 302
        )
    counted = EventAttendance.objects.get()
    assert counted.total == 12
    assert {r.language_id: r.count for r in counted.languages.all()} == {"ar": 7, "ti": 3}
    wrong_day = held.starts_on + timedelta(days=1)
    assert (
        client.get(
            reverse("initiatives:attendance", args=[programme.slug, held.pk, wrong_day])
        ).status_code
        == 404
    )


def test_totals_hide_small_numbers(client, analyst, programme):
    big = past_event(programme, title="Community day", kind=Event.Kind.COMMUNITY_DAY)
    small = past_event(programme, title="Information", kind=Event.Kind.INFORMATION)
    attendance(big, big.starts_on, 40)
    attendance(small, small.starts_on, 3)
    client.force_login(analyst)
    text = client.get(
        reverse("initiatives:attendance_totals", args=[programme.slug])
    ).content.decode()
    assert "40" in text and "fewer than 5" in text
    download = client.get(
        reverse("initiatives:attendance_totals", args=[programme.slug]), {"format": "csv"}
    ).content.decode("utf-8-sig")
    assert ",3\r\n" not in download and ",40" in download


# The public calendar --------------------------------------------------------------------------


def test_the_public_calendar_lists_public_events_only(client, programme, other_programme):
    club = initiative(programme, name="Work club", public=True)
    hidden = initiative(programme, name="Hidden club", public=False)
    event(programme, title="Job fair", initiative=club)
    event(programme, title="Private planning", initiative=hidden)
    event(programme, title="Staff only", public=False)
    event(other_programme, title="Elsewhere fair")
    text = client.get(
        reverse("initiatives_public:event_list", args=[programme.slug])
    ).content.decode()
    assert "Job fair" in text
    for absent in ("Private planning", "Staff only", "Elsewhere fair"):
        assert absent not in text
    assert "calendar.ics" in text


def test_the_month_page_and_bad_months(client, programme):
    event(programme, title="Spring day", starts_on=date(2027, 4, 10))
    url = reverse("initiatives_public:month", args=[programme.slug])
    text = client.get(url, {"month": "2027-04"}).content.decode()
    assert "Spring day" in text and "April 2027" in text
    assert client.get(url, {"month": "2027-13"}).status_code == 200
    assert client.get(url, {"month": "nonsense"}).status_code == 200


def test_arabic_pages_are_rtl_and_isolate_names(client, programme):
    club = initiative(programme, name="Riverside work club", public=True)
    one = event(programme, title="Open day", initiative=club, venue_postcode="RV1 2AB")
    with translation.override("ar"):
        url = reverse("initiatives_public:event", args=[programme.slug, one.pk])
    assert url.startswith("/ar/")
    text = client.get(url).content.decode()
    assert 'dir="rtl"' in text
    assert '<h1 dir="auto">Open day</h1>' in text
    assert '<bdi dir="ltr">RV1 2AB</bdi>' in text
    assert "<bdi>Riverside work club</bdi>" in text


def test_public_counts_under_five_are_hidden(client, programme):
    one = past_event(programme, title="Weekly group", repeats=Event.Repeats.WEEKLY)
    one_day = one.starts_on
    attendance(one, one_day, 3)
    attendance(one, one_day + timedelta(days=7), 23)
    text = client.get(
        reverse("initiatives_public:event", args=[programme.slug, one.pk])
    ).content.decode()
    assert "23 people" in text
    assert ": 3 people" not in text and "3 person" not in text


def test_the_public_event_list_pages_and_pins_queries(
    client, programme, django_assert_max_num_queries
):
    for n in range(20):
        event(programme, title=f"Event {n:02d}", starts_on=timezone.localdate() + timedelta(days=n))
    url = reverse("initiatives_public:event_list", args=[programme.slug])
    with django_assert_max_num_queries(8):
        first = client.get(url).content.decode()
    assert "Event 00" in first and "Event 19" not in first
    assert "Event 19" in client.get(url, {"page": 2}).content.decode()


def test_the_segments_a_translation_workflow_reads(programme):
    from bridges.initiatives.translatable import event_segments, initiative_segments

    one = event(programme, title="Tea", description="Bring a friend.")
    assert [(s.key, s.text) for s in event_segments(one)] == [
        ("title", "Tea"),
        ("description", "Bring a friend."),
    ]
    assert [s.key for s in initiative_segments(initiative(programme))] == ["name", "purpose"]


def test_weekly_events_occur_on_their_weekday(programme):
    one = event(
        programme,
        repeats=Event.Repeats.WEEKLY,
        starts_on=date(2027, 1, 5),
        ends_on=date(2027, 1, 26),
        start_time=time(10),
        end_time=time(12),
    )
    assert one.occurrence_dates(date(2027, 1, 1), date(2027, 2, 28)) == [
        date(2027, 1, 5),
        date(2027, 1, 12),
        date(2027, 1, 19),
        date(2027, 1, 26),
    ]


def test_a_form_sent_twice_stores_one_record(client, coordinator, programme):
    client.force_login(coordinator)
    data = {
        "kind": "information",
        "title": "Housing rights session",
        "venue_name": "Library",
        "repeats": "once",
        "starts_on": "2027-03-03",
        "start_time": "18:00",
        "end_time": "19:30",
        "public": "on",
    }
    url = reverse("initiatives:event_create", args=[programme.slug])
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert "already on the calendar" in again.content.decode()
    assert Event.objects.count() == 1
    club = {"name": "Chess club", "kind": "other", "purpose": "Chess.", "status": "active"}
    url = reverse("initiatives:initiative_create", args=[programme.slug])
    assert client.post(url, club).status_code == 302
    assert "already listed" in client.post(url, club).content.decode()
    assert Initiative.objects.count() == 1
