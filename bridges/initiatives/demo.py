"""Demo city: a year of community initiatives and their events.

Eight initiatives like those real programmes report (a work club, a women's association, a
community café and kitchen, a football club, a sewing social enterprise, a homework club and a
culture group), most public and running, one an idea, one paused, each with networkers of the
programme and the support it needs. Their weekly meetings, a community day every month,
information sessions with service providers, one cancelled session, and attendance counted after
each past date (by language for some). Dates are relative to the day of seeding; everything
else comes from the demo's seed. Every detail is invented.
"""

import random
from datetime import date, time, timedelta

from django.utils import timezone

from bridges.core.demo import DemoContext
from bridges.core.models import Language
from bridges.networkers.models import Networker

from . import services
from .models import Event, EventAttendance, EventAttendanceLanguage, Initiative

MONTHS_BACK = 9
MONTHS_AHEAD = 3

# name, kind, status, public, purpose, activities, languages, venue, (days, opens, closes),
# needs, weekly event (title, weekday, start, end) or None
INITIATIVES = [
    ("Riverton work club", "work_club", "active", True,
     "Help to find work: CVs, applications, interview practice and volunteering.",
     "One-to-one help with CVs and online applications; mock interviews; talks by employers.",
     ["en", "ar", "ti", "pl"], ("Riverton Library, learning room", "Market Street", "RV1 3DL"),
     ("TU", "18:00", "20:00"), ["volunteers"], ("Work club evening", 1, time(18), time(20))),
    ("Sisters Together women's association", "womens_group", "active", True,
     "A safe, friendly group for women who are new to the city, with a crèche.",
     "Conversation in English, sewing, cooking, trips, talks from health visitors.",
     ["ar", "fa", "ku", "en"], ("St Aidan's church hall", "Elm Road", "RV4 2HT"),
     ("WE", "10:00", "12:30"), ["funding", "training"],
     ("Women's morning", 2, time(10), time(12, 30))),
    ("Open Door community café", "cafe", "active", True,
     "Pay-as-you-feel café where new arrivals and neighbours meet over a meal.",
     "Hot lunch, advice drop-in with networkers, board games, English practice.",
     ["en", "ar", "ro", "so"], ("Open Door café", "14 Station Parade", "RV2 1AA"),
     ("TH", "11:00", "14:00"), ["venue"], ("Café lunch", 3, time(11), time(14))),
    ("Eritrean community kitchen", "kitchen", "starting", True,
     "Cooking and sharing food from Eritrea and Ethiopia; learning food hygiene together.",
     "Cooking sessions, food hygiene certificates, catering for community days.",
     ["ti", "am", "en"], ("St Mark's community hall", "Hill Top Road", "RV5 7QP"),
     ("SA", "12:00", "15:00"), ["venue", "funding", "training"], None),
    ("Riverton United football club", "sports", "active", True,
     "Football for young men aged 16 to 25, whoever they are and wherever they come from.",
     "Training on Saturday mornings, a Sunday league team, first aid and coaching courses.",
     ["en", "ar", "fa", "ps"], ("Victoria Park pitches", "Park Lane", "RV3 9BZ"),
     ("SA", "10:00", "12:00"), ["volunteers", "training"],
     ("Football training", 5, time(10), time(12))),
    ("Threads social enterprise", "social_enterprise", "active", True,
     "A sewing workshop run by refugee women that sells bags and alterations.",
     "Sewing and business skills, market stalls, paid alterations.",
     ["fa", "ar", "en"], ("Threads workshop", "Unit 3, Canal Mills", "RV2 6EX"),
     ("MO,FR", "10:00", "15:00"), ["funding"], None),
    ("Homework club", "language", "paused", False,
     "Help with homework for children aged 8 to 14, and support for their parents.",
     "Reading, maths and help with school letters.",
     ["en", "pl", "ro", "sk"], ("Beeston primary school", "Cross Flatts", "RV6 8LD"),
     ("TH", "15:30", "17:00"), ["volunteers", "venue"], None),
    ("Sudanese heritage group", "culture", "idea", False,
     "An idea from two networkers: a group to celebrate Sudanese music, food and language.",
     "", ["ar", "en"], ("", "", ""), None, ["venue", "funding"], None),
]  # fmt: skip

INFORMATION_SESSIONS = [
    ("Registering with a doctor (GP)", "A GP surgery explains how to register and what to bring."),
    ("Your rights when you rent a home", "A housing adviser explains deposits and repairs."),
    ("Opening a bank account", "A bank explains which documents they accept."),
    ("School places for your children", "The council's admissions team explains how to apply."),
    ("Help with council tax", "The council explains council tax support and discounts."),
    ("Finding English classes", "Local colleges explain ESOL classes and how to join."),
    ("Your energy bills", "An energy adviser explains meters, bills and help with debt."),
]  # fmt: skip


def _rng(context: DemoContext) -> random.Random:
    return random.Random(f"initiatives-{context.seed}")


def _t(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def _first_weekday(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def seed(context: DemoContext) -> None:
    programme = context.data["programme"]
    rng = _rng(context)
    today = timezone.localdate()
    start = (today.replace(day=1) - timedelta(days=30 * MONTHS_BACK)).replace(day=1)
    known = set(Language.objects.values_list("code", flat=True))
    networkers = list(
        Networker.objects.for_programme(programme)
        .filter(stage=Networker.Stage.ACTIVE)
        .order_by("pk")[:30]
    )
    initiatives = []
    weekly = []
    for row in INITIATIVES:
        (name, kind, status, public, purpose, activities, codes, venue, hours, needs, meeting) = row
        fields = {
            "name": name, "kind": kind, "status": status, "public": public, "purpose": purpose,
            "activities": activities, "venue_name": venue[0], "venue_address": venue[1],
            "venue_postcode": venue[2],
        }  # fmt: skip
        if hours:
            fields.update(meets_on=hours[0], opens_at=_t(hours[1]), closes_at=_t(hours[2]))
        for need in needs:
            fields[Initiative.NEED_FIELDS[need]] = True
        if needs:
            fields["support_notes"] = rng.choice(
                [
                    "The hall's rent goes up in April; the council's community grant may cover it.",
                    "Two more volunteers would let it open a second evening.",
                    "The organisers asked for food hygiene and safeguarding training.",
                    "Looking for a room with a kitchen and step-free access.",
                ]
            )
        if status == "active" and rng.random() < 0.6:
            fields["contact_email"] = f"hello@{name.split()[0].lower()}-group.example"
        chosen = rng.sample(networkers, min(len(networkers), rng.randint(1, 3)))
        initiative = services.initiative_create(
            programme=programme,
            created_by=None,
            languages=[c for c in codes if c in known],
            networkers=chosen,
            **fields,
        )
        initiatives.append(initiative)
        if meeting:
            title, weekday, begins, ends = meeting
            weekly.append(
                services.event_create(
                    programme=programme,
                    created_by=None,
                    initiative=initiative,
                    kind=Event.Kind.MEETING,
                    title=title,
                    description=activities,
                    venue_name=venue[0],
                    venue_address=venue[1],
                    venue_postcode=venue[2],
                    repeats=Event.Repeats.WEEKLY,
                    starts_on=_first_weekday(start, weekday),
                    start_time=begins,
                    end_time=ends,
                    public=public,
                    languages=[c for c in codes if c in known],
                )
            )
    one_off = []
    # A community day on the first Saturday of every month, at the town hall.
    month = start
    while month <= today + timedelta(days=30 * MONTHS_AHEAD):
        day = _first_weekday(month, 5)
        one_off.append(
            services.event_create(
                programme=programme,
                created_by=None,
                kind=Event.Kind.COMMUNITY_DAY,
                title="Riverton community day",
                description="Food, music, stalls from local services and advice in many languages.",
                venue_name="Riverton Town Hall",
                venue_address="The Headrow",
                venue_postcode="RV1 1UR",
                starts_on=day,
                start_time=time(11),
                end_time=time(16),
                languages=[c for c in ("en", "ar", "fa", "pl", "ro", "ti", "so") if c in known],
            )
        )
        month = (month + timedelta(days=32)).replace(day=1)
    # An information session with a service provider every six weeks.
    day = _first_weekday(start + timedelta(days=10), 2)
    number = 0
    while day <= today + timedelta(days=30 * MONTHS_AHEAD):
        title, description = INFORMATION_SESSIONS[number % len(INFORMATION_SESSIONS)]
        one_off.append(
            services.event_create(
                programme=programme,
                created_by=None,
                kind=Event.Kind.INFORMATION,
                title=title,
                description=description,
                venue_name="Riverton Library, meeting room 2",
                venue_address="Market Street",
                venue_postcode="RV1 3DL",
                starts_on=day,
                start_time=time(18),
                end_time=time(19, 30),
                languages=[c for c in ("en", "ar", "ti") if c in known],
            )
        )
        number += 1
        day += timedelta(weeks=6)
    upcoming = [e for e in one_off if e.kind == Event.Kind.INFORMATION and e.starts_on > today]
    if upcoming:
        services.event_cancel(event=upcoming[-1], cancelled_by=None)
    _attendance(rng, [*weekly, *one_off], today, known)
    context.data["initiatives"] = initiatives
    context.data["community_events"] = [*weekly, *one_off]


def _attendance(rng: random.Random, events: list[Event], today: date, known: set) -> None:
    counted = []
    splits = []
    for event in events:
        codes = list(event.languages.values_list("code", flat=True))
        for day in event.occurrence_dates(event.starts_on, today - timedelta(days=1)):
            if event.kind == Event.Kind.COMMUNITY_DAY:
                total = rng.randint(60, 220)
            elif event.kind == Event.Kind.INFORMATION:
                total = rng.randint(3, 30)
            else:
                if rng.random() < 0.15:  # not every week is counted
                    continue
                total = rng.randint(2, 25)
            attendance = EventAttendance(event=event, date=day, total=total)
            counted.append(attendance)
            if codes and rng.random() < 0.5:
                left = total
                for code in codes:
                    share = rng.randint(0, left)
                    if share:
                        splits.append((attendance, code, share))
                    left -= share
    EventAttendance.objects.bulk_create(counted, batch_size=500)
    EventAttendanceLanguage.objects.bulk_create(
        [
            EventAttendanceLanguage(attendance=a, language_id=code, count=n)
            for a, code, n in splits
            if code in known
        ],
        batch_size=500,
    )
