import random

import pytest

from bridges.accounts import demo as accounts_demo
from bridges.core.demo import DemoContext
from bridges.pathways import demo, planner, selectors
from bridges.pathways.models import Workaround

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    context = DemoContext(seed=2026, rng=random.Random(2026))
    accounts_demo.seed(context)
    demo.seed(context)
    return context.data["programme"]


def test_the_demo_graph_gets_round_the_address_circle_with_a_verified_workaround(seeded):
    graph = selectors.graph(seeded)
    result = planner.plan(
        graph,
        have={"passport", "phone-number", "email-address"},
        want={"universal-credit", "gp-registration", "esol-place"},
    )
    assert result.complete
    steps = [s.item for s in result.steps]
    assert steps.index("bank-account") < steps.index("universal-credit")
    assert steps.index("ukvi-account") < steps.index("share-code") < steps.index("esol-place")
    (way,) = result.workarounds_used
    assert "basic bank account" in Workaround.objects.get(pk=way).text
    (cycle,) = result.cycles
    assert set(cycle.items) == {"bank-account", "proof-of-address", "tenancy"}


def test_the_demo_has_a_circle_with_no_known_way_round_and_a_proposal_waiting(seeded):
    result = planner.plan(selectors.graph(seeded), want={"phone-contract"})
    (stuck,) = result.unreachable
    (cycle,) = stuck.cycles
    assert cycle.items == ("credit-history", "phone-contract") and cycle.workarounds == ()
    assert Workaround.objects.filter(status=Workaround.Status.PROPOSED).count() == 1
