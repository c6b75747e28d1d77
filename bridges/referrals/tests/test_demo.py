import random

import pytest

from bridges.accounts import demo as accounts_demo
from bridges.core.demo import DemoContext
from bridges.core.reference import reference_data_load
from bridges.directory import demo as directory_demo
from bridges.referrals import demo
from bridges.referrals.models import Referral, State


def _seeded(seed: int):
    context = DemoContext(seed=seed, rng=random.Random(seed))
    accounts_demo.seed(context)
    directory_demo.seed(context)
    demo.seed(context)
    return context


@pytest.mark.django_db
def test_a_year_of_referrals_in_every_state():
    # Determinism of the whole demo city (same seed, same data) is tests/test_demo.py's.
    reference_data_load()
    context = _seeded(7)
    programme = context.data["programme"]
    referrals = Referral.objects.for_programme(programme)
    assert set(referrals.values_list("state", flat=True)) == set(State.values)
    assert referrals.filter(assisted=True).exists() and referrals.filter(assisted=False).exists()
    assert referrals.filter(purged_at__isnull=False).exists()
    assert referrals.exclude(hold_reason="").count() == 1
    assert not Referral.objects.for_programme(context.data["other_programme"]).exists()
