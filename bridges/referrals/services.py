"""Writes: send a referral exactly once, move it through the loop, record consent withdrawn,
set and lift a legal hold, and purge personal details at the end of the retention period.

Exactly once: a referral's `client_id` (made by the form) is unique within its programme (a
database constraint). Sending the same referral again, or twenty times at once, finds the
stored one and answers with it; a different referral under the same id is refused with
`ReferralConflict`. The insert runs in a savepoint, so a losing concurrent insert rolls back
alone and then reads the winner.

Every change tells the other side by email (bridges/core/notify.py, sent after commit): the
receiving service's staff when a referral is sent or consent is withdrawn, the referrer when
the service moves it along. The emails carry the reference, the service and the new state,
never the person's details.
"""

import hashlib
import json
import logging
import uuid
from dataclasses import asdict, dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bridges.accounts.models import AuditEvent, Programme, User
from bridges.accounts.roles import Role
from bridges.accounts.services import audit_record
from bridges.contacts.models import ContactRecord
from bridges.core.notify import Addressee, notification_send
from bridges.directory.models import Service

from . import consent, selectors
from .models import CLOSED_STATES, OPEN_STATES, Referral, ReferralEvent, State

logger = logging.getLogger(__name__)

# The loop: from each state, where it may go next (withdrawal is its own step).
TRANSITIONS = {
    State.SENT: (State.ACCEPTED, State.DECLINED, State.NOT_CONTACTED),
    State.ACCEPTED: (State.IN_PROGRESS, State.COMPLETED, State.NOT_CONTACTED),
    State.IN_PROGRESS: (State.COMPLETED, State.NOT_CONTACTED),
}


class ReferralConflict(Exception):
    """A referral with this client id exists with different content."""

    message = gettext_lazy(
        "A different referral was already sent with this identifier. Nothing was changed: "
        "start a new referral."
    )

    def __init__(self, referral: Referral):
        super().__init__(str(self.message))
        self.referral = referral


@dataclass(frozen=True)
class ReferralData:
    """What a referral says, as the form gives it."""

    service_id: str
    person_name: str
    contact_method: str
    contact_detail: str
    note: str
    language: str
    interpreter_needed: bool
    consent_given_by: str
    consent_method: str
    consent_purpose: str
    consent_wording_version: str
    consent_language: str

    def canonical(self) -> dict:
        values = asdict(self)
        for name in ("person_name", "contact_detail", "note", "consent_purpose"):
            values[name] = values[name].strip()
        values["service_id"] = str(values["service_id"])
        return values


def content_hash(*, data: ReferralData, referred_by_id: int | None) -> str:
    payload = json.dumps(
        {**data.canonical(), "referred_by": referred_by_id}, sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def retention_months() -> int:
    return settings.REFERRALS_RETENTION_MONTHS


def _repeat(referral: Referral, digest: str) -> Referral:
    if referral.content_hash != digest:
        raise ReferralConflict(referral)
    return referral


def referral_send(
    *,
    programme: Programme,
    referred_by: User,
    client_id: uuid.UUID,
    data: ReferralData,
    contact: ContactRecord | None = None,
    site_url: str = "",
) -> tuple[Referral, bool]:
    """Store a referral once and tell the receiving service's staff (after commit). Returns
    (referral, created). Raises ReferralConflict if the id is taken by a different referral,
    ValidationError if the service is not one of the programme's published services or the
    consent wording version is unknown."""
    client_id = uuid.UUID(str(client_id))
    digest = content_hash(data=data, referred_by_id=referred_by.pk)
    existing = Referral.objects.for_programme(programme).filter(client_id=client_id).first()
    if existing is not None:
        return _repeat(existing, digest), False
    service = (
        Service.objects.for_programme(programme)
        .published()
        .select_related("organization")
        .filter(pk=data.service_id)
        .first()
    )
    if service is None:
        raise ValidationError({"service": _("Choose a service from the directory.")})
    if data.consent_wording_version not in consent.WORDINGS:
        raise ValidationError(_("The consent wording shown is not known: start again."))
    values = data.canonical()
    now = timezone.now()
    try:
        with transaction.atomic():  # a savepoint when called inside a transaction
            referral = Referral(
                programme=programme,
                client_id=client_id,
                content_hash=digest,
                service=service,
                contact=contact,
                referred_by=referred_by,
                referred_at=now,
                person_name=values["person_name"],
                contact_method=data.contact_method,
                contact_detail=values["contact_detail"] or None,
                note=values["note"] or None,
                language_id=data.language,
                interpreter_needed=data.interpreter_needed,
                consent_given_by=data.consent_given_by,
                consent_given_at=now,
                consent_method=data.consent_method,
                consent_purpose=values["consent_purpose"],
                consent_wording_version=data.consent_wording_version,
                consent_language=data.consent_language,
                state=State.SENT,
                state_changed_at=now,
                state_changed_by=referred_by,
                assisted=not _service_on_bridges(service, programme),
                created_by=referred_by,
                updated_by=referred_by,
            )
            referral.full_clean(
                exclude=["client_id", "content_hash", "service", "contact", "language"],
                validate_constraints=False,
            )
            referral.save()
            event = ReferralEvent.objects.create(
                referral=referral, kind=ReferralEvent.Kind.SENT, state=State.SENT, by=referred_by
            )
            _notify(referral=referral, event=event, by=referred_by, site_url=site_url)
    except IntegrityError:
        # Another send of this id won the race: answer with what it stored.
        existing = Referral.objects.for_programme(programme).filter(client_id=client_id).first()
        if existing is None:  # not a race: something else the database refused
            raise
        return _repeat(existing, digest), False
    return referral, True


def _service_on_bridges(service: Service, programme: Programme) -> bool:
    """Whether the service's organisation has provider staff in the programme."""
    partner = service.organization.partner_id
    if partner is None:
        return False
    return User.objects.filter(
        memberships__programme=programme,
        memberships__role=Role.PROVIDER,
        memberships__organisation_id=partner,
        is_active=True,
    ).exists()


def referral_viewed(*, referral: Referral, viewer: User, client_address: str | None = None):
    """Audit a view of the person's details: every view, every time."""
    audit_record(
        action=AuditEvent.Action.PERSONAL_DATA_VIEWED,
        actor=viewer,
        programme=referral.programme,
        target=f"referral:{referral.pk}",
        client_address=client_address,
    )


def _locked(referral: Referral) -> Referral:
    return (
        Referral.objects.select_for_update(of=("self",))
        .select_related("programme", "service__organization")
        .get(pk=referral.pk)
    )


@transaction.atomic
def referral_move(
    *,
    referral: Referral,
    by: User,
    roles,
    state: str,
    decline_reason: str = "",
    outcome_note: str = "",
    site_url: str = "",
) -> Referral:
    """Move a referral one step along the loop, if that step is allowed from where it is and
    `by` may take it (selectors.may_update). Tells the other side after commit."""
    referral = _locked(referral)
    if not selectors.may_update(referral=referral, user=by, roles=roles):
        raise ValidationError(_("Only the receiving service can update this referral."))
    if referral.consent_withdrawn_at is not None:
        raise ValidationError(_("Consent was withdrawn: this referral cannot be changed."))
    if state not in TRANSITIONS.get(referral.state, ()):
        raise ValidationError(
            _("This referral is %(state)s: that step is not possible now.")
            % {"state": referral.get_state_display().lower()}
        )
    if state == State.DECLINED and not decline_reason:
        raise ValidationError({"decline_reason": _("Say why the referral is declined.")})
    now = timezone.now()
    referral.state = state
    referral.state_changed_at = now
    referral.state_changed_by = referral.updated_by = by
    referral.decline_reason = decline_reason if state == State.DECLINED else ""
    if outcome_note.strip():
        referral.outcome_note = outcome_note.strip()
    if state in CLOSED_STATES:
        referral.closed_at = now
    referral.save()
    event = ReferralEvent.objects.create(
        referral=referral, kind=ReferralEvent.Kind.STATE, state=state, by=by, at=now
    )
    _notify(referral=referral, event=event, by=by, site_url=site_url)
    return referral


@transaction.atomic
def referral_withdraw_consent(
    *, referral: Referral, by: User, roles, site_url: str = ""
) -> Referral:
    """Record that the person withdrew their consent: from now on nobody is shown their
    details, the service sees that consent was withdrawn, an open referral is closed, and the
    details are deleted by the next purge (unless a legal hold keeps them). Doing it twice
    changes nothing the second time."""
    referral = _locked(referral)
    if not selectors.may_withdraw(referral=referral, user=by, roles=roles):
        raise ValidationError(_("You cannot change this referral."))
    if referral.consent_withdrawn_at is not None:
        return referral
    now = timezone.now()
    referral.consent_withdrawn_at = now
    referral.consent_withdrawn_by = referral.updated_by = by
    if referral.state in OPEN_STATES:
        referral.state = State.WITHDRAWN
        referral.state_changed_at = now
        referral.state_changed_by = by
        referral.closed_at = now
    referral.save()
    event = ReferralEvent.objects.create(
        referral=referral, kind=ReferralEvent.Kind.WITHDRAWN, state=referral.state, by=by, at=now
    )
    audit_record(
        action=AuditEvent.Action.PERSONAL_DATA_CHANGED,
        actor=by,
        programme=referral.programme,
        target=f"referral:{referral.pk}",
        detail={"event": "consent withdrawn"},
    )
    _notify(referral=referral, event=event, by=by, site_url=site_url)
    return referral


@transaction.atomic
def referral_hold_set(*, referral: Referral, by: User, reason: str, review_on: date) -> Referral:
    """Keep a referral's details past its retention period, for a reason, until reviewed."""
    referral = _locked(referral)
    if referral.purged_at is not None:
        raise ValidationError(_("The details were already deleted: there is nothing to hold."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the details must be kept.")})
    if review_on <= timezone.localdate():
        raise ValidationError({"review_on": _("The review date must be in the future.")})
    referral.hold_reason = reason.strip()
    referral.hold_review_on = review_on
    referral.hold_set_at = timezone.now()
    referral.hold_set_by = referral.updated_by = by
    referral.full_clean(
        exclude=["client_id", "content_hash", "service", "contact", "language"],
        validate_constraints=False,
    )
    referral.save()
    ReferralEvent.objects.create(referral=referral, kind=ReferralEvent.Kind.HOLD_SET, by=by)
    audit_record(
        action=AuditEvent.Action.PERSONAL_DATA_CHANGED,
        actor=by,
        programme=referral.programme,
        target=f"referral:{referral.pk}",
        detail={"event": "legal hold set", "review_on": review_on.isoformat()},
    )
    return referral


@transaction.atomic
def referral_hold_lift(*, referral: Referral, by: User) -> Referral:
    referral = _locked(referral)
    if not referral.on_hold:
        return referral
    referral.hold_reason = ""
    referral.hold_review_on = None
    referral.hold_set_at = None
    referral.hold_set_by = None
    referral.updated_by = by
    referral.save()
    ReferralEvent.objects.create(referral=referral, kind=ReferralEvent.Kind.HOLD_LIFTED, by=by)
    audit_record(
        action=AuditEvent.Action.PERSONAL_DATA_CHANGED,
        actor=by,
        programme=referral.programme,
        target=f"referral:{referral.pk}",
        detail={"event": "legal hold lifted"},
    )
    return referral


# --- Telling the other side -----------------------------------------------------------------


def _link(referral: Referral, site_url: str) -> str:
    path = reverse(
        "referrals:detail", kwargs={"programme": referral.programme.slug, "pk": referral.pk}
    )
    return site_url.rstrip("/") + path if site_url else path


def _notify(*, referral: Referral, event: ReferralEvent, by: User, site_url: str) -> int:
    """Tell the other side of a change: the service's staff about a referral sent or consent
    withdrawn; the referrer (or, if they have gone, the coordinators) about the service's steps.
    Nobody is told about their own step. Recorded now, sent after commit."""
    staff = selectors.provider_staff(referral=referral)
    staff_ids = {user.pk for user in staff}
    if event.kind == ReferralEvent.Kind.SENT or (
        event.kind == ReferralEvent.Kind.WITHDRAWN and by.pk not in staff_ids
    ):
        addressees = staff
    else:
        referrer = referral.referred_by
        if referrer is not None and referrer.is_active:
            addressees = [referrer]
        else:
            addressees = selectors.coordinators(programme=referral.programme)
        if event.kind == ReferralEvent.Kind.WITHDRAWN:
            addressees = [*addressees, *staff]
    context = {
        "programme_name": referral.programme.name,
        "reference": referral.reference,
        "service_name": referral.service.name if referral.service else "",
        "state": event.state,
        "withdrawn": event.kind == ReferralEvent.Kind.WITHDRAWN,
        "link": _link(referral, site_url),
    }
    sent = 0
    for user in {user.pk: user for user in addressees if user.pk != by.pk}.values():
        if notification_send(
            kind="referrals.changed",
            key=f"{referral.pk}:{event.pk}:{user.pk}",
            addressee=Addressee(to=[user.email], language=user.preferred_language),
            context=context,
        ):
            sent += 1
    return sent


# --- Overdue: the referrer is told once per stage -------------------------------------------


def _overdue_not_yet_told() -> Q:
    # Never told, or told about an earlier stage.
    return Q(overdue_notified_stage__isnull=True) | ~Q(overdue_notified_stage=F("state_changed_at"))


def referral_overdue_notify(*, now: datetime | None = None, site_url: str = "") -> int:
    """Tell the referrer about each open referral with no change for more than
    REFERRALS_OVERDUE_DAYS days, once per stage: once while it waits as sent, once more if it
    is accepted and then waits again, and so on. The receiving service's staff are told too,
    except in an assisted loop (a service not on Bridges), which only the referrer follows up;
    if the referrer has gone, the programme's coordinators are told instead. The marker is set
    in the transaction that records the emails (sent after commit, bridges/core/notify.py), so
    two overlapping runs send each notice once. The emails carry the reference, the service
    and the state, never the person's details. Returns how many emails were recorded."""
    now = now or timezone.now()
    sent = 0
    due = (
        Referral.objects.overdue(days=selectors.overdue_days(), now=now)
        .filter(_overdue_not_yet_told())
        .select_related("programme", "service__organization", "referred_by")
        .order_by("pk")
    )
    for referral in due:
        with transaction.atomic():
            marked = (
                Referral.objects.filter(
                    pk=referral.pk,
                    state=referral.state,
                    state_changed_at=referral.state_changed_at,
                )
                .filter(_overdue_not_yet_told())
                .update(overdue_notified_stage=F("state_changed_at"))
            )
            if not marked:
                continue
            sent += _overdue_send(referral=referral, site_url=site_url)
    return sent


def _overdue_send(*, referral: Referral, site_url: str) -> int:
    referrer = referral.referred_by
    if referrer is not None and referrer.is_active:
        following = [referrer]
    else:
        following = selectors.coordinators(programme=referral.programme)
    following_ids = {user.pk for user in following}
    staff = [] if referral.assisted else selectors.provider_staff(referral=referral)
    addressees = [*following, *staff]
    context = {
        "programme_name": referral.programme.name,
        "reference": referral.reference,
        "service_name": referral.service.name if referral.service else "",
        "state": referral.state,
        # Lazy: rendered in each addressee's language.
        "state_label": State(referral.state).label,
        "days": selectors.overdue_days(),
        "assisted": referral.assisted,
        "link": _link(referral, site_url),
    }
    stage = f"{referral.state}@{referral.state_changed_at.isoformat()}"
    sent = 0
    for user in {user.pk: user for user in addressees}.values():
        if notification_send(
            kind="referrals.overdue",
            key=f"{referral.pk}:{stage}:{user.pk}",
            addressee=Addressee(to=[user.email], language=user.preferred_language),
            context={**context, "follows_up": user.pk in following_ids},
        ):
            sent += 1
    return sent


# --- Retention ----------------------------------------------------------------------------------


def _months_before(moment: datetime, months: int) -> datetime:
    month = moment.month - 1 - months
    year = moment.year + month // 12
    month = month % 12 + 1
    day = min(moment.day, 28)
    return moment.replace(year=year, month=month, day=day)


def purge_date(referral: Referral) -> date | None:
    """When a referral's details will be deleted: after the next purge if consent was
    withdrawn, else the retention period after it closed (None while open or on hold)."""
    if referral.on_hold or referral.purged_at is not None:
        return None
    if referral.consent_withdrawn_at is not None:
        return timezone.localdate()
    if referral.closed_at is None:
        return None
    closed = timezone.localtime(referral.closed_at)
    return _months_before(closed, -retention_months()).date()


@transaction.atomic
def referral_purge_expired(*, now: datetime | None = None) -> int:
    """Delete the personal details of referrals closed longer ago than the retention period
    (REFERRALS_RETENTION_MONTHS) and of those whose consent was withdrawn, except those under a
    legal hold: the name, contact detail, notes, the contact record it came from and the people
    who handled it. What stays names nobody: the programme, the service, the language, whether
    an interpreter was needed, how consent was given, the states and their dates, for anonymous
    counts. Each purge is audited. Returns how many were purged; a second run finds none."""
    now = now or timezone.now()
    cutoff = _months_before(now, retention_months())
    expired = (
        Referral.objects.filter(purged_at__isnull=True, hold_reason="")
        .exclude(state__in=OPEN_STATES)
        .filter(Q(consent_withdrawn_at__isnull=False) | Q(closed_at__lt=cutoff))
        .order_by("pk")
    )
    found = list(expired.select_for_update().values_list("pk", "programme_id"))
    if not found:
        return 0
    ids = [pk for pk, _programme in found]
    for pk, programme_id in found:
        audit_record(
            action=AuditEvent.Action.PERSONAL_DATA_CHANGED,
            actor_label="retention schedule",
            programme=Programme(pk=programme_id),
            target=f"referral:{pk}",
            detail={"event": "details deleted"},
        )
    ReferralEvent.objects.bulk_create(
        ReferralEvent(referral_id=pk, kind=ReferralEvent.Kind.PURGED, at=now) for pk in ids
    )
    ReferralEvent.objects.filter(referral_id__in=ids).update(by=None)
    return Referral.objects.filter(pk__in=ids).update(
        person_name=None,
        contact_detail=None,
        note=None,
        outcome_note=None,
        contact=None,
        referred_by=None,
        state_changed_by=None,
        consent_withdrawn_by=None,
        created_by=None,
        updated_by=None,
        purged_at=now,
    )
