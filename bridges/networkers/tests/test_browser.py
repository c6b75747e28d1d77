"""In a real browser: a person applies in Arabic on a phone; a coordinator moves them on."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import member
from bridges.core.models import Area
from bridges.networkers.models import Networker
from tests.browser.conftest import (
    assert_no_horizontal_scroll,
    axe_check,
    login_as,
    shot,
    visit,
)

from .factories import language, ward

pytestmark = pytest.mark.browser


@pytest.fixture
def city(transactional_db, programme, settings):
    settings.NETWORKERS_MIN_FILL_SECONDS = 0
    ward("E05011400", "Harehills")
    ward("E05011401", "Gipton and Harehills")
    programme.local_authority = Area.objects.get(code="E08000035")
    programme.save()
    language("ar", "Arabic", "العربية", rtl=True)
    language("en", "English")
    return programme


def test_a_person_applies_in_arabic_and_a_coordinator_makes_them_active(
    phone_page, context, page, city
):
    visit(phone_page, f"/ar/networkers/join/{city.slug}/")
    assert phone_page.locator("html").get_attribute("dir") == "rtl"
    assert phone_page.locator("html").get_attribute("lang") == "ar"
    assert_no_horizontal_scroll(phone_page)  # nothing spills sideways on a phone
    shot(phone_page, "networkers-join-ar-phone")

    # Sending an empty form explains what is missing, in Arabic: a summary first, each link
    # leading to its field, and the field's own message next to it.
    phone_page.locator("form button[type=submit]:not([name=add_language])").click()
    summary = phone_page.locator(".error-summary")
    summary.wait_for(state="visible")  # waits for the page to come back
    axe_check(phone_page)
    assert summary.get_attribute("role") == "alert"
    assert summary.locator("h2").inner_text() == "توجد مشكلة"
    assert_no_horizontal_scroll(phone_page)
    shot(phone_page, "networkers-join-ar-errors")
    summary.get_by_role("link").first.click()  # to the first field with a problem
    assert phone_page.evaluate("document.activeElement.id") == "id_display_name"
    name = phone_page.locator("#id_display_name")
    assert name.get_attribute("aria-invalid") == "true"
    assert phone_page.locator("#id_display_name_error").is_visible()

    phone_page.fill("#id_display_name", "أمينة حداد")
    phone_page.fill("#id_email", "amina@example.org")
    phone_page.select_option("#id_lang-0-language", "ar")
    phone_page.select_option("#id_lang-0-level", "native")
    phone_page.select_option("#id_lang-1-language", "en")
    phone_page.select_option("#id_lang-1-level", "conversational")
    phone_page.fill("#id_communities", "العائلات السورية")
    phone_page.check("input[name=areas][value=E05011400]")
    phone_page.check("input[name=interests][value=support]")
    phone_page.check("#id_consent")
    phone_page.locator("form button[type=submit]:not([name=add_language])").click()
    # (The address keeps the #fragment of the summary link followed above.)
    phone_page.wait_for_url(re.compile(r"/thanks/(#.*)?$"))
    axe_check(phone_page)
    assert phone_page.locator("html").get_attribute("dir") == "rtl"
    shot(phone_page, "networkers-join-ar-thanks")
    applicant = Networker.objects.get()
    assert applicant.display_name == "أمينة حداد"
    assert applicant.stage == Networker.Stage.APPLIED

    # The coordinator signs in (a session made by the test client, second factor included).
    coordinator = member(city, Role.COORDINATOR)
    login_as(context, coordinator)
    base = f"/p/{city.slug}/networkers"
    visit(page, f"{base}/pipeline/")
    assert page.get_by_role("link", name="أمينة حداد", exact=True).is_visible()
    shot(page, "networkers-board")

    def move_on(fill=None):
        visit(page, f"{base}/pipeline/")
        page.get_by_role("link", name="Move أمينة حداد").click()
        page.wait_for_url(f"**/networkers/{applicant.pk}/move/")
        axe_check(page)
        if fill:
            fill()
        page.get_by_role("button", name="Confirm the move").click()
        page.wait_for_url(f"**/networkers/{applicant.pk}/")
        axe_check(page)

    a_day = (timezone.localdate() - timedelta(days=10)).isoformat()

    def interview():
        # Moving on without the interview's record asks for it, in the GOV.UK pattern.
        page.get_by_role("button", name="Confirm the move").click()
        page.wait_for_load_state()
        axe_check(page)
        summary = page.locator(".error-summary")
        assert "Enter the date the interview was held" in summary.inner_text()
        shot(page, "networkers-move-needs-interview")
        page.fill("#id_interview_on", a_day)
        page.fill("#id_interview_by", "Sam Coordinator")

    def references():
        page.fill("#id_reference_on", a_day)
        page.fill("#id_reference_from", "Former manager")
        page.fill("#id_document_on", a_day)
        page.check("input[name=document][value=evisa]")

    move_on()
    move_on(interview)
    move_on()
    move_on(references)
    move_on()
    # The DBS certificate is seen and its status recorded.
    page.get_by_role("link", name="Record a DBS check").click()
    page.wait_for_url(f"**/networkers/{applicant.pk}/dbs/")
    axe_check(page)
    page.check("input[name=level][value=enhanced]")
    page.fill("#id_checked_on", (timezone.localdate() - timedelta(days=20)).isoformat())
    page.check("#id_confirm_seen")
    page.get_by_role("button", name="Record the check").click()
    page.wait_for_url(f"**/networkers/{applicant.pk}/")
    axe_check(page)
    move_on()
    assert page.get_by_text("Active", exact=True).first.is_visible()
    shot(page, "networkers-detail-active")
    applicant.refresh_from_db()
    assert applicant.stage == Networker.Stage.ACTIVE
    assert [c.to_stage for c in applicant.stage_changes.order_by("changed_at", "pk")] == [
        "applied", "contacted", "interviewed", "references", "dbs_check", "training", "active",
    ]  # fmt: skip
    assert all(
        c.changed_by == coordinator for c in applicant.stage_changes.exclude(to_stage="applied")
    )
