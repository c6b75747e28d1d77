"""Real pages write dates and lists by the reader's locale (core/locale_format.py), and shared
short labels keep each app's own wording (pgettext contexts)."""

import datetime
import html
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from bridges.directory.models import Service
from bridges.networkers.models import Networker
from bridges.networkers.tests.factories import NetworkerFactory, dbs
from bridges.safeguarding.models import Concern
from bridges.training.tests.factories import ModuleFactory, SessionFactory

SESSION_START = datetime.datetime(2030, 11, 11, 18, 30, tzinfo=datetime.UTC)  # a Monday


def _text(response) -> str:
    body = response.content.decode()
    main = body[body.index("<main") :]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", main)))


def _page(client, user, path: str, language: str) -> str:
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(path)
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()
    return _text(response)


@pytest.fixture
def profile_path(programme):
    networker = NetworkerFactory(
        programme=programme,
        stage=Networker.Stage.ACTIVE,
        availability_days=["mon", "wed", "sat"],
    )
    dbs(networker, checked_on=datetime.date(2029, 11, 11), renewal_due=datetime.date(2032, 11, 11))
    return reverse("networkers:detail", args=[programme.slug, networker.pk])


@pytest.mark.django_db
def test_a_networkers_profile_in_polish(client, coordinator, profile_path):
    text = _page(client, coordinator, profile_path, "pl")
    # The month in the genitive, as Polish writes a date; the days joined with "i" (and).
    assert "11 listopada 2029" in text
    assert "11 listopada 2032" in text
    assert "poniedziałek, środa i sobota" in text
    assert "November" not in text and "Monday" not in text


@pytest.mark.django_db
def test_a_networkers_profile_in_arabic(client, coordinator, profile_path):
    text = _page(client, coordinator, profile_path, "ar")
    assert "11 نوفمبر 2029" in text
    # Arabic joins with the Arabic comma and "و", never the Latin ", ".
    assert "الاثنين، والأربعاء، والسبت" in text
    assert "Monday" not in text


@pytest.mark.django_db
def test_the_training_sessions_in_polish_and_arabic(client, coordinator, programme):
    module = ModuleFactory(programme=programme, title="Safeguarding")
    SessionFactory(
        programme=programme,
        starts_at=SESSION_START,
        ends_at=SESSION_START + datetime.timedelta(hours=2),
        modules=[module],
    )
    path = reverse("training:session_list", args=[programme.slug])
    text = _page(client, coordinator, path, "pl")
    assert "pon., 11 lis 2030, 18:30–20:30" in text
    text = _page(client, coordinator, path, "ar")
    assert "الاثنين، 11 نوفمبر 2030، 6:30–8:30 م" in text


def test_shared_short_labels_keep_their_apps_wording():
    with translation.override("pl"):
        # A service is feminine (usługa), a safeguarding concern neuter (zgłoszenie).
        assert str(Service.Status.DEFUNCT.label) == "Zamknięta"
        assert str(Concern.State.CLOSED.label) == "Zamknięte"
        assert str(Service.Status.ACTIVE.label) == "Aktywna"
        assert str(Networker.Stage.ACTIVE.label) == "Aktywny"
    with translation.override("fr"):
        assert str(Service.Status.DEFUNCT.label) == "Fermé"
        assert str(Concern.State.CLOSED.label) == "Clôturé"
