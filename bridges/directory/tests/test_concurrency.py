"""Two people editing the same listing: the second is told, and nothing they typed is lost."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import member
from bridges.core.concurrency import EditConflict, version_of
from bridges.directory import services
from bridges.directory.models import Service, ServiceChange

from .factories import make_service

pytestmark = pytest.mark.django_db

CONFLICT = "Someone else changed this record while you were editing."


def version_in(response) -> str:
    found = re.search(r'name="version" value="([^"]*)"', response.content.decode())
    assert found, "the edit form carries no version"
    return html.unescape(found.group(1))


def test_a_stale_version_proposes_nothing(programme, coordinator):
    service = make_service(programme, name="Drop-in", need="general-advice")
    shown = version_of(service)
    change = services.service_change_propose(
        service=service, user=coordinator, data={"name": "First"}, expected_version=shown
    )
    services.service_change_decide(change=change, user=coordinator, approve=True)
    with pytest.raises(EditConflict) as raised:
        services.service_change_propose(
            service=service, user=coordinator, data={"name": "Second"}, expected_version=shown
        )
    assert ServiceChange.objects.count() == 1
    service.refresh_from_db()
    assert service.name == "First"
    assert raised.value.current_version == version_of(service)
    change = services.service_change_propose(
        service=service,
        user=coordinator,
        data={"name": "Second"},
        expected_version=raised.value.current_version,
    )
    assert change is not None and change.proposed == {"name": "Second"}


def test_the_second_coordinator_is_told_and_keeps_what_they_typed(programme, coordinator):
    service = make_service(programme, name="Drop-in", need="general-advice")
    first, second = Client(), Client()
    first.force_login(coordinator)
    second.force_login(member(programme, Role.COORDINATOR))
    url = reverse(
        "directory:service_edit", kwargs={"programme": programme.slug, "service_id": service.pk}
    )
    first_version = version_in(first.get(url))
    second_version = version_in(second.get(url))
    base = {"recourse": "any", "referral": "none"}

    response = first.post(url, {**base, "name": "Drop-in (Mondays)", "version": first_version})
    assert response.status_code == 302

    typed = {**base, "name": "Drop-in and forms help", "version": second_version}
    response = second.post(url, typed)
    assert response.status_code == 200
    page = response.content.decode()
    assert CONFLICT in page and "Drop-in and forms help" in page
    assert "The current version" in page and "<dd>Drop-in (Mondays)</dd>" in page
    public = reverse("directory_public:service_detail", args=[service.pk])
    assert f'href="{public}" target="_blank"' in page
    service.refresh_from_db()
    assert service.name == "Drop-in (Mondays)"
    new_version = version_in(response)
    assert new_version == version_of(service) != second_version

    response = second.post(url, {**typed, "version": new_version})
    assert response.status_code == 302
    assert Service.objects.get(pk=service.pk).name == "Drop-in and forms help"
