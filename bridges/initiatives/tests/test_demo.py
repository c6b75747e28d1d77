import random

import pytest
from django.db import transaction

from bridges.accounts import demo as accounts_demo
from bridges.core.demo import DemoContext
from bridges.directory import demo as directory_demo
from bridges.directory.models import Service
from bridges.initiatives import demo
from bridges.initiatives.models import Event, EventAttendance, Initiative
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
            directory_demo.seed(context)
            demo.seed(context)
            result = {
                "initiatives": list(
                    Initiative.objects.order_by("name").values_list(
                        "name", "status", "public", "support_notes"
                    )
                ),
                "networkers": sorted(
                    Initiative.networkers.through.objects.values_list(
                        "initiative__name", "networker__display_name"
                    )
                ),
                "events": list(Event.objects.values_list("title", "starts_on", "cancelled")),
                "attendance": list(
                    EventAttendance.objects.order_by("event__title", "date").values_list(
                        "event__title", "date", "total"
                    )
                ),
                "listed": Service.objects.filter(
                    source__startswith="initiative:", status=Service.Status.ACTIVE
                ).count(),
            }
            raise Rollback
    except Rollback:
        return result


@pytest.mark.django_db
def test_demo_is_deterministic_and_a_year_long():
    for code in [*networkers_demo.LANGUAGE_COMMUNITIES, "en"]:
        language(code)
    for number in range(6):
        ward(f"E0501{number:04d}", f"Ward {number}")
    first = _seeded(7)
    assert first == _seeded(7)
    assert len(first["initiatives"]) == 8
    assert first["listed"] == 6  # the public ones that are starting or running
    assert first["networkers"]
    days = sorted(day for _title, day, _cancelled in first["events"])
    assert (days[-1] - days[0]).days > 300
    assert any(cancelled for *_rest, cancelled in first["events"])
    assert len(first["attendance"]) > 50
    assert any(total < 5 for *_rest, total in first["attendance"])
