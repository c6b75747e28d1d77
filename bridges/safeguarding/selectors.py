"""Reads, each scoped to one programme. The inbox reads no encrypted column."""

from datetime import timedelta

from django.db.models import Prefetch
from django.utils import timezone

from bridges.accounts.models import Programme, User
from bridges.accounts.roles import Role
from bridges.contacts import selectors as contacts
from bridges.contacts.models import ContactRecord

from .models import Concern, ConcernAction, SafeguardingSettings

# The inbox's filter: a state, or the concerns past their acknowledgement deadline.
OVERDUE = "overdue"

INBOX_COLUMNS = ("id", "programme_id", "about", "state", "immediate_risk", "raised_at", "referral")


def settings_for(*, programme: Programme) -> SafeguardingSettings:
    """The programme's settings, or unsaved defaults if nobody has set them yet."""
    found = SafeguardingSettings.objects.for_programme(programme).first()
    return found or SafeguardingSettings(programme=programme)


def lead_list(*, programme: Programme) -> list[User]:
    """The programme's safeguarding leads who can sign in."""
    return list(
        User.objects.filter(
            memberships__programme=programme,
            memberships__role=Role.SAFEGUARDING,
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


def concern_inbox(*, programme: Programme, state: str = "", now=None):
    """The programme's concerns for its leads: overdue acknowledgements first, then the open
    ones oldest first, then the closed. Each has `overdue`."""
    hours = settings_for(programme=programme).acknowledge_within_hours
    concerns = (
        Concern.objects.for_programme(programme)
        .only(*INBOX_COLUMNS)
        .with_overdue(hours=hours, now=now or timezone.now())
    )
    if state == OVERDUE:
        concerns = concerns.filter(overdue=True)
    elif state:
        concerns = concerns.in_state(state)
    return concerns.inbox_order()


def concern_is_overdue(*, concern: Concern, hours: int, now=None) -> bool:
    """Still new past its programme's acknowledgement deadline of `hours`."""
    cutoff = (now or timezone.now()) - timedelta(hours=hours)
    return concern.state == Concern.State.NEW and concern.raised_at < cutoff


def concern_counts(*, programme: Programme, now=None) -> dict:
    """How many concerns are in each state, and how many are overdue."""
    hours = settings_for(programme=programme).acknowledge_within_hours
    concerns = Concern.objects.for_programme(programme).with_overdue(
        hours=hours, now=now or timezone.now()
    )
    counts = dict.fromkeys(Concern.State.values, 0)
    overdue = 0
    for state, is_overdue in concerns.values_list("state", "overdue"):
        counts[state] += 1
        overdue += is_overdue
    return {"states": counts, "overdue": overdue}


def concern_details():
    """A concern with the people named on it, for its lead's page (scope it with
    get_for_programme)."""
    return Concern.objects.select_related(
        "programme", "raised_by", "acknowledged_by", "action_by", "closed_by", "contact"
    ).prefetch_related(
        Prefetch(
            "actions",
            queryset=ConcernAction.objects.select_related("created_by").order_by("taken_on", "pk"),
        )
    )


def concerns_raised_by(*, programme: Programme, user: User, state: str = ""):
    """What someone raised in a programme: receipts and states, never content or notes."""
    concerns = (
        Concern.objects.for_programme(programme)
        .raised_by(user)
        .only("id", "programme_id", "about", "state", "raised_at", "raised_by_id")
        .order_by("-raised_at", "-pk")
    )
    return concerns.in_state(state) if state else concerns


def contact_of_raiser(*, programme: Programme, user: User, pk) -> ContactRecord | None:
    """The raiser's own contact record `pk` in the programme, or None (someone else's, another
    programme's, not a number, or the raiser keeps no contact log). A concern is never refused
    for a wrong reference: it is raised without one."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    networker = contacts.networker_for_user(user=user, programme=programme)
    if networker is None:
        return None
    return (
        contacts.contact_records_of(networker=networker)
        .for_programme(programme)
        .filter(pk=pk)
        .first()
    )
