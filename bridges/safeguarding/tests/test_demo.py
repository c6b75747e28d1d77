import random

import pytest

from bridges.accounts import demo as accounts_demo
from bridges.core.demo import DemoContext
from bridges.safeguarding import demo, selectors
from bridges.safeguarding.models import Concern


@pytest.mark.django_db
def test_the_demo_programme_has_concerns_in_every_state_and_one_overdue():
    context = DemoContext(seed=7, rng=random.Random(7))
    accounts_demo.seed(context)
    demo.seed(context)
    programme = context.data["programme"]
    concerns = Concern.objects.for_programme(programme)
    assert set(concerns.values_list("state", flat=True)) == set(Concern.State.values)
    assert selectors.concern_counts(programme=programme)["overdue"] == 1
    assert selectors.settings_for(programme=programme).pk
    assert not Concern.objects.for_programme(context.data["other_programme"]).exists()
