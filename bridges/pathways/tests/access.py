"""Who may open each pathways page. Coordinators edit the graph and decide workarounds;
networkers read it, propose ways round and start plans; the planner itself is public. The
trap: a second programme's graph with the same names, which no page of the first may show."""

from bridges.core.access import EVERYONE, Rule, only
from bridges.pathways.tests.factories import circle, workaround

COORDINATORS = only("coordinator", "admin")
READERS = only("coordinator", "admin", "networker")


def build_world(world):
    programme, other = world["programme"], world["other_programme"]
    world["pathways"] = circle(programme)
    world["pathways_way"] = workaround(world["pathways"]["needs_address"], "Matrix way round")
    world["other_pathways"] = circle(other)
    workaround(world["other_pathways"]["needs_address"], "Elsewhere way round")
    secrets = world.setdefault("secrets", {})
    # A proposed way round is for coordinators to check before anyone else reads it.
    secrets.setdefault(COORDINATORS, []).append("Matrix way round")
    secrets.setdefault(frozenset(), []).append("Elsewhere way round")


def _item(world):
    return {"pk": world["pathways"]["bank"].pk}


def _requirement(world):
    return {"pk": world["pathways"]["needs_address"].pk}


def _way(world):
    return {"pk": world["pathways_way"].pk}


ACCESS = {
    "pathways:item_list": Rule(READERS),
    "pathways:item_create": Rule(COORDINATORS),
    "pathways:plan_start": Rule(READERS),
    "pathways:item_detail": Rule(READERS, kwargs=_item),
    "pathways:item_edit": Rule(COORDINATORS, kwargs=_item),
    "pathways:item_delete": Rule(COORDINATORS, kwargs=_item, note="GET asks to confirm"),
    "pathways:requirement_create": Rule(COORDINATORS, kwargs=_item),
    "pathways:requirement_edit": Rule(COORDINATORS, kwargs=_requirement),
    "pathways:requirement_delete": Rule(
        COORDINATORS, kwargs=_requirement, note="GET asks to confirm"
    ),
    "pathways:workaround_propose": Rule(READERS, kwargs=_requirement),
    "pathways:workaround_list": Rule(COORDINATORS),
    "pathways:workaround_decide": Rule(COORDINATORS, kwargs=_way),
    "pathways_public:planner": Rule(EVERYONE),
}
