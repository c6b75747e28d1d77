import pytest

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import member
from bridges.dropins.tests.factories import active_networker
from bridges.networkers.tests.factories import language


@pytest.fixture
def languages(db):
    language("ar", "Arabic", "العربية", rtl=True)
    language("en", "English")
    language("fa", "Persian", "فارسی", rtl=True)
    language("ti", "Tigrinya", "ትግርኛ")
    language("pl", "Polish", "polski")


def networker_with_sign_in(programme, name, codes):
    user = member(programme, Role.NETWORKER)
    return active_networker(programme, name, user=user, languages=codes)


@pytest.fixture
def amina(programme, languages):
    return networker_with_sign_in(programme, "Amina Haddad", ["ar", "en"])


@pytest.fixture
def reza(programme, languages):
    return networker_with_sign_in(programme, "Reza Rahimi", ["fa"])
