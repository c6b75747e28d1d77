"""On a phone, in Arabic: a networker raises a concern (the emergency guidance first, right to
left), and the safeguarding lead acknowledges it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import ProgrammeFactory, member
from bridges.safeguarding.models import Concern, SafeguardingSettings
from tests.browser.conftest import assert_no_horizontal_scroll, axe_check, login_as, shot, visit

pytestmark = pytest.mark.browser


def test_a_concern_raised_in_arabic_on_a_phone_reaches_the_lead(phone_context, phone_page):
    programme = ProgrammeFactory(slug="riverton-sg", name="Riverton")
    SafeguardingSettings.objects.create(
        programme=programme,
        contact_text="Riverton safeguarding lead",
        contact_phone="0113 496 0999",
        contact_email="safeguarding@riverton.example",
        hours="Monday to Friday, 9am to 5pm",
    )
    networker = member(programme, Role.NETWORKER, display_name="Hana Rahimi")
    lead = member(programme, Role.SAFEGUARDING, display_name="Sami Haddad")
    page = phone_page

    login_as(phone_context, networker)
    raise_url = reverse("safeguarding:raise", args=[programme.slug])
    visit(page, f"/language/ar/?next={raise_url}")
    assert page.locator("html").get_attribute("dir") == "rtl"
    # The emergency guidance is the first thing in the page's main content.
    first_text_in_emergency = page.evaluate(
        """() => {
          const main = document.querySelector("main");
          const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {
            if (walker.currentNode.textContent.trim()) {
              return !!walker.currentNode.parentElement.closest(".sg-emergency");
            }
          }
          return false;
        }"""
    )
    assert first_text_in_emergency
    assert page.locator(".sg-emergency a[href='tel:999']").is_visible()
    box = page.locator(".sg-emergency").bounding_box()
    heading = page.locator("h1").bounding_box()
    assert box["y"] < heading["y"]
    assert_no_horizontal_scroll(page)
    shot(page, "safeguarding-raise-ar-phone")

    # Sent empty: the errors, in the shared pattern.
    page.locator("form.sg-steps button[type=submit]").click()
    page.wait_for_load_state()
    axe_check(page)
    assert page.locator(".error-summary").is_visible()
    shot(page, "safeguarding-raise-errors-ar-phone")

    page.check("input[name=about][value=child]")
    page.check("input[name=immediate_risk][value=no]")
    page.fill("textarea[name=what_happened]", "A generic worry written for a test.")
    page.fill("input[name=happened_on]", timezone.localdate().isoformat())
    page.locator("form.sg-steps button[type=submit]").click()
    page.wait_for_url("**/safeguarding/mine/*/")
    axe_check(page)
    concern = Concern.objects.get()
    assert concern.reference in page.locator("main").inner_text()
    assert_no_horizontal_scroll(page)
    shot(page, "safeguarding-receipt-ar-phone")

    # The lead, on their phone, opens the inbox and acknowledges it.
    phone_context.clear_cookies()
    login_as(phone_context, lead)
    inbox_url = reverse("safeguarding:inbox", args=[programme.slug])
    visit(page, f"/language/ar/?next={inbox_url}")
    assert_no_horizontal_scroll(page)
    shot(page, "safeguarding-inbox-ar-phone")
    page.locator(f"a:has-text('{concern.reference}')").click()
    page.wait_for_url(f"**/concerns/{concern.pk}/")
    axe_check(page)
    assert "A generic worry written for a test." in page.locator("main").inner_text()
    assert_no_horizontal_scroll(page)
    page.locator(f"form[action$='/concerns/{concern.pk}/acknowledge/'] button").click()
    page.wait_for_load_state()
    axe_check(page)
    shot(page, "safeguarding-detail-ar-phone")
    concern.refresh_from_db()
    assert concern.state == Concern.State.ACKNOWLEDGED and concern.acknowledged_by == lead
