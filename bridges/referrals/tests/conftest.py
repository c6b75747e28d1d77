import pytest

from bridges.accounts.models import Organisation
from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import MembershipFactory, ProgrammeFactory, member
from bridges.directory.models import Organization, Service
from bridges.referrals.tests.factories import language

# The whole project's permission-matrix world (test_visibility.py).
from tests.test_permission_matrix import world  # noqa: F401


@pytest.fixture
def programme(db):
    return ProgrammeFactory(name="Riverton", slug="riverton")


def provider_of(programme, partner, **user_fields):
    user = member(programme, Role.PROVIDER, **user_fields)
    membership = user.memberships.get(programme=programme, role=Role.PROVIDER)
    membership.organisation = partner
    membership.save()
    return user


def service_of(programme, name: str, partner=None) -> Service:
    organization = Organization.objects.create(
        programme=programme, name=f"{name} Org", partner=partner
    )
    return Service.objects.create(programme=programme, organization=organization, name=name)


@pytest.fixture
def partner(programme):
    found = Organisation.objects.create(name="Riverton Law Centre", kind="charity")
    found.programmes.add(programme)
    return found


@pytest.fixture
def service(programme, partner):
    return service_of(programme, "Housing advice", partner)


@pytest.fixture
def offline_service(programme):
    """A service whose organisation has nobody on Bridges: the assisted loop."""
    return service_of(programme, "Food bank")


@pytest.fixture
def provider(programme, partner):
    return provider_of(programme, partner, email="provider@example.org")


@pytest.fixture
def networker(programme):
    return member(programme, Role.NETWORKER, email="net@example.org", display_name="Net Worker")


@pytest.fixture
def coordinator(programme):
    return member(programme, Role.COORDINATOR, email="coord@example.org")


@pytest.fixture
def farsi(db):
    return language("fa", "Persian", "فارسی")


__all__ = ["MembershipFactory", "provider_of", "service_of"]
