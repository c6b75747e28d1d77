import pytest

from bridges.accounts.tests.factories import ProgrammeFactory
from bridges.guides import selectors
from bridges.guides.models import Guide

from .factories import make_guide

pytestmark = pytest.mark.django_db


def test_guides_for_slugs_gives_published_guides_in_the_order_asked():
    programme = ProgrammeFactory(slug="leeds")
    make_guide(programme, slug="register-with-a-gp", title="Register with a GP")
    make_guide(programme, slug="council-tax", title="Council tax")
    make_guide(programme, slug="draft-one", title="Draft", status=Guide.Status.DRAFT)

    found = selectors.guides_for_slugs(
        ["council-tax", "nothing-here", "draft-one", "register-with-a-gp"], "ar"
    )

    assert found == [
        ("council-tax", "Council tax", "/ar/guides/leeds/council-tax/"),
        ("register-with-a-gp", "Register with a GP", "/ar/guides/leeds/register-with-a-gp/"),
    ]


def test_guides_for_slugs_keeps_to_the_programme_asked():
    first = ProgrammeFactory(slug="first")
    second = ProgrammeFactory(slug="second")
    make_guide(first, slug="council-tax", title="First's council tax")
    make_guide(second, slug="council-tax", title="Second's council tax")

    assert selectors.guides_for_slugs(["council-tax"], "en", programme=second) == [
        ("council-tax", "Second's council tax", "/en/guides/second/council-tax/")
    ]
    # With no programme named, the oldest programme publishing the slug is chosen.
    assert selectors.guides_for_slugs(["council-tax"], "en")[0][1] == "First's council tax"


def test_guides_for_slugs_ignores_a_programme_that_is_not_active():
    programme = ProgrammeFactory(slug="closed", is_active=False)
    make_guide(programme, slug="council-tax")
    assert selectors.guides_for_slugs(["council-tax"], "en") == []
