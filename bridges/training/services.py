"""Writes for training: the curriculum, sessions, bookings, attendance and completions."""

import calendar
from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridges.accounts.models import AuditEvent, Programme, User
from bridges.accounts.services import audit_record
from bridges.core.locale_format import format_number
from bridges.core.notify import reminders_send
from bridges.networkers.models import Networker
from bridges.networkers.services import networker_addressee

from .models import Attendance, Module, ModuleCompletion, SessionBooking, TrainingSession


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the last day of a shorter month (31 Jan + 1 = 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def completion_expiry(*, module: Module, completed_on: date) -> date | None:
    if not module.refresher_months:
        return None
    return add_months(completed_on, module.refresher_months)


# Curriculum -------------------------------------------------------------------------------------

MODULE_FIELDS = (
    "title",
    "summary",
    "learning_outcomes",
    "materials",
    "required",
    "refresher_months",
    "last_checked",
    "order",
)


@transaction.atomic
def curriculum_load(*, modules: Iterable[dict], programme: Programme | None = None) -> list[Module]:
    """Create or update modules from curriculum data, matched by slug. Running it again changes
    nothing unless the data changed."""
    loaded = []
    for data in modules:
        values = {name: data[name] for name in MODULE_FIELDS if name in data}
        if isinstance(values.get("learning_outcomes"), list | tuple):
            values["learning_outcomes"] = "\n".join(values["learning_outcomes"])
        module, created = Module.objects.get_or_create(
            programme=programme, slug=data["slug"], defaults=values
        )
        if not created:
            changed = [name for name, value in values.items() if getattr(module, name) != value]
            for name in changed:
                setattr(module, name, values[name])
            if changed:
                module.full_clean()
                module.save(update_fields=[*changed, "updated_at"])
        loaded.append(module)
    return loaded


@transaction.atomic
def module_save(
    *, programme: Programme, user: User | None, module: Module | None = None, **fields
) -> Module:
    """Create or change one of a programme's own modules."""
    if module is not None and module.programme_id != programme.pk:
        raise ValidationError(_("National modules are updated from the curriculum data."))
    module = module or Module(programme=programme, created_by=user)
    for name, value in fields.items():
        setattr(module, name, value)
    module.updated_by = user
    module.full_clean()
    module.save()
    return module


# Sessions ---------------------------------------------------------------------------------------


def _check_session(session: TrainingSession) -> None:
    session.full_clean(exclude=["programme", "created_by", "updated_by"])
    if session.ends_at <= session.starts_at:
        raise ValidationError({"ends_at": _("A session must end after it starts.")})


@transaction.atomic
def session_create(
    *,
    programme: Programme,
    created_by: User | None,
    modules: Iterable[Module] = (),
    languages: Iterable = (),
    **fields,
) -> TrainingSession:
    session = TrainingSession(programme=programme, created_by=created_by, updated_by=created_by)
    for name, value in fields.items():
        setattr(session, name, value)
    _check_session(session)
    modules = list(modules)
    if any(m.programme_id not in (None, programme.pk) for m in modules):
        raise ValidationError({"modules": _("Choose modules of this programme.")})
    session.save()
    session.modules.set(modules)
    session.languages.set(list(languages))
    return session


@transaction.atomic
def session_update(
    *,
    session: TrainingSession,
    updated_by: User | None,
    modules: Iterable[Module] | None = None,
    languages: Iterable | None = None,
    **fields,
) -> TrainingSession:
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    for name, value in fields.items():
        setattr(session, name, value)
    session.updated_by = updated_by
    _check_session(session)
    booked = session.bookings.count()
    if session.capacity < booked:
        raise ValidationError(
            {
                "capacity": ngettext(
                    "%(count)s person has already booked: places cannot be fewer than that.",
                    "%(count)s people have already booked: places cannot be fewer than that.",
                    booked,
                )
                % {"count": format_number(booked)}
            }
        )
    session.save()
    if modules is not None:
        modules = list(modules)
        if any(m.programme_id not in (None, session.programme_id) for m in modules):
            raise ValidationError({"modules": _("Choose modules of this programme.")})
        session.modules.set(modules)
    if languages is not None:
        session.languages.set(list(languages))
    return session


# Bookings ---------------------------------------------------------------------------------------


class SessionFull(ValidationError):
    pass


@transaction.atomic
def session_book(
    *, session: TrainingSession, networker: Networker, booked_by: User | None = None
) -> SessionBooking:
    """Book a place. Booking twice returns the first booking; a full session refuses.

    The session row is locked while places are counted, so two people cannot take the last
    place at once (PostgreSQL); the unique constraint stops a double booking everywhere.
    """
    locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if networker.programme_id != locked.programme_id:
        raise ValidationError(_("This session belongs to another programme."))
    existing = SessionBooking.objects.filter(session=locked, networker=networker).first()
    if existing is not None:
        return existing
    if locked.cancelled:
        raise ValidationError(_("This session has been cancelled."))
    if locked.starts_at <= timezone.now():
        raise ValidationError(_("This session has already started, so it cannot be booked."))
    if SessionBooking.objects.filter(session=locked).count() >= locked.capacity:
        raise SessionFull(
            _("Sorry, this session is full. Ask a coordinator to put you on the next one.")
        )
    return SessionBooking.objects.create(session=locked, networker=networker, booked_by=booked_by)


@transaction.atomic
def session_booking_cancel(*, session: TrainingSession, networker: Networker) -> bool:
    """Give up a place before the session starts. Returns whether a booking was removed."""
    locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if locked.starts_at <= timezone.now():
        raise ValidationError(
            _("This session has already started. Please tell a coordinator instead.")
        )
    deleted, _detail = SessionBooking.objects.filter(session=locked, networker=networker).delete()
    return bool(deleted)


# Attendance and completion -------------------------------------------------------------------


@transaction.atomic
def attendance_record(
    *,
    session: TrainingSession,
    attended_ids: Iterable[int],
    recorded_by: User | None,
    register_ids: Iterable[int] | None = None,
    client_address: str | None = None,
) -> dict[str, int]:
    """Save the register of a session and the module completions it earns, in one step.

    `register_ids` are the networkers on the register (default: everyone booked or already
    marked); `attended_ids` those ticked as present. Ticking someone completes every module the
    session covers (dated the session's day, with its refresher date); unticking someone removes
    the completions this session gave them. Saving the same register twice changes nothing.
    """
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if session.starts_at > timezone.now():
        raise ValidationError(_("Attendance can be taken once the session has started."))
    if register_ids is None:
        register_ids = set(session.bookings.values_list("networker_id", flat=True)) | set(
            session.attendance.values_list("networker_id", flat=True)
        )
    register = set(
        Networker.objects.filter(programme=session.programme, pk__in=set(register_ids)).values_list(
            "pk", flat=True
        )
    )
    present = register & set(attended_ids)
    absent = register - present
    now = timezone.now()
    existing = {a.networker_id: a for a in session.attendance.filter(networker_id__in=register)}
    changed = []
    created = []
    for networker_id in register:
        attended = networker_id in present
        row = existing.get(networker_id)
        if row is None:
            created.append(
                Attendance(
                    session=session,
                    networker_id=networker_id,
                    attended=attended,
                    recorded_by=recorded_by,
                    recorded_at=now,
                )
            )
        elif row.attended != attended:
            row.attended, row.recorded_by, row.recorded_at = attended, recorded_by, now
            changed.append(row)
    Attendance.objects.bulk_create(created)
    Attendance.objects.bulk_update(changed, ["attended", "recorded_by", "recorded_at"])

    completed_on = timezone.localdate(session.starts_at)
    modules = list(session.modules.all())
    have = set(
        ModuleCompletion.objects.filter(
            networker_id__in=present, module__in=modules, completed_on=completed_on
        ).values_list("networker_id", "module_id")
    )
    new_completions = [
        ModuleCompletion(
            networker_id=networker_id,
            module=module,
            completed_on=completed_on,
            expires_on=completion_expiry(module=module, completed_on=completed_on),
            session=session,
            recorded_by=recorded_by,
            recorded_at=now,
        )
        for networker_id in sorted(present)
        for module in modules
        if (networker_id, module.pk) not in have
    ]
    ModuleCompletion.objects.bulk_create(new_completions)
    removed, _detail = ModuleCompletion.objects.filter(
        session=session, networker_id__in=absent
    ).delete()
    if created or changed or new_completions or removed:
        audit_record(
            action=AuditEvent.Action.PERSONAL_DATA_CHANGED,
            actor=recorded_by,
            programme=session.programme,
            target=f"training attendance: session {session.pk}",
            client_address=client_address,
            detail={
                "present": len(present),
                "absent": len(absent),
                "completions_added": len(new_completions),
                "completions_removed": removed,
            },
        )
    return {
        "present": len(present),
        "absent": len(absent),
        "completions_added": len(new_completions),
        "completions_removed": removed,
    }


@transaction.atomic
def completion_record(
    *,
    networker: Networker,
    module: Module,
    completed_on: date,
    recorded_by: User | None,
    client_address: str | None = None,
) -> ModuleCompletion:
    """Record a completion outside a session (for example training done with a partner)."""
    if module.programme_id not in (None, networker.programme_id):
        raise ValidationError(_("This module belongs to another programme."))
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": _("A completion cannot be in the future.")})
    completion, created = ModuleCompletion.objects.get_or_create(
        networker=networker,
        module=module,
        completed_on=completed_on,
        defaults={
            "expires_on": completion_expiry(module=module, completed_on=completed_on),
            "recorded_by": recorded_by,
        },
    )
    if created:
        audit_record(
            action=AuditEvent.Action.PERSONAL_DATA_CHANGED,
            actor=recorded_by,
            programme=networker.programme,
            target=f"training completion: networker {networker.pk}",
            client_address=client_address,
            detail={"module": module.slug, "completed_on": completed_on.isoformat()},
        )
    return completion


# --- Refresher reminders ----------------------------------------------------------------------


def refresher_warning_days() -> int:
    """How far ahead a refresher is announced; a deployment may set
    TRAINING_REFRESHER_WARNING_DAYS (60 by default)."""
    return settings.TRAINING_REFRESHER_WARNING_DAYS


def refresher_reminders_send(*, today: date | None = None) -> int:
    """Email each networker whose refresher for a module falls due within the warning window,
    once per completion. Only a person's latest completion of a module counts (one already
    refreshed is not reminded), and not people who have left. Each completion is marked in the
    same transaction that records its notification, which is sent once, after commit
    (bridges/core/notify.py). Returns how many were queued."""
    today = today or timezone.localdate()
    newer = ModuleCompletion.objects.filter(
        networker_id=OuterRef("networker_id"),
        module_id=OuterRef("module_id"),
        completed_on__gt=OuterRef("completed_on"),
    )
    due = (
        ModuleCompletion.objects.filter(
            expires_on__gte=today,
            expires_on__lte=today + timedelta(days=refresher_warning_days()),
            refresher_reminder_sent_at__isnull=True,
        )
        .exclude(Exists(newer))
        .exclude(networker__stage=Networker.Stage.LEFT)
        .select_related("module", "networker__programme", "networker__user")
        .order_by("expires_on", "pk")
    )
    return reminders_send(
        due=due,
        marker="refresher_reminder_sent_at",
        kind="training.refresher_reminder",
        message=lambda completion: (
            networker_addressee(completion.networker),
            {"completion": completion, "networker": completion.networker},
        ),
    )
