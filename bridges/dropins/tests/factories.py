from datetime import date, time, timedelta

from django.utils import timezone

from bridges.dropins.models import DropInSession, QueueEntry, Shift
from bridges.networkers.models import Networker
from bridges.networkers.tests.factories import language


def next_weekday(weekday: int, *, after: date | None = None) -> date:
    """The first date after `after` (today) falling on `weekday` (Monday is 0)."""
    after = after or timezone.localdate()
    return after + timedelta(days=(weekday - after.weekday() - 1) % 7 + 1)


def dropin(programme, **fields) -> DropInSession:
    fields.setdefault("title", "Tuesday drop-in")
    fields.setdefault("place", "Community centre, main hall")
    fields.setdefault("starts_on", next_weekday(1))
    fields.setdefault("start_time", time(10, 0))
    fields.setdefault("end_time", time(12, 0))
    fields.setdefault("helpers_wanted", 2)
    return DropInSession.objects.create(programme=programme, **fields)


def active_networker(programme, name: str = "Networker", *, user=None, languages=()) -> Networker:
    from bridges.networkers.tests.factories import speaks

    found = Networker.objects.create(
        programme=programme, display_name=name, user=user, stage=Networker.Stage.ACTIVE
    )
    for code in languages:
        speaks(found, code)
    return found


def shift(session, day, networker) -> Shift:
    return Shift.objects.create(session=session, date=day, networker=networker)


def waiting(session, day, code: str = "ar", need: str = "housing") -> QueueEntry:
    import uuid

    return QueueEntry.objects.create(
        session=session,
        date=day,
        client_id=uuid.uuid4(),
        language=language(code),
        need=need,
        arrived_at=timezone.now(),
    )
