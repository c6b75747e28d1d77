import pytest

from bridges.accounts.models import Organisation
from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import ProgrammeFactory, member
from bridges.networkers.tests.factories import NetworkerFactory, language


@pytest.fixture
def programme(db):
    language("en", "English")
    language("fa", "Farsi", native="فارسی", rtl=True)
    return ProgrammeFactory(name="Riverton", slug="riverton")


@pytest.fixture
def networker_user(programme):
    user = member(programme, Role.NETWORKER, display_name="Amina Networker")
    NetworkerFactory(programme=programme, user=user, display_name="Amina Networker")
    return user


@pytest.fixture
def coordinator(programme):
    return member(programme, Role.COORDINATOR, display_name="Cora Coordinator")


@pytest.fixture
def partner(programme):
    found = Organisation.objects.create(name="Riverton Housing Options", kind="council")
    found.programmes.add(programme)
    return found


@pytest.fixture
def provider(programme, partner):
    user = member(programme, Role.PROVIDER, email="housing.staff@example.org")
    membership = user.memberships.get(programme=programme, role=Role.PROVIDER)
    membership.organisation = partner
    membership.save()
    return user
