"""In a real browser, on a 360-pixel phone in Arabic: a networker opens the planner for the
person beside them, ticks what they want, and gets an ordered plan that goes round the
address circle by a verified way round, and says plainly where no way is known."""

import pytest
from django.utils import translation

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import member
from bridges.pathways import services
from bridges.pathways.tests.factories import circle, item, requirement, workaround
from bridges.translations.services import publish_translation
from tests.browser.conftest import assert_no_horizontal_scroll, axe_check, login_as, shot, visit

pytestmark = pytest.mark.browser


def test_a_plan_in_arabic_on_a_phone(phone_context, phone_page, programme):
    networker = member(programme, Role.NETWORKER, email="net@example.org")
    found = circle(programme)
    passport = item(programme, "passport", "Passport")
    requirement(found["bank"], "Photo ID", [passport])
    way = workaround(found["needs_address"], "Ask a branch for a basic bank account by name.")
    services.workaround_decide(workaround=way, verified=True, decided_by=networker)
    history = item(programme, "credit-history", "A UK credit history")
    contract = item(programme, "phone-contract", "Monthly phone contract")
    requirement(contract, "A UK credit history", [history])
    requirement(history, "A credit account", [contract])
    publish_translation(found["credit"], "ar", {"name": "طلب الائتمان الشامل"})
    publish_translation(found["bank"], "ar", {"name": "حساب مصرفي أساسي"})

    login_as(phone_context, networker)
    page = phone_page
    # The machine running the suite may be busy: give pages time rather than fail on load.
    page.set_default_timeout(60_000)
    page.set_default_navigation_timeout(60_000)
    visit(page, f"/language/ar/?next=/p/{programme.slug}/pathways/plan/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator("#id_language").select_option("ar")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert f"/ar/pathways/{programme.slug}/" in page.url
    axe_check(page)
    # Nothing chosen: a clear message, and nothing else happens.
    page.locator("main form.pw-form button[type=submit]").click()
    page.wait_for_load_state()
    with translation.override("ar"):
        from django.utils.translation import gettext

        message = gettext("Choose at least one thing the person wants to get")
    assert page.get_by_text(message).count() >= 1
    axe_check(page)
    page.locator("input[name=want][value=universal-credit]").check()
    page.locator("input[name=want][value=phone-contract]").check()
    page.locator("input[name=have][value=passport]").check()
    page.locator("main form.pw-form button[type=submit]").click()
    page.wait_for_load_state()
    steps = page.locator(".pw-step")
    assert steps.count() == 2
    assert "حساب مصرفي أساسي" in steps.nth(0).inner_text()
    assert "Ask a branch for a basic bank account by name." in steps.nth(0).inner_text()
    assert "طلب الائتمان الشامل" in steps.nth(1).inner_text()
    assert page.locator(".pw-cycle").count() == 1
    assert page.locator(".pw-unreachable").count() == 1
    assert page.locator('[lang="en"]', has_text="Monthly phone contract").count() >= 1
    assert "have=passport" in page.url  # the plan lives in its address
    assert_no_horizontal_scroll(page)
    axe_check(page)
    shot(page, "pathways-plan-ar-360")
