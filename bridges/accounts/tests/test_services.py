from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from bridges.accounts.models import AuditEvent, Invitation, Membership, Programme, User
from bridges.accounts.roles import Role
from bridges.accounts.selectors import invitation_by_token, user_is_staff
from bridges.accounts.services import (
    invitation_accept,
    invitation_create,
    membership_grant,
    membership_revoke,
)
from bridges.accounts.tests.factories import MembershipFactory, UserFactory


@pytest.mark.django_db(transaction=True)
def test_invitation_is_emailed_after_commit_and_stores_only_a_hash(coordinator, programme):
    invitation, token = invitation_create(
        email="New.Person@Example.org",
        programme=programme,
        role=Role.NETWORKER,
        invited_by=coordinator,
    )
    assert invitation.email == "new.person@example.org"
    assert token not in invitation.token_hash
    assert len(mail.outbox) == 1
    assert f"/invitations/{token}/" in mail.outbox[0].body
    assert invitation_by_token(token=token) == invitation
    assert AuditEvent.objects.filter(action=AuditEvent.Action.INVITATION_SENT).count() == 1


@pytest.mark.django_db
def test_accepting_an_invitation_creates_account_and_role_once(coordinator, programme):
    invitation, _token = invitation_create(
        email="new@example.org", programme=programme, role=Role.PROVIDER, invited_by=coordinator
    )
    user = invitation_accept(
        invitation=invitation, display_name="New Person", password="a-long-passphrase-42"
    )
    assert user.check_password("a-long-passphrase-42")
    assert Membership.objects.filter(user=user, programme=programme, role=Role.PROVIDER).exists()
    with pytest.raises(ValidationError):
        invitation_accept(
            invitation=invitation, display_name="Again", password="a-long-passphrase-42"
        )
    assert User.objects.filter(email="new@example.org").count() == 1


@pytest.mark.django_db
def test_expired_invitation_cannot_be_accepted(coordinator, programme):
    invitation, _token = invitation_create(
        email="late@example.org", programme=programme, role=Role.NETWORKER, invited_by=coordinator
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    invitation.refresh_from_db()
    with pytest.raises(ValidationError):
        invitation_accept(
            invitation=invitation, display_name="Late", password="a-long-passphrase-42"
        )
    assert not User.objects.filter(email="late@example.org").exists()


@pytest.mark.django_db
def test_role_changes_are_audited(coordinator, programme):
    user = UserFactory()
    membership = membership_grant(
        user=user, programme=programme, role=Role.ANALYST, granted_by=coordinator
    )
    membership_grant(user=user, programme=programme, role=Role.ANALYST, granted_by=coordinator)
    assert (
        AuditEvent.objects.filter(action=AuditEvent.Action.ROLE_GRANTED, target=user.email).count()
        == 1
    )
    membership_revoke(membership=membership, revoked_by=coordinator)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    revoked = AuditEvent.objects.get(action=AuditEvent.Action.ROLE_REVOKED)
    assert revoked.actor == coordinator and revoked.detail == {"role": Role.ANALYST}


@pytest.mark.django_db
def test_a_person_holds_a_role_once_per_programme(programme):
    user = UserFactory()
    MembershipFactory(user=user, programme=programme, role=Role.NETWORKER)
    with pytest.raises(IntegrityError):
        Membership.objects.create(user=user, programme=programme, role=Role.NETWORKER)


@pytest.mark.django_db
def test_programmes_are_scoped_to_memberships(analyst, programme, other_programme, platform_admin):
    assert list(Programme.objects.visible_to(analyst)) == [programme]
    MembershipFactory(user=analyst, programme=other_programme, role=Role.ANALYST)
    assert set(Programme.objects.visible_to(analyst)) == {programme, other_programme}
    assert set(Programme.objects.visible_to(platform_admin)) == {programme, other_programme}


@pytest.mark.django_db
def test_staff_means_every_role_but_networker(networker, coordinator, analyst):
    assert not user_is_staff(user=networker)
    assert user_is_staff(user=coordinator)
    assert user_is_staff(user=analyst)
