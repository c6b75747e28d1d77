"""Who may open each safeguarding page. A concern is for the programme's safeguarding leads
alone: coordinators and platform admins ("admin") of the same programme are refused."""

from datetime import UTC, date, datetime

from bridges.core.access import Rule, only
from bridges.safeguarding.models import Concern, ConcernAction

# What the world's concern says: no page may show it to anyone but a lead of its programme
# (tests/test_permission_matrix.py looks for these in every response).
SECRETS = ("Matrix concern text", "Matrix lead note", "Matrix place")

LEADS = only("safeguarding")
RAISERS = only("networker", "coordinator", "safeguarding")


def build_world(world):
    lead = world["users"]["safeguarding"]
    world["concern"] = Concern.objects.create(
        programme=world["programme"],
        about=Concern.About.CHILD,
        what_happened=SECRETS[0],
        place=SECRETS[2],
        happened_on=date(2026, 1, 5),
        immediate_risk=False,
        raised_by=world["users"]["networker"],
        state=Concern.State.ACTION_TAKEN,
        acknowledged_at=datetime(2026, 1, 6, tzinfo=UTC),
        acknowledged_by=lead,
        referral=Concern.Referral.POLICE,
    )
    ConcernAction.objects.create(
        concern=world["concern"],
        kind=Concern.Referral.POLICE,
        taken_on=date(2026, 1, 6),
        note=SECRETS[1],
        created_by=lead,
    )
    world.setdefault("secrets", {})["safeguarding"] = SECRETS


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
