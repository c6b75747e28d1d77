"""Reads for drop-ins: the rota weeks ahead, one occurrence's queue and helpers, totals.

Every read is scoped to one programme and takes a fixed number of queries, whatever the number
of sessions, shifts or people waiting.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone

from bridges.contacts.models import ContactRecord
from bridges.core.models import Language
from bridges.networkers.models import Networker, NetworkerLanguage

from .models import DropInSession, GroupAttendance, QueueEntry, Shift

ROTA_WEEKS = 6
# How many of the most used languages count as the programme's "common languages".
COMMON_LANGUAGES = 8
COMMON_LANGUAGES_DAYS = 365
# Totals over several occurrences below this are shown as "fewer than 5", never exactly.
SUPPRESS_BELOW = 5
# A networker who tapped "see this person" counts as busy for this long, unless they say they
# are free again sooner.
SEEING_MINUTES = 30


def networker_for_user(*, user, programme) -> Networker | None:
    """The signed-in person's networker record in this programme (not one who has left)."""
    return (
        Networker.objects.for_programme(programme)
        .filter(user=user)
        .exclude(stage=Networker.Stage.LEFT)
        .only("pk", "programme", "user", "stage")
        .first()
    )


def session_list(*, programme, kind: str = "", status: str = "", query: str = ""):
    sessions = DropInSession.objects.for_programme(programme).select_related("location")
    if kind:
        sessions = sessions.filter(kind=kind)
    if status == "cancelled":
        sessions = sessions.filter(cancelled=True)
    elif status != "all":
        sessions = sessions.filter(cancelled=False)
    if query:
        sessions = sessions.filter(
            Q(title__icontains=query)
            | Q(place__icontains=query)
            | Q(location__name__icontains=query)
        )
    return sessions.order_by("cancelled", "starts_on", "start_time", "pk")


def common_languages(*, programme, today: date | None = None) -> list[Language]:
    """The programme's common languages: the most used in its contact log over the last year.

    Chosen over the networkers' own languages because the rota is there to find gaps: the
    languages the networkers speak would only ever show the rota what it already has, while the
    contact log says which languages the people who come for help actually speak. English is
    left out: every networker is trained in it, and the contact form ticks it by default, so
    it would always top the list. With no contact log yet, the networkers' languages stand in.
    """
    today = today or timezone.localdate()
    since = today - timedelta(days=COMMON_LANGUAGES_DAYS)
    through = ContactRecord.languages.through
    ranked = list(
        through.objects.filter(contactrecord__programme=programme, contactrecord__date__gte=since)
        .exclude(language_id="en")
        .values("language_id")
        .annotate(n=Count("contactrecord_id"))
        .order_by("-n", "language_id")
        .values_list("language_id", flat=True)[:COMMON_LANGUAGES]
    )
    if not ranked:
        ranked = list(
            NetworkerLanguage.objects.for_programme(programme)
            .filter(networker__stage=Networker.Stage.ACTIVE)
            .exclude(language_id="en")
            .values("language_id")
            .annotate(n=Count("networker_id"))
            .order_by("-n", "language_id")
            .values_list("language_id", flat=True)[:COMMON_LANGUAGES]
        )
    found = Language.objects.in_bulk(ranked)
    return [found[code] for code in ranked if code in found]


@dataclass
class Occurrence:
    session: DropInSession
    date: date
    helpers: list[Networker] = field(default_factory=list)
    covered: list[Language] = field(default_factory=list)
    missing: list[Language] = field(default_factory=list)
    mine: bool = False

    @property
    def places_left(self) -> int:
        return max(self.session.helpers_wanted - len(self.helpers), 0)

    @property
    def full(self) -> bool:
        return self.places_left == 0

    @property
    def starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.date, self.session.start_time))

    @property
    def ends_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.date, self.session.end_time))

    @property
    def over(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def key(self) -> str:
        return f"{self.session.pk}-{self.date.isoformat()}"


def _helpers_with_languages():
    return Prefetch(
        "networker__language_skills",
        queryset=NetworkerLanguage.objects.select_related("language").order_by(
            "language__english_name"
        ),
    )


def rota(
    *,
    programme,
    start: date | None = None,
    weeks: int = ROTA_WEEKS,
    networker: Networker | None = None,
    sessions=None,
    common: list[Language] | None = None,
) -> list[Occurrence]:
    """Every occurrence of the programme's running sessions from `start` for `weeks` weeks,
    in order, each with its helpers, the languages they speak and the common languages none
    of them speaks."""
    start = start or timezone.localdate()
    end = start + timedelta(days=7 * weeks - 1)
    if sessions is None:
        sessions = DropInSession.objects.for_programme(programme).running().between(start, end)
    sessions = list(sessions.select_related("location"))
    shifts = (
        Shift.objects.for_programme(programme)
        .filter(session__in=[s.pk for s in sessions], date__gte=start, date__lte=end)
        .select_related("networker")
        .prefetch_related(_helpers_with_languages())
        .order_by("signed_up_at", "pk")
    )
    by_occurrence: dict[tuple, list[Networker]] = defaultdict(list)
    for shift in shifts:
        by_occurrence[(shift.session_id, shift.date)].append(shift.networker)
    common = common_languages(programme=programme, today=start) if common is None else common
    occurrences = []
    for session in sessions:
        for day in session.occurrence_dates(start, end):
            helpers = by_occurrence.get((session.pk, day), [])
            spoken: dict[str, Language] = {}
            for helper in helpers:
                for skill in helper.language_skills.all():
                    spoken.setdefault(skill.language_id, skill.language)
            occurrences.append(
                Occurrence(
                    session=session,
                    date=day,
                    helpers=helpers,
                    covered=sorted(spoken.values(), key=lambda lang: lang.english_name),
                    missing=[lang for lang in common if lang.code not in spoken],
                    mine=networker is not None and any(h.pk == networker.pk for h in helpers),
                )
            )
    occurrences.sort(key=lambda o: (o.date, o.session.start_time, o.session.pk))
    return occurrences


def occurrence(*, session: DropInSession, day: date, networker=None) -> Occurrence:
    found = rota(
        programme=session.programme,
        start=day,
        weeks=1,
        networker=networker,
        sessions=DropInSession.objects.filter(pk=session.pk),
    )
    return next(o for o in found if o.date == day)


@dataclass
class Helper:
    networker: Networker
    languages: list[NetworkerLanguage]
    seeing: QueueEntry | None


def queue_waiting(*, session: DropInSession, day: date) -> list[QueueEntry]:
    return list(
        QueueEntry.objects.filter(session=session, date=day, seen_at__isnull=True)
        .select_related("language")
        .order_by("arrived_at", "pk")
    )


def queue_seen_count(*, session: DropInSession, day: date) -> int:
    return QueueEntry.objects.filter(session=session, date=day, seen_at__isnull=False).count()


def helpers_now(*, found: Occurrence, now: datetime | None = None) -> list[Helper]:
    """Who is on shift, the languages they speak (best level first) and whether they are
    seeing someone now (free otherwise)."""
    now = now or timezone.now()
    busy_since = now - timedelta(minutes=SEEING_MINUTES)
    seeing = {
        entry.seen_by_id: entry
        for entry in QueueEntry.objects.filter(
            session=found.session,
            date=found.date,
            seen_at__gte=busy_since,
            finished_at__isnull=True,
            seen_by__in=[h.pk for h in found.helpers],
        )
        .select_related("language")
        .order_by("seen_at")
    }
    order = {"native": 0, "fluent": 1, "conversational": 2, "basic": 3}
    return [
        Helper(
            networker=helper,
            languages=sorted(helper.language_skills.all(), key=lambda s: order.get(s.level, 9)),
            seeing=seeing.get(helper.pk),
        )
        for helper in found.helpers
    ]


def queue_languages(*, programme) -> list[Language]:
    """The languages offered first when adding someone to the queue: the common ones, then
    English. Any other language can be chosen from the full list."""
    return common_languages(programme=programme)


def next_shift(*, user, programme, now: datetime | None = None) -> Shift | None:
    """The signed-in networker's next shift that has not ended, in a running session."""
    now = timezone.localtime(now or timezone.now())
    return (
        Shift.objects.for_programme(programme)
        .filter(networker__user=user, session__cancelled=False)
        .filter(Q(date__gt=now.date()) | Q(date=now.date(), session__end_time__gt=now.time()))
        .select_related("session", "session__location")
        .order_by("date", "session__start_time", "pk")
        .first()
    )


def attendance_of(*, session: DropInSession, day: date) -> dict[str, int]:
    return dict(
        GroupAttendance.objects.filter(session=session, date=day).values_list(
            "language_id", "count"
        )
    )


@dataclass(frozen=True)
class Total:
    language: Language
    count: int | None  # None: suppressed (fewer than SUPPRESS_BELOW, or `secondary`)
    occurrences: int
    secondary: bool = False  # hidden so that the total does not give a small one away


def group_totals(*, programme, start: date, end: date) -> tuple[list[Total], int | None]:
    """Attendance of the programme's group sessions between two dates, per language, with
    small numbers suppressed; and the overall total (suppressed as well when small)."""
    rows = (
        GroupAttendance.objects.for_programme(programme)
        .filter(date__gte=start, date__lte=end, session__kind=DropInSession.Kind.GROUP)
        .values("language_id")
        .annotate(total=Sum("count"), occurrences=Count("pk"))
        .order_by("-total", "language_id")
    )
    rows = list(rows)
    languages = Language.objects.in_bulk([row["language_id"] for row in rows])
    totals = [
        Total(
            language=languages[row["language_id"]],
            count=row["total"] if row["total"] >= SUPPRESS_BELOW else None,
            occurrences=row["occurrences"],
        )
        for row in rows
    ]
    # Secondary suppression: with one figure hidden, the total would give it away by
    # subtraction, so the smallest figure shown is hidden as well.
    hidden = [t for t in totals if t.count is None]
    shown = [t for t in totals if t.count is not None]
    if len(hidden) == 1 and shown:
        smallest = min(shown, key=lambda t: (t.count, t.language.code))
        totals = [
            Total(language=t.language, count=None, occurrences=t.occurrences, secondary=True)
            if t is smallest
            else t
            for t in totals
        ]
    overall = sum(row["total"] for row in rows)
    return totals, (overall if overall >= SUPPRESS_BELOW or overall == 0 else None)
