"""Dates and lists by the reader's locale, seen on a 360 px phone in Arabic and Polish: a
networker's profile (dates, the days they can help) and the training sessions (a session's day
and hours). Screenshots in var/screenshots/locale-*.png."""

import datetime

import pytest
from django.urls import reverse

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import member
from bridges.networkers.models import Networker
from bridges.networkers.tests.factories import NetworkerFactory, community, dbs
from bridges.training.tests.factories import ModuleFactory, SessionFactory
from tests.browser.conftest import assert_no_horizontal_scroll, login_as, shot, visit

pytestmark = pytest.mark.browser

START = datetime.datetime(2030, 11, 11, 18, 30, tzinfo=datetime.UTC)  # a Monday
EXPECTED = {
    "pl": ("11 listopada 2029", "poniedziałek, środa i sobota", "pon., 11 lis 2030, 18:30–20:30"),
    "ar": ("11 نوفمبر 2029", "الاثنين، والأربعاء، والسبت", "الاثنين، 11 نوفمبر 2030، 6:30–8:30 م"),
}


def test_dates_and_lists_on_a_phone_in_arabic_and_polish(phone_context, phone_page, programme):
    coordinator = member(programme, Role.COORDINATOR)
    networker = NetworkerFactory(
        programme=programme,
        display_name="Selam Tesfay",
        stage=Networker.Stage.ACTIVE,
        availability_days=["mon", "wed", "sat"],
        availability_times=["morning", "evening"],
        interests=["support", "translation"],
    )
    networker.communities.set(
        [community(programme, "Eritrean community"), community(programme, "كنيسة القديسة مريم")]
    )
    dbs(networker, checked_on=datetime.date(2029, 11, 11), renewal_due=datetime.date(2032, 11, 11))
    module = ModuleFactory(programme=programme, title="Safeguarding")
    SessionFactory(
        programme=programme,
        starts_at=START,
        ends_at=START + datetime.timedelta(hours=2),
        modules=[module, ModuleFactory(programme=programme, title="Data protection")],
    )
    login_as(phone_context, coordinator)
    page = phone_page
    page.set_viewport_size({"width": 360, "height": 780})
    profile = reverse("networkers:detail", args=[programme.slug, networker.pk])
    sessions = reverse("training:session_list", args=[programme.slug])
    for language, (date, days, session) in EXPECTED.items():
        visit(page, f"/language/{language}/?next={profile}")
        assert page.locator("html").get_attribute("lang") == language
        text = page.locator("main").inner_text()
        assert date in text and days in text
        assert_no_horizontal_scroll(page)
        shot(page, f"locale-profile-{language}-360")

        visit(page, sessions)
        text = page.locator("main").inner_text()
        assert session in text
        assert_no_horizontal_scroll(page)
        shot(page, f"locale-sessions-{language}-360")
