import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """Each test starts in English: a request in Arabic must not leak into the next test."""
    with translation.override("en"):
        yield
