"""Writes for networkers: applications, profiles, the pipeline, DBS status and reminders."""

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from bridges.accounts.models import AuditEvent, Programme, User
from bridges.accounts.roles import Role
from bridges.accounts.services import audit_record, invitation_create
from bridges.core.concurrency import version_check
from bridges.core.locale_format import format_list
from bridges.core.models import Language
from bridges.core.notify import Addressee, reminders_send

from .models import (
    Community,
    DBSCheck,
    Networker,
    NetworkerLanguage,
    StageChange,
    VettingRecord,
)
from .selectors import (
    PIPELINE,
    RENEWAL_WINDOW_DAYS,
    dbs_renewals_due,
    networker_missing,
    vetting_kinds_recorded,
)

Stage = Networker.Stage

# Fields a person may change on their own profile; coordinators may also change these.
PROFILE_FIELDS = [
    "display_name",
    "email",
    "phone",
    "preferred_contact",
    "skills",
    "lived_experience",
    "interests",
    "availability_days",
    "availability_times",
]
# Fields only coordinators change.
STAFF_FIELDS = ["dbs_level_needed"]
# Stages in which the programme keeps a person's record because they volunteer with it.
KEPT_WHILE_IN = {Stage.TRAINING, Stage.ACTIVE, Stage.PAUSED}


# How long an application form stays valid after it was opened.
APPLICATION_FORM_MAX_AGE = 60 * 60 * 24


def application_start_claim(*, started: str, token: uuid.UUID) -> bool:
    """An application form's signed start time may send one application (the one with its
    token, however many times that is resent). True if `started` is unused or already sent
    `token`; False if it sent another application. Kept in the shared cache for as long as
    the start time is valid."""
    key = "networkers:application-started:" + hashlib.sha256(started.encode()).hexdigest()
    if cache.add(key, str(token), timeout=APPLICATION_FORM_MAX_AGE):
        return True
    return cache.get(key) == str(token)


def application_retention_days() -> int:
    return settings.NETWORKERS_APPLICATION_RETENTION_DAYS


def dbs_renewal_years() -> int:
    return settings.NETWORKERS_DBS_RENEWAL_YEARS


@dataclass
class LanguageLevel:
    language: Language
    level: str


def _communities(*, programme: Programme, names: list[str]) -> list[Community]:
    found = []
    for name in names:
        name = " ".join(name.split())[:100]
        if not name:
            continue
        # get_or_create: another application naming the same new community may be saving now.
        community, _created = Community.objects.get_or_create(
            programme=programme, name__iexact=name, defaults={"name": name}
        )
        found.append(community)
    return found


def _set_languages(*, networker: Networker, languages: list[LanguageLevel]) -> None:
    wanted = {}
    for item in languages:
        # The same language twice keeps the higher level.
        order = list(NetworkerLanguage.Level.values)
        current = wanted.get(item.language.pk)
        if current is None or order.index(item.level) > order.index(current):
            wanted[item.language.pk] = item.level
    networker.language_skills.exclude(language_id__in=wanted).delete()
    existing = {row.language_id: row for row in networker.language_skills.all()}
    for code, level in wanted.items():
        row = existing.get(code)
        if row is None:
            NetworkerLanguage.objects.create(networker=networker, language_id=code, level=level)
        elif row.level != level:
            row.level = level
            row.save(update_fields=["level"])


def networker_apply(
    *,
    programme: Programme,
    token: uuid.UUID,
    display_name: str,
    email: str = "",
    phone: str = "",
    preferred_contact: str = Networker.Channel.EMAIL,
    languages: list[LanguageLevel],
    community_names: list[str],
    areas: list,
    skills: str = "",
    lived_experience: str = "",
    interests: list[str] | None = None,
    availability_days: list[str] | None = None,
    availability_times: list[str] | None = None,
    client_address: str | None = None,
) -> tuple[Networker, bool]:
    """Record an expression of interest. The form's token makes this idempotent: sending the
    same form twice returns the first application and creates nothing."""
    existing = Networker.objects.filter(application_token=token).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            now = timezone.now()
            networker = Networker(
                programme=programme,
                application_token=token,
                display_name=display_name.strip(),
                email=email.strip().lower(),
                phone=phone.strip(),
                preferred_contact=preferred_contact,
                skills=skills,
                lived_experience=lived_experience,
                interests=interests or [],
                availability_days=availability_days or [],
                availability_times=availability_times or [],
                stage=Stage.APPLIED,
                stage_changed_at=now,
                consent_at=now,
                retain_until=now.date() + timedelta(days=application_retention_days()),
            )
            # The token's uniqueness is left to the database: checked here, a copy arriving
            # at the same moment would fail validation instead of being recognised below.
            networker.full_clean(exclude=["application_token"])
            networker.save()
            _set_languages(networker=networker, languages=languages)
            networker.communities.set(_communities(programme=programme, names=community_names))
            networker.areas.set(areas)
            StageChange.objects.create(
                networker=networker, from_stage="", to_stage=Stage.APPLIED, changed_at=now
            )
            audit_record(
                action=AuditEvent.Action.PERSONAL_DATA_CHANGED,
                actor_label="applicant (public form)",
                programme=programme,
                target=f"networker:{networker.pk}",
                client_address=client_address,
                detail={"event": "application received"},
            )
    except IntegrityError:
        # A second copy of the same form arrived at the same moment: the first one won.
        first = Networker.objects.filter(application_token=token).first()
        if first is None:
            raise
        return first, False
    return networker, True


@transaction.atomic
def networker_update(
    *,
    networker: Networker,
    changed_by: User,
    data: dict,
    languages: list[LanguageLevel] | None = None,
    community_names: list[str] | None = None,
    areas: list | None = None,
    hours_given=None,
    client_address: str | None = None,
    expected_version: str | None = None,
) -> list[str]:
    """Change a profile and audit which fields changed (never their values).

    ``expected_version`` is the version the edit form was shown with: if someone else saved the
    profile since, ``EditConflict`` is raised and nothing is saved.
    """
    version_check(instance=networker, expected=expected_version)
    changed = []
    for name in [*PROFILE_FIELDS, *STAFF_FIELDS]:
        if name in data and (getattr(networker, name) or "") != (data[name] or ""):
            setattr(networker, name, data[name])
            changed.append(name)
    if hours_given is not None and networker.hours_given != hours_given:
        networker.hours_given = hours_given
        changed.append("hours_given")
    if languages is not None:
        before = {(r.language_id, r.level) for r in networker.language_skills.all()}
        _set_languages(networker=networker, languages=languages)
        if before != {(r.language_id, r.level) for r in networker.language_skills.all()}:
            changed.append("languages")
    if community_names is not None:
        before = set(networker.communities.values_list("pk", flat=True))
        chosen = _communities(programme=networker.programme, names=community_names)
        networker.communities.set(chosen)
        if before != {c.pk for c in chosen}:
            changed.append("communities")
    if areas is not None:
        before = set(networker.areas.values_list("pk", flat=True))
        networker.areas.set(areas)
        if before != {a.pk for a in areas}:
            changed.append("areas")
    if changed:
        networker.updated_by = changed_by
        networker.full_clean()
        networker.save()
        audit_record(
            action=AuditEvent.Action.PERSONAL_DATA_CHANGED,
            actor=changed_by,
            programme=networker.programme,
            target=f"networker:{networker.pk}",
            client_address=client_address,
            detail={"fields": changed},
        )
    return changed


def stage_choices_from(stage: str) -> list[str]:
    """Where a person can go from `stage`: on to the next step, back to any earlier one,
    paused or left. From paused, back into any step; from left, only a fresh application."""
    if stage == Stage.LEFT:
        return [Stage.APPLIED]
    if stage == Stage.PAUSED:
        return [*PIPELINE, Stage.LEFT]
    index = PIPELINE.index(stage)
    forward = PIPELINE[index + 1 : index + 2]
    return [*forward, *PIPELINE[:index][::-1], Stage.PAUSED, Stage.LEFT]


# The first stage each vetting record is needed for: a person moves into that stage, or any
# later one, only once it is kept. Interviewed needs the interview; the DBS check stage (after
# references) needs a reference received and the right to volunteer seen.
RECORDS_NEEDED_FROM = {
    VettingRecord.Kind.INTERVIEW: Stage.INTERVIEWED,
    VettingRecord.Kind.REFERENCE: Stage.DBS_CHECK,
    VettingRecord.Kind.RIGHT_TO_VOLUNTEER: Stage.DBS_CHECK,
}


def vetting_records_needed(*, to_stage: str) -> list[str]:
    """The kinds of vetting record a person needs before moving into `to_stage`."""
    if to_stage not in PIPELINE:
        return []
    index = PIPELINE.index(to_stage)
    return [kind for kind, stage in RECORDS_NEEDED_FROM.items() if PIPELINE.index(stage) <= index]


@dataclass
class VettingEntry:
    kind: str
    done_on: date
    held_by: str = ""
    referee: str = ""
    document: str = ""
    note: str = ""


@transaction.atomic
def vetting_record_add(
    *,
    networker: Networker,
    entry: VettingEntry,
    recorded_by: User,
    client_address: str | None = None,
) -> VettingRecord:
    """Keep a record of what was done at a vetting stage (never a copy of a reference or a
    document). Audited without its contents."""
    if entry.done_on > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."))
    record = VettingRecord(
        networker=networker,
        kind=entry.kind,
        done_on=entry.done_on,
        held_by=entry.held_by.strip() if entry.kind == VettingRecord.Kind.INTERVIEW else "",
        referee=entry.referee.strip() if entry.kind == VettingRecord.Kind.REFERENCE else "",
        document=entry.document if entry.kind == VettingRecord.Kind.RIGHT_TO_VOLUNTEER else "",
        note=entry.note.strip(),
        created_by=recorded_by,
        updated_by=recorded_by,
    )
    if entry.kind == VettingRecord.Kind.INTERVIEW and not record.held_by:
        raise ValidationError(_("Enter who held the interview."))
    if entry.kind == VettingRecord.Kind.REFERENCE and not record.referee:
        raise ValidationError(_("Enter who gave the reference."))
    record.full_clean()
    record.save()
    audit_record(
        action=AuditEvent.Action.PERSONAL_DATA_CHANGED,
        actor=recorded_by,
        programme=networker.programme,
        target=f"networker:{networker.pk}",
        client_address=client_address,
        detail={"vetting": entry.kind},
    )
    return record


def vetting_missing_message(*, kinds: list[str], to_stage: str) -> str:
    names = format_list([VettingRecord.Kind(kind).label for kind in kinds], "standard")
    return _("Before moving to %(stage)s, record what was done: %(records)s.") % {
        "stage": Stage(to_stage).label,
        "records": names,
    }


@transaction.atomic
def networker_move(
    *,
    networker: Networker,
    to_stage: str,
    moved_by: User,
    reason: str = "",
    records: list[VettingEntry] | None = None,
    send_invitation: bool = False,
    site_url: str = "",
    today: date | None = None,
    client_address: str | None = None,
) -> StageChange:
    """Move a person along the pipeline, recording who and when. A stage needs the vetting
    records of the stages before it (`RECORDS_NEEDED_FROM`); `records` given here are kept
    first, in the same transaction. Active needs readiness: a current DBS check at the level
    the role needs and the required training done; with `send_invitation`, the person is
    invited to sign in as a networker (if they have an email address and no sign-in yet).
    Paused and left need a reason."""
    networker = Networker.objects.select_for_update().get(pk=networker.pk)
    today = today or timezone.localdate()
    if to_stage not in stage_choices_from(networker.stage):
        raise ValidationError(
            _("%(name)s cannot move from %(from)s to %(to)s.")
            % {
                "name": networker.display_name,
                "from": Stage(networker.stage).label,
                "to": Stage(to_stage).label if to_stage in Stage.values else to_stage,
            }
        )
    reason = reason.strip()
    if to_stage in (Stage.PAUSED, Stage.LEFT) and not reason:
        raise ValidationError(_("Give a reason for pausing or leaving."))
    for entry in records or []:
        vetting_record_add(
            networker=networker, entry=entry, recorded_by=moved_by, client_address=client_address
        )
    kept = vetting_kinds_recorded(networker=networker)
    lacking = [kind for kind in vetting_records_needed(to_stage=to_stage) if kind not in kept]
    if lacking:
        raise ValidationError(vetting_missing_message(kinds=lacking, to_stage=to_stage))
    if to_stage == Stage.ACTIVE:
        missing = networker_missing(
            networkers=[networker], programme=networker.programme, today=today
        )
        if missing[networker.pk]:
            raise ValidationError(
                _("Not ready to be active yet. Still needed: %(missing)s.")
                % {"missing": format_list(missing[networker.pk], "unit")}
            )
    now = timezone.now()
    change = StageChange.objects.create(
        networker=networker,
        from_stage=networker.stage,
        to_stage=to_stage,
        reason=reason,
        changed_by=moved_by,
        changed_at=now,
    )
    networker.stage = to_stage
    networker.stage_changed_at = now
    networker.updated_by = moved_by
    if to_stage in KEPT_WHILE_IN:
        networker.retain_until = None
    else:
        networker.retain_until = today + timedelta(days=application_retention_days())
    networker.save(
        update_fields=["stage", "stage_changed_at", "updated_by", "retain_until", "updated_at"]
    )
    audit_record(
        action=AuditEvent.Action.PERSONAL_DATA_CHANGED,
        actor=moved_by,
        programme=networker.programme,
        target=f"networker:{networker.pk}",
        client_address=client_address,
        detail={"stage": [change.from_stage, to_stage]},
    )
    if send_invitation and to_stage == Stage.ACTIVE:
        networker_invite(
            networker=networker,
            invited_by=moved_by,
            site_url=site_url,
            client_address=client_address,
        )
    return change


def networker_can_be_invited(networker: Networker) -> bool:
    """A person can be invited to sign in if they have an email address and no sign-in yet."""
    return bool(networker.email) and networker.user_id is None


@transaction.atomic
def networker_invite(
    *,
    networker: Networker,
    invited_by: User,
    site_url: str = "",
    client_address: str | None = None,
):
    """Send the person the programme's invitation to sign in as a networker (the accounts
    invitation, emailed after commit), and remember it so that their sign-in is linked to this
    record once they accept (`networker_claim_invitation`)."""
    if not networker_can_be_invited(networker):
        raise ValidationError(
            _("%(name)s needs an email address, and no sign-in yet, to be invited.")
            % {"name": networker.display_name}
        )
    invitation, _token = invitation_create(
        email=networker.email,
        programme=networker.programme,
        role=Role.NETWORKER,
        invited_by=invited_by,
        client_address=client_address,
        site_url=site_url,
    )
    networker.invitation = invitation
    networker.save(update_fields=["invitation", "updated_at"])
    return invitation


@transaction.atomic
def networker_claim_invitation(*, user: User, programme: Programme) -> Networker | None:
    """Link a signed-in networker to the record that invited them: the record whose
    invitation they accepted (with the same email address), if it has no sign-in yet."""
    networker = (
        Networker.objects.for_programme(programme)
        .select_for_update()
        .filter(
            user__isnull=True,
            invitation__accepted_at__isnull=False,
            invitation__email__iexact=user.email,
        )
        .order_by("-invitation__accepted_at")
        .first()
    )
    if networker is None or Networker.objects.filter(user=user).exists():
        return None
    networker.user = user
    networker.save(update_fields=["user", "updated_at"])
    audit_record(
        action=AuditEvent.Action.PERSONAL_DATA_CHANGED,
        actor=user,
        programme=programme,
        target=f"networker:{networker.pk}",
        detail={"event": "sign-in linked from invitation"},
    )
    return networker


@transaction.atomic
def dbs_check_record(
    *,
    networker: Networker,
    level: str,
    checked_on: date,
    seen_by: User,
    renewal_due: date | None = None,
    on_update_service: bool = False,
    client_address: str | None = None,
) -> DBSCheck:
    """Record that a DBS certificate was seen. Only its status is kept."""
    if checked_on > timezone.localdate():
        raise ValidationError(_("The certificate date cannot be in the future."))
    if renewal_due is None:
        try:
            renewal_due = checked_on.replace(year=checked_on.year + dbs_renewal_years())
        except ValueError:  # 29 February
            renewal_due = checked_on.replace(year=checked_on.year + dbs_renewal_years(), day=28)
    check = DBSCheck(
        networker=networker,
        level=level,
        checked_on=checked_on,
        renewal_due=renewal_due,
        on_update_service=on_update_service,
        certificate_seen_by=seen_by,
        created_by=seen_by,
        updated_by=seen_by,
    )
    check.full_clean()
    check.save()
    audit_record(
        action=AuditEvent.Action.PERSONAL_DATA_CHANGED,
        actor=seen_by,
        programme=networker.programme,
        target=f"networker:{networker.pk}",
        client_address=client_address,
        detail={"dbs": level, "renewal_due": renewal_due.isoformat()},
    )
    return check


def networker_addressee(networker: Networker) -> Addressee:
    """Who a reminder about a networker goes to: the person, copied to the programme's contact
    address (or the contact address alone if the person has no email), in their language."""
    contact = [networker.programme.contact_email] if networker.programme.contact_email else []
    language = networker.user.preferred_language if networker.user_id else ""
    if networker.email:
        return Addressee(to=[networker.email], cc=contact, language=language)
    return Addressee(to=contact, language=language)


def dbs_reminders_send(*, today: date | None = None) -> int:
    """Email a reminder for each check due for renewal within the window, once per check.
    Returns how many were queued. Each check is marked in the same transaction that records its
    notification, which is sent once, after commit (bridges/core/notify.py)."""
    today = today or timezone.localdate()
    due = (
        dbs_renewals_due(today=today, days=RENEWAL_WINDOW_DAYS)
        .filter(reminder_sent_at__isnull=True)
        .select_related("networker__user")
    )
    return reminders_send(
        due=due,
        marker="reminder_sent_at",
        kind="networkers.dbs_reminder",
        message=lambda check: (
            networker_addressee(check.networker),
            {"check": check, "networker": check.networker},
        ),
    )


@transaction.atomic
def networker_purge_expired(*, today: date | None = None) -> int:
    """Delete applications kept past their retention date (people who did not go on to
    volunteer, or who left). Each deletion is audited without the person's details."""
    today = today or timezone.localdate()
    expired = Networker.objects.filter(retain_until__lt=today).exclude(stage__in=KEPT_WHILE_IN)
    count = 0
    records = Count("vetting_records", distinct=True)
    for networker in expired.select_related("programme").annotate(vetting=records):
        # Their vetting records (interview, references, right to volunteer) go with them.
        audit_record(
            action=AuditEvent.Action.PERSONAL_DATA_CHANGED,
            actor_label="retention schedule",
            programme=networker.programme,
            target=f"networker:{networker.pk}",
            detail={
                "event": "deleted at end of retention period",
                "vetting_records": networker.vetting,
            },
        )
        networker.delete()
        count += 1
    return count


def application_token_new() -> uuid.UUID:
    return uuid.uuid4()
