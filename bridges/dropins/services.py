"""Writes for drop-ins: sessions, the rota, the queue and group attendance.

Each is atomic. Signing up locks the session's row while the places are counted, so two
networkers cannot both take the last place (PostgreSQL; SQLite runs one writer at a time), and
the unique constraint keeps one shift per person per occurrence everywhere.
"""

import uuid
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bridges.accounts.models import Programme, User
from bridges.contacts.models import Need
from bridges.core.models import Language
from bridges.networkers.models import Networker

from .models import DropInSession, GroupAttendance, QueueEntry, Shift

SESSION_FIELDS = (
    "kind", "title", "location", "place", "repeats", "starts_on", "ends_on", "start_time",
    "end_time", "helpers_wanted",
)  # fmt: skip


class ShiftFull(ValidationError):
    pass


def _check_session(session: DropInSession) -> None:
    session.full_clean(exclude=["programme", "created_by", "updated_by"])
    errors = {}
    if session.end_time <= session.start_time:
        errors["end_time"] = _("A session must end after it starts.")
    if session.ends_on and session.ends_on < session.starts_on:
        errors["ends_on"] = _("The last date must be on or after the first date.")
    if session.location_id and session.location.programme_id != session.programme_id:
        errors["location"] = _("Choose a place in this programme's directory.")
    if not session.location_id and not session.place.strip():
        errors["place"] = _("Choose a place from the directory or write where it is.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def session_create(*, programme: Programme, created_by: User | None, **fields) -> DropInSession:
    session = DropInSession(programme=programme, created_by=created_by, updated_by=created_by)
    for name in SESSION_FIELDS:
        if name in fields:
            setattr(session, name, fields[name])
    if session.repeats == DropInSession.Repeats.ONCE:
        session.ends_on = None
    _check_session(session)
    session.save()
    return session


@transaction.atomic
def session_update(*, session: DropInSession, updated_by: User | None, **fields) -> DropInSession:
    session = DropInSession.objects.select_for_update().get(pk=session.pk)
    for name in SESSION_FIELDS:
        if name in fields:
            setattr(session, name, fields[name])
    if session.repeats == DropInSession.Repeats.ONCE:
        session.ends_on = None
    session.updated_by = updated_by
    _check_session(session)
    session.save()
    return session


@transaction.atomic
def session_cancel(*, session: DropInSession, cancelled_by: User | None) -> bool:
    """Cancel every future occurrence. Returns whether anything changed (cancelling twice
    changes nothing the second time)."""
    session = DropInSession.objects.select_for_update().get(pk=session.pk)
    if session.cancelled:
        return False
    session.cancelled = True
    session.updated_by = cancelled_by
    session.save(update_fields=["cancelled", "updated_by", "updated_at"])
    return True


def _occurrence_open(session: DropInSession, day: date, *, now: datetime | None = None) -> None:
    if session.cancelled:
        raise ValidationError(_("This session has been cancelled."))
    if not session.occurs_on(day):
        raise ValidationError(_("This session does not meet on that date."))
    now = timezone.localtime(now or timezone.now())
    if day < now.date() or (day == now.date() and session.end_time <= now.time()):
        raise ValidationError(_("This session is over."))


@transaction.atomic
def shift_sign_up(*, session: DropInSession, day: date, networker: Networker) -> tuple[Shift, bool]:
    """Put the networker on the rota of one occurrence. Signing up twice returns the first
    shift; a full occurrence refuses with `ShiftFull`."""
    locked = DropInSession.objects.select_for_update().get(pk=session.pk)
    if networker.programme_id != locked.programme_id:
        raise ValidationError(_("This session belongs to another programme."))
    existing = Shift.objects.filter(session=locked, date=day, networker=networker).first()
    if existing is not None:
        return existing, False
    _occurrence_open(locked, day)
    if Shift.objects.filter(session=locked, date=day).count() >= locked.helpers_wanted:
        raise ShiftFull(
            _("Sorry, this shift already has all the networkers it needs. Choose another date.")
        )
    try:
        with transaction.atomic():
            return Shift.objects.create(session=locked, date=day, networker=networker), True
    except IntegrityError:  # the same person's second tap, in a race the lock did not catch
        return Shift.objects.get(session=locked, date=day, networker=networker), False


@transaction.atomic
def shift_give_up(*, session: DropInSession, day: date, networker: Networker) -> bool:
    """Take the networker off one occurrence's rota before it ends. Returns whether they were
    on it."""
    locked = DropInSession.objects.select_for_update().get(pk=session.pk)
    now = timezone.localtime()
    if day < now.date() or (day == now.date() and locked.end_time <= now.time()):
        raise ValidationError(_("This session is over."))
    deleted, _detail = Shift.objects.filter(session=locked, date=day, networker=networker).delete()
    return bool(deleted)


@transaction.atomic
def queue_add(
    *,
    session: DropInSession,
    day: date,
    language: Language,
    need: str,
    client_id: uuid.UUID,
    added_by: User | None,
) -> tuple[QueueEntry, bool]:
    """Someone has arrived: add them to the queue (language and need only). The same form
    sent twice adds one."""
    locked = DropInSession.objects.select_for_update().get(pk=session.pk)
    existing = QueueEntry.objects.filter(session=locked, client_id=client_id).first()
    if existing is not None:
        return existing, False
    if locked.cancelled or not locked.occurs_on(day):
        raise ValidationError(_("This session does not meet on that date."))
    if need and need not in Need.values:
        raise ValidationError({"need": _("Choose a need from the list.")})
    entry = QueueEntry.objects.create(
        session=locked,
        date=day,
        client_id=client_id,
        language=language,
        need=need,
        arrived_at=timezone.now(),
        added_by=added_by,
    )
    return entry, True


class AlreadySeen(ValidationError):
    pass


@transaction.atomic
def queue_see(*, entry: QueueEntry, networker: Networker) -> QueueEntry:
    """The networker sees the person waiting: they leave the queue, and the networker counts
    as busy until they say they are free (or a while passes). Tapping twice changes nothing."""
    locked = QueueEntry.objects.select_for_update().get(pk=entry.pk)
    if locked.seen_at is not None:
        if locked.seen_by_id == networker.pk:
            return locked
        raise AlreadySeen(_("Another networker is already seeing this person."))
    if networker.programme_id != locked.session.programme_id:
        raise ValidationError(_("This session belongs to another programme."))
    QueueEntry.objects.filter(
        session=locked.session, date=locked.date, seen_by=networker, finished_at__isnull=True
    ).update(finished_at=timezone.now())
    locked.seen_at = timezone.now()
    locked.seen_by = networker
    locked.save(update_fields=["seen_at", "seen_by"])
    return locked


@transaction.atomic
def networker_free(*, session: DropInSession, day: date, networker: Networker) -> int:
    """The networker has finished with the person they were seeing."""
    return QueueEntry.objects.filter(
        session=session, date=day, seen_by=networker, finished_at__isnull=True
    ).update(finished_at=timezone.now())


@transaction.atomic
def attendance_record(
    *, session: DropInSession, day: date, counts: dict[str, int], recorded_by: User | None
) -> None:
    """Set how many people came to one occurrence of a group session, per language code
    (0 or missing: none). Sending the same counts again changes nothing."""
    locked = DropInSession.objects.select_for_update().get(pk=session.pk)
    if locked.kind != DropInSession.Kind.GROUP:
        raise ValidationError(_("Attendance is counted for group sessions only."))
    if not locked.occurs_on(day):
        raise ValidationError(_("This session does not meet on that date."))
    if day > timezone.localdate():
        raise ValidationError(_("Attendance can be counted on the day or after it."))
    if any(count < 0 for count in counts.values()):
        raise ValidationError(_("A count cannot be negative."))
    GroupAttendance.objects.filter(session=locked, date=day).exclude(
        language_id__in=[code for code, n in counts.items() if n > 0]
    ).delete()
    for code, count in counts.items():
        if count > 0:
            GroupAttendance.objects.update_or_create(
                session=locked,
                date=day,
                language_id=code,
                defaults={"count": count, "recorded_by": recorded_by},
            )
