import pytest
from django.db import transaction

from bridges.core.demo import demo_seed
from bridges.core.reference import reference_data_load
from bridges.support.models import SupportRequest

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


def _snapshot(seed: int) -> dict:
    try:
        with transaction.atomic():
            demo_seed(seed=seed)
            requests = list(
                SupportRequest.objects.order_by("received_at").select_related("networker")
            )
            result = {
                "states": {r.state for r in requests},
                "declined_in_triage": SupportRequest.objects.filter(
                    state="new", assignments__answer="declined"
                ).exists(),
                "rows": [
                    (
                        r.needs,
                        r.language_id,
                        r.contact_by,
                        r.contact_detail,
                        r.state,
                        r.networker.display_name if r.networker else "",
                    )
                    for r in requests
                ],  # fmt: skip
            }
            raise Rollback
    except Rollback:
        return result


def test_the_demo_has_support_requests_in_every_state_and_is_deterministic():
    reference_data_load()
    first, again = _snapshot(11), _snapshot(11)
    assert first["states"] == set(SupportRequest.State.values)
    assert first["declined_in_triage"]
    assert first == again
