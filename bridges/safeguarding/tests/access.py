"""Who may open each safeguarding page. A concern is for the programme's safeguarding leads
alone: coordinators and platform admins ("admin") of the same programme are refused."""

from datetime import date

from bridges.core.access import Rule, only
from bridges.safeguarding.models import Concern

LEADS = only("safeguarding")
RAISERS = only("networker", "coordinator", "safeguarding")


def build_world(world):
    world["concern"] = Concern.objects.create(
        programme=world["programme"],
        about=Concern.About.CHILD,
        what_happened="Matrix concern text",
        happened_on=date(2026, 1, 5),
        immediate_risk=False,
        raised_by=world["users"]["networker"],
    )


def _concern(world):
    return {"pk": world["concern"].pk}


ACCESS = {
    "safeguarding:raise": Rule(RAISERS),
    "safeguarding:my_concerns": Rule(RAISERS),
    # Only the person who raised it sees its receipt (others of the programme get 404).
    "safeguarding:my_concern": Rule(only("networker"), kwargs=_concern),
    "safeguarding:settings": Rule(only("coordinator", "safeguarding")),
    "safeguarding:inbox": Rule(LEADS),
    "safeguarding:detail": Rule(LEADS, kwargs=_concern),
    "safeguarding:acknowledge": Rule(LEADS, kwargs=_concern, method="post"),
    "safeguarding:action": Rule(LEADS, kwargs=_concern),
    "safeguarding:close": Rule(LEADS, kwargs=_concern),
}
