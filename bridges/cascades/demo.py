"""Demo city: a year of key-message cascades.

About a dozen key messages over the year up to today, each shared for four to eight weeks in the
languages of the communities it is for, the way programmes report it: most reach goes through
messaging groups, places of worship and community groups, a few community radio slots reach
hundreds at once, and one-to-one conversations reach one or two. Roughly one report in seven
brings a question back; the coordinator has answered most of the older ones. Some languages stay
unreached, as they do in life. The details (the bus pass change, the names of groups) are
invented; the facts about national services follow the project's fact sheet, checked on
2026-11-22. Generated from the demo's seed, so the same seed gives the same cascades.
"""

import random
import uuid
from datetime import date, timedelta

from django.utils import timezone

from bridges.core.demo import DemoContext
from bridges.core.models import Language
from bridges.networkers.models import Networker

from .models import Channel, KeyMessage, QuestionGroup, ReachReport
from .services import ReachData, content_hash, question_key, summary_rebuild

FACTS_CHECKED = date(2026, 11, 22)
BATCH = 2000

# (title, message, short version, languages, weeks shared, questions that came back)
MESSAGES = [
    (
        "You can register with a GP without proof of address",
        "Anyone in England can register with a GP practice and see a GP free of charge, "
        "whatever their nationality or immigration status. You do not need proof of address, "
        "ID or an NHS number to register. If a practice refuses, it must tell you why in writing "
        "within 14 days; you can try another practice or ask a networker for help.",
        "Register with a GP for free: no proof of address or ID is needed.",
        ["ar", "fa", "prs", "ps", "ti", "so", "ku", "ckb", "uk", "ro"],
        6,
        [
            "Do I need a passport to register?",
            "Is the GP free for asylum seekers?",
            "The surgery asked for a utility bill, what do I do?",
        ],
    ),
    (
        "EU Settlement Scheme: late applications",
        "The deadline for the EU Settlement Scheme was 30 June 2021. You can still apply late "
        "only if you have reasonable grounds for the delay, such as serious illness, and the "
        "Home Office now asks for evidence. Family members joining later usually have 3 months "
        "from arrival. Networkers cannot give immigration advice: see a regulated adviser.",
        "Missed the EU Settlement Scheme? Late applications need good reasons and evidence. "
        "See a regulated adviser.",
        ["pl", "ro", "sk", "cs", "hu", "bg", "lt", "pt", "es"],
        8,
        [
            "Can my mother still apply?",
            "Where is a free adviser?",
            "Is pre-settled status changed to settled automatically?",
        ],
    ),
    (
        "Check your eVisa before you travel",
        "Biometric residence permits have been replaced by eVisas. Create your free UKVI "
        "account, check that your details are right and link your current passport before you "
        "travel. Every person, including each child, needs their own account. Never pay anyone "
        "to get an eVisa: the service is free.",
        "BRP cards are replaced by eVisas: create your free UKVI account and link your "
        "passport before travelling.",
        ["ar", "fa", "prs", "ur", "ti", "am", "so", "uk", "zh", "vi"],
        6,
        [
            "My child has no account, how do we make one?",
            "Someone asked for money to do it",
            "What is a share code?",
        ],
    ),
    (
        "Winter vaccinations",
        "Free flu vaccinations are offered each winter to people most at risk. Ask your GP "
        "practice or a pharmacy whether you or your children can have one.",
        "Ask your GP or pharmacy about a free winter flu vaccination.",
        ["ar", "ur", "bn", "pl", "ro", "so", "ti", "fa"],
        8,
        [
            "Is it safe for pregnant women?",
            "Do children get it at school?",
            "Can I get it without a GP?",
        ],
    ),
    (
        "Cost-of-living help from the council",
        "Riverton Council's household support fund helps with food and energy bills this "
        "winter. Apply online or at any library; a networker can help you fill in the form.",
        "Help with food and energy bills: apply to the council online or at a library.",
        ["ar", "pl", "ro", "sk", "uk", "ur", "bn", "so", "ti", "fr"],
        6,
        [
            "Can people with no recourse to public funds apply?",
            "What papers do I need?",
            "Is there a deadline?",
        ],
    ),
    (
        "Bus passes change in January",
        "From January older and disabled people's bus passes in Riverton are renewed online or "
        "at a library, not by post. Bring your old pass and a photo.",
        "Bus passes: renew online or at a library from January. Bring your old pass and a photo.",
        ["ar", "ur", "pa", "bn", "pl", "zh"],
        5,
        ["Is there a charge?", "Can my son renew it for me?"],
    ),
    (
        "English classes: enrol for spring term",
        "Free or low-cost English classes (ESOL) start in January at the college and in "
        "community centres. Refugees can join straight away; people seeking asylum can join "
        "once their claim has been waiting 6 months. Bring ID and proof of status and income.",
        "English classes start in January: ask at the college or your community centre.",
        ["ar", "fa", "prs", "ps", "ti", "am", "so", "uk", "ku", "ckb"],
        7,
        ["Are there classes with a creche?", "Is there an evening class?", "Do I need to pay?"],
    ),
    (
        "Report hate crime",
        "A hate crime can be reported to the police on 101, online through True Vision, or in "
        "an emergency on 999. You can report for someone else, and you do not need to give your "
        "name to True Vision.",
        "Hate crime: call 999 in an emergency, 101 otherwise, or report online at True Vision.",
        ["ar", "ur", "pl", "ro", "so", "ti", "fa", "zh"],
        4,
        ["Will the police ask about my visa?", "Can I report in my language?"],
    ),
    (
        "Council tax: are you the only adult at home?",
        "If you are the only adult living in your home you can get 25% off your council tax. "
        "Tell the council. Students and some others are not counted. Get free debt advice early "
        "if you are behind with payments.",
        "Only adult at home? You can get 25% off council tax: tell the council.",
        ["pl", "ro", "sk", "bg", "ar", "ur", "so"],
        6,
        ["Does my 19-year-old count?", "Can I pay monthly?"],
    ),
    (
        "School places for September",
        "Applications for primary and secondary school places for September close soon. Apply "
        "online through the council; a networker or the library can help.",
        "School places for September: apply to the council before the closing date.",
        ["ar", "pl", "ro", "sk", "cs", "ur", "bn", "so", "ti", "fr"],
        8,
        ["What if we arrive after the deadline?", "Can I choose a school near work?"],
    ),
    (
        "Summer holiday activities and food",
        "Free holiday activities with a healthy meal run in the summer holidays for children who "
        "get free school meals. Book through the council's holiday activities page.",
        "Free holiday clubs with a meal for children on free school meals: book now.",
        ["ar", "pl", "ro", "ur", "so", "ti", "fa"],
        5,
        ["Is it for under 5s too?"],
    ),
    (
        "Heat and health: looking after each other",
        "In hot weather check on older neighbours, drink water, keep rooms cool and ask a "
        "pharmacist if you feel unwell.",
        "Hot weather: check on neighbours, drink water and keep cool.",
        ["ar", "ur", "pa", "bn", "so", "pl"],
        4,
        [],
    ),
]
ANSWERS = {
    "Is the GP free for asylum seekers?": "Yes. Seeing a GP is free for everyone in England, "
    "whatever their immigration status.",
    "Where is a free adviser?": "The directory lists regulated immigration advisers: search "
    "“immigration advice”. Networkers signpost only.",
    "Someone asked for money to do it": "The eVisa and the UKVI account are free. Do not pay "
    "anyone; tell your coordinator if someone asks.",
    "Do I need to pay?": "Many learners on low incomes pay nothing; the college will check. "
    "Community conversation classes are free.",
    "Will the police ask about my visa?": "You can report to True Vision without giving your "
    "name, and someone can report for you.",
}
# (channel, weight, people reached: low, high)
CHANNELS = [
    (Channel.MESSAGING_GROUP, 38, 15, 160),
    (Channel.WORSHIP, 14, 40, 300),
    (Channel.COMMUNITY_EVENT, 16, 8, 45),
    (Channel.SCHOOL_GATE, 10, 4, 25),
    (Channel.ONE_TO_ONE, 15, 1, 2),
    (Channel.SOCIAL_MEDIA, 5, 30, 400),
    (Channel.RADIO, 2, 200, 1500),
]


def _channel(rng: random.Random):
    return rng.choices(CHANNELS, [weight for _c, weight, _l, _h in CHANNELS])[0]


def seed(context: DemoContext) -> None:
    rng = random.Random(f"cascades-{context.seed}")
    programme = context.data["programme"]
    coordinators = context.data.get("users", {}).get("coordinator") or []
    coordinator = coordinators[0] if coordinators else None
    known = set(Language.objects.values_list("code", flat=True))
    networkers = list(
        Networker.objects.for_programme(programme)
        .active()
        .exclude(user=None)
        .prefetch_related("language_skills", "areas", "communities")
        .order_by("pk")
    )
    today = timezone.localdate()
    start = today - timedelta(days=365)
    spacing = 365 // len(MESSAGES)
    reports: list[ReachReport] = []
    for index, (title, text, short, codes, weeks, questions) in enumerate(MESSAGES):
        starts = start + timedelta(days=index * spacing + rng.randint(0, 6))
        ends = starts + timedelta(weeks=weeks)
        message = KeyMessage.objects.create(
            programme=programme,
            title=title,
            text=text,
            short_text=short,
            source_language_id="en",
            starts_on=starts,
            ends_on=ends,
            checked_on=min(FACTS_CHECKED, starts),
            created_by=coordinator,
            updated_by=coordinator,
        )
        languages = [code for code in codes if code in known]
        message.languages.set(languages)
        sharers = [
            n
            for n in networkers
            if {s.language_id for s in n.language_skills.all()} & set(languages)
        ]
        communities = sorted(
            {c for n in sharers for c in n.communities.all()}, key=lambda c: c.name
        )
        message.communities.set(rng.sample(communities, min(len(communities), 4)))
        groups: dict[str, QuestionGroup] = {}
        last = min(ends, today)
        if starts > today:
            continue
        for networker in sharers:
            spoken = [s.language_id for s in networker.language_skills.all()]
            spoken = [code for code in spoken if code in languages]
            if rng.random() < 0.25:  # not everyone shares every message
                continue
            for _ in range(rng.choice([1, 1, 2, 2, 3, 4])):
                channel, _weight, low, high = _channel(rng)
                day = starts + timedelta(days=rng.randint(0, max(0, (last - starts).days)))
                areas = list(networker.areas.all())
                own_communities = list(networker.communities.all())
                question = ""
                if questions and rng.random() < 0.14:
                    question = rng.choice(questions)
                data = ReachData(
                    date=day,
                    channel=channel,
                    language=rng.choice(spoken),
                    people_reached=rng.randint(low, high),
                    community=rng.choice(own_communities).pk if own_communities else None,
                    area=rng.choice(areas).pk if areas and rng.random() < 0.8 else None,
                    question=question,
                )
                group = None
                if question:
                    key = question_key(question)
                    group = groups.get(key)
                    if group is None:
                        answer = ANSWERS.get(question, "")
                        answered = bool(answer) and ends < today
                        group = groups[key] = QuestionGroup.objects.create(
                            programme=programme,
                            message=message,
                            summary=question,
                            key=key,
                            answer=answer if answered else "",
                            answered_at=timezone.now() - timedelta(days=(today - ends).days)
                            if answered
                            else None,
                            answered_by=coordinator if answered else None,
                        )
                values = data.canonical()
                reports.append(
                    ReachReport(
                        programme=programme,
                        message=message,
                        networker=networker,
                        client_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                        content_hash=content_hash(
                            message_id=message.pk, data=data, networker_id=networker.pk
                        ),
                        date=day,
                        channel=channel,
                        language_id=values["language"],
                        community_id=values["community"],
                        area_id=values["area"],
                        people_reached=values["people_reached"],
                        question=values["question"],
                        question_group=group,
                        created_by_id=networker.user_id,
                    )
                )
                if len(reports) >= BATCH:
                    ReachReport.objects.bulk_create(reports)
                    reports.clear()
    if reports:
        ReachReport.objects.bulk_create(reports)
    summary_rebuild(programme=programme)
