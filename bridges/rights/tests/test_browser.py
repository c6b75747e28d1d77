"""In a real browser, on a 360-pixel phone in Arabic: a coordinator finds a person's records,
asks to erase them, is asked first and gives a reason; a held referral stays."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import member
from bridges.directory.tests.factories import make_service
from bridges.referrals.models import State
from bridges.referrals.tests.factories import make_referral
from bridges.rights.models import ErasureRecord
from bridges.support.tests.factories import support_request
from tests.browser.conftest import assert_no_horizontal_scroll, axe_check, login_as, shot, visit

pytestmark = pytest.mark.browser

NAME = "ليلى أحمدي"


def test_subject_access_on_a_phone_in_arabic(phone_context, phone_page, programme):
    coordinator = member(programme, Role.COORDINATOR, email="coord@example.org")
    networker = member(programme, Role.NETWORKER, email="net@example.org")
    service = make_service(programme, name="Housing advice")
    open_one = make_referral(
        programme=programme,
        service=service,
        referred_by=networker,
        person_name=NAME,
        contact_detail="07700 900321",
        note="تحتاج مساعدة في السكن",
    )
    held = make_referral(
        programme=programme,
        service=service,
        referred_by=networker,
        person_name=NAME,
        hold_reason="Court proceedings",
        hold_review_on=timezone.localdate() + timedelta(days=60),
        hold_set_at=timezone.now(),
    )
    support_request(programme, name=NAME, contact_detail="07700 900321", message="أحتاج مساعدة")
    login_as(phone_context, coordinator)
    page = phone_page
    url = f"/p/{programme.slug}/subject-access/"
    visit(page, f"/language/ar/?next={url}")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator("#id_name").fill(NAME)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert page.get_by_text("تحتاج مساعدة في السكن").count() == 1
    assert_no_horizontal_scroll(page)
    axe_check(page)
    shot(page, "rights-results-ar-360")
    page.locator("button.warning").click()
    page.wait_for_load_state()
    axe_check(page)
    shot(page, "rights-confirm-ar-360")
    assert_no_horizontal_scroll(page)
    page.locator("#id_reason").fill("Request of 1 December, by email")
    page.locator("main form button.warning").click()
    page.wait_for_load_state()
    axe_check(page)
    shot(page, "rights-erased-ar-360")
    open_one.refresh_from_db()
    held.refresh_from_db()
    assert open_one.person_name is None and open_one.state == State.WITHDRAWN
    assert held.person_name == NAME
    assert ErasureRecord.objects.get().reason == "Request of 1 December, by email"
