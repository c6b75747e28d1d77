"""A networker's programme home: what to do today, from the apps' `today.py` contributions."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import MembershipFactory, ProgrammeFactory, member
from bridges.contacts.tests.factories import record
from bridges.core.locale_format import format_date
from bridges.networkers.tests.factories import dbs, language
from bridges.safeguarding.models import Concern
from bridges.safeguarding.tests.factories import make_concern
from bridges.training.models import ModuleCompletion, SessionBooking
from bridges.training.tests.factories import ModuleFactory, SessionFactory, networker_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    language("en", "English")


def _home(client, user, programme):
    client.force_login(user)
    response = client.get(reverse("accounts:programme_home", args=[programme.slug]))
    assert response.status_code == 200
    return response


def _facts(response) -> dict:
    return {fact.key: fact for fact in response.context["today"].facts}


def _day(programme, person, *, scale: int = 1, session_title: str = "Welcome"):
    """`scale` times over: booked sessions, refreshers, this month's records, open concerns."""
    today = timezone.localdate()
    for i in range(scale):
        session = SessionFactory(
            programme=programme,
            title=f"{session_title} {i}",
            starts_at=timezone.now() + timedelta(days=3 + i),
            ends_at=timezone.now() + timedelta(days=3 + i, hours=2),
        )
        SessionBooking.objects.create(session=session, networker=person)
        module = ModuleFactory(programme=programme, title=f"Module {programme.slug} {i}")
        ModuleCompletion.objects.create(
            networker=person,
            module=module,
            completed_on=today - timedelta(days=300),
            expires_on=today + timedelta(days=10 + i),
        )
        record(programme, person, day=today, duration_minutes=90)
        make_concern(programme, raised_by=person.user)
    dbs(person, checked_on=today - timedelta(days=1000), renewal_due=today + timedelta(days=100))


def test_the_networker_sees_their_own_day(client, programme, networker):
    me = networker_for(networker, programme)
    today = timezone.localdate()
    _day(programme, me, session_title="Mine")
    # Tomorrow's session comes before the one in three days; a cancelled one not at all.
    soon = SessionFactory(
        programme=programme,
        title="Tomorrow",
        starts_at=timezone.now() + timedelta(days=1),
        ends_at=timezone.now() + timedelta(days=1, hours=2),
    )
    SessionBooking.objects.create(session=soon, networker=me)
    cancelled = SessionFactory(
        programme=programme,
        title="Called off",
        cancelled=True,
        starts_at=timezone.now() + timedelta(hours=2),
        ends_at=timezone.now() + timedelta(hours=4),
    )
    SessionBooking.objects.create(session=cancelled, networker=me)
    # Last month's record is not this month's.
    record(programme, me, day=today.replace(day=1) - timedelta(days=1), duration_minutes=600)
    # A closed concern is not open.
    make_concern(
        programme,
        raised_by=networker,
        state=Concern.State.CLOSED,
        acknowledged_at=timezone.now(),
        closed_at=timezone.now(),
    )

    # Another networker of the programme, with a sooner session and more of everything.
    other_user = member(programme, Role.NETWORKER)
    other = networker_for(other_user, programme)
    _day(programme, other, scale=2, session_title="Theirs")
    sooner = SessionFactory(
        programme=programme,
        title="Theirs sooner",
        starts_at=timezone.now() + timedelta(hours=3),
        ends_at=timezone.now() + timedelta(hours=5),
    )
    SessionBooking.objects.create(session=sooner, networker=other)
    # The same person in another programme raised a concern there.
    elsewhere = ProgrammeFactory()
    MembershipFactory(user=networker, programme=elsewhere, role=Role.NETWORKER)
    make_concern(elsewhere, raised_by=networker)

    response = _home(client, networker, programme)
    facts = _facts(response)
    slug = programme.slug

    session = facts["training.next_session"]
    # The coordinator-typed title and venue are isolated (FSI … PDI) for right-to-left pages.
    assert session.lines[0] == "\u2068Tomorrow\u2069"
    assert f"\u2068{soon.venue}\u2069" in session.lines[1]
    assert session.url == reverse("training:session_detail", args=[slug, soon.pk])

    assert facts["networkers.dbs"].lines == (
        f"Your DBS check is due for renewal on {format_date(today + timedelta(days=100), 'long')}.",
    )
    assert not facts["networkers.dbs"].urgent

    refreshers = facts["training.refreshers"]
    assert len(refreshers.lines) == 1
    assert refreshers.lines[0].startswith(f"Module {slug} 0: refresher due by ")

    assert facts["contacts.this_month"].lines == (
        "1 contact recorded this month",
        "Hours of support this month: 1.5",
    )
    assert facts["safeguarding.open"].lines == ("1 concern you raised is still open", "New: 1")
    assert facts["safeguarding.open"].url == reverse("safeguarding:my_concerns", args=[slug])

    html = response.content.decode()
    assert "Theirs" not in html
    assert "What happened" not in html and "Generic test concern" not in html

    actions = [action.key for action in response.context["today"].actions]
    assert actions == ["contacts.record", "directory.search", "safeguarding.raise", "pathways.plan"]
    assert 'id="unsent-count" hidden' in html
    assert f'href="{reverse("contacts:record", args=[slug])}"' in html
    assert f'href="{reverse("safeguarding:raise", args=[slug])}"' in html
    assert reverse("directory_public:search") + f"?programme={slug}" in html
    # The coordinators' attention list is not the networker's.
    assert "Needs your attention" not in html


def test_a_new_networker_is_told_plainly_what_is_missing(client, programme, networker):
    facts = _facts(_home(client, networker, programme))
    assert facts["training.next_session"].lines == ("You have no training session booked.",)
    assert facts["networkers.dbs"].lines == (
        "No DBS check is recorded for you yet. Your coordinator will arrange one.",
    )
    assert "training.refreshers" not in facts
    assert facts["contacts.this_month"].lines[0] == "0 contacts recorded this month"
    assert facts["safeguarding.open"].lines == ("0 concerns you raised are still open",)


def test_a_lapsed_check_and_an_overdue_refresher_are_flagged(client, programme, networker):
    me = networker_for(networker, programme)
    today = timezone.localdate()
    dbs(me, checked_on=today - timedelta(days=1200), renewal_due=today - timedelta(days=2))
    module = ModuleFactory(programme=programme, title="Safeguarding basics")
    ModuleCompletion.objects.create(
        networker=me, module=module, completed_on=date(2024, 1, 1), expires_on=date(2025, 1, 1)
    )
    response = _home(client, networker, programme)
    facts = _facts(response)
    assert facts["networkers.dbs"].urgent
    assert facts["networkers.dbs"].lines[0].startswith("Your DBS check lapsed on ")
    assert facts["training.refreshers"].urgent
    assert facts["training.refreshers"].lines == (
        f"Safeguarding basics: refresher overdue since {format_date(date(2025, 1, 1), 'long')}",
    )
    assert "Act soon" in response.content.decode()


def test_the_query_count_does_not_grow_with_the_records(client):
    def count(scale):
        programme_n = ProgrammeFactory()
        user = member(programme_n, Role.NETWORKER)
        _day(programme_n, networker_for(user, programme_n), scale=scale)
        client.force_login(user)
        url = reverse("accounts:programme_home", args=[programme_n.slug])
        client.get(url)  # warm caches (sessions, the contributors' discovery)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert len(response.context["today"].facts) == 6
        return len(queries)

    few, many = count(1), count(6)
    assert few == many
    assert few <= 20


def test_the_coordinator_home_has_no_today(client, coordinator, programme):
    response = _home(client, coordinator, programme)
    assert not response.context["today"]
    html = response.content.decode()
    assert "today-heading" not in html and "unsent-count" not in html
    assert "Needs your attention" in html
