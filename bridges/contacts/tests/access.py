from django.utils import timezone

from bridges.contacts.tests.factories import record
from bridges.core.access import EVERYONE, Rule, only
from bridges.networkers.models import Networker
from bridges.networkers.tests.factories import language

COORDINATORS = only("coordinator", "admin")
NETWORKERS = only("networker")


def build_world(world):
    """A record of the signed-in networker (whose profile the networkers app made), and the
    trap: another programme with a networker of the same name, whose records fall on the same
    day with the same answers, so every list, count and download can be checked for what it
    must leave out (tests/test_contacts_other_programme.py)."""
    language("en", "English")
    # Both programmes' records fall on one day of this month, so the Today page counts them.
    day = timezone.localdate().replace(day=1)
    programme, other = world["programme"], world["other_programme"]
    own = Networker.objects.get(programme=programme, user=world["users"]["networker"])
    world["contact_record"] = record(
        programme, own, day=day, needs=["housing"], duration_minutes=30,
        note="Matrix contact",
    )  # fmt: skip
    stranger = Networker.objects.create(
        programme=other, display_name=own.display_name, stage=Networker.Stage.ACTIVE
    )
    world["other_networker"] = stranger
    world["other_contact_record"] = record(
        other, stranger, day=day, needs=["housing"], duration_minutes=600,
        people_helped=7, follow_up=True, note="Elsewhere contact",
    )  # fmt: skip


def _record(world):
    return {"pk": world["contact_record"].pk}


ACCESS = {
    "contacts:log": Rule(COORDINATORS),
    "contacts:record": Rule(NETWORKERS),
    "contacts:mine": Rule(NETWORKERS),
    "contacts:unsent": Rule(NETWORKERS, note="a frame the phone fills with its own records"),
    "contacts:detail": Rule(NETWORKERS, kwargs=_record),
    "contacts:correct": Rule(NETWORKERS, kwargs=_record),
    "contacts:api_records": Rule(NETWORKERS, note="GET lists the networker's own records"),
    "contacts:api_services": Rule(NETWORKERS, note="the form's service search (JSON)"),
    "contacts:service_worker": Rule(EVERYONE, note="the offline script: the same file for all"),
}
