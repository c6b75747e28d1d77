"""Two people editing the same profile: the second is told, and nothing either typed is lost."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from bridges.accounts.models import AuditEvent
from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import member
from bridges.core.concurrency import EditConflict, version_of
from bridges.networkers import services
from bridges.networkers.models import Networker

from .factories import NetworkerFactory, language, speaks

CONFLICT = "Someone else changed this record while you were editing."


def version_in(response) -> str:
    found = re.search(r'name="version" value="([^"]*)"', response.content.decode())
    assert found, "the edit form carries no version"
    return html.unescape(found.group(1))


def profile_post(networker: Networker, version: str, **overrides) -> dict:
    data = {
        "version": version,
        "display_name": networker.display_name,
        "email": networker.email,
        "phone": "",
        "preferred_contact": "email",
        "communities": "",
        "skills": "",
        "lived_experience": "",
        "hours_given": "0",
        "lang-TOTAL_FORMS": "1",
        "lang-INITIAL_FORMS": "1",
        "lang-MIN_NUM_FORMS": "0",
        "lang-MAX_NUM_FORMS": "12",
        "lang-0-language": "ar",
        "lang-0-level": "fluent",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_a_stale_version_raises_and_saves_nothing(programme, coordinator):
    networker = NetworkerFactory(programme=programme, skills="Cooking")
    shown = version_of(networker)
    services.networker_update(
        networker=networker,
        changed_by=coordinator,
        data={"skills": "Driving"},
        expected_version=shown,
    )
    stale = Networker.objects.get(pk=networker.pk)
    audits = AuditEvent.objects.count()
    with pytest.raises(EditConflict) as raised:
        services.networker_update(
            networker=stale,
            changed_by=coordinator,
            data={"skills": "Sewing", "display_name": "Overwritten"},
            expected_version=shown,
        )
    networker.refresh_from_db()
    assert networker.skills == "Driving" and networker.display_name != "Overwritten"
    assert raised.value.current_version == version_of(networker)
    assert AuditEvent.objects.count() == audits
    # With the current version the same change goes through.
    changed = services.networker_update(
        networker=networker,
        changed_by=coordinator,
        data={"skills": "Sewing"},
        expected_version=raised.value.current_version,
    )
    networker.refresh_from_db()
    assert changed == ["skills"] and networker.skills == "Sewing"


@pytest.mark.django_db
def test_the_second_coordinator_is_told_and_keeps_what_they_typed(programme, coordinator):
    language("ar", "Arabic", "العربية", rtl=True)
    networker = NetworkerFactory(programme=programme, display_name="Selam Tesfay")
    speaks(networker, "ar")
    first, second = Client(), Client()
    first.force_login(coordinator)
    second.force_login(member(programme, Role.COORDINATOR))
    url = reverse("networkers:edit", kwargs={"programme": programme.slug, "pk": networker.pk})
    first_version = version_in(first.get(url))
    second_version = version_in(second.get(url))
    assert first_version == second_version

    response = first.post(url, profile_post(networker, first_version, skills="Interpreting"))
    assert response.status_code == 302

    typed = profile_post(networker, second_version, skills="Driving lessons", phone="07700 900123")
    response = second.post(url, typed)
    assert response.status_code == 200
    page = response.content.decode()
    assert CONFLICT in page
    assert "Driving lessons" in page and "07700 900123" in page
    # The current version of what differs is shown under the message.
    assert "The current version" in page and "<dd>Interpreting</dd>" in page
    detail = reverse("networkers:detail", kwargs={"programme": programme.slug, "pk": networker.pk})
    assert f'href="{detail}" target="_blank"' in page
    networker.refresh_from_db()
    assert networker.skills == "Interpreting" and not networker.phone
    new_version = version_in(response)
    assert new_version == version_of(networker) != second_version

    # Having checked, they save again: the form now carries the new version.
    response = second.post(url, {**typed, "version": new_version})
    assert response.status_code == 302
    networker.refresh_from_db()
    assert networker.skills == "Driving lessons" and networker.phone == "07700 900123"


@pytest.mark.django_db
def test_a_networker_editing_their_own_profile_is_protected_too(programme, networker, coordinator):
    language("ar", "Arabic", "العربية", rtl=True)
    mine = NetworkerFactory(programme=programme, user=networker, stage=Networker.Stage.ACTIVE)
    speaks(mine, "ar")
    own = Client()
    own.force_login(networker)
    url = reverse("networkers:my_profile_edit", kwargs={"programme": programme.slug})
    shown = version_in(own.get(url))
    services.networker_update(networker=mine, changed_by=coordinator, data={"skills": "Football"})
    response = own.post(url, profile_post(mine, shown, skills="Cooking"))
    assert response.status_code == 200 and CONFLICT in response.content.decode()
    assert "Cooking" in response.content.decode()
    mine.refresh_from_db()
    assert mine.skills == "Football"
    response = own.post(url, profile_post(mine, version_in(response), skills="Cooking"))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.skills == "Cooking"
