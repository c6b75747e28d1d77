import random

import pytest

from bridges.accounts.demo import seed as accounts_seed
from bridges.core.demo import DemoContext
from bridges.directory.demo import seed
from bridges.directory.models import Service, ServiceChange
from bridges.directory.selectors import service_search


@pytest.mark.django_db
def test_demo_directory_has_at_least_150_realistic_services():
    context = DemoContext(seed=1, rng=random.Random(1))
    accounts_seed(context)
    seed(context)
    services = Service.objects.for_programme(context.data["programme"])
    assert services.count() >= 150
    assert services.exclude(does_not_do="").count() == services.count()
    assert services.filter(recourse=Service.Recourse.NRPF_OK).exists()
    assert ServiceChange.objects.filter(status="pending").exists()
    gp = service_search(query="طبيب", programme=context.data["programme"])
    assert gp.paginator.count >= 20
