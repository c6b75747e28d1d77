"""Who may open each support page. The public form is open to everyone; triage is for the
programme's coordinators alone (the request's page shows the person's contact details); a
networker sees only the requests assigned to them."""

from django.utils import timezone

from bridges.core.access import EVERYONE, Rule, only
from bridges.networkers.models import Networker
from bridges.support.models import SupportAssignment, SupportRequest
from bridges.support.tests.factories import support_request

# The contact details of the world's requests: shown to the programme's coordinators only
# (the assigned networker has not accepted yet, so does not see them either).
SECRETS = ("07700 900555", "Matrix Asker", "Matrix support message")

COORDINATORS = only("coordinator")
NETWORKERS = only("networker")


def build_world(world):
    programme = world["programme"]
    own = Networker.objects.get(programme=programme, user=world["users"]["networker"])
    now = timezone.now()
    world["support_offered"] = support_request(
        programme,
        contact_detail=SECRETS[0],
        name=SECRETS[1],
        message=SECRETS[2],
        state=SupportRequest.State.ASSIGNED,
        networker=own,
        assigned_at=now,
    )
    SupportAssignment.objects.create(
        request=world["support_offered"], networker=own, assigned_at=now
    )
    world["support_new"] = support_request(
        programme, contact_detail=SECRETS[0], needs=["immigration", "housing"]
    )
    secrets = world.setdefault("secrets", {})
    secrets["coordinator"] = (*secrets.get("coordinator", ()), *SECRETS)


def _new(world):
    return {"pk": world["support_new"].pk}


def _offered(world):
    return {"pk": world["support_offered"].pk}


ACCESS = {
    "support_public:ask_index": Rule(EVERYONE),
    "support_public:ask": Rule(EVERYONE),
    "support_public:thanks": Rule(EVERYONE),
    "support:queue": Rule(COORDINATORS),
    "support:detail": Rule(COORDINATORS, kwargs=_new),
    "support:assign": Rule(COORDINATORS, kwargs=_new, method="post"),
    "support:close": Rule(COORDINATORS, kwargs=_new),
    "support:withdraw": Rule(COORDINATORS, kwargs=_offered),
    "support:mine": Rule(NETWORKERS),
    "support:offer": Rule(NETWORKERS, kwargs=_offered),
    "support:accept": Rule(NETWORKERS, kwargs=_offered, method="post"),
    "support:decline": Rule(NETWORKERS, kwargs=_offered),
    "support:contacted": Rule(NETWORKERS, kwargs=_offered, method="post"),
}
