"""Who may open each drop-in page. Coordinators manage sessions and download the rota;
networkers sign up and see their programme's rota and queue; others not. The trap: a second
programme's session, shift and queue, the same in every way, which no list, page or download
of the first programme may show (test_views.py)."""

from datetime import timedelta

from bridges.core.access import Rule, only
from bridges.dropins.models import DropInSession
from bridges.dropins.tests.factories import dropin, next_weekday, waiting

COORDINATORS = only("coordinator", "admin")
NETWORKERS = only("networker")
ROTA = only("coordinator", "admin", "networker")


def build_world(world):
    programme, other = world["programme"], world["other_programme"]
    day = next_weekday(1)
    world["dropin"] = dropin(programme, title="Matrix drop-in", starts_on=day, helpers_wanted=3)
    world["dropin_day"] = day
    world["dropin_group"] = dropin(
        programme,
        title="Matrix group",
        kind=DropInSession.Kind.GROUP,
        starts_on=day - timedelta(days=14),
    )
    world["dropin_waiting"] = waiting(world["dropin"], day, "en")
    world["other_dropin"] = dropin(other, title="Elsewhere drop-in", starts_on=day)
    waiting(world["other_dropin"], day, "en")


def _occurrence(world):
    return {"pk": world["dropin"].pk, "day": world["dropin_day"].isoformat()}


def _session(world):
    return {"pk": world["dropin"].pk}


def _group_past(world):
    group = world["dropin_group"]
    return {"pk": group.pk, "day": group.starts_on.isoformat()}


def _entry(world):
    return {**_occurrence(world), "entry": world["dropin_waiting"].pk}


ACCESS = {
    "dropins:session_list": Rule(COORDINATORS),
    "dropins:session_create": Rule(COORDINATORS),
    "dropins:session_edit": Rule(COORDINATORS, kwargs=_session),
    "dropins:session_cancel": Rule(COORDINATORS, kwargs=_session, note="GET asks to confirm"),
    "dropins:rota": Rule(ROTA),
    "dropins:group_totals": Rule(COORDINATORS),
    "dropins:occurrence": Rule(ROTA, kwargs=_occurrence),
    "dropins:shift_sign_up": Rule(NETWORKERS, kwargs=_occurrence, method="post"),
    "dropins:shift_give_up": Rule(NETWORKERS, kwargs=_occurrence, method="post"),
    "dropins:queue_add": Rule(
        ROTA,
        kwargs=_occurrence,
        method="post",
        data={
            "client_id": "0b7c1c9e-5d1f-4d39-9a43-2f7d3c1d0a11",
            "language": "en",
            "need": "housing",
        },
    ),
    "dropins:queue_see": Rule(NETWORKERS, kwargs=_entry, method="post"),
    "dropins:networker_free": Rule(NETWORKERS, kwargs=_occurrence, method="post"),
    "dropins:attendance": Rule(ROTA, kwargs=_group_past),
}
