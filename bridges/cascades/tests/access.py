"""Who may open each page of key-message cascades. Messages and questions are the
coordinators'; analysts see reach with small numbers suppressed; networkers see the messages
for their languages and report their own sharing. Every page naming a message or a question
is also asked for from another programme (the matrix's record-level check)."""

from bridges.cascades.models import KeyMessage
from bridges.cascades.tests.factories import key_message, report
from bridges.core.access import EVERYONE, Rule, only
from bridges.networkers.models import Networker
from bridges.networkers.tests.factories import language, speaks

COORDINATORS = only("coordinator", "admin")
VIEWERS = only("coordinator", "admin", "analyst")
NETWORKERS = only("networker")


def build_world(world):
    language("en", "English")
    language("ar", "Arabic", "العربية", rtl=True)
    programme, other = world["programme"], world["other_programme"]
    own = Networker.objects.get(programme=programme, user=world["users"]["networker"])
    speaks(own, "ar")
    message = key_message(programme, title="Matrix key message")
    world["key_message"] = message
    world["reach_report"] = report(message, own, question="Where is the nearest clinic?")
    world["question_group"] = world["reach_report"].question_group
    key_message(programme, title="Matrix second message")
    elsewhere = key_message(other, title="Elsewhere key message")
    stranger = Networker.objects.create(
        programme=other, display_name="Elsewhere networker", stage=Networker.Stage.ACTIVE
    )
    report(elsewhere, stranger, question="Elsewhere question?")


def _message(world):
    return {"pk": world["key_message"].pk}


def _group(world):
    return {"pk": world["question_group"].pk}


def _public(world):
    return {"pk": KeyMessage.objects.get(title="Matrix key message").pk}


ACCESS = {
    "cascades:list": Rule(COORDINATORS),
    "cascades:create": Rule(COORDINATORS),
    "cascades:detail": Rule(VIEWERS, kwargs=_message),
    "cascades:edit": Rule(COORDINATORS, kwargs=_message),
    "cascades:delete": Rule(COORDINATORS, kwargs=_message, note="GET asks first"),
    "cascades:reach": Rule(VIEWERS),
    "cascades:reach_export": Rule(VIEWERS),
    "cascades:questions": Rule(COORDINATORS),
    "cascades:question_answer": Rule(COORDINATORS, kwargs=_group),
    "cascades:question_merge": Rule(COORDINATORS, kwargs=_group),
    "cascades:mine": Rule(NETWORKERS),
    "cascades:report": Rule(NETWORKERS, kwargs=_message),
    "cascades:api_reports": Rule(NETWORKERS, kwargs=_message, note="GET: own reports (JSON)"),
    "cascades_public:message": Rule(
        EVERYONE,
        kwargs=_public,
        unscoped_because="the public page of a key message, shared by link in any language",
    ),
}
