"""A coordinator takes attendance on a phone, in a real browser (Debian's Chromium)."""

import pytest
from django.urls import reverse

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import ProgrammeFactory, member
from bridges.training.models import Attendance, ModuleCompletion, SessionBooking
from bridges.training.tests.factories import ModuleFactory, NetworkerFactory, past_session
from tests.browser.conftest import assert_no_horizontal_scroll, axe_check, login_as, shot, visit

pytestmark = pytest.mark.browser

NAMES = ["Amina Haddad", "Dawit Tesfay", "Kasia Nowak", "رضا کریمی", "Olena Kovalenko", "Yusuf Ali"]


def test_coordinator_takes_attendance_on_a_phone(phone_context, phone_page):
    page = phone_page
    programme = ProgrammeFactory(slug="riverton-browser", name="Riverton Browser Test")
    coordinator = member(programme, Role.COORDINATOR)
    module = ModuleFactory(title="Safeguarding adults and children", required=True)
    session = past_session(programme, modules=[module])
    people = [NetworkerFactory(programme=programme, display_name=name) for name in NAMES]
    for person in people:
        SessionBooking.objects.create(session=session, networker=person)
    path = reverse("training:session_attendance", args=[programme.slug, session.pk])
    login_as(phone_context, coordinator)

    visit(page, path)
    assert page.locator("h1").inner_text() == "Attendance register"
    # Tap the names (the labels), as a coordinator would with a thumb.
    for name in ("Amina Haddad", "رضا کریمی", "Yusuf Ali"):
        page.get_by_text(name, exact=True).click()
    shot(page, "training-attendance-phone")
    page.get_by_role("button", name="Save register").click()
    page.get_by_text("Register saved: 3 people present, 3 people absent.").wait_for()
    assert_no_horizontal_scroll(page)
    shot(page, "training-attendance-saved")
    axe_check(page)

    # The same register in Arabic lays out right to left.
    visit(page, f"/language/ar/?next={path}")
    assert page.locator("html").get_attribute("dir") == "rtl"
    shot(page, "training-attendance-ar")

    present = set(
        Attendance.objects.filter(session=session, attended=True).values_list(
            "networker__display_name", flat=True
        )
    )
    assert present == {"Amina Haddad", "رضا کریمی", "Yusuf Ali"}
    assert ModuleCompletion.objects.filter(module=module).count() == 3


def test_networker_books_a_place_on_a_phone(phone_context, phone_page):
    from bridges.training.tests.factories import SessionFactory, networker_for

    page = phone_page
    programme = ProgrammeFactory(slug="riverton-booking", name="Riverton Booking Test")
    user = member(programme, Role.NETWORKER, display_name="Hana Rahimi")
    me = networker_for(user, programme)
    module = ModuleFactory(title="Health and registering with a GP")
    session = SessionFactory(programme=programme, modules=[module], capacity=8)
    path = reverse("training:session_detail", args=[programme.slug, session.pk])
    login_as(phone_context, user)

    visit(page, path)
    page.get_by_role("button", name="Book my place").click()
    page.get_by_text("You are booked on this session.").wait_for()
    assert_no_horizontal_scroll(page)
    shot(page, "training-booked-phone")
    visit(page, f"/language/ar/?next={path}")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_role("button", name="أتنازل عن مكاني").is_visible()
    assert_no_horizontal_scroll(page)
    shot(page, "training-booked-phone-ar")
    assert SessionBooking.objects.filter(session=session, networker=me).count() == 1


def test_a_malformed_progress_filter_is_named_in_the_error_summary(context, page):
    programme = ProgrammeFactory(slug="riverton-progress", name="Riverton Progress Test")
    coordinator = member(programme, Role.COORDINATOR)
    NetworkerFactory(programme=programme, display_name="Amina Haddad")
    login_as(context, coordinator)

    visit(page, reverse("training:progress", args=[programme.slug]) + "?stage=nope")
    summary = page.locator(".error-summary")
    assert summary.get_attribute("role") == "alert"
    summary.get_by_role("link").click()
    assert page.evaluate("document.activeElement.id") == "id_stage"
    assert page.get_by_text("Amina Haddad").is_visible()  # the list is still shown, unfiltered
    shot(page, "training-progress-invalid-filter")
