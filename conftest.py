"""Fixtures shared by every app's tests."""

import pytest

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import ProgrammeFactory, member


@pytest.fixture
def programme(db):
    return ProgrammeFactory(name="Riverton Test Programme", slug="riverton-test")


@pytest.fixture
def other_programme(db):
    return ProgrammeFactory(name="Elsewhere Programme", slug="elsewhere")


@pytest.fixture
def coordinator(programme):
    return member(programme, Role.COORDINATOR)


@pytest.fixture
def networker(programme):
    return member(programme, Role.NETWORKER)


@pytest.fixture
def provider(programme):
    return member(programme, Role.PROVIDER)


@pytest.fixture
def safeguarding_lead(programme):
    return member(programme, Role.SAFEGUARDING)


@pytest.fixture
def analyst(programme):
    return member(programme, Role.ANALYST)


@pytest.fixture
def platform_admin(programme):
    return member(programme, Role.ADMIN)


@pytest.fixture
def outsider(other_programme):
    """A coordinator of another programme: must never see this programme's records."""
    return member(other_programme, Role.COORDINATOR)
