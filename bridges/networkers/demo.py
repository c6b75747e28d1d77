"""Demo city: the programme's networkers, spread across the pipeline.

The 90 demo networker sign-ins become networker records (most active, the rest at other
stages), and about 30 people who applied through the public form, without a sign-in yet, sit
in the early stages. Between them they speak about 30 languages. Dates are relative to the day
the demo is built, so renewals and "trained this year" always have something to show.
"""

from datetime import timedelta

from django.utils import timezone

from bridges.accounts.roles import Role
from bridges.core.demo import DemoContext, invented_name
from bridges.core.models import Area, Language

from .models import Community, DBSCheck, Networker, NetworkerLanguage, StageChange
from .selectors import PIPELINE

Stage = Networker.Stage
Level = NetworkerLanguage.Level
DEMO_DOMAIN = "demo.bridges.example"

# Language → communities a networker speaking it might be connected to (invented groups).
LANGUAGE_COMMUNITIES = {
    "ar": ["Syrian families", "Sudanese community", "Arabic-speaking mothers' group"],
    "fa": ["Iranian community", "Persian poetry circle"],
    "prs": ["Afghan community"],
    "ps": ["Afghan community", "Pashto speakers' football team"],
    "ur": ["Pakistani community", "Mosque women's circle"],
    "pa": ["Gurdwara community"],
    "bn": ["Bangladeshi community"],
    "syl": ["Bangladeshi community"],
    "pl": ["Polish community", "Polish Saturday school"],
    "ro": ["Romanian community", "Roma families"],
    "sk": ["Slovak Roma community", "Roma families"],
    "cs": ["Czech Roma community", "Roma families"],
    "hu": ["Hungarian community"],
    "bg": ["Bulgarian community"],
    "lt": ["Lithuanian community"],
    "uk": ["Ukrainian families", "Ukrainian church"],
    "ru": ["Ukrainian families", "Russian-speaking parents"],
    "ckb": ["Kurdish community"],
    "kmr": ["Kurdish community"],
    "so": ["Somali community", "Somali women's network"],
    "ti": ["Eritrean community", "Eritrean Orthodox church"],
    "am": ["Ethiopian community"],
    "om": ["Oromo community"],
    "sw": ["East African community"],
    "fr": ["Congolese community", "French-speaking African churches"],
    "pt": ["Portuguese-speaking community"],
    "es": ["Latin American community"],
    "sq": ["Albanian community"],
    "tr": ["Turkish and Kurdish community"],
    "zh": ["Chinese community", "Hong Kong families"],
    "vi": ["Vietnamese community"],
    "ln": ["Congolese community"],
    "yo": ["Nigerian community"],
    "ig": ["Nigerian community"],
    "ne": ["Nepali community"],
}
SKILLS = [
    "Nursing", "Teaching", "Accountancy", "Driving", "Cooking for large groups", "Hairdressing",
    "Web design", "Childcare", "Football coaching", "Interpreting at the mosque", "Sewing",
    "Carpentry", "Social media", "Retail management", "Youth work", "Law degree (not practising)",
]  # fmt: skip
EXPERIENCES = [
    "Came to the UK as a refugee and went through the asylum system.",
    "Arrived on a work visa and brought my family later.",
    "Came as a student, stayed and now work in a hospital.",
    "Moved here from elsewhere in Europe with two small children.",
    "Arrived through a resettlement scheme and learned English at college.",
    "Came to join my husband and had to find my way on my own.",
]
# How many of the 90 signed-in networkers sit in each stage (the rest are active).
USER_STAGES = (
    [Stage.TRAINING] * 6
    + [Stage.DBS_CHECK] * 4
    + [Stage.REFERENCES] * 2
    + [Stage.PAUSED] * 4
    + [Stage.LEFT] * 3
)
APPLICANT_STAGES = (
    [Stage.APPLIED] * 12
    + [Stage.CONTACTED] * 8
    + [Stage.INTERVIEWED] * 6
    + [Stage.REFERENCES] * 3
    + [Stage.DBS_CHECK] * 2
)
PAUSE_REASONS = ["Caring for a relative", "Exams this term", "New job, back in spring"]
LEAVE_REASONS = ["Moved to another city", "Started full-time work", "Moved abroad"]


def _history(networker, *, stage, start, end, coordinators, rng) -> list[StageChange]:
    """A plausible path from applied to `stage`, spread between start and end."""
    if stage in (Stage.PAUSED, Stage.LEFT):
        path = PIPELINE[: PIPELINE.index(Stage.ACTIVE) + 1] + [stage]
    else:
        path = PIPELINE[: PIPELINE.index(stage) + 1]
    steps = len(path)
    span = max((end - start).days, steps)
    changes = []
    previous = ""
    for index, step in enumerate(path):
        when = start + timedelta(days=span * index // steps, hours=rng.randint(9, 16))
        reason = ""
        if step == Stage.PAUSED:
            reason = rng.choice(PAUSE_REASONS)
        elif step == Stage.LEFT:
            reason = rng.choice(LEAVE_REASONS)
        changes.append(
            StageChange(
                networker=networker,
                from_stage=previous,
                to_stage=step,
                reason=reason,
                changed_by=None if index == 0 else rng.choice(coordinators),
                changed_at=when,
            )
        )
        previous = step
    return changes


def seed(context: DemoContext) -> None:
    rng = context.rng
    programme = context.data["programme"]
    coordinators = context.data["users"][Role.COORDINATOR]
    users = context.data["users"][Role.NETWORKER]
    now = timezone.now()
    today = timezone.localdate()
    languages = {
        language.code: language
        for language in Language.objects.filter(code__in=[*LANGUAGE_COMMUNITIES, "en"])
    }
    codes = [code for code in LANGUAGE_COMMUNITIES if code in languages]
    wards = list(Area.objects.of_kind(Area.Kind.WARD).within("E08000035").order_by("code"))
    communities: dict[str, Community] = {}

    def community(name: str) -> Community:
        if name not in communities:
            communities[name] = Community.objects.create(programme=programme, name=name)
        return communities[name]

    user_stages = list(USER_STAGES) + [Stage.ACTIVE] * (len(users) - len(USER_STAGES))
    rng.shuffle(user_stages)
    people = [(user, stage) for user, stage in zip(users, user_stages, strict=False)]
    people += [(None, stage) for stage in APPLICANT_STAGES]

    created: list[Networker] = []
    changes: list[StageChange] = []
    skills: list[NetworkerLanguage] = []
    checks: list[DBSCheck] = []
    for number, (user, stage) in enumerate(people):
        # Cycle through the languages first, so that every one has a speaker.
        native = codes[number % len(codes)] if number < 2 * len(codes) else rng.choice(codes)
        in_pipeline = stage not in (Stage.ACTIVE, Stage.PAUSED, Stage.LEFT)
        applied_days_ago = rng.randint(5, 60) if in_pipeline else rng.randint(120, 1400)
        applied = now - timedelta(days=applied_days_ago)
        name = user.display_name if user else invented_name(rng)
        email = user.email if user else f"applicant{number}@{DEMO_DOMAIN}"
        networker = Networker.objects.create(
            programme=programme,
            user=user,
            display_name=name,
            stage=stage,
            email=email,
            phone=f"07700 900{number:03d}",  # Ofcom's drama range: rings nobody
            preferred_contact=rng.choice(list(Networker.Channel.values)),
            skills=", ".join(rng.sample(SKILLS, 2)),
            lived_experience=rng.choice(EXPERIENCES),
            interests=sorted(rng.sample(list(Networker.Interest.values), rng.randint(1, 3))),
            availability_days=sorted(rng.sample(list(Networker.Day.values), rng.randint(1, 4))),
            availability_times=sorted(
                rng.sample(list(Networker.TimeOfDay.values), rng.randint(1, 2))
            ),
            hours_given=rng.randint(4, 220) if stage in (Stage.ACTIVE, Stage.PAUSED) else 0,
            consent_at=applied,
            retain_until=(today + timedelta(days=365))
            if in_pipeline or stage == Stage.LEFT
            else None,
            stage_changed_at=now,
        )
        created.append(networker)
        spoken = {native: rng.choice([Level.NATIVE, Level.NATIVE, Level.FLUENT])}
        spoken["en"] = rng.choice([Level.FLUENT, Level.CONVERSATIONAL, Level.BASIC])
        if rng.random() < 0.4:
            spoken.setdefault(rng.choice(codes), rng.choice([Level.CONVERSATIONAL, Level.BASIC]))
        skills.extend(
            NetworkerLanguage(networker=networker, language_id=code, level=level)
            for code, level in spoken.items()
            if code in languages
        )
        names = LANGUAGE_COMMUNITIES[native]
        networker.communities.set(
            [community(n) for n in rng.sample(names, min(len(names), rng.randint(1, 2)))]
        )
        if wards:
            networker.areas.set(rng.sample(wards, rng.randint(1, 3)))
        history = _history(
            networker, stage=stage, start=applied, end=now - timedelta(days=1),
            coordinators=coordinators, rng=rng,
        )  # fmt: skip
        changes.extend(history)
        networker.stage_changed_at = history[-1].changed_at
        networker.save(update_fields=["stage_changed_at"])

        # DBS: everyone past the DBS step has a check; a few are due for renewal soon.
        past_dbs = stage in (Stage.TRAINING, Stage.ACTIVE, Stage.PAUSED, Stage.LEFT)
        if past_dbs:
            if stage == Stage.ACTIVE and rng.random() < 0.12:
                due = today + timedelta(days=rng.randint(3, 58))
            elif stage == Stage.PAUSED and rng.random() < 0.5:
                due = today - timedelta(days=rng.randint(5, 40))  # lapsed while paused
            else:
                due = today + timedelta(days=rng.randint(90, 1000))
            checks.append(
                DBSCheck(
                    networker=networker,
                    level=rng.choice(
                        [DBSCheck.Level.ENHANCED, DBSCheck.Level.ENHANCED, DBSCheck.Level.STANDARD]
                    ),
                    checked_on=due - timedelta(days=3 * 365),
                    renewal_due=due,
                    on_update_service=rng.random() < 0.3,
                    certificate_seen_by=rng.choice(coordinators),
                )
            )
    NetworkerLanguage.objects.bulk_create(skills)
    StageChange.objects.bulk_create(changes)
    DBSCheck.objects.bulk_create(checks)
    context.data["networkers"] = created
