"""Provider edits with coordinator approval, stale listings, and resolving reports."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from bridges.accounts.models import Membership, Organisation
from bridges.directory.models import ListingReport, Service, ServiceChange
from bridges.directory.selectors import service_search

from .factories import make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def owned(programme, provider):
    partner = Organisation.objects.create(name="Northgate Advice", kind="provider")
    Membership.objects.filter(user=provider, programme=programme).update(organisation=partner)
    service = make_service(programme, name="Northgate advice drop-in", need="general-advice")
    service.organization.partner = partner
    service.organization.save()
    return service


def url(name, programme, **kwargs):
    return reverse(f"directory:{name}", kwargs={"programme": programme.slug, **kwargs})


def test_provider_edit_waits_for_coordinator_approval_with_a_diff(
    client, programme, provider, coordinator, owned
):
    client.force_login(provider)
    response = client.post(
        url("service_edit", programme, service_id=owned.pk),
        {
            "name": "Northgate advice and forms help",
            "description": "Help with letters.",
            "recourse": "any",
            "referral": "none",
            "does_not_do": "No immigration advice.",
        },
    )
    assert response.status_code == 302
    owned.refresh_from_db()
    assert owned.name == "Northgate advice drop-in"  # not public yet
    change = ServiceChange.objects.get()
    assert change.status == "pending" and change.proposed["name"].endswith("forms help")

    client.force_login(coordinator)
    page = client.get(url("change_review", programme, change_id=change.pk)).content.decode()
    assert "Northgate advice drop-in" in page and "Northgate advice and forms help" in page
    client.post(url("change_review", programme, change_id=change.pk), {"decision": "approve"})
    owned.refresh_from_db()
    assert owned.name == "Northgate advice and forms help"
    assert owned.does_not_do == "No immigration advice."
    assert owned.last_verified_by == coordinator
    assert service_search(query="forms", programme=programme).paginator.count == 1


def test_rejected_change_changes_nothing(programme, provider, coordinator, owned):
    from bridges.directory.services import service_change_decide, service_change_propose

    change = service_change_propose(service=owned, user=provider, data={"name": "Wrong"})
    service_change_decide(change=change, user=coordinator, approve=False, note="Not right")
    owned.refresh_from_db()
    assert owned.name == "Northgate advice drop-in"
    assert ServiceChange.objects.get().status == "rejected"


def test_provider_cannot_edit_another_organisations_service(client, programme, provider, owned):
    other = make_service(programme, name="Someone else's")
    client.force_login(provider)
    assert client.get(url("service_edit", programme, service_id=other.pk)).status_code == 404
    assert client.get(url("service_edit", programme, service_id=owned.pk)).status_code == 200


def test_coordinator_edit_is_public_at_once(client, programme, coordinator, owned):
    client.force_login(coordinator)
    client.post(
        url("service_edit", programme, service_id=owned.pk),
        {"name": "Renamed", "recourse": "any", "referral": "none"},
    )
    owned.refresh_from_db()
    assert owned.name == "Renamed"


def test_stale_listings_are_flagged_to_owners_once_per_period(
    programme,
    provider,
    coordinator,
    owned,
    mailoutbox,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.DIRECTORY_STALE_AFTER_DAYS = 30
    fresh = make_service(programme, name="Fresh", last_verified_at=timezone.now())
    Service.objects.filter(pk=owned.pk).update(
        last_verified_at=timezone.now() - datetime.timedelta(days=40)
    )
    orphan = make_service(programme, name="No owner")  # never verified: goes to coordinators
    with django_capture_on_commit_callbacks(execute=True):  # sent after commit
        call_command("directory_stale_notify", stdout=io.StringIO())
    recipients = {address for m in mailoutbox for address in m.to}
    assert provider.email in recipients and coordinator.email in recipients
    body = " ".join(m.body for m in mailoutbox)
    assert "Northgate advice drop-in" in body and "No owner" in body and "Fresh" not in body
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("directory_stale_notify", stdout=io.StringIO())
    assert mailoutbox == []  # once per period
    assert fresh.pk and orphan.pk


def test_owner_marks_listing_still_correct(client, programme, provider, owned):
    client.force_login(provider)
    home = client.get(url("home", programme)).content.decode()
    assert "Northgate advice drop-in" in home
    client.post(url("service_verify", programme, service_id=owned.pk))
    owned.refresh_from_db()
    assert owned.last_verified_by == provider
    assert owned.last_verified_at > timezone.now() - datetime.timedelta(minutes=1)


def test_reports_reach_owner_and_resolution_is_tracked(client, programme, provider, owned):
    report = ListingReport.objects.create(
        programme=programme, service=owned, problem="closed", details="Moved", token="t1"
    )
    client.force_login(provider)
    assert "Moved" not in client.get(url("home", programme)).content.decode()  # list only
    page = client.get(url("report_detail", programme, report_id=report.pk))
    assert "Moved" in page.content.decode()
    client.post(
        url("report_detail", programme, report_id=report.pk),
        {"status": "fixed", "resolution": "Address updated"},
    )
    report.refresh_from_db()
    assert report.status == "fixed" and report.resolved_at is not None


def test_outsider_sees_nothing(client, programme, outsider, owned):
    client.force_login(outsider)
    assert client.get(url("home", programme)).status_code == 404


def test_staff_home_query_count_does_not_grow(
    client, programme, coordinator, django_assert_max_num_queries
):
    for number in range(5):
        make_service(programme, name=f"Service {number}")
    client.force_login(coordinator)
    with django_assert_max_num_queries(30) as few:
        client.get(url("home", programme))
    for number in range(30):
        service = make_service(programme, name=f"More {number}")
        ListingReport.objects.create(
            programme=programme, service=service, problem="other", token=f"t-{number}"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("home", programme))


def test_coordinator_adds_a_search_word_that_then_finds_services(client, programme, coordinator):
    make_service(programme, name="Canal Street Surgery", need="gp")
    client.force_login(coordinator)
    client.post(
        url("synonyms", programme), {"term": "doktorê", "language": "ku", "keyword": "Doctor"}
    )
    assert service_search(query="doktorê", programme=programme).paginator.count == 1
    from bridges.directory.models import SearchTerm

    term = SearchTerm.objects.get(term="doktorê")
    shared = SearchTerm.objects.filter(programme__isnull=True).first()
    client.post(url("synonym_delete", programme, term_id=shared.pk))
    assert SearchTerm.objects.filter(pk=shared.pk).exists()  # shared words stay
    client.post(url("synonym_delete", programme, term_id=term.pk))
    assert not SearchTerm.objects.filter(pk=term.pk).exists()


def test_an_outdated_proposal_cannot_overwrite_a_later_edit(programme, coordinator, provider):
    from django.core.exceptions import ValidationError

    from bridges.directory.services import service_change_decide, service_change_propose

    service = make_service(programme, name="Clinic")
    change = service_change_propose(service=service, user=provider, data={"fees": "£5"})
    Service.objects.filter(pk=service.pk).update(fees="Free since Monday")
    with pytest.raises(ValidationError, match="changed since this was proposed"):
        service_change_decide(change=change, user=coordinator, approve=True)
    service.refresh_from_db()
    change.refresh_from_db()
    assert service.fees == "Free since Monday"
    assert change.status == ServiceChange.Status.PENDING
    # Rejecting stays possible, and an up-to-date proposal is approved as before.
    service_change_decide(change=change, user=coordinator, approve=False)
    fresh = service_change_propose(service=service, user=provider, data={"fees": "£5"})
    service_change_decide(change=fresh, user=coordinator, approve=True)
    service.refresh_from_db()
    assert service.fees == "£5"
