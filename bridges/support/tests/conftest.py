import pytest
from django.utils import timezone

from bridges.networkers.models import Networker
from bridges.networkers.tests.factories import dbs, language, speaks, ward
from bridges.support.tests.factories import support_request


@pytest.fixture
def arabic(db):
    return language("ar", "Arabic", "العربية", rtl=True)


@pytest.fixture
def ward_a(db):
    return ward("E05011111", "Harehills")


def active_networker(programme, user, *, name, languages=(), areas=(), days=None, vetted=True):
    """An active networker with a sign-in who may take work (a current DBS check)."""
    networker = Networker.objects.create(
        programme=programme,
        user=user,
        display_name=name,
        stage=Networker.Stage.ACTIVE,
        availability_days=days if days is not None else [],
    )
    for code, level in languages:
        speaks(networker, code, level)
    networker.areas.set(areas)
    if vetted:
        dbs(networker)
    return networker


@pytest.fixture
def new_request(programme, arabic, ward_a):
    return support_request(
        programme,
        language=arabic,
        area=ward_a,
        needs=["housing"],
        received_at=timezone.now(),
        contact_detail="07700 900777",
        name="Quokka Person",
    )
