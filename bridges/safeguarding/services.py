"""Writes: raising a concern, the lead's steps through it, reminders of concerns not
acknowledged in time, the retention purge, and the programme's settings."""

import logging
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bridges.accounts.models import AuditEvent, Programme, User
from bridges.accounts.services import audit_record
from bridges.contacts.models import ContactRecord
from bridges.core.notify import Addressee, notification_send

from . import selectors
from .models import Concern, ConcernAction, SafeguardingSettings

logger = logging.getLogger(__name__)

State = Concern.State


@transaction.atomic
def concern_raise(
    *,
    programme: Programme,
    raised_by: User,
    about: str,
    what_happened: str,
    happened_on: date,
    immediate_risk: bool,
    place: str = "",
    action_already_taken: str = "",
    contact: ContactRecord | None = None,
    site_url: str = "",
) -> Concern:
    """Record a concern and tell each of the programme's safeguarding leads, after commit.

    The email says only that a concern was raised and where to sign in: nothing of its content.
    `contact` is the raiser's own contact record it was raised from (the view checks whose it
    is, with selectors.contact_of_raiser).
    """
    concern = Concern(
        programme=programme,
        raised_by=raised_by,
        created_by=raised_by,
        about=about,
        what_happened=what_happened.strip(),
        happened_on=happened_on,
        immediate_risk=immediate_risk,
        place=place.strip() or None,
        action_already_taken=action_already_taken.strip() or None,
        contact=contact,
    )
    concern.full_clean()
    concern.save()
    concern_leads_notify(concern=concern, site_url=site_url)
    return concern


def _link(concern: Concern, site_url: str) -> str:
    path = reverse(
        "safeguarding:detail", kwargs={"programme": concern.programme.slug, "pk": concern.pk}
    )
    return site_url.rstrip("/") + path if site_url else path


def concern_leads_notify(*, concern: Concern, site_url: str = "") -> int:
    """Email each lead of the concern's programme once about it. A programme with no lead who
    can sign in has its safeguarding contact email told instead, so that a concern never
    reaches nobody. Returns how many were asked."""
    link = _link(concern, site_url)
    leads = selectors.lead_list(programme=concern.programme)
    addressees = [
        (str(lead.pk), Addressee(to=[lead.email], language=lead.preferred_language))
        for lead in leads
    ]
    contact_email = selectors.settings_for(programme=concern.programme).contact_email
    if not leads and contact_email:
        addressees.append(("contact", Addressee(to=[contact_email])))
    sent = 0
    for who, addressee in addressees:
        if notification_send(
            kind="safeguarding.concern_raised",
            key=f"{concern.pk}:{who}",
            addressee=addressee,
            context={
                "programme_name": concern.programme.name,
                "link": link,
                "to_contact": who == "contact",
            },
        ):
            sent += 1
    if not addressees:
        logger.warning(
            "Safeguarding concern %s was raised but %s has no safeguarding lead or contact "
            "email to tell.",
            concern.reference,
            concern.programme.slug,
        )
    return sent


def concern_viewed(*, concern: Concern, lead: User, client_address: str | None = None) -> None:
    """Audit a lead's view of a concern's content: every view, every time."""
    audit_record(
        action=AuditEvent.Action.PERSONAL_DATA_VIEWED,
        actor=lead,
        programme=concern.programme,
        target=f"safeguarding_concern:{concern.pk}",
        client_address=client_address,
    )


def _refuse_unless(concern: Concern, *states: str) -> None:
    if concern.state not in states:
        raise ValidationError(
            _("This concern is %(state)s: that step is not possible now.")
            % {"state": concern.get_state_display().lower()}
        )


@transaction.atomic
def concern_acknowledge(*, concern: Concern, by: User) -> Concern:
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    _refuse_unless(concern, State.NEW)
    concern.state = State.ACKNOWLEDGED
    concern.acknowledged_at = timezone.now()
    concern.acknowledged_by = concern.updated_by = by
    concern.save()
    return concern


@transaction.atomic
def concern_action_record(
    *, concern: Concern, by: User, referral: str, note: str, taken_on: date | None = None
) -> Concern:
    """Record one thing the lead did (a referral, or other action, on a date, with a note).
    A concern not yet acknowledged is acknowledged by the same step; each action is kept."""
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    _refuse_unless(concern, State.NEW, State.ACKNOWLEDGED, State.ACTION_TAKEN)
    now = timezone.now()
    action = ConcernAction(
        concern=concern,
        kind=referral,
        taken_on=taken_on or timezone.localdate(),
        note=note.strip() or None,
        created_by=by,
        updated_by=by,
    )
    if action.taken_on > timezone.localdate():
        raise ValidationError({"taken_on": _("The date cannot be in the future.")})
    action.full_clean(exclude=["concern"])
    if concern.acknowledged_at is None:
        concern.acknowledged_at, concern.acknowledged_by = now, by
    concern.state = State.ACTION_TAKEN
    concern.referral = referral
    concern.action_at, concern.action_by, concern.updated_by = now, by, by
    concern.full_clean()
    concern.save()
    action.save()
    return concern


@transaction.atomic
def concern_close(*, concern: Concern, by: User, outcome: str) -> Concern:
    """Close a concern with its outcome. Final: a closed concern is never reopened, and its
    details are purged at the end of the retention period."""
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    _refuse_unless(concern, State.ACKNOWLEDGED, State.ACTION_TAKEN)
    concern.state = State.CLOSED
    concern.outcome = outcome.strip() or None
    concern.closed_at = timezone.now()
    concern.closed_by = concern.updated_by = by
    concern.full_clean()
    concern.save()
    return concern


# --- Not acknowledged in time: the leads are told, then reminded ------------------------------

# Each stage: the marker field on Concern, and how many deadlines after raising it is due.
OVERDUE_STAGES = (("overdue_notified_at", 1), ("overdue_reminded_at", 2))


def concern_overdue_notify(*, now: datetime | None = None, site_url: str = "") -> int:
    """Tell the leads about each concern still new past its programme's acknowledgement
    deadline, and remind them once more (copying the programme's safeguarding contact) if it is
    still new one more deadline later. Each stage goes once per concern: the marker is set in
    the transaction that records the emails (sent after commit, bridges/core/notify.py), so two
    overlapping runs send it once. The emails say nothing of the concern's content. Returns how
    many emails were recorded."""
    now = now or timezone.now()
    sent = 0
    waiting = Concern.objects.filter(state=State.NEW)
    for programme in Programme.objects.filter(pk__in=waiting.values("programme_id")).order_by("pk"):
        found = selectors.settings_for(programme=programme)
        deadline = timedelta(hours=found.acknowledge_within_hours)
        leads = selectors.lead_list(programme=programme)
        for stage, (marker, deadlines) in enumerate(OVERDUE_STAGES, start=1):
            due = Concern.objects.for_programme(programme).overdue_since(now - deadline * deadlines)
            due = due.filter(**{f"{marker}__isnull": True})
            if stage > 1:
                # A reminder comes one whole deadline after the first notice, however late
                # the first one was sent.
                due = due.filter(overdue_notified_at__lte=now - deadline)
            for concern in due.select_related("programme").order_by("raised_at", "pk"):
                with transaction.atomic():
                    marked = Concern.objects.filter(
                        pk=concern.pk, state=State.NEW, **{f"{marker}__isnull": True}
                    ).update(**{marker: now})
                    if not marked:
                        continue
                    sent += _overdue_send(
                        concern=concern,
                        stage=stage,
                        leads=leads,
                        # The contact is copied on the reminder, and told at once if the
                        # programme has no lead.
                        contact_email=found.contact_email if stage > 1 or not leads else "",
                        hours=found.acknowledge_within_hours,
                        site_url=site_url,
                    )
    return sent


def _overdue_send(
    *, concern: Concern, stage: int, leads: list[User], contact_email: str, hours: int, site_url
) -> int:
    addressees = [(str(lead.pk), lead.email, lead.preferred_language) for lead in leads]
    if contact_email and contact_email.lower() not in {lead.email.lower() for lead in leads}:
        addressees.append(("contact", contact_email, ""))
    if not addressees:
        logger.warning(
            "Safeguarding concern %s is overdue but %s has no safeguarding lead to tell.",
            concern.reference,
            concern.programme.slug,
        )
        return 0
    context = {
        "programme_name": concern.programme.name,
        "reference": concern.reference,
        "hours": hours,
        "reminder": stage > 1,
        "link": _link(concern, site_url),
    }
    sent = 0
    for who, email, language in addressees:
        if notification_send(
            kind="safeguarding.concern_overdue",
            key=f"{concern.pk}:{stage}:{who}",
            addressee=Addressee(to=[email], language=language),
            context={**context, "to_contact": who == "contact"},
        ):
            sent += 1
    return sent


# --- Retention ----------------------------------------------------------------------------------


def _years_before(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


def retention_years(about: str) -> int:
    """Years a closed concern's details are kept after closing (settings, per whom it is
    about)."""
    if about == Concern.About.CHILD:
        return settings.SAFEGUARDING_RETENTION_YEARS_CHILD
    return settings.SAFEGUARDING_RETENTION_YEARS_ADULT


def purge_date(concern: Concern) -> date | None:
    """When a closed concern's details will be deleted (None while it is open)."""
    if concern.closed_at is None:
        return None
    closed = timezone.localtime(concern.closed_at)
    return _years_before(closed, -retention_years(concern.about)).date()


@transaction.atomic
def concern_purge_expired(*, now: datetime | None = None) -> int:
    """Delete the personal details of concerns closed longer ago than their retention period:
    the text, place, action already taken, the lead's notes and outcome, the date it happened,
    the contact it came from and every person linked to it. What stays names nobody: the
    programme, whom it was about (child or adult), risk flag, states, dates of each step and
    the kinds of action taken, for anonymous counts. Returns how many concerns were purged."""
    now = now or timezone.now()
    purged = 0
    for about in Concern.About.values:
        cutoff = _years_before(now, retention_years(about))
        expired = Concern.objects.filter(
            about=about, state=State.CLOSED, closed_at__lt=cutoff, purged_at__isnull=True
        )
        found = list(expired.values_list("pk", "programme_id"))
        if not found:
            continue
        ids = [pk for pk, _programme in found]
        # Each purge is audited, as the networkers' retention is, without the concern's details.
        for pk, programme_id in found:
            audit_record(
                action=AuditEvent.Action.PERSONAL_DATA_CHANGED,
                actor_label="retention schedule",
                programme=Programme(pk=programme_id),
                target=f"safeguarding_concern:{pk}",
                detail={"event": "details deleted at end of retention period"},
            )
        ConcernAction.objects.filter(concern_id__in=ids).update(
            note=None, created_by=None, updated_by=None
        )
        purged += Concern.objects.filter(pk__in=ids).update(
            what_happened=None,
            place=None,
            action_already_taken=None,
            outcome=None,
            happened_on=None,
            contact=None,
            raised_by=None,
            acknowledged_by=None,
            action_by=None,
            closed_by=None,
            created_by=None,
            updated_by=None,
            purged_at=now,
        )
    return purged


@transaction.atomic
def settings_save(*, programme: Programme, by: User, **fields) -> SafeguardingSettings:
    found = selectors.settings_for(programme=programme)
    for name, value in fields.items():
        setattr(found, name, value)
    if found.pk is None:
        found.created_by = by
    found.updated_by = by
    found.full_clean()
    found.save()
    return found
