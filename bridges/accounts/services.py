"""Writes for accounts: audit, memberships and invitations."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bridges.core.notify import Addressee, notification_send

from .models import (
    AuditEvent,
    Invitation,
    Membership,
    Organisation,
    Programme,
    User,
    invitation_token_hash,
)
from .roles import Role


def audit_record(
    *,
    action: str,
    actor: User | None = None,
    actor_label: str = "",
    programme: Programme | None = None,
    target: str = "",
    client_address: str | None = None,
    detail: dict | None = None,
) -> AuditEvent:
    """Record who did what. `client_address` is the client's address as
    bridges.core.net.client_address finds it."""
    if actor is not None and actor.is_authenticated:
        actor_label = actor_label or actor.email
    else:
        actor = None
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        actor_label=actor_label[:254],
        programme=programme,
        target=target[:254],
        ip_address=client_address or None,
        detail=detail or {},
    )


@transaction.atomic
def membership_grant(
    *,
    user: User,
    programme: Programme,
    role: str,
    organisation: Organisation | None = None,
    granted_by: User | None = None,
    client_address: str | None = None,
) -> Membership:
    membership, created = Membership.objects.get_or_create(
        user=user, programme=programme, role=role, defaults={"organisation": organisation}
    )
    if created:
        audit_record(
            action=AuditEvent.Action.ROLE_GRANTED,
            actor=granted_by,
            programme=programme,
            target=user.email,
            client_address=client_address,
            detail={"role": role},
        )
    return membership


@transaction.atomic
def membership_revoke(
    *, membership: Membership, revoked_by: User | None, client_address: str | None = None
) -> None:
    audit_record(
        action=AuditEvent.Action.ROLE_REVOKED,
        actor=revoked_by,
        programme=membership.programme,
        target=membership.user.email,
        client_address=client_address,
        detail={"role": membership.role},
    )
    membership.delete()


@transaction.atomic
def invitation_create(
    *,
    email: str,
    programme: Programme,
    role: str,
    invited_by: User,
    organisation: Organisation | None = None,
    client_address: str | None = None,
    site_url: str = "",
) -> tuple[Invitation, str]:
    """Create an invitation and email its link (under `site_url`, such as
    "https://bridges.example.org/") after the transaction commits. Returns the invitation and
    the one-time token (never stored in clear)."""
    if role not in Role.values:
        raise ValidationError(_("Choose a valid role."))
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        email=email.strip().lower(),
        programme=programme,
        role=role,
        organisation=organisation,
        invited_by=invited_by,
        token_hash=invitation_token_hash(token),
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    audit_record(
        action=AuditEvent.Action.INVITATION_SENT,
        actor=invited_by,
        programme=programme,
        target=invitation.email,
        client_address=client_address,
        detail={"role": role},
    )
    path = reverse("accounts:invitation_accept", args=[token])
    link = site_url.rstrip("/") + path if site_url else path
    # In the language of the person's account if they have one, else in the inviter's.
    existing = User.objects.filter(email__iexact=invitation.email).first()
    language = (existing.preferred_language if existing else "") or translation.get_language()
    notification_send(
        kind="accounts.invitation",
        key=str(invitation.pk),
        addressee=Addressee(to=[invitation.email], language=language or ""),
        context={"invitation": invitation, "link": link},
    )
    return invitation, token


@transaction.atomic
def invitation_accept(
    *,
    invitation: Invitation,
    display_name: str,
    password: str,
    client_address: str | None = None,
) -> User:
    """Turn a usable invitation into an account (or a new role for an existing account)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise ValidationError(_("This invitation has expired or has already been used."))
    user = User.objects.filter(email__iexact=invitation.email).first()
    if user is None:
        user = User(email=invitation.email, display_name=display_name)
        user.set_password(password)
        user.full_clean()
        user.save()
    membership_grant(
        user=user,
        programme=invitation.programme,
        role=invitation.role,
        organisation=invitation.organisation,
        granted_by=invitation.invited_by,
        client_address=client_address,
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit_record(
        action=AuditEvent.Action.INVITATION_ACCEPTED,
        actor=user,
        programme=invitation.programme,
        target=invitation.email,
        client_address=client_address,
    )
    return user
