"""In a real browser: a person applies in Arabic on a phone; a coordinator moves them on."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import member
from bridges.core.models import Area
from bridges.networkers.models import Networker

from .factories import language, ward

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium"),
]


def serious_accessibility_problems(page) -> list[str]:
    """axe-core's serious and critical findings on the page (WCAG 2.x A and AA rules)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]}
        },
    )
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])})"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


@pytest.fixture
def chromium_browser():
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def city(transactional_db, programme, settings):
    settings.NETWORKERS_MIN_FILL_SECONDS = 0
    ward("E05011400", "Harehills")
    ward("E05011401", "Gipton and Harehills")
    programme.local_authority = Area.objects.get(code="E08000035")
    programme.save()
    language("ar", "Arabic", "العربية", rtl=True)
    language("en", "English")
    return programme


def test_a_person_applies_in_arabic_and_a_coordinator_makes_them_active(
    chromium_browser, live_server, city
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone = chromium_browser.new_context(viewport={"width": 375, "height": 812}, locale="ar")
    page = phone.new_page()
    page.goto(f"{live_server.url}/ar/networkers/join/{city.slug}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    # Nothing spills sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(SHOTS / "networkers-join-ar-phone.png"), full_page=True)
    assert serious_accessibility_problems(page) == []

    # Sending an empty form explains what is missing, in Arabic.
    page.locator("form button[type=submit]").click()
    page.locator(".error-summary").wait_for(state="visible")  # waits for the page to come back
    page.screenshot(path=str(SHOTS / "networkers-join-ar-errors.png"))
    assert serious_accessibility_problems(page) == []

    page.fill("#id_display_name", "أمينة حداد")
    page.fill("#id_email", "amina@example.org")
    page.select_option("#id_lang-0-language", "ar")
    page.select_option("#id_lang-0-level", "native")
    page.select_option("#id_lang-1-language", "en")
    page.select_option("#id_lang-1-level", "conversational")
    page.fill("#id_communities", "العائلات السورية")
    page.check("input[name=areas][value=E05011400]")
    page.check("input[name=interests][value=support]")
    page.check("#id_consent")
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/thanks/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.screenshot(path=str(SHOTS / "networkers-join-ar-thanks.png"), full_page=True)
    applicant = Networker.objects.get()
    assert applicant.display_name == "أمينة حداد"
    assert applicant.stage == Networker.Stage.APPLIED
    phone.close()

    # The coordinator signs in (a session made by the test client, second factor included).
    coordinator = member(city, Role.COORDINATOR)
    client = Client()
    client.force_login(coordinator)
    desk = chromium_browser.new_context(viewport={"width": 1280, "height": 900})
    host = live_server.url.split("//")[1].split(":")[0]
    desk.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "domain": host,
                "path": "/",
            }
        ]
    )
    page = desk.new_page()
    base = f"{live_server.url}/p/{city.slug}/networkers"
    page.goto(f"{base}/pipeline/")
    assert page.get_by_role("link", name="أمينة حداد", exact=True).is_visible()
    page.screenshot(path=str(SHOTS / "networkers-board.png"), full_page=True)
    assert serious_accessibility_problems(page) == []

    def move_on():
        page.goto(f"{base}/pipeline/")
        page.get_by_role("link", name="Move أمينة حداد").click()
        page.get_by_role("button", name="Confirm the move").click()
        page.wait_for_url(f"**/networkers/{applicant.pk}/")

    for _ in ["contacted", "interviewed", "references", "dbs_check", "training"]:
        move_on()
    # The DBS certificate is seen and its status recorded.
    page.get_by_role("link", name="Record a DBS check").click()
    page.check("input[name=level][value=enhanced]")
    page.fill("#id_checked_on", (timezone.localdate() - timedelta(days=20)).isoformat())
    page.check("#id_confirm_seen")
    page.get_by_role("button", name="Record the check").click()
    page.wait_for_url(f"**/networkers/{applicant.pk}/")
    move_on()
    assert page.get_by_text("Active", exact=True).first.is_visible()
    page.screenshot(path=str(SHOTS / "networkers-detail-active.png"), full_page=True)
    assert serious_accessibility_problems(page) == []
    applicant.refresh_from_db()
    assert applicant.stage == Networker.Stage.ACTIVE
    assert [c.to_stage for c in applicant.stage_changes.order_by("changed_at", "pk")] == [
        "applied", "contacted", "interviewed", "references", "dbs_check", "training", "active",
    ]  # fmt: skip
    assert all(
        c.changed_by == coordinator for c in applicant.stage_changes.exclude(to_stage="applied")
    )
    desk.close()
