from bridges.core.access import MEMBERS, Rule, only
from bridges.training.services import attendance_record
from bridges.training.tests.factories import (
    ModuleFactory,
    SessionFactory,
    networker_for,
    past_session,
)

COORDINATORS = only("coordinator", "admin")
SESSION_READERS = only("coordinator", "admin", "networker")


def build_world(world):
    programme = world["programme"]
    module = ModuleFactory(programme=programme, slug="matrix-module", required=True)
    networker = networker_for(world["users"]["networker"], programme)
    past = past_session(programme, modules=[module])
    attendance_record(
        session=past,
        attended_ids=[networker.pk],
        register_ids=[networker.pk],
        recorded_by=world["users"]["coordinator"],
    )
    upcoming = SessionFactory(programme=programme, modules=[module])
    world["training"] = {
        "module": module,
        "networker": networker,
        "past": past,
        "upcoming": upcoming,
        "completion": networker.training_completions.get(),
    }


def _session(world):
    return {"session_id": world["training"]["upcoming"].pk}


ACCESS = {
    "training:module_list": Rule(MEMBERS),
    "training:module_detail": Rule(
        MEMBERS, kwargs=lambda world: {"slug": world["training"]["module"].slug}
    ),
    "training:module_create": Rule(COORDINATORS),
    "training:module_edit": Rule(
        COORDINATORS, kwargs=lambda world: {"slug": world["training"]["module"].slug}
    ),
    "training:session_list": Rule(SESSION_READERS),
    "training:session_detail": Rule(SESSION_READERS, kwargs=_session),
    "training:session_ics": Rule(SESSION_READERS, kwargs=_session),
    "training:session_create": Rule(COORDINATORS),
    "training:session_edit": Rule(COORDINATORS, kwargs=_session),
    "training:session_book": Rule(only("networker"), kwargs=_session, method="post"),
    "training:session_book_someone": Rule(
        COORDINATORS,
        kwargs=_session,
        method="post",
        data={"networker": ""},
        note="an empty choice answers with a redirect and a message",
    ),
    "training:session_booking_cancel": Rule(only("networker"), kwargs=_session, method="post"),
    "training:session_attendance": Rule(
        COORDINATORS, kwargs=lambda world: {"session_id": world["training"]["past"].pk}
    ),
    "training:progress": Rule(COORDINATORS),
    "training:refreshers": Rule(COORDINATORS),
    "training:my_record": Rule(only("networker")),
    "training:networker_record": Rule(
        COORDINATORS, kwargs=lambda world: {"networker_id": world["training"]["networker"].pk}
    ),
    # A networker sees only their own certificates; staff who manage training see everyone's.
    "training:certificate": Rule(
        SESSION_READERS,
        kwargs=lambda world: {"completion_id": world["training"]["completion"].pk},
    ),
    "training:certificate_pdf": Rule(
        SESSION_READERS,
        kwargs=lambda world: {"completion_id": world["training"]["completion"].pk},
    ),
}
