from bridges.core.access import EVERYONE, Rule, only
from bridges.networkers.models import Networker

COORDINATORS = only("coordinator", "admin")


def build_world(world):
    programme = world["programme"]
    world["networker_record"] = Networker.objects.create(
        programme=programme, display_name="Matrix Applicant"
    )
    # The signed-in networker has a profile of their own.
    Networker.objects.create(
        programme=programme,
        display_name="Matrix Networker",
        user=world["users"]["networker"],
        stage=Networker.Stage.ACTIVE,
    )


def _record(world):
    return {"pk": world["networker_record"].pk}


ACCESS = {
    "networkers_public:join_index": Rule(EVERYONE),
    "networkers_public:join": Rule(EVERYONE),
    "networkers_public:join_thanks": Rule(EVERYONE),
    "networkers_public:join_privacy": Rule(EVERYONE),
    "networkers:overview": Rule(COORDINATORS),
    "networkers:board": Rule(COORDINATORS),
    "networkers:renewals": Rule(COORDINATORS),
    "networkers:detail": Rule(COORDINATORS, kwargs=_record),
    "networkers:edit": Rule(COORDINATORS, kwargs=_record),
    "networkers:move": Rule(COORDINATORS, kwargs=_record),
    "networkers:dbs_record": Rule(COORDINATORS, kwargs=_record),
    "networkers:vetting_add": Rule(COORDINATORS, kwargs=_record),
    "networkers:my_profile": Rule(only("networker")),
    "networkers:my_profile_edit": Rule(only("networker")),
}
