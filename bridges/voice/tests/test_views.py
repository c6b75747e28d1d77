import io
import re

from django.urls import reverse

from bridges.accounts.models import Organisation
from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import member
from bridges.contacts.tests.factories import record
from bridges.networkers.models import Networker
from bridges.networkers.tests.factories import NetworkerFactory, community, ward
from bridges.voice import services
from bridges.voice.models import Issue, State
from bridges.voice.tests.factories import raise_issue


def _url(name, programme, *args):
    return reverse(name, args=[programme.slug, *args])


def test_raise_form_explains_what_is_missing_and_stores_nothing(client, programme, networker_user):
    client.force_login(networker_user)
    response = client.post(
        _url("voice:issue_raise", programme), {"client_id": "5b7d2a9e-2f33-4c53-9d9a-000000000001"}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "There is a problem" in text and 'href="#id_summary"' in text
    assert Issue.objects.count() == 0


def test_raise_then_duplicate_submission_is_stored_once(client, programme, networker_user):
    client.force_login(networker_user)
    data = {
        "client_id": "5b7d2a9e-2f33-4c53-9d9a-000000000002",
        "summary": "Families cannot register with a GP",
        "service_area": "health",
        "people_affected": "9",
        "urgency": "high",
        "evidence": "Turned away at two surgeries.",
        "language": "en",
    }
    first = client.post(_url("voice:issue_raise", programme), data)
    second = client.post(_url("voice:issue_raise", programme), data)
    issue = Issue.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == _url("voice:detail", programme, issue.pk)


def test_raise_from_a_contact_suggests_its_need_language_and_area_only(
    client, programme, networker_user
):
    area = ward("E05011111", "Riverside")
    programme.local_authority_id = area.parent_id
    programme.save()
    networker = Networker.objects.get(user=networker_user)
    contact = record(
        programme,
        networker,
        needs=["housing"],
        languages=["fa"],
        area=area.pk,
        note="Name: Secret Person",
    )
    client.force_login(networker_user)
    response = client.get(_url("voice:issue_raise", programme) + f"?contact={contact.pk}")
    text = response.content.decode()
    assert 'value="housing" selected' in text
    assert 'value="fa" selected' in text
    assert re.search(rf'value="{area.pk}"[^>]*checked', text)
    assert "Secret Person" not in text
    # Someone else's contact record suggests nothing.
    other_user = member(programme, Role.NETWORKER)
    NetworkerFactory(programme=programme, user=other_user)
    client.force_login(other_user)
    assert (
        'value="housing" selected'
        not in client.get(
            _url("voice:issue_raise", programme) + f"?contact={contact.pk}"
        ).content.decode()
    )


def test_raise_from_a_cascade_keeps_its_summary_and_source(client, programme, networker_user):
    client.force_login(networker_user)
    url = (
        _url("voice:issue_raise", programme)
        + "?summary=Where+do+we+get+bus+passes%3F&source=cascade:42"
    )
    text = client.get(url).content.decode()
    assert "Where do we get bus passes?" in text and "cascade:42" in text
    response = client.post(
        url,
        {
            "client_id": "5b7d2a9e-2f33-4c53-9d9a-000000000003",
            "source": "cascade:42",
            "summary": "Where do we get bus passes?",
            "service_area": "money",
            "people_affected": "30",
            "urgency": "low",
            "evidence": "Asked at every session after the cascade.",
            "language": "en",
        },
    )
    assert response.status_code == 302
    issue = Issue.objects.get()
    assert (issue.source, issue.source_id) == ("cascade", 42)


def test_similar_suggestions_with_and_without_javascript(client, programme, networker_user):
    issue = raise_issue(programme, networker_user, summary="Damp and mould in rented flats")
    client.force_login(networker_user)
    partial = client.get(
        _url("voice:similar", programme), {"summary": "mouldy flat"}, HTTP_HX_REQUEST="true"
    )
    assert issue.reference in partial.content.decode()
    assert "<html" not in partial.content.decode()
    assert "HX-Request" in partial["Vary"]
    # Without JavaScript the "check for similar" button draws the form again with them.
    checked = client.post(
        _url("voice:issue_raise", programme),
        {
            "check": "1",
            "summary": "damp rented flats",
            "client_id": "5b7d2a9e-2f33-4c53-9d9a-000000000004",
        },
    )
    assert issue.reference in checked.content.decode()
    assert Issue.objects.count() == 1


def test_provider_answers_only_their_organisations_routes(
    client, programme, networker_user, coordinator, partner, provider
):
    issue = raise_issue(programme, networker_user)
    mine = services.issue_route(issue=issue, by=coordinator, organisation=partner)
    elsewhere = Organisation.objects.create(name="Another Partner", kind="charity")
    elsewhere.programmes.add(programme)
    theirs = services.issue_route(issue=issue, by=coordinator, organisation=elsewhere)
    client.force_login(provider)
    assert client.get(_url("voice:route_answer", programme, theirs.pk)).status_code == 404
    listed = client.get(_url("voice:routes", programme)).content.decode()
    assert "Riverton Housing Options" in listed and "Another Partner" not in listed
    response = client.post(
        _url("voice:route_answer", programme, mine.pk), {"answer": "We will take other ID."}
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.state == State.ANSWERED
    # A provider cannot open the issue pages themselves.
    assert client.get(_url("voice:detail", programme, issue.pk)).status_code == 403


def test_named_contact_answers_through_the_link_once(
    client, programme, networker_user, coordinator
):
    issue = raise_issue(programme, networker_user)
    route = services.issue_route(
        issue=issue, by=coordinator, contact_name="Sam Officer", contact_email="sam@council.example"
    )
    url = reverse("voice:answer_by_link", args=[services.route_link_token(route)])
    page = client.get(url)
    assert page.status_code == 200 and page["Referrer-Policy"] == "no-referrer"
    assert client.post(url, {"answer": ""}).status_code == 200  # error shown, nothing stored
    route.refresh_from_db()
    assert route.answered_at is None
    assert client.post(url, {"answer": "A review of surgery letters in March."}).status_code == 302
    route.refresh_from_db()
    assert route.answer == "A review of surgery letters in March."
    client.post(url, {"answer": "Changed my mind"})
    route.refresh_from_db()
    assert route.answer == "A review of surgery letters in March."
    assert client.get(reverse("voice:answer_by_link", args=["forged"])).status_code == 404


def test_public_page_names_nobody_and_no_small_group(
    client, programme, networker_user, coordinator, settings
):
    settings.VOICE_PUBLIC_COMMUNITY_MIN = 2
    big = community(programme, "Eritrean community")
    small = community(programme, "Tiny Parish Group")
    for _n in range(2):
        NetworkerFactory(programme=programme).communities.add(big)
    area = ward("E05011112", "Harbourside")
    issue = raise_issue(
        programme,
        networker_user,
        summary="Private words of Amina",
        people_affected=40,
        communities=[big],
        areas=[area],
    )
    services.issue_resolve(
        issue=issue,
        by=coordinator,
        public_summary="Letters in English only",
        public_answer="Letters now offered in Tigrinya",
    )
    few = raise_issue(
        programme,
        networker_user,
        summary="Another",
        people_affected=3,
        communities=[small],
        areas=[area],
    )
    services.issue_resolve(
        issue=few, by=coordinator, public_summary="Few said this", public_answer="Few got this"
    )
    text = client.get(reverse("voice_public:you_said", args=[programme.slug])).content.decode()
    assert "Letters now offered in Tigrinya" in text and "Few got this" in text
    assert "Private words of Amina" not in text and "Amina" not in text
    assert "Eritrean community" in text and "Tiny Parish Group" not in text
    assert "About 40 people affected" in text and "About 3" not in text
    # The ward is named beside the big community, never beside the small one.
    assert text.count("Harbourside") == 1
    farsi = client.get(
        reverse("voice_public:you_said", args=[programme.slug]).replace("/en/", "/fa/")
    )
    assert 'dir="rtl"' in farsi.content.decode()


def test_agenda_downloads_group_by_area_overdue_first(
    client, programme, networker_user, coordinator, partner
):
    raise_issue(programme, networker_user, summary="Housing waits", service_area="housing")
    late = raise_issue(
        programme, networker_user, summary="Benefit letters late", service_area="benefits"
    )
    route = services.issue_route(issue=late, by=coordinator, organisation=partner)
    route.due_on = route.routed_at.date().replace(year=2020)
    route.save()
    client.force_login(coordinator)
    page = client.get(_url("voice:agenda", programme)).content.decode()
    assert page.index("Benefit letters late") < page.index("Housing waits")
    docx = client.get(_url("voice:agenda_download", programme), {"format": "docx"})
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats")
    from docx import Document

    document = Document(io.BytesIO(docx.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings.index("Benefits") < headings.index("Housing")
    assert any("answer overdue" in h for h in headings)
    pdf = client.get(_url("voice:agenda_download", programme), {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert (
        client.get(_url("voice:agenda_download", programme), {"format": "exe"}).status_code == 404
    )


def test_list_filters_pages_and_downloads(client, programme, networker_user, coordinator):
    for n in range(30):
        raise_issue(programme, networker_user, summary=f"Issue number {n}")
    client.force_login(coordinator)
    first = client.get(_url("voice:list", programme)).content.decode()
    assert "Page 1 of 2" in first
    bad = client.get(_url("voice:list", programme), {"state": "nonsense"}).content.decode()
    assert "There is a problem" in bad
    csv = client.get(_url("voice:export", programme), {"format": "csv"})
    assert csv.content.decode().count("\n") == 31


def test_merge_asks_first(client, programme, networker_user, coordinator):
    kept = raise_issue(programme, networker_user, summary="Damp in flats")
    other = raise_issue(programme, networker_user, summary="Damp and mould in flats")
    client.force_login(coordinator)
    page = client.get(_url("voice:merge", programme, other.pk)).content.decode()
    assert "cannot be undone" in page and kept.reference in page
    response = client.post(_url("voice:merge", programme, other.pk), {"target": kept.pk})
    assert response["Location"] == _url("voice:detail", programme, kept.pk)
    other.refresh_from_db()
    assert other.state == State.MERGED


def test_contact_record_page_links_to_raising_an_issue(client, programme, networker_user):
    networker = Networker.objects.get(user=networker_user)
    contact = record(programme, networker, needs=["housing"])
    client.force_login(networker_user)
    text = client.get(
        reverse("contacts:detail", args=[programme.slug, contact.pk])
    ).content.decode()
    assert _url("voice:issue_raise", programme) + f"?contact={contact.pk}" in text
