"""iCalendar (RFC 5545) feeds of events, for calendar apps.

Times are written in the programme's time zone (settings.TIME_ZONE, Europe/London) with its
VTIMEZONE, so an event at 18:00 stays at 18:00 local across summer time, a weekly one too
(its RRULE repeats in local time). Each event has one VEVENT with a UID that never changes,
a SEQUENCE that goes up with each change and STATUS:CANCELLED once cancelled, so calendar apps
that subscribed update or strike it out.
"""

import functools
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Timezone, vRecur
from icalendar import Event as VEvent

from .models import Event
from .translatable import event_segments

PRODID = "-//Bridges//Community events//EN"
# How far back a feed reaches: calendar apps keep what they had.
WEEKLY_FROM_DAYS_BACK = 366


def event_uid(event: Event, host: str) -> str:
    """The same for the event in every feed, for as long as the site keeps its address."""
    return f"event-{event.pk}@{host}"


@functools.lru_cache(maxsize=16)
def _vtimezone(zone_name: str, first_year: int, last_year: int) -> Timezone:
    # Working out the transitions takes a while: once per span of years per process.
    return Timezone.from_tzinfo(
        ZoneInfo(zone_name), first_date=date(first_year, 1, 1), last_date=date(last_year, 12, 31)
    )


def _place(event: Event) -> str:
    return ", ".join(p for p in (event.venue_name, event.venue_address, event.venue_postcode) if p)


def calendar_for(
    events, *, name: str, host: str, url: str = "", now: datetime | None = None
) -> bytes:
    """The feed of these events."""
    zone = ZoneInfo(settings.TIME_ZONE)
    now = now or timezone.now()
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    events = list(events)
    first = min((e.starts_on for e in events), default=now.date())
    last = max((e.ends_on or e.starts_on for e in events), default=now.date())
    cal.add_component(
        _vtimezone(settings.TIME_ZONE, min(first, now.date()).year, max(last, now.date()).year + 2)
    )
    for event in events:
        segments = {s.key: s.text for s in event_segments(event)}
        item = VEvent()
        item.add("uid", event_uid(event, host))
        item.add("dtstamp", now.astimezone(ZoneInfo("UTC")))
        item.add("last-modified", event.updated_at.astimezone(ZoneInfo("UTC")))
        item.add("created", event.created_at.astimezone(ZoneInfo("UTC")))
        item.add("sequence", event.sequence)
        item.add("summary", segments["title"])
        if "description" in segments:
            item.add("description", segments["description"])
        place = _place(event)
        if place:
            item.add("location", place)
        item.add("dtstart", datetime.combine(event.starts_on, event.start_time, tzinfo=zone))
        item.add("dtend", datetime.combine(event.starts_on, event.end_time, tzinfo=zone))
        if event.repeats == Event.Repeats.WEEKLY:
            rule = {"freq": "weekly"}
            if event.ends_on:
                rule["until"] = datetime.combine(
                    event.ends_on, event.end_time, tzinfo=zone
                ).astimezone(ZoneInfo("UTC"))
            item.add("rrule", vRecur(rule))
        item.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
        item.add("transp", "OPAQUE")
        if url:
            item.add("url", url.format(pk=event.pk))
        cal.add_component(item)
    return cal.to_ical()
