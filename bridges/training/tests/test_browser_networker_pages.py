"""What a networker sees after signing in, in Arabic on a phone: their profile and their
training record are translated and laid out right to left."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import ProgrammeFactory, member
from bridges.training.models import ModuleCompletion
from tests.browser.conftest import assert_no_horizontal_scroll, login_as, shot, visit

from .factories import ModuleFactory

pytestmark = pytest.mark.browser

ENGLISH_LEFT_OVER = [
    "My profile",
    "Edit my profile",
    "Still needed",
    "Languages",
    "Availability",
    "DBS checks",
    "No DBS check recorded",
    "Modules completed",
    "Coordinators of your programme",
    "My training",
]


def test_a_networker_sees_their_pages_in_arabic_on_a_phone(phone_context, phone_page):
    from bridges.training.tests.factories import networker_for

    programme = ProgrammeFactory(slug="riverton-ar", name="Riverton")
    user = member(programme, Role.NETWORKER, display_name="Hana Rahimi")
    me = networker_for(user, programme)
    me.stage = me.Stage.TRAINING
    me.availability_days = ["mon", "sat"]
    me.save()
    safeguarding = ModuleFactory(title="Safeguarding", required=True, refresher_months=12)
    ModuleFactory(title="Data protection", required=True)
    ModuleCompletion.objects.create(
        networker=me, module=safeguarding, completed_on=timezone.localdate() - timedelta(days=40)
    )
    pages = {
        "networker-profile-ar": reverse("networkers:my_profile", args=[programme.slug]),
        "networker-training-ar": reverse("training:my_record", args=[programme.slug]),
        "networker-profile-edit-ar": reverse("networkers:my_profile_edit", args=[programme.slug]),
    }
    login_as(phone_context, user)
    page = phone_page
    for name, path in pages.items():
        visit(page, f"/language/ar/?next={path}")
        assert page.locator("html").get_attribute("dir") == "rtl"
        text = page.locator("main").inner_text()
        left = [english for english in ENGLISH_LEFT_OVER if english in text]
        assert not left, (name, left)
        assert_no_horizontal_scroll(page)
        shot(page, name)
