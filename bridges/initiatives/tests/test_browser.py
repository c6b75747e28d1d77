"""The public calendar in Arabic on a 360-pixel phone: the list, the month and an event's page
fit the screen, right to left, with names and postcodes kept in their own direction; and a
coordinator adds an initiative on a phone."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import ProgrammeFactory, member
from bridges.initiatives.models import Event, Initiative
from bridges.networkers.tests.factories import language
from tests.browser.conftest import (
    assert_no_horizontal_scroll,
    axe_check,
    login_as,
    shot,
    visit,
)

from .factories import event, initiative

pytestmark = pytest.mark.browser


def _world():
    language("ar", "Arabic", "العربية", rtl=True)
    language("en", "English")
    language("ti", "Tigrinya", "ትግርኛ")
    programme = ProgrammeFactory(slug="riverton-events", name="Riverton")
    club = initiative(
        programme,
        name="Open Door community café",
        kind=Initiative.Kind.CAFE,
        public=True,
        languages=["ar", "ti", "en"],
        meets_on="TH",
        opens_at=time(11),
        closes_at=time(14),
    )
    today = timezone.localdate()
    event(
        programme,
        title="مقهى الباب المفتوح — Café lunch",
        initiative=club,
        repeats=Event.Repeats.WEEKLY,
        starts_on=today + timedelta(days=2),
        venue_name="Open Door café",
        venue_postcode="RV2 1AA",
        languages=["ar", "ti"],
    )
    cancelled = event(
        programme,
        title="Registering with a doctor (GP)",
        kind=Event.Kind.INFORMATION,
        starts_on=today + timedelta(days=5),
        venue_name="Riverton Library",
    )
    from bridges.initiatives import services

    services.event_cancel(event=cancelled, cancelled_by=None)
    return programme, club


def test_the_public_calendar_in_arabic_on_a_small_phone(phone_page):
    programme, club = _world()
    page = phone_page
    page.set_viewport_size({"width": 360, "height": 780})
    with translation.override("ar"):
        listing = reverse("initiatives_public:event_list", args=[programme.slug])
        month = reverse("initiatives_public:month", args=[programme.slug])
        club_page = reverse("initiatives_public:initiative", args=[programme.slug, club.pk])
    visit(page, listing)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h3 a[dir=auto]").first.inner_text().startswith("مقهى")
    assert page.locator("bdi[dir=ltr]", has_text="RV2 1AA").count() >= 1
    assert page.locator(".tag-red").count() == 1  # the cancelled session is marked
    assert_no_horizontal_scroll(page)
    shot(page, "initiatives-events-ar-360")
    visit(page, month)
    assert page.locator("table.ev-grid .ev-has").count() >= 1
    assert_no_horizontal_scroll(page)
    shot(page, "initiatives-month-ar-360")
    page.locator("h3 a[dir=auto]").first.click()
    page.wait_for_load_state("load")
    axe_check(page)
    assert page.locator("h1[dir=auto]").inner_text().startswith("مقهى")
    assert_no_horizontal_scroll(page)
    shot(page, "initiatives-event-ar-360")
    visit(page, club_page)
    assert page.locator("h1[dir=auto]").inner_text() == "Open Door community café"
    assert_no_horizontal_scroll(page)
    shot(page, "initiatives-initiative-ar-360")


def test_a_coordinator_adds_an_initiative_on_a_phone(phone_context, phone_page):
    language("en", "English")
    programme = ProgrammeFactory(slug="riverton-initiatives", name="Riverton")
    user = member(programme, Role.COORDINATOR)
    login_as(phone_context, user)
    page = phone_page
    page.set_viewport_size({"width": 360, "height": 780})
    visit(page, reverse("initiatives:initiative_create", args=[programme.slug]))
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_load_state("load")
    axe_check(page)
    assert page.locator("[role=alert]").count() == 1  # the error summary
    shot(page, "initiatives-form-errors-360")
    page.fill("input[name=name]", "Saturday football club")
    page.check("input[name=kind][value=sports]")
    page.fill("textarea[name=purpose]", "Football for young people new to the city.")
    page.check("input[name=status][value=active]")
    page.check("input[name=needs][value=volunteers]")
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_load_state("load")
    axe_check(page)
    assert page.locator("h1").inner_text() == "Saturday football club"
    assert_no_horizontal_scroll(page)
    shot(page, "initiatives-detail-360")
    assert Initiative.objects.get().needs_volunteers
