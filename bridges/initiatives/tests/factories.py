from datetime import date, time, timedelta

from django.utils import timezone

from bridges.initiatives import services
from bridges.initiatives.models import Event, EventAttendance, Initiative


def initiative(programme, **fields) -> Initiative:
    fields.setdefault("name", "Riverside work club")
    fields.setdefault("kind", Initiative.Kind.WORK_CLUB)
    fields.setdefault("purpose", "Help with CVs, job applications and interview practice.")
    fields.setdefault("venue_name", "Riverside community centre")
    fields.setdefault("venue_address", "12 Mill Street")
    fields.setdefault("venue_postcode", "RV1 2AB")
    fields.setdefault("status", Initiative.Status.ACTIVE)
    return services.initiative_create(programme=programme, created_by=None, **fields)


def event(programme, **fields) -> Event:
    fields.setdefault("title", "Community day")
    fields.setdefault("kind", Event.Kind.COMMUNITY_DAY)
    fields.setdefault("venue_name", "Town hall")
    fields.setdefault("starts_on", timezone.localdate() + timedelta(days=7))
    fields.setdefault("start_time", time(18, 0))
    fields.setdefault("end_time", time(20, 0))
    return services.event_create(programme=programme, created_by=None, **fields)


def past_event(programme, **fields) -> Event:
    fields.setdefault("starts_on", timezone.localdate() - timedelta(days=14))
    return event(programme, **fields)


def attendance(an_event: Event, day: date, total: int) -> EventAttendance:
    return EventAttendance.objects.create(event=an_event, date=day, total=total)
