import pytest


@pytest.fixture(autouse=True)
def _needs_vocabulary(request):
    """Directory tests rely on the needs taxonomy from a data migration; put it back when a
    transactional test elsewhere has flushed it."""
    marker = request.node.get_closest_marker("django_db")
    names = request.fixturenames
    if marker is None and not {"db", "transactional_db"} & set(names):
        return
    transactional = "transactional_db" in names or (marker and marker.kwargs.get("transaction"))
    request.getfixturevalue("transactional_db" if transactional else "db")
    from .factories import ensure_needs_vocabulary

    ensure_needs_vocabulary()
