"""The programme home: what needs attention, per role; the platform admin's and analyst's homes."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import OrganisationFactory, ProgrammeFactory, member
from bridges.core.models import Notification
from bridges.directory.models import DirectoryImport, ListingReport, ServiceChange
from bridges.directory.tests.factories import make_service
from bridges.networkers.models import Networker
from bridges.networkers.tests.factories import NetworkerFactory, dbs
from bridges.training.tests.factories import ModuleFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _home(client, user, programme):
    client.force_login(user)
    response = client.get(reverse("accounts:programme_home", args=[programme.slug]))
    assert response.status_code == 200
    return response


def _items(response) -> dict:
    """What the page listed, by key: (count, url), non-zero first in page order."""
    return {
        item.key: (item.count, item.url)
        for item in [*response.context["attention"], *response.context["clear"]]
    }


def _applied(programme, *, days_ago: int, **fields) -> Networker:
    networker = NetworkerFactory(programme=programme, stage=Networker.Stage.APPLIED, **fields)
    Networker.objects.filter(pk=networker.pk).update(
        stage_changed_at=timezone.now() - timedelta(days=days_ago)
    )
    return networker


def _world(programme, *, scale: int = 1):
    """Something of every kind that needs attention, `scale` times over."""
    today = timezone.localdate()
    for _ in range(scale):
        _applied(programme, days_ago=20)  # overdue
        _applied(programme, days_ago=3)  # not yet
        lapsed = NetworkerFactory(programme=programme, stage=Networker.Stage.ACTIVE)
        dbs(lapsed, checked_on=today - timedelta(days=1200), renewal_due=today - timedelta(days=5))
        soon = NetworkerFactory(programme=programme, stage=Networker.Stage.ACTIVE)
        dbs(soon, checked_on=today - timedelta(days=1000), renewal_due=today + timedelta(days=20))
        ModuleFactory(programme=programme, required=True)  # no session planned
        service = make_service(programme, name="Food bank", index=False)
        ServiceChange.objects.create(
            programme=programme, service=service, proposed={"name": "x"}, original={}
        )
        ListingReport.objects.create(
            programme=programme, service=service, problem="times", token=f"t{service.pk}"
        )
        DirectoryImport.objects.create(
            programme=programme,
            source_name="feed",
            format=DirectoryImport.Format.ORUK_V1,
            status=DirectoryImport.Status.FAILED,
        )


def test_the_coordinator_sees_each_thing_waiting_with_its_count_and_list(
    client, coordinator, programme
):
    _world(programme)
    # Covered: a required module with an upcoming session, and an old failed import.
    taught = ModuleFactory(programme=programme, required=True)
    SessionFactory(programme=programme, modules=[taught])
    old = DirectoryImport.objects.create(
        programme=programme,
        source_name="old",
        format=DirectoryImport.Format.ORUK_V1,
        status=DirectoryImport.Status.FAILED,
    )
    DirectoryImport.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=60))
    # Another programme's records are not counted.
    _world(ProgrammeFactory())

    response = _home(client, coordinator, programme)
    items = _items(response)
    slug = programme.slug
    assert items["networkers.applications_overdue"] == (
        1,
        reverse("networkers:board", args=[slug]) + "?stage=applied&sort=waiting",
    )
    assert items["networkers.dbs_lapsed"] == (1, reverse("networkers:renewals", args=[slug]))
    assert items["networkers.dbs_due"][0] == 1
    assert items["training.modules_without_session"] == (
        1,
        reverse("training:module_list", args=[slug]) + "?without_session=1",
    )
    assert items["directory.changes_waiting"][0] == 1
    assert items["directory.reports_open"][0] == 1
    only_import = DirectoryImport.objects.exclude(pk=old.pk).get(programme=programme)
    assert items["directory.imports_failed"] == (
        1,
        reverse("directory:import_detail", args=[slug, only_import.pk]),
    )
    # Emails belong to no programme: a coordinator is not shown them.
    assert "core.notifications_failed" not in items
    html = response.content.decode()
    assert "1 application has waited more than 14 days for a first contact" in html
    assert "1 DBS check has lapsed" in html
    # The most severe first.
    levels = [item.level for item in response.context["attention"]]
    assert levels == sorted(levels, key=["urgent", "soon", "waiting"].index)


def test_the_promise_is_a_setting_used_by_the_home_and_the_thanks_page(
    client, coordinator, programme, settings
):
    settings.NETWORKERS_APPLICATION_RESPONSE_DAYS = 30
    _applied(programme, days_ago=20)
    items = _items(_home(client, coordinator, programme))
    assert items["networkers.applications_overdue"][0] == 0
    client.logout()
    thanks = client.get(reverse("networkers_public:join_thanks", args=[programme.slug]))
    assert "usually within 30 days" in thanks.content.decode()


def test_nothing_waiting_is_said_plainly(client, coordinator, programme):
    response = _home(client, coordinator, programme)
    assert response.context["attention"] == []
    assert response.context["clear"]
    assert "Nothing needs your attention." in response.content.decode()


def test_the_query_count_does_not_grow_with_the_records(client, coordinator, programme):
    def count(scale):
        programme_n = ProgrammeFactory()
        user = member(programme_n, Role.COORDINATOR)
        _world(programme_n, scale=scale)
        client.force_login(user)
        url = reverse("accounts:programme_home", args=[programme_n.slug])
        client.get(url)  # warm caches (sessions, the contributors' discovery)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few, many = count(1), count(6)
    assert few == many
    assert few <= 20


def test_each_role_sees_only_what_it_may_act_on(client, programme):
    _world(programme)
    provider_org = OrganisationFactory()
    provider = member(programme, Role.PROVIDER)
    provider.memberships.update(organisation=provider_org)
    mine = make_service(programme, name="Ours", index=False)
    mine.organization.partner = provider_org
    mine.organization.save()
    ListingReport.objects.create(programme=programme, service=mine, problem="times", token="ours")

    items = _items(_home(client, provider, programme))
    home = reverse("directory:home", args=[programme.slug])
    assert items == {"directory.reports_open": (1, home)}

    for role in (Role.SAFEGUARDING, Role.ANALYST, Role.NETWORKER):
        response = _home(client, member(programme, role), programme)
        assert _items(response) == {}, role
        assert "Needs your attention" not in response.content.decode()


def test_the_platform_admin_also_sees_unsent_emails(client, platform_admin, programme):
    Notification.objects.create(kind="a.b", dedupe_key="1", status=Notification.Status.FAILED)
    Notification.objects.create(
        kind="a.b",
        dedupe_key="2",
        status=Notification.Status.PENDING,
        next_attempt_at=timezone.now() - timedelta(hours=1),
    )
    Notification.objects.create(
        kind="a.b",
        dedupe_key="3",
        status=Notification.Status.PENDING,
        next_attempt_at=timezone.now() + timedelta(minutes=5),
    )
    Notification.objects.create(kind="a.b", dedupe_key="4", status=Notification.Status.SENT)
    items = _items(_home(client, platform_admin, programme))
    changelist = reverse("admin:core_notification_changelist")
    assert items["core.notifications_failed"] == (1, f"{changelist}?status__exact=failed")
    assert items["core.notifications_stuck"] == (1, f"{changelist}?status__exact=pending")
    assert "networkers.applications_overdue" in items

    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert "1 email could not be sent (all programmes)" in dashboard


def test_the_platform_admin_home_lists_every_programme(client, platform_admin, programme):
    other = ProgrammeFactory(name="Elsewhere")
    client.force_login(platform_admin)
    html = client.get(reverse("accounts:dashboard")).content.decode()
    assert "You do not have a role in any programme yet" not in html
    for each in (programme, other):
        assert reverse("accounts:programme_home", args=[each.slug]) in html
    assert client.get(reverse("accounts:programme_home", args=[other.slug])).status_code == 200


def test_the_analyst_is_told_what_is_coming(client, analyst, programme, coordinator):
    html = _home(client, analyst, programme).content.decode()
    assert "Coming for analysts" in html
    assert "map of needs and services" in html
    assert "Coming for analysts" not in _home(client, coordinator, programme).content.decode()
