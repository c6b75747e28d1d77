"""In a real browser: the public form on a 360-pixel phone, in English and Arabic, and without
JavaScript; the networker accepts on their phone."""

import pytest
from django.utils import timezone

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import member
from bridges.core.models import Area
from bridges.networkers.tests.factories import language, ward
from bridges.support.models import SupportRequest
from bridges.support.tests.conftest import active_networker
from bridges.support.tests.factories import support_request
from tests.browser.conftest import assert_no_horizontal_scroll, axe_check, login_as, shot, visit

pytestmark = pytest.mark.browser

NARROW = {"width": 360, "height": 780}


def _shot(page, name: str) -> None:
    shot(page, name)


@pytest.fixture
def city(transactional_db, programme):
    ward("E05011400", "Harehills")
    ward("E05011401", "Gipton and Harehills")
    programme.local_authority = Area.objects.get(code="E08000035")
    programme.save()
    language("ar", "Arabic", "العربية", rtl=True)
    language("en", "English")
    return programme


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_form_on_a_360_pixel_phone(phone_page, city, lang):
    phone_page.set_viewport_size(NARROW)
    visit(phone_page, f"/{lang}/support/ask/{city.slug}/")
    assert phone_page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    assert_no_horizontal_scroll(phone_page)
    _shot(phone_page, f"ask-{lang}-360")
    phone_page.locator("main form button[type=submit]").click()
    summary = phone_page.locator(".error-summary")
    summary.wait_for(state="visible")
    axe_check(phone_page)
    assert summary.locator("h2").inner_text() == (
        "توجد مشكلة" if lang == "ar" else "There is a problem"
    )
    assert_no_horizontal_scroll(phone_page)
    _shot(phone_page, f"ask-{lang}-360-errors")
    assert not SupportRequest.objects.exists()


def test_the_form_works_without_javascript(no_js_page, city):
    no_js_page.set_viewport_size(NARROW)
    visit(no_js_page, f"/en/support/ask/{city.slug}/")
    no_js_page.get_by_label("Immigration (signposted to a regulated adviser only)").check()
    no_js_page.get_by_label("Housing").check()
    no_js_page.locator("#id_language").select_option("ar")
    no_js_page.locator("#id_area").select_option("E05011400")
    no_js_page.get_by_label("Text message").check()
    no_js_page.locator("#id_contact_detail").fill("07700 900456")
    no_js_page.locator("#id_consent").check()
    no_js_page.locator("main form button[type=submit]").click()
    no_js_page.get_by_role("heading", name="Your request was sent").wait_for()
    axe_check(no_js_page)
    assert "regulated adviser" in no_js_page.content()
    _shot(no_js_page, "thanks-en-360-no-js")
    no_js_page.go_back()  # the same form sent again from the history stores nothing new
    stored = SupportRequest.objects.get()
    assert set(stored.needs) == {"housing", "immigration"}
    assert stored.area_id == "E05011400" and stored.contact_by == "text"


def test_a_networker_accepts_on_their_phone_and_sees_the_details(phone_context, phone_page, city):
    user = member(city, Role.NETWORKER)
    helper = active_networker(city, user, name="Helper", languages=[("ar", "native")])
    item = support_request(
        city, state=SupportRequest.State.ASSIGNED, networker=helper,
        assigned_at=timezone.now(), contact_detail="07700 900654", name="سارة",
    )  # fmt: skip
    login_as(phone_context, user)
    phone_page.set_viewport_size(NARROW)
    visit(phone_page, f"/p/{city.slug}/support/mine/{item.pk}/")
    assert "07700 900654" not in phone_page.content()
    phone_page.get_by_role("button", name="Accept").click()
    phone_page.locator(".sr-contact").wait_for()
    axe_check(phone_page)
    assert "07700 900654" in phone_page.content()
    assert_no_horizontal_scroll(phone_page)
    _shot(phone_page, "offer-accepted-360")


def test_a_coordinator_takes_an_offer_back_in_arabic_on_a_phone(phone_context, phone_page, city):
    helper = active_networker(
        city, member(city, Role.NETWORKER), name="سارة", languages=[("ar", "native")]
    )
    item = support_request(
        city, state=SupportRequest.State.ACCEPTED, networker=helper,
        assigned_at=timezone.now(), accepted_at=timezone.now(),
    )  # fmt: skip
    login_as(phone_context, member(city, Role.COORDINATOR))
    phone_page.set_viewport_size(NARROW)
    withdraw = f"/p/{city.slug}/support/requests/{item.pk}/withdraw/"
    visit(phone_page, f"/language/ar/?next={withdraw}")
    assert phone_page.locator("html").get_attribute("dir") == "rtl"
    axe_check(phone_page)
    assert_no_horizontal_scroll(phone_page)
    _shot(phone_page, "withdraw-ar-360")
    phone_page.locator("main form button[type=submit]").click()
    phone_page.locator(".sr-suggestions").wait_for()
    axe_check(phone_page)
    item.refresh_from_db()
    assert item.state == SupportRequest.State.NEW and item.networker is None
    assert_no_horizontal_scroll(phone_page)
    _shot(phone_page, "withdraw-ar-360-done")
