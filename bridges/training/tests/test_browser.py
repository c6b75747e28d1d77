"""A coordinator takes attendance on a phone, in a real browser (Debian's Chromium)."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import ProgrammeFactory, member
from bridges.training.models import Attendance, ModuleCompletion, SessionBooking
from bridges.training.tests.factories import ModuleFactory, NetworkerFactory, past_session

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
NAMES = ["Amina Haddad", "Dawit Tesfay", "Kasia Nowak", "رضا کریمی", "Olena Kovalenko", "Yusuf Ali"]


def _signed_in_cookie(user, live_server) -> dict:
    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_coordinator_takes_attendance_on_a_phone(live_server):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed")
    programme = ProgrammeFactory(slug="riverton-browser", name="Riverton Browser Test")
    coordinator = member(programme, Role.COORDINATOR)
    module = ModuleFactory(title="Safeguarding adults and children", required=True)
    session = past_session(programme, modules=[module])
    people = [NetworkerFactory(programme=programme, display_name=name) for name in NAMES]
    for person in people:
        SessionBooking.objects.create(session=session, networker=person)
    path = reverse("training:session_attendance", args=[programme.slug, session.pk])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 375, "height": 812}, has_touch=True
        )
        context.add_cookies([_signed_in_cookie(coordinator, live_server)])
        page = context.new_page()
        page.goto(path)
        assert page.locator("h1").inner_text() == "Attendance register"
        results = Axe().run(page)
        serious = [
            v["id"]
            for v in results.response["violations"]
            if v["impact"] in {"serious", "critical"}
        ]
        assert not serious, results.generate_report()
        # Tap the names (the labels), as a coordinator would with a thumb.
        for name in ("Amina Haddad", "رضا کریمی", "Yusuf Ali"):
            page.get_by_text(name, exact=True).click()
        page.screenshot(path=SCREENSHOTS / "training-attendance-phone.png", full_page=True)
        page.get_by_role("button", name="Save register").click()
        page.get_by_text("Register saved: 3 present, 3 absent.").wait_for()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"the register is wider than the phone ({width}px)"
        page.screenshot(path=SCREENSHOTS / "training-attendance-saved.png", full_page=True)

        # The same register in Arabic lays out right to left.
        page.goto(f"/language/ar/?next={path}")
        assert page.locator("html").get_attribute("dir") == "rtl"
        page.screenshot(path=SCREENSHOTS / "training-attendance-ar.png", full_page=True)
        browser.close()

    present = set(
        Attendance.objects.filter(session=session, attended=True).values_list(
            "networker__display_name", flat=True
        )
    )
    assert present == {"Amina Haddad", "رضا کریمی", "Yusuf Ali"}
    assert ModuleCompletion.objects.filter(module=module).count() == 3


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_networker_books_a_place_on_a_phone(live_server):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    from bridges.training.tests.factories import SessionFactory, networker_for

    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed")
    programme = ProgrammeFactory(slug="riverton-booking", name="Riverton Booking Test")
    user = member(programme, Role.NETWORKER, display_name="Hana Rahimi")
    me = networker_for(user, programme)
    module = ModuleFactory(title="Health and registering with a GP")
    session = SessionFactory(programme=programme, modules=[module], capacity=8)
    path = reverse("training:session_detail", args=[programme.slug, session.pk])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 375, "height": 812}, has_touch=True
        )
        context.add_cookies([_signed_in_cookie(user, live_server)])
        page = context.new_page()
        page.goto(path)
        results = Axe().run(page)
        serious = [
            v["id"]
            for v in results.response["violations"]
            if v["impact"] in {"serious", "critical"}
        ]
        assert not serious, results.generate_report()
        page.get_by_role("button", name="Book my place").click()
        page.get_by_text("You are booked on this session.").wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.screenshot(path=SCREENSHOTS / "training-booked-phone.png", full_page=True)
        page.goto(f"/language/ar/?next={path}")
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert page.get_by_role("button", name="أتنازل عن مكاني").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.screenshot(path=SCREENSHOTS / "training-booked-phone-ar.png", full_page=True)
        browser.close()
    assert SessionBooking.objects.filter(session=session, networker=me).count() == 1
