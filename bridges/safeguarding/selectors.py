"""Reads, each scoped to one programme. The inbox reads no encrypted column."""

from django.utils import timezone

from bridges.accounts.models import Programme, User
from bridges.accounts.roles import Role

from .models import Concern, SafeguardingSettings

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
    if state:
        concerns = concerns.in_state(state)
    return concerns.inbox_order()


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
        "programme", "raised_by", "acknowledged_by", "action_by", "closed_by"
    )


def concerns_raised_by(*, programme: Programme, user: User):
    """What someone raised in a programme: receipts and states, never content or notes."""
    return (
        Concern.objects.for_programme(programme)
        .raised_by(user)
        .only("id", "programme_id", "about", "state", "raised_at", "raised_by_id")
        .order_by("-raised_at", "-pk")
    )
