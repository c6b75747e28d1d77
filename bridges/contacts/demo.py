"""Demo city: a year of the programme's contact log.

The active networkers log about `CONTACTS_DEMO_RECORDS` contacts (40,000 by default) over the
year up to yesterday, each in the languages they speak and the wards they know, with a shape a
coordinator would recognise: busier on weekdays, quiet on Sundays, a peak in the dark months
and a dip in August. Generated from the demo's seed, so the same seed gives the same log.
"""

import math
import random
import uuid
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from bridges.core.demo import DemoContext
from bridges.core.models import Country
from bridges.networkers.models import Networker

from .models import Action, AgeBand, Channel, ContactRecord, Gender, Need, Outcome, TimeInUK
from .services import ContactData, contact_fields, content_hash

BATCH = 2000
# Where people speaking each language have often come from (for the optional country).
COUNTRIES = {
    "ar": ["SY", "SD", "IQ"], "fa": ["IR"], "prs": ["AF"], "ps": ["AF"], "ur": ["PK"],
    "pa": ["IN"], "bn": ["BD"], "syl": ["BD"], "pl": ["PL"], "ro": ["RO"], "sk": ["SK"],
    "cs": ["CZ"], "hu": ["HU"], "bg": ["BG"], "lt": ["LT"], "uk": ["UA"], "ru": ["UA"],
    "ckb": ["IQ"], "kmr": ["TR"], "so": ["SO"], "ti": ["ER"], "am": ["ET"], "om": ["ET"],
    "sw": ["KE", "TZ"], "fr": ["CD", "CM"], "pt": ["PT", "BR"], "es": ["CO", "VE"],
    "sq": ["AL"], "tr": ["TR"], "zh": ["CN", "HK"], "vi": ["VN"], "ln": ["CD"], "yo": ["NG"],
    "ig": ["NG"], "ne": ["NP"],
}  # fmt: skip
CHANNELS = [
    (Channel.IN_PERSON, 30), (Channel.PHONE, 28), (Channel.DROP_IN, 18), (Channel.GROUP, 8),
    (Channel.HOME_VISIT, 6), (Channel.ACCOMPANIED, 10),
]  # fmt: skip
NEEDS = [
    (Need.HOUSING, 18), (Need.BENEFITS, 16), (Need.WORK, 10), (Need.HEALTH, 14),
    (Need.EDUCATION, 8), (Need.IMMIGRATION, 9), (Need.MENTAL_HEALTH, 6), (Need.MONEY, 9),
    (Need.FOOD, 7), (Need.ENGLISH, 10), (Need.DIGITAL, 7), (Need.HATE_CRIME, 1),
    (Need.SAFEGUARDING, 1),
]  # fmt: skip
WEEKDAY = [1.0, 1.1, 1.05, 1.1, 0.95, 0.5, 0.2]  # Monday … Sunday
NOTES = [
    "Helped fill in the form together; they will bring the letter next week.",
    "Showed how to book a GP appointment online.",
    "Family needs school uniform support; gave the leaflet.",
]


def _pick(rng: random.Random, weighted: list[tuple]) -> str:
    return rng.choices([value for value, _ in weighted], [weight for _, weight in weighted])[0]


def _season(day) -> float:
    """Busier in winter (peak mid-January), quieter in summer, with a dip in August."""
    angle = 2 * math.pi * (day.timetuple().tm_yday - 15) / 365
    return (1.0 + 0.3 * math.cos(angle)) * (0.7 if day.month == 8 else 1.0)


def _day_counts(start, days: int, total: int) -> list[tuple]:
    weights = [
        _season(start + timedelta(d)) * WEEKDAY[(start + timedelta(d)).weekday()]
        for d in range(days)
    ]
    scale = total / sum(weights)
    counts, carried = [], 0.0
    for index, weight in enumerate(weights):
        carried += weight * scale
        count = int(carried)
        carried -= count
        counts.append((start + timedelta(index), count))
    return counts


def _record_data(rng, day, networker, spoken, wards, services, countries) -> ContactData:
    channel = _pick(rng, CHANNELS)
    languages = [spoken[0]] if spoken else ["en"]
    if len(spoken) > 1 and rng.random() < 0.35:
        languages.append(rng.choice(spoken[1:]))
    needs = sorted({_pick(rng, NEEDS) for _ in range(rng.choice([1, 1, 1, 2, 2, 3]))})
    actions = ["information"] if rng.random() < 0.8 else []
    chosen = []
    if services and rng.random() < 0.55:
        actions.append(Action.SIGNPOSTED)
        chosen = rng.sample(services, rng.choice([1, 1, 2]))
    if rng.random() < 0.15:
        actions.append(Action.REFERRED)
    if channel == Channel.ACCOMPANIED:
        actions.append(Action.ACCOMPANIED)
    if rng.random() < 0.3:
        actions.append(Action.INTERPRETED)
    origin = [c for c in COUNTRIES.get(languages[0], []) if c in countries]
    group = channel in (Channel.GROUP, Channel.DROP_IN) and rng.random() < 0.6
    return ContactData(
        date=day,
        channel=channel,
        people_helped=rng.randint(3, 15) if group else rng.choice([1, 1, 1, 1, 2, 3, 4]),
        languages=languages,
        duration_minutes=rng.choice([15, 20, 30, 30, 45, 60, 60, 90, 120, 180]),
        country=rng.choice(origin) if origin and rng.random() < 0.6 else None,
        age_band=AgeBand.MIXED if group else rng.choice([*AgeBand.values[:5], ""]),
        gender=Gender.MIXED if group else rng.choice(["woman", "woman", "man", "not_said", ""]),
        time_in_uk=rng.choice([*TimeInUK.values, "", ""]),
        area=rng.choice(wards) if wards and rng.random() < 0.85 else None,
        needs=needs,
        actions=actions,
        services=chosen,
        outcome=rng.choice([*Outcome.values, "", ""]),
        follow_up=rng.random() < 0.15,
        note=rng.choice(NOTES) if rng.random() < 0.02 else "",
    )


def seed(context: DemoContext) -> None:
    # A generator of its own, so the apps seeded after this one see the same random stream
    # whatever the size of the log.
    rng = random.Random(f"contacts-{context.seed}")
    programme = context.data["programme"]
    networkers = list(
        Networker.objects.for_programme(programme)
        .active()
        .exclude(user=None)
        .prefetch_related("language_skills", "areas")
        .order_by("pk")
    )
    if not networkers:
        return
    profiles = [
        (
            n,
            [
                s.language_id
                for s in sorted(n.language_skills.all(), key=lambda s: s.level != "native")
            ],
            sorted(a.pk for a in n.areas.all()),
        )
        for n in networkers
    ]
    services = [str(s.pk) for s in context.data.get("directory_services", [])]
    countries = set(Country.objects.values_list("code", flat=True))
    today = timezone.localdate()
    start = today - timedelta(days=365)
    Through = ContactRecord.languages.through
    pending: list[tuple[ContactRecord, list[str]]] = []

    def flush() -> None:
        made = ContactRecord.objects.bulk_create([record for record, _ in pending])
        Through.objects.bulk_create(
            Through(contactrecord_id=record.pk, language_id=code)
            for record, (_, codes) in zip(made, pending, strict=True)
            for code in codes
        )
        pending.clear()

    for day, count in _day_counts(start, 365, settings.CONTACTS_DEMO_RECORDS):
        for _ in range(count):
            networker, spoken, wards = rng.choice(profiles)
            data = _record_data(rng, day, networker, spoken, wards, services, countries)
            record = ContactRecord(
                programme=programme,
                networker=networker,
                client_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                content_hash=content_hash(data=data, networker_id=networker.pk),
                created_by_id=networker.user_id,
                updated_by_id=networker.user_id,
                **contact_fields(data),
            )
            pending.append((record, data.languages))
            if len(pending) >= BATCH:
                flush()
    if pending:
        flush()
