"""The pipeline board's order: the longest waiting first in Applied, overdue flagged; names in
any script sorted by one Unicode-aware key."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bridges.networkers.models import Networker
from bridges.networkers.selectors import name_key, networker_sorted
from bridges.networkers.tests.factories import NetworkerFactory

pytestmark = pytest.mark.django_db


def _waiting(programme, name, days, stage=Networker.Stage.APPLIED):
    networker = NetworkerFactory(programme=programme, display_name=name, stage=stage)
    Networker.objects.filter(pk=networker.pk).update(
        stage_changed_at=timezone.now() - timedelta(days=days)
    )
    return networker


def _names(response):
    return [row["networker"].display_name for row in response.context["rows"]]


def test_applied_lists_the_longest_waiting_first_and_flags_overdue(client, coordinator, programme):
    _waiting(programme, "Amina", 2)
    _waiting(programme, "Zofia", 30)
    _waiting(programme, "Bilal", 15)
    _waiting(programme, "Aaron", 40, stage=Networker.Stage.CONTACTED)
    client.force_login(coordinator)
    url = reverse("networkers:board", args=[programme.slug])

    response = client.get(url, {"stage": "applied"})
    assert _names(response) == ["Zofia", "Bilal", "Amina"]
    overdue = {row["networker"].display_name: row["overdue"] for row in response.context["rows"]}
    assert overdue == {"Zofia": True, "Bilal": True, "Amina": False}
    assert response.content.decode().count(">overdue</span>") == 2

    # Another stage, or everyone, by name; a contacted person is never "overdue".
    response = client.get(url)
    assert _names(response) == ["Aaron", "Amina", "Bilal", "Zofia"]
    assert not any(row["overdue"] for row in response.context["rows"] if row["stage"] != "Applied")
    # Asked for: Applied by name, everyone by waiting time.
    assert _names(client.get(url, {"stage": "applied", "sort": "name"})) == [
        "Amina",
        "Bilal",
        "Zofia",
    ]
    assert _names(client.get(url, {"sort": "waiting"}))[0] == "Aaron"


def test_the_overdue_threshold_is_the_promise_setting(client, coordinator, programme, settings):
    settings.NETWORKERS_APPLICATION_RESPONSE_DAYS = 20
    _waiting(programme, "Bilal", 15)
    client.force_login(coordinator)
    response = client.get(reverse("networkers:board", args=[programme.slug]), {"stage": "applied"})
    assert [row["overdue"] for row in response.context["rows"]] == [False]
    assert "waiting more than 20 days" in response.content.decode()


def test_name_key_ignores_accents_vowel_marks_and_presentation_forms():
    assert name_key("  Émile  Zola ") == name_key("emile zola") == "emile zola"
    # Arabic: vowel marks (harakat) and the tatweel are not part of the name's order.
    assert name_key("مُحَمَّد") == name_key("محمد") == name_key("محـمد")
    # Presentation forms (as some keyboards and PDFs produce) become the ordinary letters.
    assert name_key("\ufee3\ufea4\ufee4\ufeaa") == name_key("محمد")


def test_arabic_names_sort_among_themselves_in_letter_order(programme):
    people = [
        NetworkerFactory.build(programme=programme, display_name=name, pk=pk)
        for pk, name in enumerate(
            ["مُحَمَّد", "Émile", "أحمد", "Zofia", "\ufee3\ufeae\ufef3\ufee2", "adam"], 1
        )
    ]
    ordered = [n.display_name for n in networker_sorted(people)]
    # Latin first (by Unicode block), accents ignored; then Arabic by letter, vowel marks and
    # presentation forms not pushing a name out of its place.
    assert ordered[:3] == ["adam", "Émile", "Zofia"]
    assert ordered[3] == "أحمد"
    assert set(ordered[4:]) == {"مُحَمَّد", "\ufee3\ufeae\ufef3\ufee2"}
    assert name_key(ordered[4]) < name_key(ordered[5])
