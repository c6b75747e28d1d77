"""Writes: raising a concern, the lead's steps through it, and the programme's settings."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bridges.accounts.models import AuditEvent, Programme, User
from bridges.accounts.services import audit_record
from bridges.core.notify import Addressee, notification_send

from . import selectors
from .models import Concern, SafeguardingSettings

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
    site_url: str = "",
) -> Concern:
    """Record a concern and tell each of the programme's safeguarding leads, after commit.

    The email says only that a concern was raised and where to sign in: nothing of its content.
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
    )
    concern.full_clean()
    concern.save()
    concern_leads_notify(concern=concern, site_url=site_url)
    return concern


def concern_leads_notify(*, concern: Concern, site_url: str = "") -> int:
    """Email each lead of the concern's programme once about it. Returns how many were asked."""
    path = reverse(
        "safeguarding:detail", kwargs={"programme": concern.programme.slug, "pk": concern.pk}
    )
    link = site_url.rstrip("/") + path if site_url else path
    sent = 0
    for lead in selectors.lead_list(programme=concern.programme):
        if notification_send(
            kind="safeguarding.concern_raised",
            key=f"{concern.pk}:{lead.pk}",
            addressee=Addressee(to=[lead.email], language=lead.preferred_language),
            context={"programme_name": concern.programme.name, "link": link},
        ):
            sent += 1
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
def concern_action_record(*, concern: Concern, by: User, referral: str, note: str) -> Concern:
    """Record what the lead did (a referral, or other action, with a note). A concern not yet
    acknowledged is acknowledged by the same step."""
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    _refuse_unless(concern, State.NEW, State.ACKNOWLEDGED, State.ACTION_TAKEN)
    now = timezone.now()
    if concern.acknowledged_at is None:
        concern.acknowledged_at, concern.acknowledged_by = now, by
    concern.state = State.ACTION_TAKEN
    concern.referral = referral
    concern.action_note = note.strip() or None
    concern.action_at, concern.action_by, concern.updated_by = now, by, by
    concern.full_clean()
    concern.save()
    return concern


@transaction.atomic
def concern_close(*, concern: Concern, by: User, outcome: str) -> Concern:
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    _refuse_unless(concern, State.ACKNOWLEDGED, State.ACTION_TAKEN)
    concern.state = State.CLOSED
    concern.outcome = outcome.strip() or None
    concern.closed_at = timezone.now()
    concern.closed_by = concern.updated_by = by
    concern.full_clean()
    concern.save()
    return concern


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
