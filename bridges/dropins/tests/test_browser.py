"""The drop-in rota in Arabic on a 360-pixel phone: a networker signs up for a shift with one
tap, and the session's queue page fits the screen, laid out right to left."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import ProgrammeFactory, member
from bridges.contacts.tests.factories import record
from bridges.dropins.models import Shift
from bridges.dropins.tests.factories import active_networker, dropin, shift, waiting
from bridges.networkers.tests.factories import language
from tests.browser.conftest import (
    assert_no_horizontal_scroll,
    axe_check,
    login_as,
    shot,
    visit,
)

pytestmark = pytest.mark.browser


def _shot(page, name: str) -> None:
    shot(page, name)


def test_a_networker_signs_up_for_a_shift_in_arabic_on_a_small_phone(phone_context, phone_page):
    language("ar", "Arabic", "العربية", rtl=True)
    language("en", "English")
    language("fa", "Persian", "فارسی", rtl=True)
    language("ti", "Tigrinya", "ትግርኛ")
    programme = ProgrammeFactory(slug="riverton-dropin", name="Riverton")
    user = member(programme, Role.NETWORKER, display_name="Hana Rahimi")
    me = active_networker(programme, "Hana Rahimi", user=user, languages=["ar", "en"])
    colleague = active_networker(programme, "Dawit Tesfay", languages=["ti"])
    for code, n in {"ar": 4, "fa": 3, "ti": 2}.items():
        for _ in range(n):
            record(programme, colleague, day=timezone.localdate(), languages=[code])
    today = timezone.localdate()
    session = dropin(
        programme,
        title="مركز المجتمع — Community hub drop-in",
        place="Community centre, main hall",
        starts_on=today + timedelta(days=1),
    )
    shift(session, session.starts_on, colleague)
    waiting(session, session.starts_on, "ti", "housing")
    waiting(session, session.starts_on, "fa", "health")

    login_as(phone_context, user)
    page = phone_page
    page.set_viewport_size({"width": 360, "height": 780})
    rota = reverse("dropins:rota", args=[programme.slug])
    visit(page, f"/language/ar/?next={rota}")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_no_horizontal_scroll(page)
    _shot(page, "dropins-rota-ar-360")

    first = page.locator(f"#o-{session.pk}-{session.starts_on.isoformat()}")
    assert "ትግርኛ" in first.inner_text()  # covered by the colleague
    with translation.override("ar"):
        sign_up, on_shift = gettext("Sign up for this shift"), gettext("You are on this shift")
    assert sign_up != "Sign up for this shift"  # the page is really in Arabic
    first.get_by_role("button", name=sign_up).click()
    page.wait_for_load_state()
    axe_check(page)
    first = page.locator(f"#o-{session.pk}-{session.starts_on.isoformat()}")
    assert on_shift in first.inner_text()
    assert "العربية" in first.inner_text()  # now covered
    assert Shift.objects.filter(networker=me, date=session.starts_on).count() == 1
    assert_no_horizontal_scroll(page)
    _shot(page, "dropins-rota-ar-360-signed-up")

    occurrence = reverse(
        "dropins:occurrence", args=[programme.slug, session.pk, session.starts_on.isoformat()]
    )
    visit(page, occurrence)
    assert_no_horizontal_scroll(page)
    _shot(page, "dropins-queue-ar-360")


def test_a_coordinator_manages_sessions_and_reads_group_attendance(context, page):
    language("ar", "Arabic", "العربية", rtl=True)
    language("en", "English")
    programme = ProgrammeFactory(slug="riverton-coord", name="Riverton")
    coordinator = member(programme, Role.COORDINATOR)
    today = timezone.localdate()
    group = dropin(
        programme,
        title="Women's conversation group",
        kind="group",
        starts_on=today - timedelta(days=14),
    )
    from bridges.dropins import services

    services.attendance_record(
        session=group, day=group.starts_on, counts={"ar": 7, "en": 2}, recorded_by=None
    )
    login_as(context, coordinator)
    visit(page, reverse("dropins:session_list", args=[programme.slug]))
    _shot(page, "dropins-sessions")
    page.get_by_role("link", name="Add a drop-in or group session").click()
    page.wait_for_load_state()
    axe_check(page)
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    axe_check(page)
    assert page.locator(".error-summary").is_visible()
    _shot(page, "dropins-session-form-errors")
    visit(page, reverse("dropins:session_cancel", args=[programme.slug, group.pk]))
    _shot(page, "dropins-cancel-confirm")
    visit(page, reverse("dropins:group_totals", args=[programme.slug]))
    text = page.locator("main").inner_text()
    # English's 2 is hidden, and Arabic's 7 with it: the total of 9 alone gives neither away.
    assert "fewer than 5" in text and "not shown" in text and "9" in text
    _shot(page, "dropins-group-totals")
