"""A phone-sized browser searching in Arabic for a doctor and opening the service page; and a
report about a listing, sent empty, showing its errors in Arabic."""

import pytest

from bridges.directory.models import ServiceTranslation
from tests.browser.conftest import (
    assert_no_horizontal_scroll,
    axe_check,
    shot,
    visit,
)

from .factories import make_service, ward

pytestmark = pytest.mark.browser


def test_arabic_search_on_a_phone_finds_a_gp(phone_page, programme):
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
    page = phone_page
    visit(page, "/ar/services/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.fill("input[name=q]", "طبيب")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("text=عيادة شارع القناة الطبية")
    axe_check(page)  # the results, swapped in (and the address changed) by htmx
    assert "Beck Pantry" not in page.content()
    shot(page, "directory-search-ar-phone")
    page.click("text=عيادة شارع القناة الطبية")
    page.wait_for_url(f"**/services/{gp.pk}/")
    axe_check(page)
    assert page.inner_text("h1") == "عيادة شارع القناة الطبية"
    assert page.locator("svg.location-map circle").count() == 1
    assert "لا تتحقق من وضع الهجرة." in page.content()
    assert_no_horizontal_scroll(page)
    shot(page, "directory-service-ar-phone")
    page.set_viewport_size({"width": 320, "height": 640})
    visit(page, f"/en/services/{gp.pk}/")
    assert_no_horizontal_scroll(page)
    shot(page, "directory-service-en-320")


def test_a_report_sent_empty_shows_its_errors_in_arabic(phone_page, programme):
    service = make_service(programme, name="Canal Street Medical Practice", need="gp")
    page = phone_page
    visit(page, f"/ar/services/{service.pk}/")
    page.locator("details.report-problem summary").click()
    page.locator("details.report-problem button[type=submit]").click()
    page.wait_for_url(f"**/services/{service.pk}/report/")
    summary = page.locator(".error-summary")
    summary.wait_for(state="visible")
    axe_check(page)
    assert summary.locator("h2").inner_text() == "توجد مشكلة"
    assert_no_horizontal_scroll(page)
    shot(page, "directory-report-ar-phone-errors")
    summary.get_by_role("link").first.click()
    first_choice = page.locator("input[name=problem]").first
    assert first_choice.evaluate("element => element === document.activeElement")
    fieldset = page.locator("fieldset", has=first_choice)
    described = fieldset.get_attribute("aria-describedby")
    assert described and all(page.locator(f"#{i}").count() == 1 for i in described.split())


def test_search_on_a_phone_says_what_it_did_in_arabic(phone_page, programme):
    programme.address = "Civic Hall, Riverton RV1 1AA"
    programme.contact_phone = "0113 496 0000"
    programme.save()
    make_service(programme, name="Canal Street Medical Practice", need="gp", area=ward())
    make_service(programme, name="Hillside Housing Options", need="housing")
    page = phone_page
    # A misspelt word still finds the service, and the page offers the right spelling.
    visit(page, "/ar/services/?q=docter")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.wait_for_selector("text=Canal Street Medical Practice")
    assert page.locator(".did-you-mean a").inner_text().strip() == "doctor"
    assert_no_horizontal_scroll(page)
    shot(page, "directory-search-ar-phone-did-you-mean")
    # Nothing found: browse by need (parents included), the drop-in, a networker.
    visit(page, "/ar/services/?q=zzqxv")
    help_box = page.locator(".search-help")
    help_box.wait_for(state="visible")
    assert "Civic Hall" in help_box.inner_text()
    assert help_box.locator("a[href='?need=housing']").count() == 1
    assert_no_horizontal_scroll(page)
    shot(page, "directory-search-ar-phone-nothing-found")
    # Only emoji: said to be ignored.
    visit(page, "/ar/services/?q=%F0%9F%98%80%F0%9F%8F%A5")
    assert page.locator(".notice[role=alert]").count() == 1
    shot(page, "directory-search-ar-phone-ignored")
    # A parent need shows its children's services.
    visit(page, "/en/services/?need=housing")
    page.wait_for_selector("text=Hillside Housing Options")
    shot(page, "directory-search-en-phone-need-housing")


def test_searches_that_found_nothing_in_arabic_on_a_phone(phone_context, phone_page, programme):
    from django.conf import settings
    from django.test import override_settings

    from bridges.accounts.roles import Role
    from bridges.accounts.tests.factories import member
    from bridges.directory.services import search_miss_record
    from tests.browser.conftest import login_as

    for _ in range(5):
        search_miss_record(programme=programme, query="طبيب اسنان للاطفال", language="ar")
        search_miss_record(programme=programme, query="kuchnia spoleczna", language="pl")
    login_as(phone_context, member(programme, Role.COORDINATOR))
    phone_context.add_cookies(
        [
            {
                "name": settings.LANGUAGE_COOKIE_NAME,
                "value": "ar",
                "url": phone_context.bridges_base_url,
            }
        ]
    )
    page = phone_page
    with override_settings(SMALL_NUMBER_THRESHOLD=5):
        visit(page, f"/p/{programme.slug}/directory/searches-that-found-nothing/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "kuchnia spoleczna" in page.inner_text("main"), page.inner_text("main")
    assert_no_horizontal_scroll(page)
    shot(page, "directory-search-misses-ar-phone")
    page.click("tr:has-text('kuchnia spoleczna') a")
    page.wait_for_url("**/directory/synonyms/**")
    axe_check(page)
    assert page.input_value("input[name=term]") == "kuchnia spoleczna"
