import pytest

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import ProgrammeFactory, member

# The whole project's permission-matrix world (test_restriction.py).
from tests.test_permission_matrix import world  # noqa: F401


@pytest.fixture
def programme(db):
    return ProgrammeFactory(name="Riverton", slug="riverton")


@pytest.fixture
def lead(programme):
    return member(programme, Role.SAFEGUARDING, email="lead@example.org", display_name="Lead One")


@pytest.fixture
def networker(programme):
    return member(programme, Role.NETWORKER, email="net@example.org", display_name="Net Worker")


@pytest.fixture
def coordinator(programme):
    return member(programme, Role.COORDINATOR, email="coord@example.org")


@pytest.fixture
def platform_admin(programme):
    return member(programme, Role.ADMIN, email="admin@example.org")
