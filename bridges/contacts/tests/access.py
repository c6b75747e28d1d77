from bridges.contacts.tests.factories import record
from bridges.core.access import EVERYONE, Rule, only
from bridges.networkers.models import Networker
from bridges.networkers.tests.factories import language

COORDINATORS = only("coordinator", "admin")
NETWORKERS = only("networker")


def build_world(world):
    """A record of the signed-in networker (whose profile the networkers app made), and one of
    the other programme's, so lists can be checked for what they must leave out."""
    language("en", "English")
    programme, other = world["programme"], world["other_programme"]
    own = Networker.objects.get(programme=programme, user=world["users"]["networker"])
    world["contact_record"] = record(programme, own, note="Matrix contact")
    stranger = Networker.objects.create(programme=other, display_name="Other Networker")
    world["other_contact_record"] = record(other, stranger, note="Elsewhere contact")


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
    "contacts:service_worker": Rule(EVERYONE, note="the offline script: the same file for all"),
}
