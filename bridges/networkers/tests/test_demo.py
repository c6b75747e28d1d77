import random
from datetime import timedelta

import pytest
from django.utils import timezone

from bridges.accounts import demo as accounts_demo
from bridges.core.demo import DemoContext
from bridges.networkers import demo
from bridges.networkers.models import DBSCheck, Networker, NetworkerLanguage

from .factories import language, ward


@pytest.mark.django_db
def test_the_demo_city_has_networkers_across_the_pipeline():
    for code in [*demo.LANGUAGE_COMMUNITIES, "en"]:
        language(code)
    for number in range(6):
        ward(f"E0501{number:04d}", f"Ward {number}")
    context = DemoContext(seed=7, rng=random.Random(7))
    accounts_demo.seed(context)
    demo.seed(context)

    networkers = Networker.objects.all()
    assert networkers.count() == 90 + len(demo.APPLICANT_STAGES)
    assert networkers.filter(user__isnull=False).count() == 90
    assert set(networkers.values_list("stage", flat=True)) == set(Networker.Stage.values)
    active = networkers.filter(stage=Networker.Stage.ACTIVE)
    assert active.count() > 60
    spoken = NetworkerLanguage.objects.filter(networker__in=active).values("language").distinct()
    assert spoken.count() >= 30
    today = timezone.localdate()
    # Every active networker has a current DBS check; a few are due for renewal soon.
    assert DBSCheck.objects.filter(networker__in=active, renewal_due__gte=today).count() == (
        active.count()
    )
    assert DBSCheck.objects.filter(renewal_due__lte=today + timedelta(days=60)).exists()
    assert len(context.data["networkers"]) == networkers.count()
    assert all(n.stage_changes.exists() for n in context.data["networkers"][:10])
