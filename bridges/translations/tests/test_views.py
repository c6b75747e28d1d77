"""The staff pages through the client: translate, review, coverage, download, waiting."""

import pytest
from django.urls import reverse

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import member
from bridges.directory.models import Organization, Service, ServiceTranslation
from bridges.translations.models import State, Translation
from bridges.translations.selectors import translated

from .factories import speaker

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(programme):
    org = Organization.objects.create(programme=programme, name="Riverton Law")
    return Service.objects.create(
        programme=programme,
        organization=org,
        name="Housing advice",
        description="Free advice on renting.",
        eligibility="Anyone living in Riverton.",
    )


def _start_url(programme, service, language):
    return reverse(
        "translations:start", args=[programme.slug, "directory.service", service.pk, language]
    )


def test_translate_review_and_publish_to_the_directory(client, programme, service):
    amal = speaker(programme, "ar", name="Amal")
    basel = speaker(programme, "ar", name="Basel")
    client.force_login(amal)
    url = _start_url(programme, service, "ar")
    page = client.get(url)
    assert page.status_code == 200
    assert 'lang="ar"' in page.content.decode()
    # A partial draft is kept; sending it for review needs every part.
    response = client.post(
        url, {"seg__name": "نصيحة السكن", "version": "", "action": "draft", "credit": "on"}
    )
    row = Translation.objects.get()
    assert response.status_code == 302 and row.state == State.DRAFT
    edit = reverse("translations:translate", args=[programme.slug, row.pk])
    refused = client.post(edit, {"seg__name": "نصيحة السكن", "action": "submit"})
    assert refused.status_code == 200
    assert "Translate every part" in refused.content.decode()
    row.refresh_from_db()
    assert row.state == State.DRAFT
    client.post(
        edit,
        {
            "seg__name": "نصيحة السكن",
            "seg__description": "نصيحة مجانية بشأن الإيجار.",
            "seg__eligibility": "أي شخص يعيش في ريفرتون.",
            "action": "submit",
            "credit": "on",
        },
    )
    row.refresh_from_db()
    assert row.state == State.REVIEW
    # The translator cannot approve their own.
    own = client.post(
        reverse("translations:review", args=[programme.slug, row.pk]), {"action": "approve"}
    )
    assert own.status_code == 200
    row.refresh_from_db()
    assert row.state == State.REVIEW
    client.force_login(basel)
    review = reverse("translations:review", args=[programme.slug, row.pk])
    empty = client.post(review, {"action": "send_back", "comment": ""})
    assert "Enter a comment" in empty.content.decode()
    done = client.post(review, {"action": "approve"})
    assert done.status_code == 302
    row.refresh_from_db()
    assert row.state == State.PUBLISHED
    # The directory's published copy is the approved text; the public page reads it.
    copy = ServiceTranslation.objects.get(service=service, language="ar")
    assert copy.name == "نصيحة السكن"
    assert translated(service, "ar").credits == ["Amal"]
    public = client.get(
        reverse("directory_public:service_detail", kwargs={"service_id": service.pk}).replace(
            "/en/", "/ar/"
        )
    )
    assert "نصيحة السكن" in public.content.decode()


def test_two_translators_do_not_overwrite_each_other(client, programme, service):
    one = speaker(programme, "pl", name="One")
    two = speaker(programme, "pl", name="Two")
    client.force_login(one)
    client.post(_start_url(programme, service, "pl"), {"seg__name": "Porady", "action": "draft"})
    row = Translation.objects.get()
    edit = reverse("translations:translate", args=[programme.slug, row.pk])
    shown = client.get(edit).context["form"]["version"].value()
    client.force_login(two)
    client.post(edit, {"seg__name": "Porady mieszkaniowe", "version": shown, "action": "draft"})
    client.force_login(one)
    clash = client.post(edit, {"seg__name": "Moje porady", "version": shown, "action": "draft"})
    text = clash.content.decode()
    assert "Someone else changed this record" in text
    assert "Moje porady" in text  # what they typed is still there
    row.refresh_from_db()
    assert row.draft_segments == {"name": "Porady mieszkaniowe"}


def test_a_networker_who_does_not_speak_the_language_reads_only(client, programme, service):
    polish = speaker(programme, "pl")
    client.force_login(polish)
    url = _start_url(programme, service, "ar")
    assert "Only networkers who speak" in client.get(url).content.decode()
    client.post(url, {"seg__name": "x", "action": "draft"})
    assert not Translation.objects.exists()


def test_coverage_counts_download_and_waiting(
    client, programme, service, django_assert_max_num_queries
):
    from bridges.translations.services import publish_translation

    amal = speaker(programme, "ar", name="Amal Helper")
    publish_translation(service, "ar", {"name": "نصيحة"}, translator=amal)
    publish_translation(service, "pl", {"name": "Porady"})
    service.name = "Housing and benefits advice"
    service.save()
    coordinator = member(programme, Role.COORDINATOR)
    client.force_login(coordinator)
    page = client.get(reverse("translations:coverage", args=[programme.slug]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Housing and benefits advice" in text
    assert "Amal Helper" in text  # who could help with Arabic
    summary = {
        row["code"]: dict((s, n) for s, _l, n in row["counts"]) for row in page.context["summary"]
    }
    assert summary["ar"]["out_of_date"] == 1
    assert summary["fa"]["missing"] == 1
    csv = client.get(reverse("translations:export", args=[programme.slug]))
    body = b"".join([csv.content]).decode()
    assert csv["Content-Disposition"].startswith("attachment")
    assert "Housing and benefits advice" in body and "Out of date" in body
    bad = client.get(reverse("translations:coverage", args=[programme.slug]), {"kind": "nope"})
    assert "There is a problem" in bad.content.decode()
    client.force_login(amal)
    waiting = client.get(reverse("translations:waiting", args=[programme.slug]))
    assert [w.action for w in waiting.context["page"].object_list] == ["update"]
    home = client.get(reverse("accounts:programme_home", args=[programme.slug]))
    assert home.status_code == 200
