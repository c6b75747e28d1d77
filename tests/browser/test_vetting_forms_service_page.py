"""At 360 px, in English and Arabic: the move page asking for a vetting record, a profile
with its vetting records and a DBS level warning, the application form's errors and extra
language row, and a public service page (old listing, NRPF explained, open now, directions)."""

import datetime

import pytest
from django.utils import timezone

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import member
from bridges.directory.models import Location, Service
from bridges.directory.tests.factories import make_service
from bridges.directory.tests.factories import ward as directory_ward
from bridges.networkers.models import DBSCheck, Networker
from bridges.networkers.tests.factories import NetworkerFactory, dbs, language, vetted
from tests.browser.conftest import assert_no_horizontal_scroll, axe_check, login_as, shot, visit

pytestmark = pytest.mark.browser

PHONE_360 = {"width": 360, "height": 800}


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_vetting_pages_at_360(context, page, programme, lang):
    page.set_viewport_size(PHONE_360)
    page.set_default_timeout(60_000)  # a shared, busy machine
    coordinator = member(programme, Role.COORDINATOR, preferred_language=lang)
    login_as(context, coordinator)
    applicant = NetworkerFactory(
        programme=programme, display_name="أمينة حداد", stage=Networker.Stage.CONTACTED
    )
    base = f"/p/{programme.slug}/networkers"
    # The language link sets the cookie and comes back to the page.
    page.goto(f"/language/{lang}/?next={base}/{applicant.pk}/move/")
    page.wait_for_url(f"**{base}/{applicant.pk}/move/")
    axe_check(page)
    assert page.locator("html").get_attribute("lang") == lang
    page.locator("form:has(input[name=to_stage]) button[type=submit]").click()
    page.wait_for_load_state()
    axe_check(page)
    assert page.locator(".error-summary").is_visible()
    assert_no_horizontal_scroll(page)
    shot(page, f"vetting-move-needs-record-{lang}")

    ready = vetted(
        NetworkerFactory(
            programme=programme,
            display_name="Selam Tesfay",
            stage=Networker.Stage.TRAINING,
            dbs_level_needed=DBSCheck.Level.ENHANCED,
        ),
        by=coordinator,
    )
    dbs(ready, level=DBSCheck.Level.BASIC)
    visit(page, f"{base}/{ready.pk}/")
    assert page.locator(".notice-warning").first.is_visible()
    assert_no_horizontal_scroll(page)
    shot(page, f"vetting-profile-{lang}")
    visit(page, f"{base}/{ready.pk}/vetting/")
    assert_no_horizontal_scroll(page)
    shot(page, f"vetting-add-{lang}")
    visit(page, f"{base}/{ready.pk}/move/")
    assert_no_horizontal_scroll(page)
    shot(page, f"vetting-move-active-{lang}")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_application_form_at_360(page, programme, settings, lang):
    settings.NETWORKERS_MIN_FILL_SECONDS = 0
    page.set_viewport_size(PHONE_360)
    page.set_default_timeout(60_000)  # a shared, busy machine
    language("ar", "Arabic", "العربية", rtl=True)
    language("en", "English")
    url = f"/{lang}/networkers/join/{programme.slug}/"
    visit(page, url)
    page.locator("button[name=add_language]").click()
    page.wait_for_load_state()
    axe_check(page)
    assert page.locator("#id_lang-3-language").count() == 1
    page.locator("form button[type=submit]:not([name])").click()
    page.wait_for_load_state()
    axe_check(page)
    summary = page.locator(".error-summary").inner_text()
    assert "This field is required" not in summary
    assert_no_horizontal_scroll(page)
    shot(page, f"join-errors-{lang}")
    visit(page, f"/{lang}/networkers/join/{programme.slug}/privacy/")
    assert_no_horizontal_scroll(page)
    shot(page, f"join-privacy-{lang}")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_service_page_at_360(page, programme, lang):
    page.set_viewport_size(PHONE_360)
    page.set_default_timeout(60_000)  # a shared, busy machine
    service = make_service(
        programme,
        name="Night Shelter",
        area=directory_ward(),
        hours=("MO,TU,WE,TH,FR", "09:00", "17:00"),
        recourse=Service.Recourse.NRPF_OK,
        referral=Service.Referral.REQUIRED,
    )
    Service.objects.filter(pk=service.pk).update(
        last_verified_at=timezone.now() - datetime.timedelta(days=420)
    )
    Location.objects.filter(pk=service.at_locations.get().location_id).update(
        latitude=53.8, longitude=-1.55, city="Riverton", postal_code="RV1 2AB"
    )
    visit(page, f"/{lang}/services/{service.pk}/")
    page.locator("details.explain summary").first.click()
    assert page.locator('a[href^="geo:"]').count() == 1
    assert page.locator("#listing-stale").is_visible()
    assert_no_horizontal_scroll(page)
    shot(page, f"service-page-{lang}")
