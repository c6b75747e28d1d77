"""Reads for accounts. Programme scoping starts here."""

from django.db.models import Q, QuerySet

from .lockout import sign_in_key
from .models import AuditEvent, Invitation, Membership, Programme, User, invitation_token_hash
from .roles import STAFF_ROLES


def user_roles(*, user: User, programme: Programme) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(
        Membership.objects.filter(user=user, programme=programme).values_list("role", flat=True)
    )


def user_is_staff(*, user: User) -> bool:
    """Staff must use a second factor: platform admins, anyone the Django admin lets in, and
    every role but networker."""
    if not user.is_authenticated:
        return False
    if user.is_platform_admin or (user.is_active and user.is_staff):
        return True
    return Membership.objects.filter(user=user, role__in=STAFF_ROLES).exists()


def user_memberships(*, user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("programme", "organisation")
        .order_by("programme__name", "role")
    )


def programme_list(*, user: User) -> QuerySet[Programme]:
    return Programme.objects.visible_to(user).select_related("local_authority")


def programme_list_public(*, limit: int = 20) -> QuerySet[Programme]:
    """The active programmes, by name, as the public home page lists them."""
    return Programme.objects.filter(is_active=True).only("name", "slug")[:limit]


def invitation_by_token(*, token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("programme", "organisation")
        .filter(token_hash=invitation_token_hash(token))
        .first()
    )


def audit_event_list(
    *, action: str = "", query: str = "", programme: Programme | None = None
) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.select_related("programme")
    if action:
        events = events.filter(action=action)
    if programme is not None:
        events = events.filter(programme=programme)
    if query:
        # Failed sign-ins and lock-outs are recorded under a keyed hash of what was typed, never
        # the text: searching for an address finds them through the same hash.
        events = events.filter(
            Q(actor_label__icontains=query)
            | Q(target__icontains=query)
            | Q(actor_label=sign_in_key(query))
        )
    return events.order_by("-at")
