"""The public form, triage and the networker's answer, through the client."""

import uuid
from html import escape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bridges.accounts.models import AuditEvent
from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import member
from bridges.core.models import Notification
from bridges.core.tests.rawdb import is_fernet_token, raw_column, tables_containing
from bridges.directory.tests.factories import make_service
from bridges.networkers.models import Networker
from bridges.support import consent
from bridges.support.models import SupportAssignment, SupportRequest
from bridges.support.tests.conftest import active_networker
from bridges.support.tests.factories import support_request

pytestmark = pytest.mark.django_db

State = SupportRequest.State


def _form(**changes) -> dict:
    data = {
        "needs": ["housing", "health"],
        "language": "ar",
        "other_language": "",
        "contact_by": "phone",
        "contact_detail": "07700 900321",
        "name": "Quokka Asker",
        "message": "Quokka mornings are best",
        "consent": "on",
        "consent_version": consent.CURRENT,
        "website": "",
        "token": str(uuid.uuid4()),
    }
    data.update(changes)
    return data


def _ask(programme):
    return reverse("support_public:ask", args=[programme.slug])


def test_the_form_works_without_javascript_and_records_consent(client, programme, arabic):
    page = client.get(_ask(programme))
    assert page.status_code == 200
    body = page.content.decode()
    assert "<script" not in body.split("<main", 1)[1].split("</main>", 1)[0]
    assert escape(str(consent.wording())) in body
    response = client.post(_ask(programme), _form())
    assert response.status_code == 302
    assert response["Location"] == reverse("support_public:thanks", args=[programme.slug])
    stored = SupportRequest.objects.get()
    assert stored.programme == programme and stored.state == State.NEW
    assert stored.needs == ["housing", "health"] and stored.language_id == "ar"
    assert stored.consent_version == consent.CURRENT and stored.consent_at
    for field in ("contact_detail", "name", "message"):
        assert is_fernet_token(raw_column(stored, field)), field
    assert tables_containing("Quokka") == {}


def test_a_form_sent_twice_is_stored_once(client, programme, arabic):
    data = _form()
    first = client.post(_ask(programme), data)
    second = client.post(_ask(programme), data)
    assert first.status_code == second.status_code == 302
    assert SupportRequest.objects.count() == 1
    client.post(_ask(programme), _form())  # a new form is a new request
    assert SupportRequest.objects.count() == 2


def test_without_consent_nothing_is_stored_and_the_error_is_shown(client, programme, arabic):
    data = _form()
    del data["consent"]
    response = client.post(_ask(programme), data)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not SupportRequest.objects.exists()


def test_a_bot_filling_the_hidden_field_stores_nothing(client, programme, arabic):
    response = client.post(_ask(programme), _form(website="http://spam.example"))
    assert response.status_code == 302
    assert not SupportRequest.objects.exists()


def test_an_email_must_look_like_one(client, programme, arabic):
    response = client.post(_ask(programme), _form(contact_by="email", contact_detail="07700"))
    assert response.status_code == 200
    assert not SupportRequest.objects.exists()


def test_immigration_is_signposted_to_regulated_advisers(client, programme, arabic, coordinator):
    make_service(programme, name="Riverton Migrant Legal Project", need="immigration-advice")
    response = client.post(_ask(programme), _form(needs=["immigration"]), follow=True)
    body = response.content.decode()
    assert "Immigration questions go to a regulated adviser." in body
    assert "Riverton Migrant Legal Project" in body
    stored = SupportRequest.objects.get()
    assert stored.touches_immigration
    client.force_login(coordinator)
    queue = client.get(reverse("support:queue", args=[programme.slug])).content.decode()
    assert "signposted to regulated advisers" in queue
    detail = client.get(reverse("support:detail", args=[programme.slug, stored.pk]))
    assert "Immigration questions go to a regulated adviser." in detail.content.decode()
    assert "Riverton Migrant Legal Project" in detail.content.decode()
    # Without immigration, no signposting.
    other = support_request(programme, needs=["housing"])
    detail = client.get(reverse("support:detail", args=[programme.slug, other.pk]))
    assert "Immigration questions go to a regulated adviser." not in detail.content.decode()


def test_another_programmes_requests_are_in_no_list_count_or_download(
    client, programme, other_programme, arabic, coordinator
):
    support_request(programme, contact_detail="07700 900001")
    trap = support_request(other_programme, contact_detail="07700 900999")
    client.force_login(coordinator)
    queue = reverse("support:queue", args=[programme.slug])
    page = client.get(queue)
    assert [r.pk for r in page.context["page"]] != [] and trap.pk not in [
        r.pk for r in page.context["page"]
    ]
    assert sum(item["count"] for item in page.context["state_counts"]) == 1
    for export in ("csv", "xlsx"):
        download = client.get(queue, {"format": export})
        assert download.status_code == 200
    csv = client.get(queue, {"format": "csv"}).content.decode()
    assert trap.reference not in csv and csv.count("SR-") == 1
    assert "07700" not in csv  # no contact details in a download
    assert client.get(reverse("support:detail", args=[programme.slug, trap.pk])).status_code == 404
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count() == 3


def test_a_networker_sees_only_requests_assigned_to_them(client, programme, arabic):
    mine = active_networker(
        programme, member(programme, Role.NETWORKER), name="Me", languages=[("ar", "fluent")]
    )
    theirs = active_networker(
        programme, member(programme, Role.NETWORKER), name="Them", languages=[("ar", "fluent")]
    )
    now = timezone.now()
    other = support_request(programme, state=State.ASSIGNED, networker=theirs, assigned_at=now)
    client.force_login(mine.user)
    for name in ("support:offer", "support:decline"):
        assert client.get(reverse(name, args=[programme.slug, other.pk])).status_code == 404
    response = client.post(reverse("support:accept", args=[programme.slug, other.pk]))
    assert response.status_code == 404
    assert (
        client.get(reverse("support:mine", args=[programme.slug])).context["page"].paginator.count
        == 0
    )


def test_assign_accept_contacted_with_notification_and_audit(
    client,
    programme,
    arabic,
    coordinator,
    new_request,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    helper = active_networker(
        programme, member(programme, Role.NETWORKER), name="Helper",
        languages=[("ar", "native")], days=["mon"],
    )  # fmt: skip
    client.force_login(coordinator)
    detail = reverse("support:detail", args=[programme.slug, new_request.pk])
    page = client.get(detail)
    assert "Quokka Person" in page.content.decode()  # the coordinator sees the details…
    assert (
        AuditEvent.objects.filter(
            action=AuditEvent.Action.PERSONAL_DATA_VIEWED,
            target=f"support_request:{new_request.pk}",
        ).count()
        == 1
    )  # …and that is audited
    assert [s.networker_id for s in page.context["suggestions"]] == [helper.pk]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("support:assign", args=[programme.slug, new_request.pk]),
            {"networker": helper.pk},
        )
    new_request.refresh_from_db()
    assert new_request.state == State.ASSIGNED and new_request.networker == helper
    assert Notification.objects.get(kind="support.request_offered").to == [helper.user.email]
    (email,) = mailoutbox
    assert email.to == [helper.user.email]
    assert "Quokka" not in email.body and "07700" not in email.body
    assert reverse("support:offer", args=[programme.slug, new_request.pk]) in email.body

    client.force_login(helper.user)
    offer = reverse("support:offer", args=[programme.slug, new_request.pk])
    before = client.get(offer).content.decode()
    assert "Quokka Person" not in before and "07700 900777" not in before
    viewed = AuditEvent.objects.filter(
        actor=helper.user, action=AuditEvent.Action.PERSONAL_DATA_VIEWED
    )
    assert viewed.count() == 0
    client.post(reverse("support:accept", args=[programme.slug, new_request.pk]))
    after = client.get(offer).content.decode()
    assert "07700 900777" in after and "Quokka Person" in after
    assert viewed.count() == 1
    client.post(reverse("support:contacted", args=[programme.slug, new_request.pk]))
    new_request.refresh_from_db()
    assert new_request.state == State.CONTACTED and new_request.contacted_at
    page = client.get(offer).content.decode()
    assert reverse("contacts:record", args=[programme.slug]) in page


def test_a_decline_returns_it_to_triage_with_the_reason(
    client, programme, arabic, coordinator, new_request
):
    helper = active_networker(
        programme, member(programme, Role.NETWORKER), name="Helper", languages=[("ar", "native")]
    )
    client.force_login(coordinator)
    client.post(
        reverse("support:assign", args=[programme.slug, new_request.pk]), {"networker": helper.pk}
    )
    client.force_login(helper.user)
    decline = reverse("support:decline", args=[programme.slug, new_request.pk])
    assert client.post(decline, {}).status_code == 200  # a reason is needed
    client.post(decline, {"reason": "not_available", "note": "Away this week"})
    new_request.refresh_from_db()
    assert new_request.state == State.NEW and new_request.networker is None
    answer = SupportAssignment.objects.get(request=new_request)
    assert answer.answer == SupportAssignment.Answer.DECLINED
    assert answer.decline_reason == "not_available"
    client.force_login(coordinator)
    page = client.get(reverse("support:detail", args=[programme.slug, new_request.pk]))
    body = page.content.decode()
    assert "I am not available in the next few days" in body and "Away this week" in body
    assert page.context["suggestions"] == []  # the one who declined is not suggested again


def test_only_active_networkers_of_the_programme_can_be_assigned(
    client, programme, other_programme, arabic, coordinator, new_request
):
    stranger = active_networker(
        other_programme, member(other_programme, Role.NETWORKER), name="Stranger",
        languages=[("ar", "native")],
    )  # fmt: skip
    client.force_login(coordinator)
    url = reverse("support:assign", args=[programme.slug, new_request.pk])
    assert client.post(url, {"networker": stranger.pk}).status_code == 404
    applicant = Networker.objects.create(programme=programme, display_name="Applicant")
    client.post(url, {"networker": applicant.pk})
    new_request.refresh_from_db()
    assert new_request.state == State.NEW


def test_closing_asks_first(client, programme, arabic, coordinator, new_request):
    client.force_login(coordinator)
    url = reverse("support:close", args=[programme.slug, new_request.pk])
    assert client.get(url).status_code == 200
    new_request.refresh_from_db()
    assert new_request.state == State.NEW
    client.post(url, {"reason": "elsewhere"})
    new_request.refresh_from_db()
    assert new_request.state == State.CLOSED and new_request.close_reason == "elsewhere"


def test_the_queue_filters_by_need_language_state_and_age(client, programme, arabic, coordinator):
    from bridges.networkers.tests.factories import language

    old = support_request(
        programme, needs=["work"], received_at=timezone.now() - timezone.timedelta(days=9)
    )
    farsi = support_request(programme, needs=["housing"], language=language("fa", "Farsi"))
    client.force_login(coordinator)
    queue = reverse("support:queue", args=[programme.slug])

    def found(**filters):
        return [r.pk for r in client.get(queue, filters).context["page"]]

    assert found(need="work") == [old.pk]
    assert found(language="fa") == [farsi.pk]
    assert found(age="older") == [old.pk]
    assert found(age="day") == [farsi.pk]
    assert found(state="closed") == []
    assert client.get(queue, {"state": "nonsense"}).status_code == 200


def test_the_queue_pages_in_constant_queries(
    client, programme, arabic, coordinator, django_assert_max_num_queries
):
    for _ in range(30):
        support_request(programme)
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        client.get(reverse("support:queue", args=[programme.slug]))


def test_a_coordinator_takes_an_offer_back_after_asking_first(
    client, programme, arabic, coordinator, new_request, django_capture_on_commit_callbacks,
    mailoutbox,
):  # fmt: skip
    helper = active_networker(
        programme, member(programme, Role.NETWORKER), name="Helper", languages=[("ar", "native")]
    )
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("support:assign", args=[programme.slug, new_request.pk]),
            {"networker": helper.pk},
        )
    client.force_login(helper.user)
    client.post(reverse("support:accept", args=[programme.slug, new_request.pk]))
    mailoutbox.clear()

    client.force_login(coordinator)
    detail = client.get(reverse("support:detail", args=[programme.slug, new_request.pk]))
    withdraw = reverse("support:withdraw", args=[programme.slug, new_request.pk])
    assert withdraw in detail.content.decode()
    asked = client.get(withdraw)  # asks first: nothing changes yet
    assert "Helper" in asked.content.decode()
    new_request.refresh_from_db()
    assert new_request.state == State.ACCEPTED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(withdraw)
        client.post(withdraw)  # sent twice: the second changes nothing
    new_request.refresh_from_db()
    assert new_request.state == State.NEW and new_request.networker is None
    assert new_request.assignments.get().answer == SupportAssignment.Answer.WITHDRAWN
    (email,) = mailoutbox  # the networker is told once, without the person's details
    assert email.to == [helper.user.email]
    assert "Quokka" not in email.body and "07700" not in email.body
    assert reverse("support:mine", args=[programme.slug]) in email.body
    # It is back in triage, and no longer the networker's.
    page = client.get(reverse("support:detail", args=[programme.slug, new_request.pk]))
    assert page.context["suggestions"]
    client.force_login(helper.user)
    offer = reverse("support:offer", args=[programme.slug, new_request.pk])
    assert client.get(offer).status_code == 404


def test_the_triage_queue_costs_the_same_queries_however_long_it_grows(
    client, programme, coordinator
):
    """Each row shows its language, area and assigned networker: read with the page, not per row."""
    networker = active_networker(programme, member(programme, Role.NETWORKER), name="Queue Helper")
    client.force_login(coordinator)
    url = reverse("support:queue", args=[programme.slug])

    def queries_with(n: int) -> int:
        for _ in range(n):
            support_request(programme, networker=networker, state=SupportRequest.State.ASSIGNED)
        client.get(url)  # warm the per-process caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        assert response.content.decode().count("Queue Helper") >= min(
            SupportRequest.objects.count(), 20
        )
        return len(captured)

    assert queries_with(2) == queries_with(20)
