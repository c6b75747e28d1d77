"""At 360 px and in Arabic (right to left): a networker translates a directory listing side by
side on a phone, saves a draft, sends it for review; a second Arabic speaker approves it; the
public page shows it, crediting the translator. The coordinator's coverage grid fits the phone
(its tables scroll inside their own box)."""

import os
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import member
from bridges.directory.models import Organization, Service
from bridges.networkers.tests.factories import language
from bridges.translations.models import State, Translation
from tests.browser.conftest import assert_no_horizontal_scroll, axe_check, login_as, visit

from .factories import speaker

pytestmark = pytest.mark.browser

NARROW = {"width": 360, "height": 780}
SHOTS = Path(os.environ.get("WF_SHOTS", "var/screenshots/translations"))


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _in_arabic(page, url: str) -> None:
    visit(page, f"/language/ar/?next={url}")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_no_horizontal_scroll(page)


def test_translate_and_review_on_a_phone_in_arabic(phone_context, phone_page, programme):
    page = phone_page
    page.set_viewport_size(NARROW)
    language("ar", "Arabic", native="العربية", rtl=True)
    organization = Organization.objects.create(programme=programme, name="Riverton Law Centre")
    service = Service.objects.create(
        programme=programme,
        organization=organization,
        name="Housing advice",
        description="Free advice on renting, repairs and eviction.",
        eligibility="Anyone living in Riverton, whatever their immigration status.",
    )
    amal = speaker(programme, "ar", name="أمل حداد")
    basel = speaker(programme, "ar", name="Basel Nasser")

    login_as(phone_context, amal)
    _in_arabic(page, reverse("translations:waiting", args=[programme.slug]))
    _shot(page, "1-waiting-ar-360")
    page.locator("a[href*='/translations/directory.service/']").first.click()
    page.wait_for_url("**/translations/directory.service/**")
    axe_check(page)
    assert_no_horizontal_scroll(page)
    page.locator("#id_seg__name").fill("استشارات السكن")
    page.locator("button[value=draft]").click()
    page.wait_for_url("**/translations/*/")
    axe_check(page)
    row = Translation.objects.get()
    assert row.state == State.DRAFT
    # Nothing typed is lost: the draft comes back.
    assert page.locator("#id_seg__name").input_value() == "استشارات السكن"
    page.locator("#id_seg__description").fill("نصائح مجانية حول الإيجار والإصلاحات والإخلاء.")
    page.locator("#id_seg__eligibility").fill("أي شخص يعيش في ريفرتون، مهما كان وضع الهجرة.")
    page.locator("#id_credit").check()
    _shot(page, "2-translate-ar-360")
    page.locator("button[value=submit]").click()
    page.wait_for_url("**/translations/*/")
    axe_check(page)
    row.refresh_from_db()
    assert row.state == State.REVIEW

    login_as(phone_context, basel)
    _in_arabic(page, reverse("translations:review", args=[programme.slug, row.pk]))
    _shot(page, "3-review-ar-360")
    # Sending back needs a comment: the error is shown and nothing changes.
    page.locator("button[value=send_back]").click()
    page.wait_for_url("**/review/")
    axe_check(page)
    assert page.locator(".error-summary, [role=alert]").first.is_visible()
    _shot(page, "4-review-error-ar-360")
    page.locator("button[value=approve]").click()
    page.wait_for_url("**/translations/waiting/")
    axe_check(page)
    row.refresh_from_db()
    assert row.state == State.PUBLISHED

    with translation.override("ar"):
        public = reverse("directory_public:service_detail", kwargs={"service_id": service.pk})
    visit(page, public)
    assert_no_horizontal_scroll(page)
    assert page.locator("h1").inner_text() == "استشارات السكن"
    assert page.locator("h1").get_attribute("lang") == "ar"
    assert page.locator("#translation-credits").is_visible()
    assert page.locator("#not-translated").count() == 0
    _shot(page, "5-public-ar-360")

    coordinator = member(programme, Role.COORDINATOR)
    login_as(phone_context, coordinator)
    _in_arabic(page, reverse("translations:coverage", args=[programme.slug]))
    _shot(page, "6-coverage-ar-360")


def test_public_page_names_what_is_still_in_english(page, programme):
    language("ar", "Arabic", native="العربية", rtl=True)
    from bridges.translations.services import publish_translation

    organization = Organization.objects.create(programme=programme, name="Riverton Law Centre")
    service = Service.objects.create(
        programme=programme,
        organization=organization,
        name="Housing advice",
        description="Free advice on renting.",
        eligibility="Anyone living in Riverton.",
    )
    publish_translation(service, "ar", {"name": "استشارات السكن"})
    page.set_viewport_size(NARROW)
    with translation.override("ar"):
        public = reverse("directory_public:service_detail", kwargs={"service_id": service.pk})
    visit(page, public)
    assert page.locator("#not-translated").is_visible()
    english = page.locator("p[lang=en]", has_text="Free advice on renting.")
    assert english.get_attribute("dir") == "ltr"
    assert_no_horizontal_scroll(page)
    _shot(page, "7-public-partly-ar-360")
