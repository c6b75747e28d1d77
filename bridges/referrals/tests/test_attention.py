"""The coordinator's home lists the programme's overdue referrals, with a constant number of
queries; nobody else is shown them there."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import ProgrammeFactory, member
from bridges.referrals.models import Referral, State

from .conftest import service_of
from .factories import make_referral

pytestmark = pytest.mark.django_db


def _referrals(programme, referrer, service, *, scale: int):
    late = timezone.now() - timedelta(days=30)
    for _ in range(scale):
        overdue = make_referral(programme=programme, service=service, referred_by=referrer)
        accepted = make_referral(
            programme=programme, service=service, referred_by=referrer, state=State.ACCEPTED
        )
        closed = make_referral(
            programme=programme, service=service, referred_by=referrer, state=State.COMPLETED
        )
        make_referral(programme=programme, service=service, referred_by=referrer)  # recent
        Referral.objects.filter(pk__in=[overdue.pk, accepted.pk, closed.pk]).update(
            state_changed_at=late
        )


def _home(client, user, programme):
    client.force_login(user)
    url = reverse("accounts:programme_home", args=[programme.slug])
    client.get(url)  # warm the caches (sessions, the contributors' discovery)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    items = {
        item.key: (item.count, item.url)
        for item in [*response.context["attention"], *response.context["clear"]]
    }
    return items, len(queries), response.content.decode()


def test_the_coordinator_is_shown_the_overdue_referrals_in_constant_queries(
    client, programme, networker, coordinator, service, farsi
):
    elsewhere = ProgrammeFactory(slug="elsewhere")
    _referrals(elsewhere, member(elsewhere, Role.NETWORKER), service_of(elsewhere, "Far"), scale=3)
    _referrals(programme, networker, service, scale=1)
    items, few, html = _home(client, coordinator, programme)
    list_url = reverse("referrals:list", args=[programme.slug])
    assert items["referrals.overdue"] == (2, f"{list_url}?state=overdue")
    assert "2 open referrals have not changed for more than 14 days" in html

    _referrals(programme, networker, service, scale=5)
    items, many, _html = _home(client, coordinator, programme)
    assert items["referrals.overdue"][0] == 12
    assert few == many

    # The link shows exactly those.
    client.force_login(coordinator)
    page = client.get(f"{list_url}?state=overdue")
    assert len(page.context["page"].object_list) == 12


def test_referrers_and_providers_are_not_shown_it_on_the_home(
    client, programme, networker, provider, service, farsi
):
    _referrals(programme, networker, service, scale=1)
    for user in (networker, provider):
        items, _queries, _html = _home(client, user, programme)
        assert "referrals.overdue" not in items
