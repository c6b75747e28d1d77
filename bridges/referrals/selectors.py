"""Reads, each scoped to one programme and to what the viewer may see.

Who sees a referral: the person who made it, the programme's coordinators, and the provider
staff of the organisation that runs the receiving service (Membership role "provider" linked to
the directory organisation's partner organisation). Nobody else: not analysts, not other
providers, not safeguarding leads or platform admins unless they also hold one of those roles.

The lists read no encrypted column: only states, dates, the service and the language.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from bridges.accounts.models import Membership, Programme, User
from bridges.accounts.roles import Role
from bridges.contacts import selectors as contacts
from bridges.contacts.models import ContactRecord
from bridges.contacts.selectors import LogPaginator
from bridges.directory.models import Service

from .models import OPEN_STATES, Referral, State

LIST_COLUMNS = (
    "id",
    "programme_id",
    "service_id",
    "service__name",
    "service__organization__name",
    "referred_by_id",
    "referred_at",
    "language_id",
    "language__english_name",
    "language__native_name",
    "interpreter_needed",
    "state",
    "state_changed_at",
    "assisted",
    "consent_withdrawn_at",
    "hold_reason",
    "purged_at",
)

# The list's filter beyond the states: open with no change for too long.
OVERDUE = "overdue"


def overdue_days() -> int:
    return settings.REFERRALS_OVERDUE_DAYS


def partner_ids_of(*, user: User, programme: Programme) -> list[int]:
    """The partner organisations the user is provider staff of, in this programme."""
    return list(
        Membership.objects.filter(
            user=user, programme=programme, role=Role.PROVIDER, organisation__isnull=False
        ).values_list("organisation_id", flat=True)
    )


def visibility(*, user: User, programme: Programme, roles) -> Q | None:
    """The condition on Referral for what `user` may see, or None if nothing at all."""
    roles = set(roles)
    if Role.COORDINATOR in roles:
        return Q()
    condition = None
    if Role.NETWORKER in roles:
        condition = Q(referred_by=user)
    if Role.PROVIDER in roles:
        partners = partner_ids_of(user=user, programme=programme)
        if partners:
            # The services of their organisations, as a subquery: the referrals are then
            # filtered on their own indexed column, with no join per row.
            mine = Q(
                service_id__in=Service.objects.filter(
                    programme=programme, organization__partner_id__in=partners
                ).values("pk")
            )
            condition = mine if condition is None else condition | mine
    return condition


def referrals_visible_to(*, user: User, programme: Programme, roles) -> QuerySet:
    condition = visibility(user=user, programme=programme, roles=roles)
    referrals = Referral.objects.for_programme(programme)
    return referrals.none() if condition is None else referrals.filter(condition)


def referral_list(
    *,
    user: User,
    programme: Programme,
    roles,
    state: str = "",
    service=None,
    language: str = "",
    mine: bool = False,
    now=None,
) -> QuerySet:
    """The referrals the viewer may see, newest first, with the list's columns only."""
    referrals = referrals_visible_to(user=user, programme=programme, roles=roles)
    if state == OVERDUE:
        referrals = referrals.overdue(days=overdue_days(), now=now)
    elif state:
        referrals = referrals.filter(state=state)
    if service is not None:
        referrals = referrals.filter(service=service)
    if language:
        referrals = referrals.filter(language_id=language)
    if mine:
        referrals = referrals.filter(referred_by=user)
    return (
        referrals.select_related("service__organization", "language")
        .only(*LIST_COLUMNS)
        .newest_first()
    )


def referral_counts(*, user: User, programme: Programme, roles, now=None) -> dict:
    """How many referrals the viewer may see are in each state, and how many are overdue: one
    pass over them, read from the covering index `referral_prog_newest` alone (no row is
    read, nothing decrypted)."""
    referrals = referrals_visible_to(user=user, programme=programme, roles=roles)
    cutoff = (now or timezone.now()) - timedelta(days=overdue_days())
    rows = (
        referrals.order_by()
        .values("state")
        .annotate(
            total=Count("pk"),
            overdue=Count("pk", filter=Q(state__in=OPEN_STATES, state_changed_at__lt=cutoff)),
        )
        .values_list("state", "total", "overdue")
    )
    states = dict.fromkeys(State.values, 0)
    overdue = 0
    for state, total, late in rows:
        states[state] = total
        overdue += late
    return {"states": states, "overdue": overdue}


def referral_list_count(counts: dict, *, state: str = "", language: str = "") -> int | None:
    """How many referrals the list shows, from `referral_counts` when they already say it (no
    filter, one state, overdue), or None when it must be counted (a language chosen)."""
    if language:
        return None
    if state == OVERDUE:
        return counts["overdue"]
    if state:
        return counts["states"].get(state, 0)
    return sum(counts["states"].values())


class ReferralPaginator(LogPaginator):
    """Pages of the referral list as the contact log reads them: the page's ids in the list's
    order from the covering index alone, then those 25 rows with their joins; the total is
    taken from the state counts when they say it, so a page counts its referrals once."""


def is_overdue(referral: Referral, *, now=None) -> bool:
    if referral.state not in OPEN_STATES:
        return False
    return referral.state_changed_at < (now or timezone.now()) - timedelta(days=overdue_days())


def referral_details() -> QuerySet:
    return Referral.objects.select_related(
        "programme",
        "service__organization",
        "language",
        "referred_by",
        "state_changed_by",
        "contact",
        "consent_withdrawn_by",
        "hold_set_by",
    ).prefetch_related("events__by")


def provider_staff(*, referral: Referral) -> list[User]:
    """The receiving organisation's provider staff who can sign in."""
    service = referral.service
    if service is None or service.organization.partner_id is None:
        return []
    return list(
        User.objects.filter(
            memberships__programme_id=referral.programme_id,
            memberships__role=Role.PROVIDER,
            memberships__organisation_id=service.organization.partner_id,
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


def coordinators(*, programme: Programme) -> list[User]:
    return list(
        User.objects.filter(
            memberships__programme=programme,
            memberships__role=Role.COORDINATOR,
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


def is_provider_for(*, referral: Referral, user: User, roles) -> bool:
    if Role.PROVIDER not in roles or referral.service is None:
        return False
    partner = referral.service.organization.partner_id
    return partner is not None and partner in partner_ids_of(
        user=user, programme=referral.programme
    )


def may_update(*, referral: Referral, user: User, roles) -> bool:
    """Who moves a referral along: the receiving service's staff; for a service not on Bridges
    (assisted loop), the referrer and the coordinators, who follow it up."""
    if is_provider_for(referral=referral, user=user, roles=roles):
        return True
    if referral.assisted:
        return Role.COORDINATOR in roles or referral.referred_by_id == user.pk
    return False


def may_withdraw(*, referral: Referral, user: User, roles) -> bool:
    """Anyone who may see it may record that the person withdrew consent (they may have told
    any of them)."""
    return (
        Role.COORDINATOR in roles
        or referral.referred_by_id == user.pk
        or is_provider_for(referral=referral, user=user, roles=roles)
    )


def services_to_refer_to(*, programme: Programme) -> QuerySet:
    return (
        Service.objects.for_programme(programme)
        .published()
        .select_related("organization")
        .only("id", "name", "organization__name")
        .order_by("name", "pk")
    )


def contact_of_referrer(*, programme: Programme, user: User, pk) -> ContactRecord | None:
    """The referrer's own contact record `pk` in the programme, or None (someone else's,
    another programme's, not a number, or no contact log)."""
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
