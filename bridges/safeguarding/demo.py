"""Demo city: the programme's safeguarding contacts and a few concerns in every state.

The concerns are invented, generic and non-graphic; they name nobody. Times are relative to the
moment the demo is built, so one new concern is always past the 24-hour deadline."""

from datetime import timedelta

from django.utils import timezone

from bridges.accounts.roles import Role
from bridges.core.demo import DemoContext

from .models import Concern, ConcernAction, SafeguardingSettings

State = Concern.State
Referral = Concern.Referral

# (hours ago, about, risk now, what happened, where, action already taken, state, referral)
CONCERNS = [
    (
        30, Concern.About.CHILD, False,
        "At a drop-in session a parent said their child has not been to school for several "
        "weeks and seemed worried about who was looking after the children during the day.",
        "Community centre drop-in", "", State.NEW, "",
    ),
    (
        3, Concern.About.ADULT, True,
        "An adult I support told me someone is holding their passport and they are being "
        "made to work long hours to pay back a debt.",
        "", "Gave them the Modern Slavery Helpline number.", State.NEW, "",
    ),
    (
        50, Concern.About.ADULT, False,
        "An older woman living alone said she often goes without meals and has no heating.",
        "Home visit, north of the ward", "", State.ACKNOWLEDGED, "",
    ),
    (
        120, Concern.About.CHILD, False,
        "A young person said they were being pressured by older people to carry packages.",
        "Near the bus station", "Told their youth worker with their agreement.",
        State.ACTION_TAKEN, Referral.CHILDRENS_SOCIAL_CARE,
    ),
    (
        200, Concern.About.ADULT, False,
        "A family member appears to be controlling an adult's money and phone.",
        "", "", State.ACTION_TAKEN, Referral.ADULTS_SOCIAL_CARE,
    ),
    (
        400, Concern.About.CHILD, False,
        "A child at a community event had marks on their arm and said they had fallen.",
        "Community event", "", State.CLOSED, Referral.OTHER,
    ),
]  # fmt: skip


def seed(context: DemoContext) -> None:
    programme = context.data["programme"]
    users = context.data["users"]
    lead = users[Role.SAFEGUARDING][0]
    raisers = [users[Role.COORDINATOR][0], *users[Role.NETWORKER][:5]]
    SafeguardingSettings.objects.create(
        programme=programme,
        contact_text="Riverton safeguarding lead, Civic Hall",
        contact_phone="0113 496 0999",  # Ofcom's range for drama: rings nobody
        contact_email="safeguarding@demo.bridges.example",
        hours="Monday to Friday, 9am to 5pm",
        acknowledge_within_hours=24,
    )
    now = timezone.now()
    concerns = []
    for number, (hours, about, risk, text, place, done, state, referral) in enumerate(CONCERNS):
        raised = now - timedelta(hours=hours)
        concern = Concern(
            programme=programme,
            about=about,
            immediate_risk=risk,
            what_happened=text,
            happened_on=(raised - timedelta(days=1)).date(),
            place=place or None,
            action_already_taken=done or None,
            raised_by=raisers[number % len(raisers)],
            raised_at=raised,
            state=state,
        )
        if state != State.NEW:
            concern.acknowledged_at, concern.acknowledged_by = raised + timedelta(hours=4), lead
        if referral:
            concern.referral = referral
            concern.action_at, concern.action_by = raised + timedelta(hours=20), lead
        if state == State.CLOSED:
            concern.closed_at, concern.closed_by = raised + timedelta(days=10), lead
            concern.outcome = "Support is in place through the school; no further action."
        concern.save()
        if referral:
            ConcernAction.objects.create(
                concern=concern,
                kind=referral,
                taken_on=timezone.localdate(concern.action_at),
                note="Spoke to the duty team; they will follow up. Ref given.",
                created_by=lead,
                updated_by=lead,
            )
        concerns.append(concern)
    context.data["safeguarding_concerns"] = concerns
