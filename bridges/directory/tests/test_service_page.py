"""The public service page: an old listing is flagged, jargon is explained in plain words,
"open now" is read from the schedule in the programme's time zone, and directions are given
as a geo: link and a plain address to copy."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from bridges.directory import service_page
from bridges.directory.models import Location, Schedule, Service, ServiceAtLocation

from .factories import make_service, ward

LONDON = ZoneInfo("Europe/London")


def at(text: str) -> datetime.datetime:
    """A moment given in London time (2026-12-07 is a Monday)."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=LONDON)


def schedule(byday: str, opens: str, closes: str) -> Schedule:
    return Schedule(
        byday=byday,
        opens_at=datetime.time.fromisoformat(opens),
        closes_at=datetime.time.fromisoformat(closes),
    )


def test_open_now_reads_the_schedule_in_the_programmes_time_zone():
    weekdays = [schedule("MO,TU,WE,TH,FR", "09:00", "17:00")]
    found = service_page.open_now(weekdays, zone=LONDON, now=at("2026-12-07T10:00"))
    assert found.open and found.closes_at == datetime.time(17, 0)
    with translation.override("en"):
        evening = service_page.open_now(weekdays, zone=LONDON, now=at("2026-12-07T18:30"))
        assert not evening.open
        assert (evening.next_day, evening.next_opens) == ("tomorrow", datetime.time(9, 0))
        early = service_page.open_now(weekdays, zone=LONDON, now=at("2026-12-07T07:00"))
        assert (early.next_day, early.next_opens) == ("today", datetime.time(9, 0))
        friday_night = service_page.open_now(weekdays, zone=LONDON, now=at("2026-12-11T20:00"))
        assert friday_night.next_day == "Monday"
    # 08:30 UTC in summer is 09:30 in London: open, although 08:30 is before opening.
    summer = datetime.datetime(2026, 7, 6, 8, 30, tzinfo=datetime.UTC)
    assert service_page.open_now(weekdays, zone=LONDON, now=summer).open
    assert service_page.open_now([], zone=LONDON) is None


def test_directions_give_a_geo_link_only_with_coordinates_and_always_an_address():
    place = Location(
        name="Hope Centre", address_1="12 Mill Road", city="Riverton", postal_code="RV1 2AB"
    )
    plain = service_page.directions(place)
    assert plain.address == "Hope Centre, 12 Mill Road, Riverton, RV1 2AB"
    assert plain.geo == ""
    place.latitude, place.longitude = 53.8008, -1.5491
    assert service_page.directions(place).geo == "geo:53.800800,-1.549100"


@pytest.mark.django_db
def test_the_page_warns_on_an_old_listing_explains_nrpf_and_gives_directions(client, programme):
    service = make_service(
        programme,
        name="Night Shelter",
        area=ward(),
        hours=("MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59"),
        recourse=Service.Recourse.NRPF_OK,
    )
    Service.objects.filter(pk=service.pk).update(
        last_verified_at=timezone.now() - datetime.timedelta(days=400)
    )
    Location.objects.filter(pk=service.at_locations.get().location_id).update(
        latitude=53.8, longitude=-1.55, city="Riverton", postal_code="RV1 2AB"
    )
    html = client.get(reverse("directory_public:service_detail", args=[service.pk])).content
    html = html.decode()
    assert "more than a year ago" in html
    assert "What does “No Recourse to Public Funds” mean?" in html
    assert "cannot claim most benefits" in html and "NHS" in html
    assert "Last checked on 22 November 2026" in html
    assert "Open now" in html or "Closed now" in html
    assert 'href="geo:53.800000,-1.550000"' in html
    assert "1 Test Street, Riverton, RV1 2AB" in html


@pytest.mark.django_db
def test_a_recent_listing_for_everyone_shows_no_warning_nor_nrpf(client, programme):
    service = make_service(programme, name="Library", recourse=Service.Recourse.ANY)
    Service.objects.filter(pk=service.pk).update(last_verified_at=timezone.now())
    html = client.get(reverse("directory_public:service_detail", args=[service.pk])).content
    html = html.decode()
    assert "listing-stale" not in html
    assert "No Recourse to Public Funds” mean" not in html
    assert "Open now" not in html and "Closed now" not in html  # no opening times listed
    assert "geo:" not in html
    assert ServiceAtLocation.objects.count() == 0
