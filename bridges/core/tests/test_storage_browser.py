"""The 503 page in a real browser: signing in while the database refuses writes."""

from contextlib import contextmanager

import pytest
from django.core.signals import request_started
from django.db import connection

from bridges.accounts.tests.factories import UserFactory
from tests.browser.conftest import assert_no_horizontal_scroll, axe_check, shot

pytestmark = pytest.mark.browser


READ_ONLY = {
    "sqlite": ("PRAGMA query_only = ON", "PRAGMA query_only = OFF"),
    "postgresql": (
        "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
        "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
    ),
}


@contextmanager
def server_read_only():
    """Make the live server's connection refuse writes as each request starts. The server
    answers in a thread of its own: with PostgreSQL that thread's connection is closed after the
    request; with in-memory SQLite it may be the test's own connection, so turn it back on."""
    on, off = READ_ONLY[connection.vendor]

    def refuse_writes(**kwargs):
        with connection.cursor() as cursor:
            cursor.execute(on)

    request_started.connect(refuse_writes)
    try:
        yield
    finally:
        request_started.disconnect(refuse_writes)
        with connection.cursor() as cursor:
            cursor.execute(off)


def sign_in_while_read_only(page) -> None:
    user = UserFactory()
    page.fill("#id_login", user.email)
    page.fill("#id_password", "correct-horse-battery-staple")
    with server_read_only(), page.expect_navigation() as navigation:
        page.locator("main button[type=submit]").click()
    assert navigation.value.status == 503


def test_the_503_page(page):
    page.goto("/accounts/login/")
    sign_in_while_read_only(page)
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Sorry, Bridges cannot save anything just now"
    )
    shot(page, "storage-unavailable")
    axe_check(page)


def test_the_503_page_in_arabic_on_a_phone(phone_page):
    phone_page.goto("/language/ar/?next=/accounts/login/")
    sign_in_while_read_only(phone_page)
    assert phone_page.locator("html").get_attribute("dir") == "rtl"
    assert "عذرًا" in phone_page.get_by_role("heading", level=1).inner_text()
    assert_no_horizontal_scroll(phone_page)
    shot(phone_page, "storage-unavailable-ar-phone")
    axe_check(phone_page)
