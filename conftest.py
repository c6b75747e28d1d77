"""Fixtures shared by every app's tests."""

import pytest
from django.db import transaction
from django.test.client import ClientMixin
from django.utils import translation

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import ProgrammeFactory, member, second_factor_used

# The browser fixtures (Playwright driving Chromium against the live server) serve every app's
# browser tests, not only those in tests/browser/: one setup, one Chromium setting.
from tests.browser.conftest import (  # noqa: F401
    browser,
    context,
    no_js_page,
    page,
    phone_context,
    phone_page,
)


@pytest.fixture(autouse=True)
def _english():
    """Every test starts in English: a page or test in Arabic must not leave its language
    active for the next test on the same worker (reverse() and rendering would follow it)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _force_login_completes_the_second_factor(monkeypatch):
    """`client.force_login(user)` signs a person in as the sign-in pages would: staff who have a
    second factor (factories give them one) have also given it in this session. Pass
    `second_factor=False` for a session made with the password alone."""
    original = ClientMixin.force_login

    def force_login(self, user, backend=None, *, second_factor=True):
        original(self, user, backend)
        if second_factor:
            session = self.session
            if second_factor_used(session=session, user=user):
                session.save()

    monkeypatch.setattr(ClientMixin, "force_login", force_login)


@pytest.fixture(autouse=True)
def _fresh_public_page_cache():
    """Each test starts without cached public pages (bridges/core/pagecache.py): a page stored
    by an earlier test may show data that test's rollback removed."""
    from bridges.core.pagecache import public_pages_changed

    public_pages_changed()


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


def _needs_real_transactions(item) -> bool:
    names = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    return (
        "live_server" in names
        or "transactional_db" in names
        or bool(marker and marker.kwargs.get("transaction"))
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Run tests that use real transactions (the browser tests against the live server) after
    all the others, as Django's own runner does. They empty the database when they finish,
    which also removes the rows data migrations put there (for example the directory's
    taxonomy); any ordinary test running after them would miss those rows."""
    items.sort(key=_needs_real_transactions)  # stable: keeps the order within each group


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker):
    """The world, built once per test module inside a transaction that is rolled back when the
    module ends. Each test runs inside it in a savepoint of its own (the `db` fixture), so what
    a test writes is undone before the next while the world stays: building it for each of the
    matrix's thousands of cases took most of the suite's time."""
    with django_db_blocker.unblock(), translation.override("en"):
        with transaction.atomic():
            from tests.test_permission_matrix import build_world

            world = build_world()
            yield world
            transaction.set_rollback(True)
