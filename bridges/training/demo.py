# ruff: noqa: E501 (long lines are prose in the materials)
"""Demo city: the curriculum, a year of past sessions with attendance, upcoming sessions and an
away day. Dates are relative to the day the demo is seeded, so "upcoming" stays upcoming."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from bridges.core.demo import DemoContext, invented_name
from bridges.core.models import Language
from bridges.networkers.models import Networker

from .curriculum import NATIONAL_CURRICULUM, city_services_module
from .models import SessionBooking, TrainingSession
from .services import (
    SessionFull,
    attendance_record,
    curriculum_load,
    session_book,
    session_create,
)

CITY_MATERIALS = """## Where people go first
Riverton Connect is the council's front door for housing, council tax and social care. It is at Riverton Civic Hall, 1 Market Street, open Monday to Friday, 9am to 5pm, and on 0113 496 0100. Ask for an interpreter on the phone or at the desk: the council pays for it. Housing Options sees people who are homeless or may become homeless the same day; come early.

Adult social care and children's services both start at Riverton Connect. Out of hours, the emergency duty team is on 0113 496 0199. If someone is in danger now, call 999.

## Drop-ins and the language rota
- Northgate Advice Centre: benefits, debt and housing advice drop-in on Tuesdays and Thursdays, 10am to 1pm. Regulated immigration advice (Level 2) by appointment on Wednesdays.
- Westfield Health Partnership: GP registration help desk on Monday mornings, for anyone, with or without documents.
- Riverton College ESOL Department: ESOL assessments every Friday morning during term.
- Riverton Food Partnership: food parcels and a community meal on Saturdays at the Eastside Community Centre.
- The networker language rota covers the Civic Hall drop-in every weekday afternoon. Book your shifts in Bridges.

## Using Bridges
Search the directory before you signpost: check who the service is for, what it does and does not do, the languages offered and what to bring. Log support in seconds, without names. Refer only with consent. Raise community issues in Bridges: the coordinator routes each one to the team that owns it, and answers are published as "you said, we did".

## Who to call in the programme
Your coordinator is your first contact for anything about volunteering. The programme's Designated Safeguarding Lead is listed on your Bridges home page. The programme office is at the Civic Hall, on 0113 496 0000.

This module describes the fictional demo city of Riverton: a real programme replaces it with its own services."""

VENUES = [
    ("Riverton Civic Hall, Committee Room 2, 1 Market Street", "Step-free entrance on Bank Lane."),
    ("Northgate Advice Centre, 14 Northgate", "Ground floor; buses 4 and 16 stop outside."),
    ("Eastside Community Centre, Elm Road", "Step-free. Crèche on request, book a week ahead."),
    ("Riverton College, Room B12", "Lift to all floors. Prayer room on the ground floor."),
]
TRAINERS = [
    "Riverton Safeguarding Partnership trainer",
    "Northgate Advice Centre welfare rights team",
    "Programme coordinator",
    "Westfield Health Partnership",
    "Riverton City Council Housing Options",
]


def _at(day, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _networkers(context: DemoContext, programme) -> list[Networker]:
    networkers = list(context.data.get("networkers") or [])
    if not networkers:
        networkers = list(Networker.objects.filter(programme=programme).order_by("pk"))
    if networkers:
        return networkers
    # Fallback when no networkers app demo ran: make a modest cohort from the networker sign-ins.
    stages = (
        [Networker.Stage.ACTIVE] * 7 + [Networker.Stage.TRAINING] * 2 + [Networker.Stage.PAUSED]
    )
    made = []
    for index, user in enumerate(context.data.get("users", {}).get("networker", [])):
        made.append(
            Networker.objects.create(
                programme=programme,
                user=user,
                display_name=user.display_name or invented_name(context.rng),
                stage=stages[index % len(stages)],
            )
        )
    context.data["networkers"] = made
    return made


def seed(context: DemoContext) -> None:
    rng = context.rng
    programme = context.data["programme"]
    coordinator = (context.data.get("users", {}).get("coordinator") or [None])[0]
    national = curriculum_load(modules=NATIONAL_CURRICULUM)
    city_data = city_services_module(city="Riverton", council="Riverton City Council")
    city_data["materials"] = CITY_MATERIALS
    (city,) = curriculum_load(modules=[city_data], programme=programme)
    modules = [*national, city]
    required = [m for m in modules if m.required]
    optional = [m for m in modules if not m.required]
    by_slug = {m.slug: m for m in modules}
    languages = list(Language.objects.filter(code__in=["ar", "fa", "pl", "ti", "uk", "ro"]))

    networkers = _networkers(context, programme)
    learners = [
        n
        for n in networkers
        if n.stage
        in (
            Networker.Stage.ACTIVE,
            Networker.Stage.PAUSED,
            Networker.Stage.TRAINING,
            Networker.Stage.LEFT,
        )
    ]

    today = timezone.localdate()
    # Past sessions: every module taught several times over the last 15 months, the required
    # ones more often; each session on a weekday evening or Saturday morning.
    past = []
    day = today - timedelta(days=455)
    cycle = [*required, *optional[:3], *required, *optional[3:]]
    index = 0
    while day < today - timedelta(days=3):
        module = cycle[index % len(cycle)]
        index += 1
        venue, notes = VENUES[index % len(VENUES)]
        saturday = index % 3 == 0
        start = _at(day, 10 if saturday else 18)
        session = session_create(
            programme=programme,
            created_by=coordinator,
            modules=[module],
            languages=rng.sample(languages, k=2) if languages else [],
            kind=TrainingSession.Kind.SESSION,
            title="",
            starts_at=start,
            ends_at=start
            + timedelta(hours=3 if saturday else 2, minutes=30 if not saturday else 0),
            venue=venue,
            venue_notes=notes,
            trainer=TRAINERS[index % len(TRAINERS)],
            capacity=rng.choice([16, 20, 24]),
            interpreting_note="Interpreters booked on request: tell the coordinator a week ahead.",
        )
        past.append(session)
        day += timedelta(days=rng.choice([9, 10, 11, 12]))

    # A past away day that refreshed the city module for everyone who came.
    away_day_start = _at(today - timedelta(days=200), 10)
    away_day = session_create(
        programme=programme,
        created_by=coordinator,
        modules=[by_slug["city-services"]],
        kind=TrainingSession.Kind.AWAY_DAY,
        title="Networkers' summer away day",
        starts_at=away_day_start,
        ends_at=away_day_start + timedelta(hours=6),
        venue="Riverside Park Pavilion",
        venue_notes="Lunch provided (halal and vegetarian). Travel costs repaid.",
        trainer="Programme coordinators and guest speakers",
        capacity=60,
        interpreting_note="",
    )
    past.append(away_day)

    sessions_for = {m.pk: [s for s in past if m in s.modules.all()] for m in modules}
    attendees: dict[int, set[int]] = {s.pk: set() for s in past}
    booked: dict[int, set[int]] = {s.pk: set() for s in past}

    def place(networker, module, *, days_ago: tuple[int, int] | None = None) -> None:
        pool = sessions_for[module.pk]
        if days_ago:
            low, high = days_ago
            within = [
                s for s in pool if low <= (today - timezone.localdate(s.starts_at)).days <= high
            ]
            pool = within or pool
        for session in rng.sample(pool, k=len(pool)):
            if len(booked[session.pk]) < session.capacity:
                booked[session.pk].add(networker.pk)
                attendees[session.pk].add(networker.pk)
                return

    for number, networker in enumerate(learners):
        if networker.stage == Networker.Stage.TRAINING:
            todo = rng.sample(required, k=rng.randint(0, len(required) - 1))
        else:
            todo = list(required)
            if number % 9 == 4:  # a few active networkers still miss one required module
                todo.remove(rng.choice(required))
        for module in todo:
            if module.refresher_months and number % 7 == 2:
                place(networker, module, days_ago=(300, 360))  # refresher due soon
            elif module.refresher_months == 12 and number % 11 == 5:
                place(networker, module, days_ago=(380, 460))  # refresher overdue
            else:
                place(networker, module, days_ago=(4, 290))
        for module in rng.sample(optional, k=rng.randint(1, len(optional))):
            place(networker, module)
        if networker.stage != Networker.Stage.TRAINING and rng.random() < 0.6:
            attendees[away_day.pk].add(networker.pk)
            booked[away_day.pk].add(networker.pk)

    # Some people booked and did not come.
    for session in past:
        spare = [n for n in learners if n.pk not in booked[session.pk]]
        for networker in rng.sample(spare, k=min(len(spare), rng.randint(0, 2))):
            if len(booked[session.pk]) < session.capacity:
                booked[session.pk].add(networker.pk)

    for session in past:
        SessionBooking.objects.bulk_create(
            SessionBooking(
                session=session,
                networker_id=pk,
                booked_at=session.starts_at - timedelta(days=rng.randint(3, 20)),
            )
            for pk in sorted(booked[session.pk])
        )
        attendance_record(
            session=session,
            attended_ids=attendees[session.pk],
            register_ids=booked[session.pk],
            recorded_by=coordinator,
        )

    # Upcoming sessions, including an away day, with some places already booked.
    upcoming = []
    plan = [
        (7, by_slug["safeguarding-adults-and-children"], 18),
        (14, by_slug["data-protection-and-confidentiality"], 18),
        (21, by_slug["limits-of-immigration-advice"], 18),
        (28, by_slug["housing"], 10),
        (35, by_slug["health-and-gp-registration"], 18),
        (49, by_slug["benefits-and-nrpf"], 10),
    ]
    for offset, module, hour in plan:
        venue, notes = VENUES[offset % len(VENUES)]
        start = _at(today + timedelta(days=offset), hour)
        upcoming.append(
            session_create(
                programme=programme,
                created_by=coordinator,
                modules=[module],
                languages=rng.sample(languages, k=2) if languages else [],
                kind=TrainingSession.Kind.SESSION,
                title="",
                starts_at=start,
                ends_at=start + timedelta(hours=2, minutes=30),
                venue=venue,
                venue_notes=notes,
                trainer=rng.choice(TRAINERS),
                capacity=12 if offset == 7 else 20,
                interpreting_note="Arabic and Tigrinya interpreters booked.",
            )
        )
    away_start = _at(today + timedelta(days=42), 10)
    upcoming.append(
        session_create(
            programme=programme,
            created_by=coordinator,
            modules=[],
            kind=TrainingSession.Kind.AWAY_DAY,
            title="Winter away day: sharing what works",
            starts_at=away_start,
            ends_at=away_start + timedelta(hours=6),
            venue="Eastside Community Centre, Elm Road",
            venue_notes="Lunch provided. Crèche available: book by the Monday before.",
            trainer="Programme coordinators",
            capacity=50,
            interpreting_note="Bring a friend who interprets, or ask us to book one.",
        )
    )
    for session in upcoming:
        for networker in rng.sample(
            learners, k=min(len(learners), rng.randint(3, session.capacity))
        ):
            if networker.stage == Networker.Stage.LEFT:
                continue
            try:
                session_book(session=session, networker=networker, booked_by=networker.user)
            except SessionFull:
                break
    context.data["training_modules"] = modules
    context.data["training_sessions"] = [*past, *upcoming]
