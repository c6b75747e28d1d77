"""A phone-sized browser searching in Arabic for a doctor and opening the service page."""

import os
from pathlib import Path

import pytest
from django.conf import settings

from bridges.directory.models import ServiceTranslation

from .factories import make_service, ward

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        yield chromium
        chromium.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_arabic_search_on_a_phone_finds_a_gp(live_server, browser, programme):
    gp = make_service(
        programme,
        name="Canal Street Medical Practice",
        need="gp",
        area=ward(),
        languages=("ar", "en"),
        free=True,
        interpreters=True,
        description="A GP practice. Registering is free.",
        what_to_bring="Nothing is required.",
        does_not_do="It does not check immigration status.",
        hours=("MO,TU,WE,TH,FR", "08:00", "18:30"),
    )
    ServiceTranslation.objects.create(
        service=gp,
        language="ar",
        name="عيادة شارع القناة الطبية",
        description="عيادة طبيب عام. التسجيل مجاني.",
        does_not_do="لا تتحقق من وضع الهجرة.",
    )
    make_service(programme, name="Beck Pantry", need="food-bank")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 375, "height": 812})
    page.goto(f"{live_server.url}/ar/services/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.fill("input[name=q]", "طبيب")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("text=عيادة شارع القناة الطبية")
    assert "Beck Pantry" not in page.content()
    page.screenshot(path=str(SHOTS / "directory-search-ar-phone.png"), full_page=True)
    page.click("text=عيادة شارع القناة الطبية")
    page.wait_for_selector("h1")
    assert page.inner_text("h1") == "عيادة شارع القناة الطبية"
    assert page.locator("svg.location-map circle").count() == 1
    assert "لا تتحقق من وضع الهجرة." in page.content()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"page overflows sideways: {width}px"
    page.screenshot(path=str(SHOTS / "directory-service-ar-phone.png"), full_page=True)
    small = browser.new_page(viewport={"width": 320, "height": 640})
    small.goto(f"{live_server.url}/en/services/{gp.pk}/")
    assert small.evaluate("document.documentElement.scrollWidth") <= 320
    small.screenshot(path=str(SHOTS / "directory-service-en-320.png"), full_page=True)
