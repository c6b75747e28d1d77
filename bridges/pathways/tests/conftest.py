import pytest

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import member


@pytest.fixture(autouse=True)
def _fresh_graphs():
    """Each test starts without cached graphs: an id reused after an earlier test's rollback
    must not find that test's graph."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def coordinator(programme):
    return member(programme, Role.COORDINATOR)


@pytest.fixture
def networker(programme):
    return member(programme, Role.NETWORKER)
