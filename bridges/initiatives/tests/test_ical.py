"""The iCalendar feeds: they parse, carry what RFC 5545 requires, keep 18:00 local at the right
UTC in summer and winter, keep their UIDs and mark cancelled events."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from dateutil.rrule import rrulestr
from django.urls import reverse
from icalendar import Calendar

from bridges.initiatives import services
from bridges.initiatives.models import Event

from .factories import event, initiative

pytestmark = pytest.mark.django_db


def _feed(client, programme) -> Calendar:
    response = client.get(reverse("initiatives_public:feed", args=[programme.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def _events(cal: Calendar) -> dict[str, object]:
    return {str(item["summary"]): item for item in cal.walk("VEVENT")}


def _valid(cal: Calendar) -> None:
    """The properties RFC 5545 requires, each once, and a VTIMEZONE for every TZID used."""
    assert cal.name == "VCALENDAR"
    assert str(cal["version"]) == "2.0"
    assert str(cal["prodid"])
    zones = {str(z["tzid"]) for z in cal.walk("VTIMEZONE")}
    assert zones == {"Europe/London"}
    for zone in cal.walk("VTIMEZONE"):
        kinds = {sub.name for sub in zone.subcomponents}
        assert kinds <= {"STANDARD", "DAYLIGHT"} and "STANDARD" in kinds and "DAYLIGHT" in kinds
        for sub in zone.subcomponents:
            for required in ("dtstart", "tzoffsetfrom", "tzoffsetto"):
                assert required in sub
    for item in cal.walk("VEVENT"):
        for required in ("uid", "dtstamp", "dtstart"):
            assert required in item, f"VEVENT without {required.upper()}"
        assert item["dtstamp"].dt.tzinfo is not None
        assert item["dtstamp"].dt.utcoffset() == timedelta(0)  # DTSTAMP is in UTC
        assert item.decoded("dtend") > item.decoded("dtstart")
        assert str(item["dtstart"].params.get("TZID")) in zones
        assert str(item["status"]) in ("CONFIRMED", "CANCELLED", "TENTATIVE")
    # Lines folded at 75 octets, CRLF endings: what calendar apps import.
    raw = cal.to_ical()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))


def test_summer_and_winter_evenings_have_the_right_utc(client, programme):
    event(programme, title="July evening", starts_on=date(2027, 7, 15), start_time=time(18, 0))
    event(programme, title="January evening", starts_on=date(2027, 1, 14), start_time=time(18))
    cal = _feed(client, programme)
    _valid(cal)
    found = _events(cal)
    july = found["July evening"].decoded("dtstart")
    january = found["January evening"].decoded("dtstart")
    assert july.astimezone(UTC) == datetime(2027, 7, 15, 17, 0, tzinfo=UTC)  # BST, UTC+1
    assert january.astimezone(UTC) == datetime(2027, 1, 14, 18, 0, tzinfo=UTC)  # GMT
    assert b"TZID=Europe/London:20270715T180000" in cal.to_ical()


def test_a_weekly_event_stays_at_local_time_across_the_clock_change(client, programme):
    # Every Thursday from 8 October 2026: the clocks go back on 25 October.
    event(
        programme,
        title="Work club",
        repeats=Event.Repeats.WEEKLY,
        starts_on=date(2026, 10, 8),
        ends_on=date(2026, 11, 5),
        start_time=time(18, 0),
    )
    cal = _feed(client, programme)
    _valid(cal)
    item = _events(cal)["Work club"]
    start = item.decoded("dtstart")
    rule = rrulestr(item["rrule"].to_ical().decode(), dtstart=start)
    dates = list(rule)
    assert len(dates) == 5
    assert {d.time() for d in dates} == {time(18, 0)}
    utc_hours = [d.astimezone(UTC).hour for d in dates]
    assert utc_hours == [17, 17, 17, 18, 18]  # 8, 15, 22 Oct in BST; 29 Oct, 5 Nov in GMT


def test_uid_is_stable_and_a_change_raises_the_sequence(client, programme):
    one = event(programme, title="Information session")
    first = _events(_feed(client, programme))["Information session"]
    services.event_update(event=one, updated_by=None, start_time=time(17, 30))
    second = _events(_feed(client, programme))["Information session"]
    assert str(first["uid"]) == str(second["uid"]) == f"event-{one.pk}@testserver"
    assert int(second["sequence"]) == int(first["sequence"]) + 1


def test_a_cancelled_event_is_sent_as_cancelled(client, programme):
    one = event(programme, title="Community day")
    services.event_cancel(event=one, cancelled_by=None)
    item = _events(_feed(client, programme))["Community day"]
    assert str(item["status"]) == "CANCELLED"


def test_feeds_hold_only_public_events_of_the_programme_and_initiative(
    client, programme, other_programme
):
    club = initiative(programme, name="Café", public=True)
    private = initiative(programme, name="Private group", public=False)
    event(programme, title="Café morning", initiative=club)
    event(programme, title="Programme day")
    event(programme, title="Private meeting", initiative=private)
    event(programme, title="Hidden", public=False)
    event(other_programme, title="Elsewhere")
    assert set(_events(_feed(client, programme))) == {"Café morning", "Programme day"}
    response = client.get(
        reverse("initiatives_public:initiative_feed", args=[programme.slug, club.pk])
    )
    cal = Calendar.from_ical(response.content)
    _valid(cal)
    assert set(_events(cal)) == {"Café morning"}
    assert (
        client.get(
            reverse("initiatives_public:initiative_feed", args=[programme.slug, private.pk])
        ).status_code
        == 404
    )
