"""Demo city: drop-ins and group sessions with rotas, a queue today and a year of attendance.

Five weekly sessions (three drop-ins, two groups), a one-off advice day and a cancelled
session. Active networkers with a sign-in fill about two thirds of the places over the past
four weeks and the next six, leaving gaps for coordinators to recruit cover; the first demo
networker is on today's drop-in, where a few people are waiting. Group sessions have their
attendance counted by language for half a year. Dates are relative to the day of seeding;
everything else comes from the demo's seed, so the same seed on the same day gives the same
records.
"""

import random
import uuid
from datetime import datetime, time, timedelta

from django.utils import timezone

from bridges.accounts.roles import Role
from bridges.core.demo import DemoContext
from bridges.core.models import Language
from bridges.directory.models import Location
from bridges.networkers.models import Networker

from .models import DropInSession, GroupAttendance, QueueEntry, Shift

PAST_WEEKS = 4
AHEAD_WEEKS = 6
ATTENDANCE_WEEKS = 26
NEEDS = ["housing", "benefits", "health", "work", "english", "money", "education", "digital"]

# (title, kind, days from today's weekday, start, end, networkers wanted, place)
SESSIONS = [
    ("Community hub drop-in", "drop_in", 0, time(9, 30), time(16, 0), 3, None),
    ("Harehills advice drop-in", "drop_in", 2, time(10, 0), time(13, 0), 3, None),
    ("Evening drop-in at the library", "drop_in", 4, time(17, 30), time(19, 30), 2,
     "Central Library, ground floor meeting room"),
    ("Women's conversation group", "group", 1, time(13, 0), time(14, 30), 2,
     "St Aidan's church hall, side room"),
    ("Work club", "group", 3, time(18, 0), time(20, 0), 2, "Job shop, upstairs"),
]  # fmt: skip


def _rng(context: DemoContext) -> random.Random:
    # Its own generator, so that other apps' demo data do not shift these records.
    return random.Random(f"dropins-{context.seed}")


def seed(context: DemoContext) -> None:
    programme = context.data["programme"]
    rng = _rng(context)
    today = timezone.localdate()
    locations = list(
        Location.objects.for_programme(programme).exclude(name="").order_by("name")[:5]
    )
    sessions = []
    for number, (title, kind, offset, start, end, wanted, place) in enumerate(SESSIONS):
        location = None
        if place is None and locations:
            location = locations[number % len(locations)]
        sessions.append(
            DropInSession.objects.create(
                programme=programme,
                kind=kind,
                title=title,
                location=location,
                place=place or "Community centre, main hall",
                repeats=DropInSession.Repeats.WEEKLY,
                starts_on=today + timedelta(days=offset) - timedelta(weeks=ATTENDANCE_WEEKS),
                start_time=start,
                end_time=end,
                helpers_wanted=wanted,
            )
        )
    sessions.append(
        DropInSession.objects.create(
            programme=programme,
            title="Winter advice day: energy bills and warm spaces",
            place="Town hall, committee room 2",
            repeats=DropInSession.Repeats.ONCE,
            starts_on=today + timedelta(days=19),
            start_time=time(10, 0),
            end_time=time(15, 0),
            helpers_wanted=4,
        )
    )
    DropInSession.objects.create(
        programme=programme,
        title="Friday drop-in (moved to the library)",
        place="Old community room",
        starts_on=today + timedelta(days=5) - timedelta(weeks=ATTENDANCE_WEEKS),
        start_time=time(10, 0),
        end_time=time(12, 0),
        cancelled=True,
    )
    helpers = list(
        Networker.objects.for_programme(programme)
        .filter(stage=Networker.Stage.ACTIVE, user__isnull=False)
        .order_by("pk")
    )
    if not helpers:
        return
    first_user = (context.data.get("users") or {}).get(Role.NETWORKER, [None])[0]
    first = next((h for h in helpers if first_user and h.user_id == first_user.pk), helpers[0])
    start, end = today - timedelta(weeks=PAST_WEEKS), today + timedelta(weeks=AHEAD_WEEKS)
    shifts = []
    for session in sessions:
        for day in session.occurrence_dates(start, end):
            wanted = session.helpers_wanted
            taken = rng.choice([0, 1, 1, 2, wanted, wanted]) if day > today else wanted
            chosen = rng.sample(helpers, min(taken, wanted, len(helpers)))
            if session is sessions[0] and day == today and first not in chosen:
                chosen = [first, *chosen[: wanted - 1]]
            shifts.extend(Shift(session=session, date=day, networker=n) for n in chosen)
    Shift.objects.bulk_create(shifts)
    _queue(sessions[0], today, rng, first)
    _attendance(sessions, today, rng)
    context.data["dropin_sessions"] = sessions


def _queue(session, today, rng, networker) -> None:
    """People waiting at today's drop-in, and a few already seen."""
    now = timezone.now()
    opened = timezone.make_aware(datetime.combine(today, session.start_time))
    codes = ["ar", "fa", "ti", "pl", "ro", "ur", "so", "ckb", "uk", "ps"]
    entries = []
    for number in range(8):
        arrived = min(now, opened + timedelta(minutes=20 * number)) - timedelta(
            minutes=rng.randint(0, 15)
        )
        seen = number < 3
        entries.append(
            QueueEntry(
                session=session,
                date=today,
                client_id=uuid.UUID(int=rng.getrandbits(128)),
                language_id=rng.choice(codes),
                need=rng.choice(NEEDS),
                arrived_at=arrived,
                seen_at=arrived + timedelta(minutes=10) if seen else None,
                seen_by=networker if seen else None,
                finished_at=arrived + timedelta(minutes=40) if seen else None,
            )
        )
    known = set(Language.objects.filter(code__in=codes).values_list("code", flat=True))
    QueueEntry.objects.bulk_create([e for e in entries if e.language_id in known])


def _attendance(sessions, today, rng) -> None:
    group_languages = {
        "Women's conversation group": ["ar", "fa", "ur", "so", "ti", "ckb"],
        "Work club": ["pl", "ro", "ar", "uk", "ti", "en"],
    }
    rows = []
    for session in sessions:
        codes = group_languages.get(session.title)
        if not codes:
            continue
        known = set(Language.objects.filter(code__in=codes).values_list("code", flat=True))
        for day in session.occurrence_dates(today - timedelta(weeks=ATTENDANCE_WEEKS), today):
            if day == today:
                continue
            for code in codes:
                count = rng.choice([0, 0, 1, 2, 3, 4, 6])
                if count and code in known:
                    rows.append(
                        GroupAttendance(session=session, date=day, language_id=code, count=count)
                    )
    GroupAttendance.objects.bulk_create(rows)
