"""What a networker sees after signing in, in Arabic on a phone: their profile and their
training record are translated and laid out right to left."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import ProgrammeFactory, member
from bridges.training.models import ModuleCompletion

from .factories import ModuleFactory
from .test_browser import ARGS, CHROMIUM, SCREENSHOTS, _signed_in_cookie

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ENGLISH_LEFT_OVER = [
    "My profile",
    "Edit my profile",
    "Still needed",
    "Languages",
    "Availability",
    "DBS checks",
    "No DBS check recorded",
    "Modules completed",
    "Coordinators of your programme",
    "My training",
]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_networker_sees_their_pages_in_arabic_on_a_phone(live_server):
    from playwright.sync_api import sync_playwright

    from bridges.training.tests.factories import networker_for

    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed")
    programme = ProgrammeFactory(slug="riverton-ar", name="Riverton")
    user = member(programme, Role.NETWORKER, display_name="Hana Rahimi")
    me = networker_for(user, programme)
    me.stage = me.Stage.TRAINING
    me.availability_days = ["mon", "sat"]
    me.save()
    safeguarding = ModuleFactory(title="Safeguarding", required=True, refresher_months=12)
    ModuleFactory(title="Data protection", required=True)
    ModuleCompletion.objects.create(
        networker=me, module=safeguarding, completed_on=timezone.localdate() - timedelta(days=40)
    )
    pages = {
        "networker-profile-ar": reverse("networkers:my_profile", args=[programme.slug]),
        "networker-training-ar": reverse("training:my_record", args=[programme.slug]),
        "networker-profile-edit-ar": reverse("networkers:my_profile_edit", args=[programme.slug]),
    }
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 375, "height": 812}, has_touch=True
        )
        context.add_cookies([_signed_in_cookie(user, live_server)])
        page = context.new_page()
        for name, path in pages.items():
            page.goto(f"/language/ar/?next={path}")
            assert page.locator("html").get_attribute("dir") == "rtl"
            text = page.locator("main").inner_text()
            left = [english for english in ENGLISH_LEFT_OVER if english in text]
            assert not left, (name, left)
            assert page.evaluate("document.documentElement.scrollWidth") <= 375
            page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
        browser.close()
