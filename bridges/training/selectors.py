"""Reads for training. Other apps (the networkers pipeline, the profile, the overview) call the
`training_*` functions here; their signatures are a contract: keep them."""

from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from bridges.accounts.models import Programme
from bridges.networkers.models import Networker
from bridges.networkers.selectors import networker_sorted

from .models import Attendance, Module, ModuleCompletion, SessionBooking, TrainingSession


def module_list(*, programme: Programme) -> QuerySet[Module]:
    return Module.objects.available_to(programme).active()


def modules_without_upcoming_session(*, programme: Programme) -> QuerySet[Module]:
    """Required modules no upcoming (not cancelled) session of the programme teaches: nobody
    new can be trained in them until one is planned."""
    upcoming = (
        TrainingSession.objects.for_programme(programme)
        .not_cancelled()
        .filter(ends_at__gte=timezone.now(), modules=OuterRef("pk"))
    )
    return Module.objects.available_to(programme).required().exclude(Exists(upcoming))


def required_modules(*, programme: Programme) -> list[Module]:
    return list(Module.objects.available_to(programme).required().order_by("order", "title"))


def training_readiness(*, networker_ids: list[int], programme) -> dict[int, list[str]]:
    """For each networker id, the titles of required modules without a current completion.

    An empty list means the person is trained. Two queries, whatever the number of ids.
    """
    ids = list(dict.fromkeys(networker_ids))
    if not ids:
        return {}
    required = required_modules(programme=programme)
    if not required:
        return {networker_id: [] for networker_id in ids}
    done = set(
        ModuleCompletion.objects.current()
        .filter(networker_id__in=ids, module__in=required, networker__programme=programme)
        .values_list("networker_id", "module_id")
        .distinct()
    )
    return {
        networker_id: [m.title for m in required if (networker_id, m.pk) not in done]
        for networker_id in ids
    }


def training_trained_count(*, programme, since: date) -> int:
    """How many networkers became fully trained on or after `since`.

    A networker becomes trained on the day they had completed every required module at least
    once: the latest, across required modules, of their first completion of each. Refreshers do
    not count again, so a report of "networkers trained this year" counts each person once, in
    the year they finished. Two queries, and the counting happens in the database.

    The trained day is on or after `since` exactly when the person has every required module
    but had not yet completed all of them before `since` (some module's first completion is on
    or after `since`), so one GROUP BY answers it:

        GROUP BY networker
        HAVING COUNT(DISTINCT module) = required
           AND COUNT(DISTINCT module) FILTER (WHERE completed_on < since) < required
    """
    required = [m.pk for m in required_modules(programme=programme)]
    if not required:
        return 0
    return (
        ModuleCompletion.objects.for_programme(programme)
        .filter(module_id__in=required)
        .order_by()
        .values("networker_id")
        .annotate(
            modules_done=Count("module_id", distinct=True),
            modules_done_before=Count("module_id", distinct=True, filter=Q(completed_on__lt=since)),
        )
        .filter(modules_done=len(required), modules_done_before__lt=len(required))
        .count()
    )


def training_upcoming_sessions(*, programme, limit: int = 5) -> QuerySet[TrainingSession]:
    """The next sessions that are not cancelled, with modules, languages and booking counts."""
    return (
        TrainingSession.objects.for_programme(programme)
        .not_cancelled()
        .upcoming()
        .for_listing()[:limit]
    )


def training_record(*, networker) -> list[ModuleCompletion]:
    """Every completion of a networker, newest first, with module and session loaded."""
    return list(
        ModuleCompletion.objects.filter(networker=networker)
        .select_related("module", "session")
        .order_by("-completed_on", "module__order")
    )


def module_status_for(*, networker, programme: Programme) -> dict[int, ModuleCompletion]:
    """For each module, the networker's latest completion (current or not)."""
    latest: dict[int, ModuleCompletion] = {}
    for completion in ModuleCompletion.objects.filter(
        networker=networker, module__in=Module.objects.available_to(programme)
    ).order_by("completed_on"):
        latest[completion.module_id] = completion
    return latest


def session_list(
    *,
    programme: Programme,
    when: str = "upcoming",
    module: Module | None = None,
    kind: str = "",
) -> QuerySet[TrainingSession]:
    sessions = TrainingSession.objects.for_programme(programme).for_listing()
    sessions = sessions.past() if when == "past" else sessions.upcoming()
    if module is not None:
        sessions = sessions.filter(modules=module)
    if kind:
        sessions = sessions.filter(kind=kind)
    return sessions


def session_details() -> QuerySet[TrainingSession]:
    """Sessions with everything a session page shows (scope it to a programme before use)."""
    return TrainingSession.objects.for_listing().prefetch_related(
        Prefetch(
            "bookings",
            # In the order people booked: names are encrypted, so SQL cannot sort by them.
            queryset=SessionBooking.objects.select_related("networker").order_by("booked_at", "pk"),
        )
    )


def session_register(*, session: TrainingSession) -> list[dict]:
    """The rows of the attendance register: everyone booked or already marked, by name."""
    booked = {
        b.networker_id: b.networker
        for b in SessionBooking.objects.filter(session=session).select_related("networker")
    }
    marks = {
        a.networker_id: a
        for a in Attendance.objects.filter(session=session).select_related("networker")
    }
    people = {**booked, **{pk: a.networker for pk, a in marks.items()}}
    rows = [
        {
            "networker": networker,
            "booked": pk in booked,
            "attended": marks[pk].attended if pk in marks else None,
        }
        for pk, networker in people.items()
    ]
    order = {n.pk: i for i, n in enumerate(networker_sorted(row["networker"] for row in rows))}
    return sorted(rows, key=lambda row: order[row["networker"].pk])


def networker_for_user(*, user, programme: Programme) -> Networker | None:
    if not user.is_authenticated:
        return None
    return Networker.objects.filter(user=user, programme=programme).first()


def networker_booking_ids(*, networker: Networker | None, sessions) -> set[int]:
    if networker is None:
        return set()
    return set(
        SessionBooking.objects.filter(networker=networker, session__in=sessions).values_list(
            "session_id", flat=True
        )
    )


def refreshers_due(*, programme: Programme, within_days: int = 60) -> QuerySet[ModuleCompletion]:
    """Latest completions that expire in the next `within_days` days (or have expired), where the
    person has not already refreshed the module since. Networkers who have left are not listed."""
    today = timezone.localdate()
    latest_ids = []
    seen: set[tuple[int, int]] = set()
    rows = (
        ModuleCompletion.objects.for_programme(programme)
        .exclude(networker__stage=Networker.Stage.LEFT)
        .order_by("networker_id", "module_id", "-completed_on")
        .values_list("pk", "networker_id", "module_id", "expires_on")
    )
    for pk, networker_id, module_id, expires_on in rows:
        key = (networker_id, module_id)
        if key in seen:
            continue
        seen.add(key)
        if expires_on is not None and expires_on <= today + timedelta(days=within_days):
            latest_ids.append(pk)
    return (
        ModuleCompletion.objects.filter(pk__in=latest_ids)
        .select_related("networker", "module")
        .order_by("expires_on", "networker_id")
    )


def certificates() -> QuerySet[ModuleCompletion]:
    """Completions with what a certificate shows (scope it to a programme before use)."""
    return ModuleCompletion.objects.select_related(
        "networker", "module", "session", "networker__programme"
    )


def training_progress(*, programme: Programme, stages: list[str] | None = None):
    """Networkers with the required modules each still needs, for the coordinator's overview."""
    networkers = Networker.objects.for_programme(programme).exclude(stage=Networker.Stage.LEFT)
    if stages:
        networkers = networkers.filter(stage__in=stages)
    networkers = networker_sorted(networkers)
    missing = training_readiness(networker_ids=[n.pk for n in networkers], programme=programme)
    return [(n, missing[n.pk]) for n in networkers]
