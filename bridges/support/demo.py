"""Demo city: support requests from the public in every state, deterministic for the seed.

The people are invented (names from the shared list, phone numbers in Ofcom's range for drama,
email addresses on a reserved domain); nobody real is described. Requests are offered to the
networkers the matching suggests, so the demo shows what the ranking would do."""

import random
import uuid
from datetime import timedelta

from django.utils import timezone

from bridges.accounts.roles import Role
from bridges.core.demo import DemoContext, invented_name
from bridges.core.models import Area, Language
from bridges.networkers.models import Networker

from . import consent
from .matching import suggest_networkers
from .models import SupportAssignment, SupportRequest

State = SupportRequest.State
ContactBy = SupportRequest.ContactBy

# (hours ago, needs, language, other language, state, message)
REQUESTS = [
    (2, ["housing"], "ar", "", State.NEW, "Mornings are best."),
    (5, ["immigration", "benefits"], "fa", "en", State.NEW, ""),
    (30, ["health"], "so", "", State.NEW, "I would like help registering with a doctor."),
    (80, ["education"], "ro", "en", State.NEW, ""),
    (200, ["work", "english"], "uk", "ru", State.NEW, "After 5pm please."),
    (20, ["benefits", "money"], "ur", "pa", State.ASSIGNED, ""),
    (26, ["mental_health"], "ar", "en", State.ASSIGNED, ""),
    (50, ["immigration"], "ti", "", State.ASSIGNED, ""),
    (60, ["housing", "food"], "pl", "", State.ACCEPTED, "Text first, please."),
    (75, ["digital"], "bn", "en", State.ACCEPTED, ""),
    (120, ["health", "education"], "ps", "fa", State.ACCEPTED, ""),
    (150, ["work"], "ar", "", State.CONTACTED, ""),
    (240, ["housing"], "so", "en", State.CONTACTED, ""),
    (300, ["benefits"], "ku", "ar", State.CONTACTED, ""),
    (500, ["english"], "fa", "", State.CLOSED, ""),
    (700, ["money"], "ro", "", State.CLOSED, ""),
]

CLOSE_REASONS = [SupportRequest.CloseReason.HELPED, SupportRequest.CloseReason.ELSEWHERE]


def _contact(rng: random.Random, number: int) -> tuple[str, str]:
    how = [ContactBy.PHONE, ContactBy.MESSAGING, ContactBy.TEXT, ContactBy.EMAIL][number % 4]
    if how == ContactBy.EMAIL:
        return how, f"asker{number}@demo.bridges.example"
    return how, f"07700 900{rng.randint(100, 999)}"  # Ofcom's range for drama: rings nobody


def seed(context: DemoContext) -> None:
    rng = random.Random(f"support-{context.seed}")
    programme = context.data["programme"]
    coordinator = (context.data.get("users", {}).get(Role.COORDINATOR) or [None])[0]
    known = set(Language.objects.values_list("code", flat=True))
    wards = list(
        Area.objects.of_kind(Area.Kind.WARD)
        .filter(parent_id=programme.local_authority_id)
        .order_by("code")
    )
    fallback = list(
        Networker.objects.for_programme(programme)
        .filter(stage=Networker.Stage.ACTIVE, user__isnull=False)
        .order_by("pk")
    )
    now = timezone.now()
    made = []
    for number, (hours, needs, code, other, state, message) in enumerate(REQUESTS):
        if code not in known:
            code = "ar"
        received = now - timedelta(hours=hours)
        how, detail = _contact(rng, number)
        request = SupportRequest.objects.create(
            programme=programme,
            token=uuid.UUID(int=rng.getrandbits(128)),
            received_at=received,
            needs=needs,
            language_id=code,
            other_language_id=other if other in known and other != code else None,
            area=rng.choice(wards) if wards and number % 3 else None,
            contact_by=how,
            contact_detail=detail,
            name=invented_name(rng).split()[0] if number % 2 else None,
            message=message or None,
            consent_version=consent.CURRENT,
            consent_at=received,
        )
        made.append(request)
        if state == State.NEW and number != 3:
            continue
        suggested = suggest_networkers(request, limit=3)
        networker = (
            Networker.objects.get(pk=suggested[0].networker_id)
            if suggested
            else (fallback[number % len(fallback)] if fallback else None)
        )
        if networker is None:
            continue
        offered = received + timedelta(hours=1)
        assignment = SupportAssignment.objects.create(
            request=request, networker=networker, assigned_by=coordinator, assigned_at=offered
        )
        if state == State.NEW:  # offered once, and declined: back in triage with the reason
            assignment.answer = SupportAssignment.Answer.DECLINED
            assignment.answered_at = offered + timedelta(hours=3)
            assignment.decline_reason = SupportAssignment.DeclineReason.NOT_AVAILABLE
            assignment.save()
            continue
        request.networker, request.assigned_at, request.state = networker, offered, state
        if state in (State.ACCEPTED, State.CONTACTED, State.CLOSED):
            assignment.answer = SupportAssignment.Answer.ACCEPTED
            assignment.answered_at = request.accepted_at = offered + timedelta(hours=2)
            assignment.save()
        if state in (State.CONTACTED, State.CLOSED):
            request.contacted_at = offered + timedelta(hours=20)
        if state == State.CLOSED:
            request.closed_at = offered + timedelta(days=5)
            request.close_reason = CLOSE_REASONS[number % len(CLOSE_REASONS)]
        request.save()
    context.data["support_requests"] = made
