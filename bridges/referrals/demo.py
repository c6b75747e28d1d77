"""Demo city: a year of referrals in every state, to the directory's services.

Deterministic for a seed (names, services, languages and states come from the seeded random
generator; times are relative to the moment the demo is built). The people are invented and
their phone numbers are in Ofcom's range for drama (07700 900000–900999), which rings nobody.
Older closed referrals whose consent was withdrawn are already purged, and one is on a legal
hold, so every page has something to show."""

import uuid
from datetime import timedelta

from django.utils import timezone

from bridges.accounts.models import Membership
from bridges.accounts.roles import Role
from bridges.core.demo import DemoContext, invented_name
from bridges.core.models import Language

from . import consent
from .models import (
    CLOSED_STATES,
    ConsentGivenBy,
    ConsentMethod,
    ContactMethod,
    DeclineReason,
    Referral,
    ReferralEvent,
    State,
)

REFERRALS = 480
DAYS = 365
NOTES = [
    "Needs advice about a tenancy deposit that was not returned.",
    "Would like help to register with a GP; works mornings.",
    "Looking for English classes for beginners, evenings if possible.",
    "Has a letter about Universal Credit and would like it explained.",
    "Wants to find a school place for two children.",
    "",
]
# The loop's path to each final state, after "sent".
PATHS = {
    State.SENT: [],
    State.ACCEPTED: [State.ACCEPTED],
    State.IN_PROGRESS: [State.ACCEPTED, State.IN_PROGRESS],
    State.COMPLETED: [State.ACCEPTED, State.IN_PROGRESS, State.COMPLETED],
    State.DECLINED: [State.DECLINED],
    State.NOT_CONTACTED: [State.ACCEPTED, State.NOT_CONTACTED],
    State.WITHDRAWN: [State.WITHDRAWN],
}


def _final_state(rng, age_days: int) -> str:
    if age_days < 10:
        return rng.choice([State.SENT, State.SENT, State.ACCEPTED, State.IN_PROGRESS])
    if age_days < 40:
        return rng.choice(
            [State.SENT, State.ACCEPTED, State.IN_PROGRESS, State.COMPLETED, State.DECLINED]
        )
    return rng.choices(
        [State.COMPLETED, State.DECLINED, State.NOT_CONTACTED, State.WITHDRAWN, State.IN_PROGRESS],
        weights=[60, 12, 12, 4, 3],
    )[0]


def seed(context: DemoContext) -> None:
    services = context.data.get("directory_services") or []
    users = context.data.get("users") or {}
    referrers = [*users.get(Role.NETWORKER, [])[:12], *users.get(Role.COORDINATOR, [])[:1]]
    if not services or not referrers:
        return
    programme = context.data["programme"]
    rng = context.rng
    languages = list(Language.objects.filter(common=True).order_by("code")) or list(
        Language.objects.order_by("code")[:10]
    )
    staffed = set(
        Membership.objects.filter(
            programme=programme, role=Role.PROVIDER, organisation__isnull=False
        ).values_list("organisation_id", flat=True)
    )
    provider = (users.get(Role.PROVIDER) or [None])[0]
    now = timezone.now()
    made: list[Referral] = []
    histories: list[list[tuple[str, object, object]]] = []
    # Referrals to the provider's own services are frequent, so its staff have a full list.
    owned = [s for s in services if s.organization.partner_id in staffed]
    for number in range(REFERRALS):
        age = rng.randrange(DAYS)
        referred_at = now - timedelta(days=age, hours=rng.randrange(9, 17))
        service = rng.choice(owned) if owned and number % 3 == 0 else rng.choice(services)
        assisted = service.organization.partner_id not in staffed
        referrer = rng.choice(referrers)
        language = rng.choice(languages)
        final = _final_state(rng, age)
        method = rng.choice([ContactMethod.PHONE, ContactMethod.PHONE, ContactMethod.TEXT])
        history = []
        moment = referred_at
        handler = referrer if assisted or provider is None else provider
        for step in PATHS[final]:
            moment = moment + timedelta(days=rng.randint(1, max(1, min(6, age // 4 or 1))))
            moment = min(moment, now)
            history.append((step, moment, referrer if step == State.WITHDRAWN else handler))
        last = history[-1][1] if history else referred_at
        referral = Referral(
            programme=programme,
            client_id=uuid.UUID(int=rng.getrandbits(128), version=4),
            content_hash="demo",
            service=service,
            referred_by=referrer,
            referred_at=referred_at,
            person_name=invented_name(rng),
            contact_method=method,
            contact_detail=f"07700 900{rng.randrange(1000):03d}",
            note=rng.choice(NOTES) or None,
            language=language,
            interpreter_needed=language.code != "en" and rng.random() < 0.6,
            consent_given_by=ConsentGivenBy.PERSON,
            consent_given_at=referred_at,
            consent_method=rng.choice(ConsentMethod.values),
            consent_purpose=f"To be contacted by {service.name} about this referral.",
            consent_wording_version=consent.CURRENT,
            consent_language="en",
            state=final,
            state_changed_at=last,
            state_changed_by=history[-1][2] if history else referrer,
            assisted=assisted,
            decline_reason=rng.choice(DeclineReason.values) if final == State.DECLINED else "",
            closed_at=last if final in CLOSED_STATES else None,
            consent_withdrawn_at=last if final == State.WITHDRAWN else None,
            consent_withdrawn_by=referrer if final == State.WITHDRAWN else None,
            created_by=referrer,
            updated_by=referrer,
        )
        if final == State.WITHDRAWN and age > 30:
            # Purged by an earlier run: only the anonymous columns remain.
            referral.person_name = referral.contact_detail = referral.note = None
            referral.purged_at = last + timedelta(days=1)
        made.append(referral)
        histories.append(history)
    Referral.objects.bulk_create(made, batch_size=500)
    events = []
    for referral, history in zip(made, histories, strict=True):
        events.append(
            ReferralEvent(
                referral=referral,
                kind=ReferralEvent.Kind.SENT,
                state=State.SENT,
                at=referral.referred_at,
                by=referral.referred_by,
            )
        )
        for step, moment, by in history:
            kind = ReferralEvent.Kind.WITHDRAWN if step == State.WITHDRAWN else "state"
            events.append(ReferralEvent(referral=referral, kind=kind, state=step, at=moment, by=by))
        if referral.purged_at:
            events.append(ReferralEvent(referral=referral, kind="purged", at=referral.purged_at))
    ReferralEvent.objects.bulk_create(events, batch_size=1000)
    held = next((r for r in made if r.state == State.COMPLETED and r.purged_at is None), None)
    if held is not None:
        coordinator = (users.get(Role.COORDINATOR) or [None])[0]
        Referral.objects.filter(pk=held.pk).update(
            hold_reason="A complaint about the service is being investigated.",
            hold_review_on=timezone.localdate() + timedelta(days=90),
            hold_set_at=now,
            hold_set_by=coordinator,
        )
    context.data["referrals"] = made
