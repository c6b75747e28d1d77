"""Who may open each initiatives page. Coordinators run initiatives and events; networkers see
the events and count who came; analysts read attendance totals with small numbers hidden. The
public calendar, initiative pages and feeds are open to everyone, but only for public records:
the trap is a second programme's initiative and event, which no page of the first programme
may show, and a private initiative, which no public page shows."""

from bridges.core.access import EVERYONE, Rule, only
from bridges.initiatives.tests.factories import event, initiative, past_event

COORDINATORS = only("coordinator", "admin")
COUNTERS = only("coordinator", "admin", "networker")
READERS = only("coordinator", "admin", "analyst")


def build_world(world):
    programme, other = world["programme"], world["other_programme"]
    world["initiative"] = initiative(programme, name="Matrix work club", public=True)
    world["initiative_event"] = event(
        programme, title="Matrix open day", initiative=world["initiative"]
    )
    world["past_event"] = past_event(programme, title="Matrix past day")
    world["other_initiative"] = initiative(other, name="Elsewhere café", public=True)
    event(other, title="Elsewhere day", initiative=world["other_initiative"])


def _initiative(world):
    return {"pk": world["initiative"].pk}


def _event(world):
    return {"pk": world["initiative_event"].pk}


def _past(world):
    return {"pk": world["past_event"].pk, "day": world["past_event"].starts_on.isoformat()}


ACCESS = {
    "initiatives:initiative_list": Rule(COORDINATORS),
    "initiatives:initiative_create": Rule(COORDINATORS),
    "initiatives:initiative_detail": Rule(COORDINATORS, kwargs=_initiative),
    "initiatives:initiative_edit": Rule(COORDINATORS, kwargs=_initiative),
    "initiatives:initiative_withdraw": Rule(
        COORDINATORS, kwargs=_initiative, note="GET asks to confirm"
    ),
    "initiatives:event_list": Rule(COUNTERS),
    "initiatives:event_create": Rule(COORDINATORS),
    "initiatives:event_edit": Rule(COORDINATORS, kwargs=_event),
    "initiatives:event_cancel": Rule(COORDINATORS, kwargs=_event, note="GET asks to confirm"),
    "initiatives:attendance": Rule(COUNTERS, kwargs=_past),
    "initiatives:attendance_totals": Rule(READERS),
    "initiatives_public:events_index": Rule(EVERYONE),
    "initiatives_public:event_list": Rule(EVERYONE),
    "initiatives_public:month": Rule(EVERYONE),
    "initiatives_public:event": Rule(EVERYONE, kwargs=_event),
    "initiatives_public:feed": Rule(EVERYONE),
    "initiatives_public:initiative_list": Rule(EVERYONE),
    "initiatives_public:initiative": Rule(EVERYONE, kwargs=_initiative),
    "initiatives_public:initiative_feed": Rule(EVERYONE, kwargs=_initiative),
}
