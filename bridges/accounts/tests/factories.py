import time

import factory
from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from bridges.accounts.models import Membership, Organisation, Programme, User
from bridges.accounts.roles import STAFF_ROLES, Role


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Test Programme {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.CHARITY


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery-staple")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    role = Role.COORDINATOR


def member(
    programme: Programme, role: str, *, with_second_factor: bool = True, **user_fields
) -> User:
    """A user holding `role` in `programme`. Staff get a TOTP authenticator unless told not to,
    since staff cannot see data without one."""
    user = UserFactory(**user_fields)
    if role == Role.ADMIN:
        user.is_superuser = user.is_staff = True
        user.save()
    else:
        MembershipFactory(user=user, programme=programme, role=role)
    if with_second_factor and role in STAFF_ROLES:
        TOTP.activate(user, generate_totp_secret())
    return user


def second_factor_used(*, session, user: User) -> bool:
    """Record in `session` (not saved) that `user` gave their TOTP code in this sign-in, as
    allauth's second-factor step does. False when they have no TOTP authenticator."""
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        return False
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time()},
        {"method": "mfa", "at": time.time(), "id": authenticator.pk, "type": "totp"},
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    return True
