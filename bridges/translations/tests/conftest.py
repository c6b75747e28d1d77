import pytest

from bridges.translations import registry

from .factories import TEST_KIND


@pytest.fixture
def test_kind():
    registry.register(TEST_KIND)
    yield TEST_KIND
    registry.unregister(TEST_KIND.key)
