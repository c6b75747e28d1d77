"""Reads for initiatives and events, scoped to a programme, joins declared."""

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Prefetch, Q, Sum
from django.utils import timezone

from bridges.accounts.models import Programme
from bridges.networkers.models import Networker

from .models import Event, EventAttendance, EventAttendanceLanguage, Initiative

# Counts below this are never shown to the public or to analysts.
SUPPRESS_BELOW = 5
PUBLIC_DAYS_AHEAD = 92


def suppressed(count: int | None) -> int | None:
    """The count, or None when it is small enough to point at a person."""
    if count is None or count < SUPPRESS_BELOW:
        return None
    return count


def initiative_list(*, programme: Programme, need: str = "", status: str = "", query: str = ""):
    initiatives = (
        Initiative.objects.for_programme(programme)
        .prefetch_related(
            "languages", Prefetch("networkers", Networker.objects.order_by("display_name"))
        )
        .order_by("name", "pk")
    )
    if need:
        initiatives = initiatives.needing(need)
    if status:
        initiatives = initiatives.filter(status=status)
    if query:
        initiatives = initiatives.filter(
            Q(name__icontains=query) | Q(purpose__icontains=query) | Q(venue_name__icontains=query)
        )
    return initiatives


def programme_networkers(*, programme: Programme):
    return (
        Networker.objects.for_programme(programme)
        .exclude(stage=Networker.Stage.LEFT)
        .order_by("display_name")
    )


def event_list(*, programme: Programme, when: str = "", initiative: Initiative | None = None):
    today = timezone.localdate()
    events = (
        Event.objects.for_programme(programme)
        .select_related("initiative")
        .prefetch_related("languages")
    )
    if initiative is not None:
        events = events.filter(initiative=initiative)
    if when == "past":
        events = events.filter(starts_on__lt=today).order_by("-starts_on", "-start_time", "-pk")
    elif when != "all":
        events = events.filter(
            Q(starts_on__gte=today)
            | Q(repeats=Event.Repeats.WEEKLY) & (Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        )
    return events


@dataclass
class Occurrence:
    event: Event
    day: date
    attendance: EventAttendance | None = None

    @property
    def starts_at(self) -> datetime:
        return self.event.starts_at(self.day)

    @property
    def ends_at(self) -> datetime:
        return self.event.ends_at(self.day)

    @property
    def public_count(self) -> int | None:
        return suppressed(self.attendance.total) if self.attendance else None


def public_events(*, programme: Programme, initiative: Initiative | None = None):
    events = (
        Event.objects.for_programme(programme)
        .public()
        .select_related("initiative", "programme")
        .prefetch_related("languages")
    )
    if initiative is not None:
        events = events.filter(initiative=initiative)
    return events


def occurrences(events, start: date, end: date) -> list[Occurrence]:
    """Every date of these events from `start` to `end`, in time order."""
    found = [
        Occurrence(event, day) for event in events for day in event.occurrence_dates(start, end)
    ]
    found.sort(key=lambda o: (o.day, o.event.start_time, o.event.pk))
    return found


def public_upcoming(
    *, programme: Programme, initiative: Initiative | None = None, days: int = PUBLIC_DAYS_AHEAD
) -> list[Occurrence]:
    today = timezone.localdate()
    end = today + timedelta(days=days)
    events = public_events(programme=programme, initiative=initiative).between(today, end)
    return occurrences(events, today, end)


@dataclass
class Month:
    year: int
    month: int
    weeks: list[list[dict]] = field(default_factory=list)  # days: {"day", "in_month", "items"}
    items: list[Occurrence] = field(default_factory=list)

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def previous(self) -> date:
        return (self.first - timedelta(days=1)).replace(day=1)

    @property
    def next(self) -> date:
        return (self.first + timedelta(days=32)).replace(day=1)

    @property
    def previous_param(self) -> str:
        return self.previous.strftime("%Y-%m")

    @property
    def next_param(self) -> str:
        return self.next.strftime("%Y-%m")


def public_month(*, programme: Programme, year: int, month: int) -> Month:
    found = Month(year, month)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    start, end = weeks[0][0], weeks[-1][-1]
    events = public_events(programme=programme).between(start, end)
    by_day = defaultdict(list)
    for occurrence in occurrences(events, start, end):
        by_day[occurrence.day].append(occurrence)
        if occurrence.day.month == month:
            found.items.append(occurrence)
    found.weeks = [
        [{"day": day, "in_month": day.month == month, "items": by_day.get(day, [])} for day in week]
        for week in weeks
    ]
    return found


def public_event(*, programme: Programme, pk: int) -> Event | None:
    return (
        Event.objects.for_programme(programme)
        .public()
        .filter(pk=pk)
        .select_related("initiative", "programme")
        .prefetch_related("languages")
        .first()
    )


def public_event_attendance(*, event: Event) -> list[tuple[date, int]]:
    """Past dates with at least SUPPRESS_BELOW people counted, newest first."""
    return [
        (a.date, a.total)
        for a in event.attendance.filter(total__gte=SUPPRESS_BELOW).order_by("-date")[:10]
    ]


def public_initiatives(*, programme: Programme):
    return (
        Initiative.objects.for_programme(programme)
        .listed()
        .prefetch_related("languages")
        .order_by("name", "pk")
    )


def public_initiative(*, programme: Programme, pk: int) -> Initiative | None:
    return (
        Initiative.objects.for_programme(programme)
        .listed()
        .filter(pk=pk)
        .select_related("programme")
        .prefetch_related("languages")
        .first()
    )


def attendance_for(*, event: Event, day: date) -> EventAttendance | None:
    return (
        EventAttendance.objects.filter(event=event, date=day)
        .prefetch_related(
            Prefetch("languages", EventAttendanceLanguage.objects.select_related("language"))
        )
        .first()
    )


def attendance_by_month(*, programme: Programme, months: int = 12) -> list[dict]:
    """People counted at the programme's events per month and per kind of event over the last
    `months` months, small numbers suppressed (for analysts and reports)."""
    today = timezone.localdate()
    start = (today.replace(day=1) - timedelta(days=31 * (months - 1))).replace(day=1)
    rows = (
        EventAttendance.objects.for_programme(programme)
        .filter(date__gte=start)
        .values_list("date", "event__kind")
        .annotate(total=Sum("total"))
        .order_by()
    )
    grouped: dict[tuple[date, str], int] = defaultdict(int)
    for day, kind, total in rows:
        grouped[(day.replace(day=1), kind)] += total
    labels = dict(Event.Kind.choices)
    result = []
    for (month, kind), total in sorted(grouped.items()):
        result.append(
            {
                "month": month,
                "kind": kind,
                "kind_label": labels.get(kind, kind),
                "total": suppressed(total),
            }  # fmt: skip
        )
    return result


def attendance_by_language(*, programme: Programme, months: int = 12) -> list[dict]:
    today = timezone.localdate()
    start = today - timedelta(days=31 * months)
    rows = (
        EventAttendanceLanguage.objects.for_programme(programme)
        .filter(attendance__date__gte=start)
        .values("language__code", "language__english_name", "language__native_name")
        .annotate(total=Sum("count"))
        .order_by("-total", "language__code")
    )
    return [
        {
            "code": row["language__code"],
            "name": row["language__english_name"],
            "native": row["language__native_name"],
            "total": suppressed(row["total"]),
        }
        for row in rows
    ]
