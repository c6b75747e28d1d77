"""The coordinators' pages: writing a guide with its steps, the readability shown, validation,
publishing, deleting (asked first) and the download."""

import pytest
from django.urls import reverse

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import ProgrammeFactory, member
from bridges.directory.tests.factories import make_service
from bridges.guides.models import Guide

from .factories import make_guide

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return ProgrammeFactory(slug="riverton")


@pytest.fixture
def coordinator_client(client, programme):
    client.force_login(member(programme, Role.COORDINATOR))
    return client


def _form(**overrides) -> dict:
    data = {
        "title": "Register with a GP",
        "slug": "register-with-a-gp",
        "summary": "A GP is a family doctor. Seeing a GP is free.",
        "who_can": "Anyone in England can register.",
        "what_you_need": "",
        "costs": "It is free.",
        "help": "",
        "official_url": "",
        "last_checked": "2026-11-22",
        "steps-TOTAL_FORMS": "3",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "30",
        "steps-0-title": "Find a practice",
        "steps-0-body": "Search with your postcode.",
        "steps-1-title": "",
        "steps-1-body": "",
        "steps-2-title": "Fill in the form",
        "steps-2-body": "",
    }
    data.update(overrides)
    return data


def test_a_coordinator_writes_a_guide_with_steps_and_sees_its_reading_ease(
    coordinator_client, programme
):
    service = make_service(programme, name="Riverside Surgery", need="gp")
    url = reverse("guides:create", kwargs={"programme": programme.slug})
    page = coordinator_client.get(url).content.decode()
    assert 'id="readability"' in page and "Write some text" in page

    response = coordinator_client.post(url, _form(services=[str(service.pk)]), follow=True)

    guide = Guide.objects.get(programme=programme)
    assert guide.status == Guide.Status.DRAFT
    assert [(s.number, s.title) for s in guide.steps.all()] == [
        (1, "Find a practice"),
        (2, "Fill in the form"),
    ]
    assert list(guide.services.all()) == [service]
    text = response.content.decode()
    assert "Reading ease:" in text and "aim for 60 or more" in text
    assert 'class="guide-score-number guide-score-good"' in text


def test_bad_input_names_each_field_and_changes_nothing(coordinator_client, programme):
    make_guide(programme, slug="register-with-a-gp")
    url = reverse("guides:create", kwargs={"programme": programme.slug})
    response = coordinator_client.post(
        url, _form(title="", last_checked="2999-01-01", official_url="not a web address")
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in text
    assert "Another guide already uses this web address name" in text
    assert "The date facts were last checked must be today or in the past" in text
    assert Guide.objects.count() == 1


def test_a_guide_sent_twice_is_stored_once(coordinator_client, programme):
    url = reverse("guides:create", kwargs={"programme": programme.slug})
    coordinator_client.post(url, _form())
    coordinator_client.post(url, _form())
    assert Guide.objects.count() == 1


def test_editing_renumbers_the_steps_and_removes_the_ones_ticked(coordinator_client, programme):
    guide = make_guide(programme, steps=3)
    first, second, third = guide.steps.all()
    url = reverse("guides:edit", kwargs={"programme": programme.slug, "guide_id": guide.pk})
    data = _form(
        **{
            "slug": guide.slug,
            "steps-TOTAL_FORMS": "4",
            "steps-INITIAL_FORMS": "3",
            "steps-0-id": str(first.pk),
            "steps-0-title": "First",
            "steps-0-body": "",
            "steps-1-id": str(second.pk),
            "steps-1-title": "Second",
            "steps-1-DELETE": "on",
            "steps-2-id": str(third.pk),
            "steps-2-title": "Third",
            "steps-2-body": "",
            "steps-3-title": "Fourth",
            "steps-3-body": "",
        }
    )
    response = coordinator_client.post(url, data)
    assert response.status_code == 302
    assert [(s.number, s.title) for s in guide.steps.all()] == [
        (1, "First"),
        (2, "Third"),
        (3, "Fourth"),
    ]


def test_the_readability_panel_follows_the_text(coordinator_client, programme):
    url = reverse("guides:readability", kwargs={"programme": programme.slug})
    easy = coordinator_client.post(url, {"summary": "Go to the GP. It is free. Take a pen."})
    hard = coordinator_client.post(
        url,
        {
            "summary": "Notwithstanding administrative considerations, registration "
            "necessitates comprehensive documentation demonstrating eligibility "
            "determinations, irrespective of organisational interpretations."
        },
    )
    assert "guide-score-good" in easy.content.decode()
    assert "guide-score-low" in hard.content.decode()
    assert "<html" not in easy.content.decode()


def test_publishing_and_taking_back(coordinator_client, programme):
    guide = make_guide(programme, status=Guide.Status.DRAFT)
    url = reverse("guides:status", kwargs={"programme": programme.slug, "guide_id": guide.pk})
    coordinator_client.post(url, {"status": "published"})
    guide.refresh_from_db()
    assert guide.is_published
    coordinator_client.post(url, {"status": "draft"})
    guide.refresh_from_db()
    assert not guide.is_published
    coordinator_client.post(url, {"status": "nonsense"})
    guide.refresh_from_db()
    assert guide.status == Guide.Status.DRAFT


def test_deleting_asks_first(coordinator_client, programme):
    guide = make_guide(programme)
    url = reverse("guides:delete", kwargs={"programme": programme.slug, "guide_id": guide.pk})
    page = coordinator_client.get(url).content.decode()
    assert "This cannot be undone" in page
    coordinator_client.post(url, {})
    assert Guide.objects.filter(pk=guide.pk).exists()
    coordinator_client.post(url, {"confirm": "yes"})
    assert not Guide.objects.filter(pk=guide.pk).exists()


def test_list_filters_pages_and_downloads(
    coordinator_client, programme, django_assert_max_num_queries
):
    for number in range(30):
        make_guide(programme, slug=f"guide-{number}", title=f"Guide {number:02d}", steps=1)
    make_guide(programme, slug="draft", title="A draft", status=Guide.Status.DRAFT)
    make_guide(ProgrammeFactory(slug="elsewhere"), slug="hidden", title="Elsewhere's guide")
    url = reverse("guides:list", kwargs={"programme": programme.slug})
    with django_assert_max_num_queries(12):
        page = coordinator_client.get(url).content.decode()
    assert "Page 1 of 2" in page and "Elsewhere" not in page
    drafts = coordinator_client.get(url, {"status": "draft"}).content.decode()
    assert "A draft" in drafts and "Guide 01" not in drafts
    wrong = coordinator_client.get(url, {"status": "nonsense"}).content.decode()
    assert "There is a problem" in wrong
    download = coordinator_client.get(
        reverse("guides:download", kwargs={"programme": programme.slug}), {"status": "draft"}
    )
    body = download.content.decode()
    assert download["Content-Disposition"].endswith('guides.csv"')
    assert "A draft" in body and "Guide 01" not in body
