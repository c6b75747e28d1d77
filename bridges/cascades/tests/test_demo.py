import random

import pytest

from bridges.accounts import demo as accounts_demo
from bridges.cascades import demo, selectors
from bridges.cascades.models import KeyMessage, QuestionGroup, ReachReport, ReachSummary
from bridges.core.demo import DemoContext
from bridges.networkers import demo as networkers_demo
from bridges.networkers.tests.factories import language, ward


def _seed(seed: int) -> DemoContext:
    for code in [*networkers_demo.LANGUAGE_COMMUNITIES, "en"]:
        language(code)
    for number in range(6):
        ward(f"E0501{number:04d}", f"Ward {number}")
    context = DemoContext(seed=seed, rng=random.Random(seed))
    accounts_demo.seed(context)
    networkers_demo.seed(context)
    demo.seed(context)
    return context


@pytest.mark.django_db
def test_a_year_of_cascades_with_reach_questions_and_gaps():
    context = _seed(7)
    programme = context.data["programme"]
    assert KeyMessage.objects.count() == len(demo.MESSAGES)
    reports = ReachReport.objects.all()
    assert reports.count() > 300
    assert QuestionGroup.objects.exclude(answered_at=None).exists()
    assert QuestionGroup.objects.filter(answered_at=None).exists()
    # The summary is the reports added up.
    cascade = selectors.cascade_view(programme=programme, suppress=False)
    assert cascade.reports.value == reports.count()
    channels = ReachSummary.objects.filter(dimension=ReachSummary.Dimension.CHANNEL)
    assert sum(channels.values_list("people", flat=True)) == sum(
        reports.values_list("people_reached", flat=True)
    )
    assert len(cascade.months) >= 10
    first = list(reports.order_by("pk").values_list("client_id", "people_reached")[:20])
    ReachReport.objects.all().delete()
    KeyMessage.objects.all().delete()
    demo.seed(context)
    again = list(ReachReport.objects.order_by("pk").values_list("client_id", "people_reached")[:20])
    assert again == first  # the same seed gives the same cascades
