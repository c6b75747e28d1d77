"""Pathways: the graph's pages, workarounds proposed and verified, the public planner, the
cache, and a second programme's graph as a trap everywhere."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from bridges.directory.models import Service
from bridges.directory.tests.factories import make_service
from bridges.pathways import selectors, services
from bridges.pathways.models import Item, Requirement, Workaround
from bridges.pathways.tests.factories import circle, item, requirement, workaround

pytestmark = pytest.mark.django_db


def _planner(client, programme, *, have=(), want=(), lang="en"):
    with translation.override(lang):
        url = reverse("pathways_public:planner", args=[programme.slug])
    return client.get(url, {"have": list(have), "want": list(want)})


# --- The planner page ---------------------------------------------------------------------


def test_the_planner_gives_an_ordered_plan(client, programme):
    found = circle(programme)
    passport = item(programme, "passport", "Passport")
    requirement(found["bank"], "Photo ID", [passport])
    # A way out of the circle that needs nothing: a council tax bill.
    bill = item(programme, "council-tax-bill", "Council tax bill")
    found["address"].requirements.get().alternatives.add(bill)
    services.item_update(item=bill, name="Council tax bill")  # forgets the cached graph
    response = _planner(client, programme, have=["passport"], want=["universal-credit"])
    assert response.status_code == 200
    steps = response.context["plan"].steps
    assert [s.text.name for s in steps] == [
        "Council tax bill",
        "Proof of address",
        "Bank account",
        "Universal Credit",
    ]
    page = response.content.decode()
    assert "you have it" in page and "from step 2" in page
    assert response.context["plan"].complete


def test_a_circle_with_no_way_round_is_named_in_order_and_said_plainly(client, programme):
    circle(programme)
    response = _planner(client, programme, want=["universal-credit"])
    plan = response.context["plan"]
    assert not plan.steps
    (stuck,) = plan.unreachable
    assert stuck.goal.name == "Universal Credit"
    (cycle,) = stuck.cycles
    assert [t.name for t in cycle.texts] == ["Bank account", "Proof of address", "Tenancy"]
    page = response.content.decode()
    assert "No way to" in page and "no way round is known" in page


def test_only_a_verified_workaround_gets_round_the_circle(client, programme, coordinator):
    found = circle(programme)
    proposed = workaround(found["needs_address"], "Ask a branch for a basic bank account")
    response = _planner(client, programme, want=["universal-credit"])
    assert response.context["plan"].unreachable
    assert "Ask a branch" not in response.content.decode()

    services.workaround_decide(workaround=proposed, verified=True, decided_by=coordinator)
    response = _planner(client, programme, want=["universal-credit"])
    plan = response.context["plan"]
    assert plan.complete
    assert [s.text.name for s in plan.steps] == ["Bank account", "Universal Credit"]
    assert plan.steps[0].needs[0].workaround == "Ask a branch for a basic bank account"
    (cycle,) = plan.cycles
    assert cycle.workarounds == ["Ask a branch for a basic bank account"]


def test_the_planner_asks_for_a_goal_and_stores_nothing(client, programme):
    circle(programme)
    before = (Item.objects.count(), Requirement.objects.count(), Workaround.objects.count())
    response = _planner(client, programme, have=["tenancy"])
    assert response.status_code == 200
    assert "Choose at least one thing the person wants to get" in response.content.decode()
    assert 'href="#id_want_0"' in response.content.decode()
    response = _planner(client, programme, want=["not-an-item"])
    assert response.context["form"].errors["want"]
    assert (Item.objects.count(), Requirement.objects.count(), Workaround.objects.count()) == before
    assert "sessionid" not in response.cookies


def test_the_planner_in_arabic_marks_english_item_names(client, programme):
    circle(programme)
    response = _planner(client, programme, want=["universal-credit"], lang="ar")
    page = response.content.decode()
    assert 'dir="rtl"' in page
    assert '<span lang="en" dir="ltr">Universal Credit</span>' in page


def test_an_inactive_or_unknown_programme_has_no_planner(client, programme, other_programme):
    other_programme.is_active = False
    other_programme.save()
    assert _planner(client, other_programme).status_code == 404
    with translation.override("en"):
        assert client.get(reverse("pathways_public:planner", args=["nowhere"])).status_code == 404


def test_the_planner_never_shows_another_programmes_graph(client, programme, other_programme):
    circle(programme)
    item(other_programme, "secret-item", "Elsewhere only")
    response = _planner(client, programme)
    assert "Elsewhere only" not in response.content.decode()
    response = _planner(client, programme, want=["secret-item"])
    assert response.context["form"].errors["want"]


def test_the_planner_links_published_services_only(client, programme):
    found = circle(programme)
    open_service = make_service(programme, name="Open bank help")
    closed = make_service(programme, name="Closed bank help", status=Service.Status.INACTIVE)
    found["needs_address"].services.set([open_service, closed])
    passport = item(programme, "proof-of-address-letter", "Letter")
    found["needs_address"].alternatives.add(passport)
    services.item_update(item=passport, name="Letter")
    response = _planner(client, programme, want=["bank-account"])
    page = response.content.decode()
    assert "Open bank help" in page and "Closed bank help" not in page


def test_the_planner_page_costs_the_same_queries_for_a_bigger_graph(
    client, programme, django_assert_max_num_queries
):
    circle(programme)
    _planner(client, programme, want=["universal-credit"])
    for n in range(20):
        extra = item(programme, f"extra-{n}")
        requirement(extra, "Bank", [Item.objects.get(programme=programme, slug="bank-account")])
    _planner(client, programme, want=["universal-credit"])  # fills the cache
    with django_assert_max_num_queries(8):
        _planner(client, programme, want=[f"extra-{n}" for n in range(20)])


# --- The graph's cache ----------------------------------------------------------------------


def test_the_graph_is_cached_and_forgotten_on_every_edit(
    programme, django_capture_on_commit_callbacks
):
    found = circle(programme)
    first = selectors.graph(programme)
    assert selectors.graph(programme) is not None
    with django_capture_on_commit_callbacks(execute=True):
        services.requirement_update(
            requirement=found["needs_address"], label="Proof of address", alternatives=[]
        )
    assert selectors.graph(programme) != first
    assert selectors.graph(programme).groups_of["bank-account"][0].alternatives == ()


# --- Editing the graph ------------------------------------------------------------------------


def test_a_coordinator_adds_an_item_and_its_requirement(client, programme, coordinator):
    client.force_login(coordinator)
    passport = item(programme, "passport", "Passport")
    response = client.post(
        reverse("pathways:item_create", args=[programme.slug]),
        {"name": "Share code", "slug": "share-code", "kind": "document", "description": ""},
    )
    created = Item.objects.get(programme=programme, slug="share-code")
    assert response.status_code == 302
    url = reverse("pathways:requirement_create", args=[programme.slug, created.pk])
    response = client.post(url, {"label": "", "guide_slugs": "get-an-evisa"})
    assert "Enter what is needed" in response.content.decode()
    assert not created.requirements.exists()
    response = client.post(
        url, {"label": "Photo ID", "alternatives": [passport.pk], "guide_slugs": "bad slug!"}
    )
    assert "Write the short names of guides" in response.content.decode()
    response = client.post(
        url, {"label": "Photo ID", "alternatives": [passport.pk], "guide_slugs": " get-an-evisa "}
    )
    assert response.status_code == 302
    assert created.requirements.get().guide_slug_list == ["get-an-evisa"]


def test_a_short_name_is_unique_in_a_programme(client, programme, other_programme, coordinator):
    client.force_login(coordinator)
    item(programme, "passport")
    item(other_programme, "share-code")
    url = reverse("pathways:item_create", args=[programme.slug])
    data = {"name": "Passport again", "slug": "passport", "kind": "document"}
    response = client.post(url, data)
    assert "Another item already has this short name" in response.content.decode()
    assert client.post(url, dict(data, slug="share-code")).status_code == 302


def test_an_item_cannot_require_itself_or_another_programmes_item(programme, other_programme):
    mine = item(programme, "a")
    theirs = item(other_programme, "b")
    with pytest.raises(ValidationError):
        requirement(mine, "Itself", [mine])
    with pytest.raises(ValidationError):
        requirement(mine, "Elsewhere", [theirs])


def test_deleting_asks_first(client, programme, coordinator):
    client.force_login(coordinator)
    found = circle(programme)
    url = reverse("pathways:item_delete", args=[programme.slug, found["bank"].pk])
    response = client.get(url)
    assert "Delete this item?" in response.content.decode()
    assert "Tenancy" in response.content.decode()  # what lists it
    assert Item.objects.filter(pk=found["bank"].pk).exists()
    client.post(url)
    assert not Item.objects.filter(pk=found["bank"].pk).exists()
    url = reverse("pathways:requirement_delete", args=[programme.slug, found["needs_address"].pk])
    assert client.get(url).status_code == 404  # gone with its item


def test_the_list_filters_pages_and_downloads(client, programme, other_programme, coordinator):
    client.force_login(coordinator)
    circle(programme)
    circle(other_programme, prefix="other-")
    url = reverse("pathways:item_list", args=[programme.slug])
    response = client.get(url, {"q": "bank"})
    assert [i.slug for i in response.context["page"]] == ["bank-account"]
    response = client.get(url, {"format": "csv"})
    body = response.content.decode()
    assert response["Content-Disposition"].endswith('.csv"')
    assert "bank-account" in body and "other-" not in body


def test_the_list_costs_the_same_queries_for_more_items(
    client, programme, coordinator, django_assert_max_num_queries
):
    client.force_login(coordinator)
    url = reverse("pathways:item_list", args=[programme.slug])
    circle(programme)
    client.get(url)
    for n in range(20):
        item(programme, f"more-{n}")
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


# --- Workarounds ------------------------------------------------------------------------------


def test_a_networker_proposes_once_and_a_coordinator_verifies(
    client, programme, networker, coordinator
):
    found = circle(programme)
    client.force_login(networker)
    url = reverse("pathways:workaround_propose", args=[programme.slug, found["needs_address"].pk])
    submission = str(uuid.uuid4())
    data = {"text": "A letter from the hostel manager", "submission": submission}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # sent twice
    proposed = Workaround.objects.get()
    assert proposed.status == Workaround.Status.PROPOSED
    assert client.post(url, {"text": "", "submission": submission}).status_code == 200
    # The proposer sees it on the item; not yet in any plan.
    detail = reverse("pathways:item_detail", args=[programme.slug, found["bank"].pk])
    assert "A letter from the hostel manager" in client.get(detail).content.decode()

    client.force_login(coordinator)
    queue = client.get(reverse("pathways:workaround_list", args=[programme.slug]))
    assert "A letter from the hostel manager" in queue.content.decode()
    decide = reverse("pathways:workaround_decide", args=[programme.slug, proposed.pk])
    assert client.post(decide, {"decision": "maybe"}).status_code == 200
    assert client.post(decide, {"decision": "verify", "note": "Checked"}).status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == Workaround.Status.VERIFIED and proposed.decided_by == coordinator


def test_another_networkers_unchecked_proposal_is_not_shown(client, programme, networker):
    found = circle(programme)
    workaround(found["needs_address"], "Somebody else's idea")
    client.force_login(networker)
    detail = reverse("pathways:item_detail", args=[programme.slug, found["bank"].pk])
    assert "Somebody else's idea" not in client.get(detail).content.decode()


def test_a_networker_starts_a_plan_in_the_persons_language(client, programme, networker):
    client.force_login(networker)
    url = reverse("pathways:plan_start", args=[programme.slug])
    assert client.get(url).status_code == 200
    response = client.get(url, {"language": "ar"})
    assert response.status_code == 302
    assert response["Location"] == f"/ar/pathways/{programme.slug}/"
    assert client.get(url, {"language": "xx"}).status_code == 200


def test_a_networkers_home_offers_to_plan(client, programme, networker):
    client.force_login(networker)
    response = client.get(reverse("accounts:programme_home", args=[programme.slug]))
    assert reverse("pathways:plan_start", args=[programme.slug]) in response.content.decode()


# --- Guides and translations ---------------------------------------------------------------


def test_requirements_link_the_published_guides_that_help(client, programme):
    from bridges.guides.models import Guide
    from bridges.guides.tests.factories import make_guide

    found = circle(programme)
    letter = item(programme, "support-letter", "Letter from a support organisation")
    make_guide(programme, slug="open-a-bank-account", title="Open a basic bank account")
    make_guide(programme, slug="draft-guide", title="Not yet", status=Guide.Status.DRAFT)
    services.requirement_update(
        requirement=found["needs_address"],
        label="Proof of address",
        alternatives=[found["address"], letter],
        guide_slugs="open-a-bank-account, draft-guide",
    )
    page = _planner(client, programme, want=["bank-account"]).content.decode()
    assert "Open a basic bank account" in page and "Not yet" not in page


def test_published_item_translations_reach_the_planner(client, programme):
    from bridges.translations.services import publish_translation

    found = circle(programme)
    publish_translation(found["credit"], "ar", {"name": "الائتمان الشامل"})
    page = _planner(client, programme, want=["universal-credit"], lang="ar").content.decode()
    assert '<span lang="ar" dir="rtl">الائتمان الشامل</span>' in page
    assert '<span lang="en" dir="ltr">Bank account</span>' in page
