"""Who sees which referral, record by record: the referrer, the coordinators and the receiving
service's staff; not another organisation's provider, not an analyst or a safeguarding lead or
a platform admin; and never another programme's referral, in any list, count or download."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bridges.accounts.models import AuditEvent, Organisation
from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import ProgrammeFactory, member
from bridges.core.models import Language
from bridges.referrals.models import Referral
from bridges.referrals.tests.conftest import provider_of, service_of
from bridges.referrals.tests.factories import language, make_referral

pytestmark = pytest.mark.django_db

TRAP = "Trap Person Elsewhere"


@pytest.fixture
def scene(programme, networker, coordinator, service, provider, offline_service, farsi):
    other_partner = Organisation.objects.create(name="Other charity", kind="charity")
    other_partner.programmes.add(programme)
    other_service = service_of(programme, "Benefits advice", other_partner)
    other_provider = provider_of(programme, other_partner, email="other@example.org")
    second_networker = member(programme, Role.NETWORKER, email="net2@example.org")
    mine = make_referral(
        programme=programme, service=service, referred_by=networker, person_name="Mine Person"
    )
    to_other = make_referral(
        programme=programme,
        service=other_service,
        referred_by=second_networker,
        person_name="Other Service Person",
    )
    # A second programme's referral, to a service whose organisation is the same partner.
    elsewhere = ProgrammeFactory(name="Elsewhere", slug="elsewhere")
    partner = service.organization.partner
    partner.programmes.add(elsewhere)
    trap = make_referral(
        programme=elsewhere,
        service=service_of(elsewhere, "Elsewhere housing", partner),
        referred_by=member(elsewhere, Role.NETWORKER),
        person_name=TRAP,
    )
    return {
        "mine": mine,
        "to_other": to_other,
        "trap": trap,
        "other_provider": other_provider,
        "second_networker": second_networker,
    }


def _open(client, user, name, programme, **kwargs):
    client.force_login(user)
    return client.get(reverse(name, kwargs={"programme": programme.slug, **kwargs}))


def _listed(client, user, programme, query="") -> set[str]:
    response = _open(client, user, "referrals:list", programme)
    assert response.status_code == 200
    return {referral.reference for referral in response.context["page"]}


def test_each_sees_only_their_own(client, programme, networker, coordinator, provider, scene):
    mine, to_other, trap = scene["mine"], scene["to_other"], scene["trap"]
    assert _listed(client, networker, programme) == {mine.reference}
    assert _listed(client, provider, programme) == {mine.reference}
    assert _listed(client, scene["other_provider"], programme) == {to_other.reference}
    assert _listed(client, coordinator, programme) == {mine.reference, to_other.reference}
    assert trap.reference not in _listed(client, coordinator, programme)


@pytest.mark.parametrize(
    ("who", "which", "status"),
    [
        ("provider", "mine", 200),
        ("provider", "to_other", 404),  # a provider of one service cannot open another's
        ("other_provider", "mine", 404),
        ("other_provider", "to_other", 200),
        ("networker", "to_other", 404),  # another networker's referral
        ("second_networker", "to_other", 200),
        ("coordinator", "to_other", 200),
        ("coordinator", "trap", 404),  # another programme's
        ("provider", "trap", 404),
    ],
)
def test_record_level(
    client, programme, networker, coordinator, provider, scene, who, which, status
):  # noqa: E501
    users = {"provider": provider, "networker": networker, "coordinator": coordinator, **scene}
    referral = scene[which]
    for name in ("referrals:detail", "referrals:withdraw"):
        response = _open(client, users[who], name, programme, pk=referral.pk)
        assert response.status_code == status, (name, who, which)
    if status == 404:
        assert TRAP not in response.content.decode()


@pytest.mark.parametrize("role", [Role.ANALYST, Role.SAFEGUARDING, Role.ADMIN])
def test_analysts_leads_and_admins_see_nothing(client, programme, scene, role):
    user = member(programme, role)
    for name, kwargs in (
        ("referrals:list", {}),
        ("referrals:export", {}),
        ("referrals:detail", {"pk": scene["mine"].pk}),
    ):
        assert _open(client, user, name, programme, **kwargs).status_code == 403


def test_a_lead_who_is_also_a_coordinator_sees_them(client, programme, scene):
    from bridges.accounts.tests.factories import MembershipFactory

    lead = member(programme, Role.SAFEGUARDING)
    MembershipFactory(user=lead, programme=programme, role=Role.COORDINATOR)
    assert (
        _open(client, lead, "referrals:detail", programme, pk=scene["mine"].pk).status_code == 200
    )


def test_the_download_has_no_personal_details_and_no_other_programme(
    client, programme, coordinator, scene
):
    for fmt in ("csv", "xlsx"):
        client.force_login(coordinator)
        response = client.get(
            reverse("referrals:export", kwargs={"programme": programme.slug}), {"format": fmt}
        )
        assert response.status_code == 200
        body = response.content
        if fmt == "csv":
            text = body.decode()
            assert scene["mine"].reference in text and scene["to_other"].reference in text
            assert scene["trap"].reference not in text
        for secret in ("Mine Person", "Other Service Person", TRAP, "07700"):
            assert secret.encode() not in body


def test_counts_leave_out_what_the_viewer_may_not_see(client, programme, provider, scene):
    response = _open(client, provider, "referrals:list", programme)
    assert response.context["counts"]["states"]["sent"] == 1


def test_every_view_of_the_details_is_audited_and_the_list_reads_none(
    client, programme, provider, scene
):
    referral = scene["mine"]
    _open(client, provider, "referrals:list", programme)
    assert not AuditEvent.objects.filter(target=f"referral:{referral.pk}").exists()
    for _time in range(2):
        response = _open(client, provider, "referrals:detail", programme, pk=referral.pk)
        assert "Mine Person" in response.content.decode()
    views = AuditEvent.objects.filter(
        target=f"referral:{referral.pk}", action=AuditEvent.Action.PERSONAL_DATA_VIEWED
    )
    assert views.count() == 2 and {v.actor_id for v in views} == {provider.pk}


def test_after_withdrawal_the_service_sees_it_was_withdrawn_and_no_details(
    client, programme, networker, provider, scene
):
    referral = scene["mine"]
    client.force_login(networker)
    url = reverse("referrals:withdraw", kwargs={"programme": programme.slug, "pk": referral.pk})
    assert "cannot be undone" in client.get(url).content.decode()
    client.post(url)
    response = _open(client, provider, "referrals:detail", programme, pk=referral.pk)
    text = response.content.decode()
    assert "withdrew their consent" in text and "Mine Person" not in text
    assert "07700" not in text
    referral.refresh_from_db()
    assert referral.state == "withdrawn"


def test_list_query_count_does_not_grow(
    client, programme, coordinator, service, networker, django_assert_max_num_queries
):
    for _index in range(3):
        make_referral(programme=programme, service=service, referred_by=networker)
    client.force_login(coordinator)
    url = reverse("referrals:list", kwargs={"programme": programme.slug})
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _index in range(30):
        make_referral(programme=programme, service=service, referred_by=networker)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_create_through_the_page_stores_once(
    client, programme, networker, service, provider, farsi
):
    client.force_login(networker)
    url = reverse("referrals:create", kwargs={"programme": programme.slug})
    page = client.get(url, {"wording": "fa"})
    assert page.status_code == 200
    form = page.context["form"]
    payload = {
        "client_id": str(uuid.uuid4()),
        "contact": "",
        "consent_wording_version": form["consent_wording_version"].value(),
        "consent_language": form["consent_language"].value(),
        "service": str(service.pk),
        "person_name": "Page Person",
        "language": "fa",
        "interpreter_needed": "yes",
        "contact_method": "phone",
        "contact_detail": "07700 900555",
        "note": "",
        "consent_given_by": "person",
        "consent_method": "interpreted",
        "consent_confirmed": "on",
    }
    first = client.post(url, payload)
    second = client.post(url, payload)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Referral.objects.filter(person_name__isnull=False).count() == 1
    # Sent empty: the error summary, and nothing stored.
    empty = client.post(url, {"client_id": str(uuid.uuid4())})
    assert empty.status_code == 200 and "There is a problem" in empty.content.decode()


def test_overdue_referrals_are_listed_for_the_referrer_and_coordinators(
    client, programme, networker, coordinator, service, settings
):
    from datetime import timedelta

    from django.utils import timezone

    settings.REFERRALS_OVERDUE_DAYS = 10
    stale = make_referral(programme=programme, service=service, referred_by=networker)
    make_referral(programme=programme, service=service, referred_by=networker)
    closed = make_referral(
        programme=programme, service=service, referred_by=networker, state="completed"
    )
    Referral.objects.filter(pk__in=[stale.pk, closed.pk]).update(
        state_changed_at=timezone.now() - timedelta(days=11)
    )
    for user in (networker, coordinator):
        client.force_login(user)
        url = reverse("referrals:list", kwargs={"programme": programme.slug})
        response = client.get(url, {"state": "overdue"})
        assert [r.pk for r in response.context["page"]] == [stale.pk]
        assert response.context["counts"]["overdue"] == 1
        assert "has not changed for more than" in client.get(url).content.decode()


def test_a_coordinator_sets_and_lifts_a_legal_hold(client, programme, coordinator, scene):
    from datetime import timedelta

    from django.utils import timezone

    referral = scene["mine"]
    client.force_login(coordinator)
    url = reverse("referrals:hold", kwargs={"programme": programme.slug, "pk": referral.pk})
    review = (timezone.localdate() + timedelta(days=60)).isoformat()
    assert client.post(url, {"reason": "Complaint under investigation", "review_on": review})
    referral.refresh_from_db()
    assert referral.on_hold and referral.hold_review_on.isoformat() == review
    assert AuditEvent.objects.filter(
        target=f"referral:{referral.pk}", detail__event="legal hold set"
    ).exists()
    client.post(url, {"lift": "1"})
    referral.refresh_from_db()
    assert not referral.on_hold


def test_the_list_total_taken_from_the_state_counts_matches_what_it_shows(
    client, programme, networker, provider, service, farsi
):
    """The paginator's total comes from the state counts (no filter, a state, overdue) or is
    counted (a language): each equals the referrals the filter shows, for a provider who must
    not see another organisation's."""
    other = service_of(programme, "Another organisation's service")
    arabic = language("ar", "Arabic", "العربية")
    Language.objects.filter(code__in=["ar", "fa"]).update(common=True)  # the filter offers them
    for index in range(30):
        make_referral(
            programme=programme,
            service=service if index % 3 else other,
            referred_by=networker,
            state=["sent", "accepted", "completed", "declined"][index % 4],
            decline_reason="other",
            language=arabic if index % 2 else farsi,
        )
    Referral.objects.filter(pk__in=Referral.objects.order_by("pk").values("pk")[:10]).update(
        state_changed_at=timezone.now() - timedelta(days=60)
    )
    client.force_login(provider)
    url = reverse("referrals:list", kwargs={"programme": programme.slug})
    visible = Referral.objects.filter(service=service)
    cutoff = timezone.now() - timedelta(days=14)
    expected = {
        "": visible.count(),
        "state=accepted": visible.filter(state="accepted").count(),
        "state=overdue": visible.filter(
            state__in=["sent", "accepted", "in_progress"], state_changed_at__lt=cutoff
        ).count(),
        "language=ar": visible.filter(language_id="ar").count(),
        "state=completed&language=fa": visible.filter(state="completed", language_id="fa").count(),
    }
    assert expected["state=overdue"] > 0
    for query, count in expected.items():
        page = client.get(f"{url}?{query}").context["page"]
        assert page.paginator.count == count, query
        assert len(page.object_list) == min(count, 25), query
