import random

import pytest
from django.db import transaction

from bridges.accounts import demo as accounts_demo
from bridges.contacts import demo as contacts_demo
from bridges.core.demo import DemoContext
from bridges.dropins import demo, selectors
from bridges.dropins.models import DropInSession, GroupAttendance, QueueEntry, Shift
from bridges.networkers import demo as networkers_demo
from bridges.networkers.tests.factories import language, ward


class Rollback(Exception):
    pass


def _seeded(seed: int) -> dict:
    try:
        with transaction.atomic():
            context = DemoContext(seed=seed, rng=random.Random(seed))
            accounts_demo.seed(context)
            networkers_demo.seed(context)
            contacts_demo.seed(context)
            demo.seed(context)
            programme = context.data["programme"]
            result = {
                "sessions": list(DropInSession.objects.values_list("title", "starts_on")),
                "shifts": list(
                    Shift.objects.order_by(
                        "session__title", "date", "networker__user__email"
                    ).values_list("session__title", "date", "networker__user__email")
                ),
                "queue": list(
                    QueueEntry.objects.order_by("arrived_at", "language").values_list(
                        "language", "need", "seen_at"
                    )
                ),
                "attendance": GroupAttendance.objects.count(),
                "rota": selectors.rota(programme=programme),
            }
            raise Rollback
    except Rollback:
        return result


@pytest.mark.django_db
def test_the_demo_drop_ins_have_rotas_with_gaps_a_queue_and_attendance(settings):
    settings.CONTACTS_DEMO_RECORDS = 600
    for code in [*networkers_demo.LANGUAGE_COMMUNITIES, "en"]:
        language(code)
    for number in range(6):
        ward(f"E0501{number:04d}", f"Ward {number}")
    first, again = _seeded(7), _seeded(7)
    rota = first.pop("rota")
    again.pop("rota")
    assert first == again  # the same seed, the same day: the same records
    assert len(first["sessions"]) == 7
    assert first["queue"] and any(seen is None for _l, _n, seen in first["queue"])
    assert first["attendance"] > 50
    assert any(o.full for o in rota) and any(not o.full for o in rota)
    assert any(o.missing for o in rota) and any(o.covered for o in rota)
