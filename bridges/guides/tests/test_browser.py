"""In a real browser, on a 360-pixel phone: a networker translates a guide into Arabic, a second
Arabic speaker reviews and approves it, and the public reads it in Arabic, right to left; a
coordinator writes a guide and sees its reading ease change as they type."""

import pytest
from django.urls import reverse
from django.utils import translation

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import member
from bridges.guides.models import Guide
from bridges.translations.models import State, Translation
from bridges.translations.tests.factories import speaker
from tests.browser.conftest import assert_no_horizontal_scroll, axe_check, login_as, shot, visit

from .factories import make_guide

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 780}
ARABIC = {
    "title": "التسجيل لدى طبيب عام",
    "summary": "الطبيب العام هو طبيب الأسرة. مراجعته مجانية.",
    "who_can": "يمكن لأي شخص في إنجلترا أن يسجّل.",
    "step.1.title": "ابحث عن عيادة",
    "step.1.body": "ابحث باستخدام الرمز البريدي.",
    "step.2.title": "املأ الاستمارة",
    "step.2.body": "اطلب الاستمارة من العيادة.",
}


def test_translating_and_reviewing_a_guide_on_a_phone(phone_context, phone_page, programme):
    guide = make_guide(programme, steps=2)
    translator = speaker(programme, "ar", name="Amal")
    reviewer = speaker(programme, "ar", name="Basel")
    page = phone_page
    page.set_viewport_size(PHONE)

    login_as(phone_context, translator)
    start = reverse("translations:start", args=[programme.slug, "guides.guide", guide.pk, "ar"])
    visit(page, f"/language/ar/?next={start}")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_no_horizontal_scroll(page)
    for key, text in ARABIC.items():
        page.locator(f'[name="seg__{key.replace(".", "__")}"]').fill(text)
    shot(page, "guides-translate-ar-360")
    page.locator('button[name="action"][value="submit"]').click()
    page.wait_for_load_state()
    axe_check(page)
    row = Translation.objects.get(kind="guides.guide", object_id=str(guide.pk), language="ar")
    assert row.state == State.REVIEW

    login_as(phone_context, reviewer)
    visit(page, reverse("translations:review", args=[programme.slug, row.pk]))
    assert_no_horizontal_scroll(page)
    shot(page, "guides-review-ar-360")
    page.locator('button[name="action"][value="approve"]').click()
    page.wait_for_load_state()
    axe_check(page)
    row.refresh_from_db()
    assert row.state == State.PUBLISHED

    phone_context.clear_cookies()
    with translation.override("ar"):
        public = reverse(
            "guides_public:detail", kwargs={"city": programme.slug, "slug": guide.slug}
        )
    visit(page, public)
    assert page.locator("h1").inner_text() == ARABIC["title"]
    assert page.locator("h1").get_attribute("lang") == "ar"
    assert page.locator("#translation-note").count() == 0
    assert page.locator("ol.guide-steps h3").all_inner_texts() == [
        ARABIC["step.1.title"],
        ARABIC["step.2.title"],
    ]
    og_title = page.locator('meta[property="og:title"]').get_attribute("content")
    assert og_title == ARABIC["title"]
    assert_no_horizontal_scroll(page)
    shot(page, "guides-public-ar-360")

    visit(page, public + "print/")
    assert_no_horizontal_scroll(page)
    shot(page, "guides-print-ar-360")


def test_a_coordinator_writes_a_guide_on_a_phone(phone_context, phone_page, programme):
    coordinator = member(programme, Role.COORDINATOR)
    login_as(phone_context, coordinator)
    page = phone_page
    page.set_viewport_size(PHONE)
    visit(page, reverse("guides:create", args=[programme.slug]))
    page.locator("main form#guide-form button[type=submit]").click()
    page.wait_for_load_state()
    axe_check(page)
    assert page.locator(".error-summary").count() == 1
    assert_no_horizontal_scroll(page)
    shot(page, "guides-edit-errors-360")

    page.locator("#id_title").fill("See a dentist")
    page.locator("#id_slug").fill("see-a-dentist")
    page.locator("#id_summary").fill(
        "Notwithstanding administrative considerations, registration necessitates "
        "comprehensive documentation demonstrating eligibility."
    )
    page.wait_for_selector("#readability .guide-score-low")
    page.locator("#id_summary").fill("A dentist looks after your teeth. Ask for an NHS dentist.")
    page.wait_for_selector("#readability .guide-score-good")
    page.locator("#id_last_checked").fill("2026-11-22")
    page.locator('[name="steps-0-title"]').fill("Find a dentist near you")
    page.locator("main form#guide-form button[type=submit]").click()
    page.wait_for_load_state()
    axe_check(page)
    assert Guide.objects.get(slug="see-a-dentist").steps.count() == 1
    assert_no_horizontal_scroll(page)
    shot(page, "guides-edit-saved-360")
