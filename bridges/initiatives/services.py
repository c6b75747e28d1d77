"""Writes for community initiatives and their events. Each is atomic.

Publishing: a public, running initiative is listed in the directory as one Open Referral
service through the directory's own `service_listing_save` (organisation, place, opening times,
search index); making it private, pausing or ending it withdraws that service from public view
(`service_listing_withdraw`). The initiative keeps the service's id, so listing it again
updates the same service at the same address.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from bridges.accounts.models import Programme, User
from bridges.core.models import Language
from bridges.directory import services as directory_services

from .models import DAYS, Event, EventAttendance, EventAttendanceLanguage, Initiative

INITIATIVE_FIELDS = (
    "name", "kind", "purpose", "activities", "venue_name", "venue_address", "venue_postcode",
    "meets_on", "opens_at", "closes_at", "schedule_notes", "contact_email", "contact_phone",
    "status", "needs_venue", "needs_funding", "needs_training", "needs_volunteers",
    "support_notes", "public",
)  # fmt: skip
EVENT_FIELDS = (
    "initiative", "kind", "title", "description", "venue_name", "venue_address",
    "venue_postcode", "repeats", "starts_on", "ends_on", "start_time", "end_time", "public",
)  # fmt: skip
# Changes a calendar app should show (RFC 5545 SEQUENCE goes up).
EVENT_SCHEDULE_FIELDS = ("title", "venue_name", "venue_address", "starts_on", "ends_on",
                         "start_time", "end_time", "repeats")  # fmt: skip


def _check_initiative(initiative: Initiative) -> None:
    errors = {}
    if bool(initiative.opens_at) != bool(initiative.closes_at):
        field = "closes_at" if initiative.opens_at else "opens_at"
        errors[field] = _("Enter both the time it starts and the time it ends, or neither.")
    elif initiative.opens_at and initiative.closes_at <= initiative.opens_at:
        errors["closes_at"] = _("The end time must be after the start time.")
    if initiative.opens_at and not initiative.days:
        errors["meets_on"] = _("Choose the days it meets, or leave the times empty.")
    if any(day not in DAYS for day in filter(None, initiative.meets_on.split(","))):
        errors["meets_on"] = _("Choose the days it meets from the list.")
    same_name = Initiative.objects.filter(
        programme_id=initiative.programme_id, name__iexact=initiative.name.strip()
    ).exclude(pk=initiative.pk)
    if same_name.exists():
        errors["name"] = _("An initiative with this name is already listed: open it to edit it.")
    if initiative.public and not (initiative.venue_name or initiative.venue_address):
        errors["venue_name"] = _("Enter where it meets before you show it to the public.")
    if errors:
        raise ValidationError(errors)
    initiative.full_clean(exclude=["programme", "created_by", "updated_by", "directory_service"])


def _networkers_of(programme: Programme, networkers) -> list:
    found = list(networkers or [])
    if any(n.programme_id != programme.pk for n in found):
        raise ValidationError({"networkers": _("Choose networkers of this programme.")})
    return found


def _languages(codes_or_languages) -> list:
    return [getattr(x, "code", x) for x in codes_or_languages or []]


def listing_of(initiative: Initiative) -> directory_services.Listing:
    schedules = ()
    if initiative.days and initiative.opens_at and initiative.closes_at:
        schedules = (
            (
                ",".join(initiative.days),
                initiative.opens_at,
                initiative.closes_at,
                initiative.schedule_notes,
            ),
        )
    description = initiative.purpose
    if initiative.activities:
        description = f"{initiative.purpose}\n\n{initiative.activities}"
    if initiative.schedule_notes and not schedules:
        description = f"{description}\n\n{initiative.schedule_notes}"
    return directory_services.Listing(
        name=initiative.name,
        description=description,
        organization_name=initiative.name,
        source=f"initiative:{initiative.pk}",
        email=initiative.contact_email,
        phone=initiative.contact_phone,
        language_codes=tuple(initiative.languages.values_list("code", flat=True)),
        location_name=initiative.venue_name,
        address=initiative.venue_address,
        postal_code=initiative.venue_postcode,
        schedules=schedules,
    )


def initiative_publish(*, initiative: Initiative) -> None:
    """List the initiative in the directory if it is public and running, else withdraw its
    listing. Called after every change."""
    if initiative.listed:
        service = directory_services.service_listing_save(
            programme=initiative.programme,
            listing=listing_of(initiative),
            service_id=initiative.directory_service_id,
        )
        if initiative.directory_service_id != service.pk:
            initiative.directory_service = service
            initiative.save(update_fields=["directory_service"])
    elif initiative.directory_service_id:
        directory_services.service_listing_withdraw(
            programme=initiative.programme, service_id=initiative.directory_service_id
        )


@transaction.atomic
def initiative_create(
    *, programme: Programme, created_by: User | None, languages=(), networkers=(), **fields
) -> Initiative:
    initiative = Initiative(programme=programme, created_by=created_by, updated_by=created_by)
    for name in INITIATIVE_FIELDS:
        if name in fields:
            setattr(initiative, name, fields[name])
    _check_initiative(initiative)
    chosen = _networkers_of(programme, networkers)
    initiative.save()
    initiative.languages.set(_languages(languages))
    initiative.networkers.set(chosen)
    initiative_publish(initiative=initiative)
    return initiative


@transaction.atomic
def initiative_update(
    *, initiative: Initiative, updated_by: User | None, languages=None, networkers=None, **fields
) -> Initiative:
    initiative = (
        Initiative.objects.select_for_update().select_related("programme").get(pk=initiative.pk)
    )
    for name in INITIATIVE_FIELDS:
        if name in fields:
            setattr(initiative, name, fields[name])
    initiative.updated_by = updated_by
    _check_initiative(initiative)
    chosen = _networkers_of(initiative.programme, networkers) if networkers is not None else None
    initiative.save()
    if languages is not None:
        initiative.languages.set(_languages(languages))
    if chosen is not None:
        initiative.networkers.set(chosen)
    initiative_publish(initiative=initiative)
    return initiative


@transaction.atomic
def initiative_withdraw(*, initiative: Initiative, updated_by: User | None) -> bool:
    """Stop showing the initiative to the public: off the directory and the calendar.
    Returns whether anything changed."""
    initiative = (
        Initiative.objects.select_for_update().select_related("programme").get(pk=initiative.pk)
    )
    if not initiative.public:
        return False
    initiative.public = False
    initiative.updated_by = updated_by
    initiative.save(update_fields=["public", "updated_by", "updated_at"])
    initiative_publish(initiative=initiative)
    return True


# Events ---------------------------------------------------------------------------------------


def _check_event(event: Event) -> None:
    errors = {}
    if event.end_time <= event.start_time:
        errors["end_time"] = _("The event must end after it starts.")
    if event.ends_on and event.ends_on < event.starts_on:
        errors["ends_on"] = _("The last date must be on or after the first date.")
    if event.initiative_id and event.initiative.programme_id != event.programme_id:
        errors["initiative"] = _("Choose an initiative of this programme.")
    twin = Event.objects.filter(
        programme_id=event.programme_id,
        title__iexact=event.title.strip(),
        starts_on=event.starts_on,
        start_time=event.start_time,
        cancelled=False,
    ).exclude(pk=event.pk)
    if twin.exists():
        errors["title"] = _("This event is already on the calendar at that date and time.")
    if errors:
        raise ValidationError(errors)
    event.full_clean(exclude=["programme", "created_by", "updated_by", "initiative"])


@transaction.atomic
def event_create(*, programme: Programme, created_by: User | None, languages=(), **fields) -> Event:
    event = Event(programme=programme, created_by=created_by, updated_by=created_by)
    for name in EVENT_FIELDS:
        if name in fields:
            setattr(event, name, fields[name])
    if event.repeats == Event.Repeats.ONCE:
        event.ends_on = None
    _check_event(event)
    event.save()
    event.languages.set(_languages(languages))
    return event


@transaction.atomic
def event_update(*, event: Event, updated_by: User | None, languages=None, **fields) -> Event:
    event = Event.objects.select_for_update().get(pk=event.pk)
    before = {name: getattr(event, name) for name in EVENT_SCHEDULE_FIELDS}
    for name in EVENT_FIELDS:
        if name in fields:
            setattr(event, name, fields[name])
    if event.repeats == Event.Repeats.ONCE:
        event.ends_on = None
    event.updated_by = updated_by
    _check_event(event)
    if any(getattr(event, name) != value for name, value in before.items()):
        event.sequence = F("sequence") + 1
    event.save()
    event.refresh_from_db(fields=["sequence"])
    if languages is not None:
        event.languages.set(_languages(languages))
    return event


@transaction.atomic
def event_cancel(*, event: Event, cancelled_by: User | None) -> bool:
    """Cancel the event (every date still to come). It stays on the calendar, marked
    cancelled, and calendar feeds send STATUS:CANCELLED. Returns whether anything changed."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.cancelled:
        return False
    event.cancelled = True
    event.sequence += 1
    event.updated_by = cancelled_by
    event.save(update_fields=["cancelled", "sequence", "updated_by", "updated_at"])
    return True


@transaction.atomic
def attendance_record(
    *,
    event: Event,
    day: date,
    total: int,
    by_language: dict[str, int] | None = None,
    recorded_by: User | None,
) -> EventAttendance:
    """How many came to one date of the event (after it), optionally split by language.
    Sending it again replaces the counts: the same form sent twice stores one record."""
    if not event.occurs_on(day):
        raise ValidationError({"total": _("The event does not take place on that date.")})
    if not event.has_happened(day):
        raise ValidationError({"total": _("Count the people who came after the event ends.")})
    if total < 0:
        raise ValidationError({"total": _("The number of people must be 0 or more.")})
    split = {code: n for code, n in (by_language or {}).items() if n}
    if any(n < 0 for n in split.values()):
        raise ValidationError({"total": _("The number of people must be 0 or more.")})
    if sum(split.values()) > total:
        raise ValidationError(
            {"total": _("The counts by language add up to more than the people who came.")}
        )
    known = set(Language.objects.filter(code__in=split).values_list("code", flat=True))
    if known != set(split):
        raise ValidationError({"total": _("Choose languages from the list.")})
    attendance, _created = EventAttendance.objects.update_or_create(
        event=event, date=day, defaults={"total": total, "recorded_by": recorded_by}
    )
    attendance.languages.all().delete()
    EventAttendanceLanguage.objects.bulk_create(
        EventAttendanceLanguage(attendance=attendance, language_id=code, count=n)
        for code, n in sorted(split.items())
    )
    return attendance
