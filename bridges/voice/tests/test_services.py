import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from bridges.accounts.tests.factories import ProgrammeFactory
from bridges.core.models import Notification
from bridges.voice import services, similar
from bridges.voice.models import Issue, IssueEvent, IssueRoute, IssueSupporter, IssueTerm, State
from bridges.voice.tests.factories import raise_issue


def test_a_raise_sent_twice_is_stored_once(programme, networker_user):
    client_id = uuid.uuid4()
    data = services.IssueData(
        summary="No interpreters at the GP surgery",
        service_area="health",
        people_affected=8,
        urgency="high",
        evidence="Three families told me this week.",
    )
    first, created = services.issue_raise(
        programme=programme, raised_by=networker_user, client_id=client_id, data=data
    )
    again, created_again = services.issue_raise(
        programme=programme, raised_by=networker_user, client_id=client_id, data=data
    )
    assert created and not created_again and first.pk == again.pk
    assert Issue.objects.count() == 1
    assert first.evidence.count() == 1 and first.supporters.count() == 1
    assert first.events.get().kind == IssueEvent.Kind.RAISED


def test_suggestions_match_inflected_words_and_only_open_issues(programme, networker_user):
    gp = raise_issue(programme, networker_user, summary="Families refused GP registration")
    raise_issue(
        programme, networker_user, summary="Bus passes for English classes", service_area="english"
    )
    found = similar.suggestions(programme=programme, text="refusing registrations at the GP")
    assert [issue for issue, _shared, _n in found] == [gp]
    services.issue_close(issue=gp, by=None, reason="Duplicate of a council review")
    assert similar.suggestions(programme=programme, text="GP registration refused") == []


def test_suggestions_normalise_arabic_script(programme, networker_user):
    issue = raise_issue(
        programme, networker_user, summary="ثبت نام در پزشک عمومی ممکن نیست", language="fa"
    )
    # Arabic kaf/yeh written instead of the Persian letters still match.
    found = similar.suggestions(programme=programme, text="پزشك عمومي")
    assert [i for i, _s, _n in found] == [issue]


def test_suggestions_stay_in_their_programme(programme, networker_user):
    raise_issue(programme, networker_user, summary="Damp in private rented flats")
    other = ProgrammeFactory(slug="elsewhere")
    assert similar.suggestions(programme=other, text="damp rented flats") == []


def test_merge_moves_evidence_and_supporters_and_records_it(programme, networker_user, coordinator):
    kept = raise_issue(
        programme, networker_user, summary="Damp in rented flats", people_affected=10
    )
    merged = raise_issue(
        programme,
        coordinator,
        summary="Mould in private rentals",
        people_affected=6,
        urgency="high",
    )
    result = services.issue_merge(source=merged, target=kept, by=coordinator)
    merged.refresh_from_db()
    assert result.pk == kept.pk
    assert merged.state == State.MERGED and merged.merged_into_id == kept.pk
    assert kept.evidence.count() == 2
    assert set(IssueSupporter.objects.filter(issue=kept).values_list("user", flat=True)) == {
        networker_user.pk,
        coordinator.pk,
    }
    kept.refresh_from_db()
    assert kept.people_affected == 16 and kept.urgency == "high"
    assert kept.events.filter(kind=IssueEvent.Kind.MERGED_IN, other=merged).exists()
    assert merged.events.filter(kind=IssueEvent.Kind.MERGED_AWAY, other=kept).exists()
    assert not IssueTerm.objects.filter(issue=merged, is_open=True).exists()
    with pytest.raises(services.IssueConflict):
        services.issue_merge(source=merged, target=kept, by=coordinator)
    with pytest.raises(ValidationError):
        services.issue_merge(source=kept, target=kept, by=coordinator)


def test_route_answer_resolve_travels_and_tells_people(
    programme,
    networker_user,
    coordinator,
    partner,
    provider,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    issue = raise_issue(programme, networker_user)
    with django_capture_on_commit_callbacks(execute=True):
        route = services.issue_route(
            issue=issue, by=coordinator, organisation=partner, site_url="https://b.example"
        )
    issue.refresh_from_db()
    assert issue.state == State.ROUTED
    assert [m.to for m in mailoutbox] == [["housing.staff@example.org"]]
    assert f"/p/riverton/voice/routes/{route.pk}/answer/" in mailoutbox[0].body
    services.route_answer(route=route, answer="We will accept other proof of address.", by=provider)
    issue.refresh_from_db()
    assert issue.state == State.ANSWERED
    with pytest.raises(services.IssueConflict):
        services.route_answer(route=route, answer="Again", by=provider)
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_resolve(
            issue=issue,
            by=coordinator,
            public_summary="GP registration refused without ID",
            public_answer="Surgeries reminded that ID is not needed.",
        )
    issue.refresh_from_db()
    assert issue.state == State.RESOLVED and issue.resolved_at
    resolved_mail = [m for m in mailoutbox if networker_user.email in m.to]
    assert resolved_mail and "Surgeries reminded" in resolved_mail[0].body


def test_named_contact_link_is_single_purpose(programme, networker_user, coordinator):
    issue = raise_issue(programme, networker_user)
    route = services.issue_route(
        issue=issue, by=coordinator, contact_name="Sam Officer", contact_email="sam@council.example"
    )
    token = services.route_link_token(route)
    assert services.route_from_token(token) == route
    assert services.route_from_token(token + "x") is None
    assert services.route_from_token("1.abc:bad") is None
    # A new nonce (the link re-sent) makes the old link useless.
    route.link_nonce = "renewed"
    route.save()
    assert services.route_from_token(token) is None
    assert Notification.objects.filter(kind="voice.routed", to=["sam@council.example"]).exists()


def test_a_route_names_one_recipient(programme, networker_user, coordinator, partner):
    issue = raise_issue(programme, networker_user)
    with pytest.raises(ValidationError):
        services.issue_route(issue=issue, by=coordinator)


def test_overdue_routes(programme, networker_user, coordinator, partner, settings):
    issue = raise_issue(programme, networker_user)
    route = services.issue_route(issue=issue, by=coordinator, organisation=partner)
    days = settings.VOICE_ROUTE_OVERDUE_DAYS
    assert route.due_on == timezone.localdate() + timedelta(days=days)
    later = timezone.localdate() + timedelta(days=days + 1)
    assert list(IssueRoute.objects.overdue(today=later)) == [route]
    assert not IssueRoute.objects.overdue().exists()


def test_resolving_needs_public_words(programme, networker_user, coordinator):
    issue = raise_issue(programme, networker_user)
    with pytest.raises(ValidationError):
        services.issue_resolve(issue=issue, by=coordinator, public_summary="", public_answer="")
    issue.refresh_from_db()
    assert issue.state == State.RAISED


def test_suggestions_find_an_issue_by_its_published_translation(programme, networker_user):
    from bridges.translations.services import publish_translation

    issue = raise_issue(programme, networker_user, summary="Families refused GP registration")
    assert similar.suggestions(programme=programme, text="ثبت نام پزشک") == []
    publish_translation(issue, "fa", {"summary": "خانواده‌ها برای ثبت نام نزد پزشک رد شدند"})
    found = similar.suggestions(programme=programme, text="ثبت نام پزشک")
    assert [i for i, _s, _n in found] == [issue]


def test_public_words_are_shown_in_the_readers_language(
    client, programme, networker_user, coordinator
):
    from django.urls import reverse
    from django.utils import translation

    from bridges.translations.services import publish_translation

    issue = raise_issue(programme, networker_user, people_affected=20)
    services.issue_resolve(
        issue=issue,
        by=coordinator,
        public_summary="Letters in English only",
        public_answer="Letters now in Farsi too",
    )
    issue.refresh_from_db()
    publish_translation(
        issue, "fa", {"summary": "نامه‌ها فقط به انگلیسی", "answer": "نامه‌ها اکنون به فارسی هم هست"}
    )
    with translation.override("fa"):
        url = reverse("voice_public:you_said", args=[programme.slug])
    text = client.get(url).content.decode()
    assert "نامه‌ها اکنون به فارسی هم هست" in text and "Letters now in Farsi too" not in text
    with translation.override("en"):
        english = client.get(
            reverse("voice_public:you_said", args=[programme.slug])
        ).content.decode()
    assert "Letters now in Farsi too" in english
