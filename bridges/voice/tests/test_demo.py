import random

import pytest

from bridges.accounts import demo as accounts_demo
from bridges.core.demo import DemoContext
from bridges.core.reference import reference_data_load
from bridges.networkers import demo as networkers_demo
from bridges.voice import demo, selectors, similar
from bridges.voice.models import Issue, IssueRoute, State


def _seeded(seed: int):
    context = DemoContext(seed=seed, rng=random.Random(seed))
    accounts_demo.seed(context)
    networkers_demo.seed(context)
    demo.seed(context)
    return context


@pytest.mark.django_db
def test_a_year_of_issues_in_every_state():
    reference_data_load()
    context = _seeded(7)
    programme = context.data["programme"]
    issues = Issue.objects.for_programme(programme)
    assert issues.count() == demo.ISSUES
    assert set(issues.values_list("state", flat=True)) >= {
        State.RAISED,
        State.ROUTED,
        State.ANSWERED,
        State.RESOLVED,
        State.MERGED,
    }
    assert IssueRoute.objects.for_programme(programme).overdue().exists()
    assert IssueRoute.objects.for_programme(programme).filter(organisation__isnull=True).exists()
    assert selectors.public_resolved(programme=programme).exists()
    found = similar.suggestions(programme=programme, text="GP surgery proof of address")
    assert found and all(issue.is_open for issue, _s, _n in found)
    # Determinism of the whole demo city (same seed, same data) is tests/test_demo.py's.
