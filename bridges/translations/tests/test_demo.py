import random

import pytest

from bridges.accounts.demo import seed as accounts_seed
from bridges.core.demo import DemoContext
from bridges.directory.demo import seed as directory_seed
from bridges.networkers.demo import LANGUAGE_COMMUNITIES
from bridges.networkers.demo import seed as networkers_seed
from bridges.networkers.tests.factories import language, ward
from bridges.translations.models import MISSING, State
from bridges.translations.selectors import coverage_counts, coverage_items


@pytest.mark.django_db
def test_the_demo_city_shows_every_state_of_the_workflow():
    for code in [*LANGUAGE_COMMUNITIES, "en"]:
        language(code)
    for number in range(6):
        ward(f"E0501{number:04d}", f"Ward {number}")
    context = DemoContext(seed=2026, rng=random.Random(2026))
    accounts_seed(context)
    networkers_seed(context)
    directory_seed(context)
    programme = context.data["programme"]
    items = coverage_items(programme=programme)
    counts = coverage_counts(items, ["ar", "pl", "fa", "ti"])
    assert counts["ar"][State.PUBLISHED] > 0
    assert counts["ar"][State.OUT_OF_DATE] >= 1
    assert counts["ar"][State.DRAFT] == 1
    assert counts["pl"][State.REVIEW] == 1
    assert counts["ti"][MISSING] == len(items)
