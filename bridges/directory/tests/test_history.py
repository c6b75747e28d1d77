"""Listing history: every change kept with who and when, shown as a difference, restorable;
removal is soft, can be undone, and is purged after DIRECTORY_REMOVED_PURGE_DAYS."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from bridges.directory.importers import run
from bridges.directory.models import Service
from bridges.directory.selectors import public_services, service_search

from .factories import make_service

pytestmark = pytest.mark.django_db


def _url(name, programme, **kwargs):
    return reverse(f"directory:{name}", kwargs={"programme": programme.slug, **kwargs})


def test_every_change_is_kept_with_who_and_when_and_can_be_put_back(client, programme, coordinator):
    service = make_service(programme, name="Riverside Advice", need="food")
    service.description = "Advice on Mondays"
    service.updated_by = coordinator
    service.save()
    client.force_login(coordinator)
    service.refresh_from_db()
    assert service.history.count() == 2
    first, latest = service.history.order_by("history_date")
    assert latest.history_user == coordinator

    page = client.get(_url("service_history", programme, service_id=service.pk)).content.decode()
    assert "Advice on Mondays" in page and str(coordinator) in page
    restore = _url(
        "service_version_restore", programme, service_id=service.pk, history_id=first.history_id
    )
    asked = client.get(restore).content.decode()
    assert "Put an earlier version back?" in asked and "Advice on Mondays" in asked
    assert Service.objects.get(pk=service.pk).description == "Advice on Mondays"
    assert client.post(restore).status_code == 302
    service.refresh_from_db()
    assert service.description == ""
    assert service.history.count() == 3
    assert service.history.latest("history_date").history_user == coordinator


def test_an_import_change_is_in_the_history_under_who_started_it(programme, coordinator):
    records = [{"id": "a-1", "name": "Feed Service", "description": "One"}]
    for description in ("One", "Two"):
        records[0]["description"] = description
        record = run.directory_import_create(
            programme=programme,
            user=coordinator,
            source_name="feed",
            format="hsds_json",
            payload=json.dumps(records).encode(),
        )
        run.directory_import_execute(import_id=record.pk)
    service = Service.objects.get()
    descriptions = [v.description for v in service.history.order_by("history_date")]
    assert descriptions == ["One", "Two"]
    assert {v.history_user for v in service.history.all()} == {coordinator}


def test_removal_asks_first_hides_everywhere_and_can_be_undone(client, programme, coordinator):
    service = make_service(programme, name="Riverside Advice", need="food")
    client.force_login(coordinator)
    remove = _url("service_remove", programme, service_id=service.pk)
    asked = client.get(remove).content.decode()
    assert "Remove" in asked and "90 days" in asked
    assert Service.objects.get(pk=service.pk).removed_at is None
    assert client.post(remove).status_code == 302
    assert not public_services(programme=programme).filter(pk=service.pk).exists()
    assert service_search(query="Riverside", programme=programme).paginator.count == 0
    public = client.get(
        reverse("directory_public:service_detail", kwargs={"service_id": service.pk})
    )
    assert public.status_code == 404
    listed = client.get(_url("removed", programme)).content.decode()
    assert "Riverside Advice" in listed
    client.post(_url("service_put_back", programme, service_id=service.pk))
    assert public_services(programme=programme).filter(pk=service.pk).exists()
    assert service_search(query="Riverside", programme=programme).paginator.count == 1


def test_removed_listings_are_purged_after_the_stated_period(programme, settings):
    settings.DIRECTORY_REMOVED_PURGE_DAYS = 30
    old = make_service(programme, name="Old")
    recent = make_service(programme, name="Recent")
    Service.objects.filter(pk=old.pk).update(
        removed_at=timezone.now() - datetime.timedelta(days=31)
    )
    Service.objects.filter(pk=recent.pk).update(
        removed_at=timezone.now() - datetime.timedelta(days=29)
    )
    out = io.StringIO()
    call_command("directory_purge_removed", stdout=out)
    assert "1 listing(s)" in out.getvalue()
    assert list(Service.objects.values_list("name", flat=True)) == ["Recent"]
    assert not Service.history.filter(id=old.pk).exists()


def test_a_removed_listing_leaves_the_api_and_the_organisation_detail(client, programme):
    from .factories import ward

    kept = make_service(programme, name="Kept Advice", area=ward())
    gone = make_service(programme, name="Gone Advice", organization=kept.organization, area=ward())
    detail = reverse(
        "directory:openreferral:organization", kwargs={"id": str(kept.organization_id)}
    )
    names = [s["name"] for s in client.get(detail).json()["services"]]
    assert names == ["Gone Advice", "Kept Advice"]
    Service.objects.filter(pk=gone.pk).update(removed_at=timezone.now())
    assert [s["name"] for s in client.get(detail).json()["services"]] == ["Kept Advice"]
    places = client.get(reverse("directory:openreferral:service_at_locations")).json()
    assert [p["service_id"] for p in places["contents"]] == [str(kept.pk)]
