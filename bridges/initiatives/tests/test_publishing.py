"""A public, running initiative is a directory service: in search, on its public page and in the
Open Referral API; private, paused or ended, it leaves public view and keeps its link."""

import pytest
from django.urls import reverse

from bridges.directory import selectors as directory_selectors
from bridges.directory.models import Service
from bridges.initiatives import services
from bridges.initiatives.models import Initiative

from .factories import initiative

pytestmark = pytest.mark.django_db


def _found_in_search(programme, words: str) -> list[str]:
    page = directory_selectors.service_search(query=words, programme=programme)
    return [s.name for s in page.object_list]


def test_a_public_initiative_is_listed_in_the_directory(client, programme):
    club = initiative(
        programme,
        name="Harehills women's sewing circle",
        purpose="Sewing, mending and conversation for women new to the city.",
        meets_on="TU,TH",
        opens_at="10:00",
        closes_at="12:00",
        public=True,
    )
    assert club.directory_service_id
    service = Service.objects.get(pk=club.directory_service_id)
    assert service.status == Service.Status.ACTIVE
    assert service.programme == programme
    assert service.organization.name == club.name
    assert [(s.byday, s.opens_at.hour) for s in service.schedules.all()] == [("TU,TH", 10)]
    assert [at.location.postal_code for at in service.at_locations.all()] == ["RV1 2AB"]
    assert "Harehills women's sewing circle" in _found_in_search(programme, "sewing")
    page = client.get(reverse("directory_public:service_detail", args=[service.pk]))
    assert page.status_code == 200 and "sewing circle" in page.content.decode()
    api = client.get(reverse("directory:openreferral:service", kwargs={"id": str(service.pk)}))
    assert api.status_code == 200 and api.json()["name"] == club.name


def test_making_it_private_removes_it_from_public_view_and_keeps_the_link(client, programme):
    club = initiative(programme, name="Saturday football club", purpose="Football.", public=True)
    service_id = club.directory_service_id
    services.initiative_update(initiative=club, updated_by=None, public=False)
    club.refresh_from_db()
    assert club.directory_service_id == service_id
    assert Service.objects.get(pk=service_id).status == Service.Status.INACTIVE
    assert _found_in_search(programme, "football") == []
    assert (
        client.get(reverse("directory_public:service_detail", args=[service_id])).status_code == 404
    )
    assert (
        client.get(
            reverse("directory:openreferral:service", kwargs={"id": str(service_id)})
        ).status_code
        == 404
    )
    # Shown again: the same service, at the same address, with the new name.
    services.initiative_update(
        initiative=club, updated_by=None, public=True, name="Saturday football team"
    )
    club.refresh_from_db()
    assert club.directory_service_id == service_id
    assert Service.objects.get(pk=service_id).name == "Saturday football team"
    assert Service.objects.filter(source=f"initiative:{club.pk}").count() == 1


@pytest.mark.parametrize("status", [Initiative.Status.PAUSED, Initiative.Status.ENDED])
def test_a_paused_or_ended_initiative_is_withdrawn(programme, status):
    club = initiative(programme, public=True)
    services.initiative_update(initiative=club, updated_by=None, status=status)
    assert Service.objects.get(pk=club.directory_service_id).status == Service.Status.INACTIVE


def test_a_private_initiative_is_never_listed(programme):
    club = initiative(programme, public=False)
    assert club.directory_service_id is None
    assert not Service.objects.filter(source=f"initiative:{club.pk}").exists()


def test_withdraw_asks_first_then_takes_it_out(client, programme, coordinator):
    club = initiative(programme, name="Community kitchen", public=True)
    client.force_login(coordinator)
    url = reverse("initiatives:initiative_withdraw", args=[programme.slug, club.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Yes, stop showing it" in page.content.decode()
    club.refresh_from_db()
    assert club.public
    client.post(url)
    club.refresh_from_db()
    assert not club.public
    assert Service.objects.get(pk=club.directory_service_id).status == Service.Status.INACTIVE
