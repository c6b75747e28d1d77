import pytest

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import member
from bridges.core.models import Area
from bridges.networkers.models import Networker
from bridges.networkers.tests.factories import NetworkerFactory, community, language, speaks, ward


@pytest.fixture
def city(programme):
    """A programme with two wards, two communities and the languages the tests use."""
    ward("E05011400", "Harehills")
    ward("E05011401", "Gipton")
    programme.local_authority = Area.objects.get(code="E08000035")
    programme.save()
    language("ar", "Arabic", "العربية", rtl=True)
    language("en", "English")
    language("ti", "Tigrinya", "ትግርኛ")
    language("pl", "Polish", "polski")
    community(programme, "Sudanese community")
    community(programme, "Eritrean community")
    return programme


def networker_of(programme, *codes, **user_fields) -> Networker:
    """An active networker with a sign-in, speaking these languages (Arabic by default)."""
    user = member(programme, Role.NETWORKER, **user_fields)
    profile = NetworkerFactory(programme=programme, user=user, stage=Networker.Stage.ACTIVE)
    for code in codes or ("ar",):
        speaks(profile, code)
    return profile


@pytest.fixture
def amina(city):
    return networker_of(city, "ar", email="amina@example.org", preferred_language="ar")


@pytest.fixture
def yonas(city):
    return networker_of(city, "ti", email="yonas@example.org", preferred_language="ti")
