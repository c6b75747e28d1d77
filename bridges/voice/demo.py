"""Demo city: a year of community issues, modelled on what migrant access programmes report
back to their councils (GP registration refused without proof of address, no interpreter at
appointments, letters only in English, damp private rentals, waiting lists for English classes,
getting into the UKVI account for an eVisa…). Invented and deterministic for a seed: the words
are general, nobody is named, the dates are relative to the moment the demo is built.

Some issues are merged into others, most are routed to a partner organisation's staff or a
named (invented) council contact, several routes are overdue, and a third are resolved with
public words, so the public "you said, we did" page, the agenda and the lists all have content.
Written directly (as referrals' demo is), so no email is queued.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from bridges.accounts.models import Membership
from bridges.accounts.roles import Role
from bridges.core.demo import DemoContext
from bridges.networkers.models import Community

from . import services
from .forms import programme_area_ids
from .models import (
    Issue,
    IssueEvent,
    IssueEvidence,
    IssueRoute,
    IssueSupporter,
    State,
    Urgency,
)

DAYS = 365
ISSUES = 160

# (service area, summary, evidence, what was done) — general situations, no real place or person.
THEMES = [
    (
        "health",
        "GP surgeries ask for proof of address or ID before registering people",
        "People with no tenancy yet were told to come back with a utility bill.",
        "Practices were reminded that no proof of address, ID or immigration status is needed "
        "to register, and reception staff had a short briefing.",
    ),
    (
        "health",
        "No interpreter booked for hospital appointments",
        "Patients were asked to bring a relative, sometimes a child, to interpret.",
        "The hospital trust added the language needed to its booking letters and checks that "
        "an interpreter is booked.",
    ),
    (
        "benefits",
        "Universal Credit journal messages are hard to understand in English only",
        "Claimants miss appointments because they did not understand the journal.",
        "The Jobcentre now offers telephone interpreting at appointments and explains the "
        "journal at the monthly drop-in.",
    ),
    (
        "housing",
        "Damp and mould in private rented flats, landlords not responding",
        "Families with young children in one-bedroom flats with mould on the walls.",
        "The private housing team ran a week of visits with networkers and explained how to "
        "report disrepair.",
    ),
    (
        "english",
        "Long waiting lists for beginners' English classes",
        "People have waited months for an assessment.",
        "The adult learning service opened two extra beginners' classes in the evening.",
    ),
    (
        "digital",
        "People cannot get into their UKVI account to see their eVisa",
        "Several people were asked for a share code by an employer and could not get one.",
        "The library's digital helpers were trained on the UKVI account and hold a weekly "
        "session; the free service is explained in several languages.",
    ),
    (
        "money",
        "Banks refuse to open accounts without proof of address",
        "New arrivals in temporary accommodation were turned away at branches.",
        "Two local banks agreed to accept a letter from the council or a support organisation.",
    ),
    (
        "education",
        "Children waiting weeks for a school place after arriving mid-year",
        "Parents did not know how to apply for an in-year place.",
        "The admissions team published the in-year form with a translated guide and a phone "
        "line with interpreting.",
    ),
    (
        "hate_crime",
        "Women wearing headscarves harassed at a bus stop",
        "Several women stopped taking the bus in the evening.",
        "The police and the bus company met the community; reporting through a third-party "
        "centre is now explained at drop-ins.",
    ),
    (
        "work",
        "Qualified health workers cannot get their qualifications recognised",
        "Nurses and pharmacists working in warehouses.",
        "The employment service now runs a monthly session on qualification recognition with "
        "the local college.",
    ),
    (
        "food",
        "Food bank vouchers need a referral people do not know how to get",
        "Families went without food over a weekend.",
        "Networkers can now refer directly, and the food bank's hours are in the directory.",
    ),
    (
        "mental_health",
        "Talking therapy waiting list has no option in people's own language",
        "People give up after the first phone call in English.",
        "The talking therapies service offers sessions with an interpreter and a group in two "
        "community languages.",
    ),
]
OPENINGS = ["", "Again: ", "Still: ", "More reports: "]
COUNCIL_CONTACTS = [("Housing Standards Officer", "housing.standards@council.example")]


def seed(context: DemoContext) -> None:
    users = context.data.get("users") or {}
    networkers = users.get(Role.NETWORKER, [])
    coordinators = users.get(Role.COORDINATOR, [])
    if not networkers or not coordinators:
        return
    programme = context.data["programme"]
    rng = context.rng
    coordinator = coordinators[0]
    communities = list(Community.objects.for_programme(programme))
    areas = programme_area_ids(programme)
    staffed = list(
        Membership.objects.filter(
            programme=programme, role=Role.PROVIDER, organisation__isnull=False
        ).select_related("organisation", "user")
    )
    now = timezone.now()
    made: list[Issue] = []
    for number in range(ISSUES):
        area, summary, evidence, answer = THEMES[number % len(THEMES)]
        # The newest few are still waiting to be routed.
        age = rng.randrange(10) if number < 12 else rng.randrange(DAYS)
        raised_at = now - timedelta(days=age, hours=rng.randrange(9, 18))
        raiser = rng.choice(networkers)
        people = rng.choice([2, 3, 4, 6, 8, 12, 15, 20, 30, 45])
        issue = Issue.objects.create(
            programme=programme,
            client_id=uuid.UUID(int=rng.getrandbits(128), version=4),
            summary=(rng.choice(OPENINGS) + summary)[:200],
            service_area=area,
            language="en",
            people_affected=people,
            urgency=rng.choice([Urgency.LOW, Urgency.MEDIUM, Urgency.MEDIUM, Urgency.HIGH]),
            raised_by=raiser,
            raised_at=raised_at,
            state_changed_at=raised_at,
        )
        if communities:
            issue.communities.set(
                rng.sample(communities, k=min(len(communities), rng.randint(1, 2)))
            )
        if areas:
            issue.areas.set(rng.sample(areas, k=min(len(areas), rng.randint(0, 2))))
        IssueEvidence.objects.create(
            issue=issue, text=evidence, people_affected=people, added_by=raiser, added_at=raised_at
        )
        IssueSupporter.objects.create(issue=issue, user=raiser, since=raised_at)
        IssueEvent.objects.create(issue=issue, kind=IssueEvent.Kind.RAISED, by=raiser, at=raised_at)
        _progress(
            issue,
            rng=rng,
            age=age,
            now=now,
            answer=answer,
            coordinator=coordinator,
            staffed=staffed,
        )
        made.append(issue)
    # A few alike issues merged, as coordinators do when suggestions show them.
    open_by_area: dict[str, list[Issue]] = {}
    for issue in made:
        if issue.is_open:
            open_by_area.setdefault(issue.summary.split(": ")[-1], []).append(issue)
    for alike in open_by_area.values():
        if len(alike) >= 2:
            services.issue_merge(source=alike[0], target=alike[1], by=coordinator)
    for issue in made:
        services.issue_index(issue=issue)
    context.data["voice_issues"] = made


def _progress(issue, *, rng, age, now, answer, coordinator, staffed) -> None:
    """Route, answer and resolve an issue as its age makes likely."""
    if age < 10 and rng.random() < 0.8:
        return  # raised, waiting to be routed
    moment = issue.raised_at + timedelta(days=rng.randint(1, 6))
    if staffed and rng.random() < 0.75:
        membership = rng.choice(staffed)
        route = IssueRoute(issue=issue, organisation=membership.organisation)
        answerer = membership.user
    else:
        name, email = COUNCIL_CONTACTS[0]
        route = IssueRoute(issue=issue, contact_name=name, contact_email=email)
        answerer = None
    route.routed_by = coordinator
    route.routed_at = moment
    route.due_on = timezone.localdate(moment) + timedelta(days=settings.VOICE_ROUTE_OVERDUE_DAYS)
    route.save()
    issue.state, issue.state_changed_at = State.ROUTED, moment
    IssueEvent.objects.create(issue=issue, kind=IssueEvent.Kind.ROUTED, by=coordinator, at=moment)
    answered_after = rng.randint(5, 50)
    if age > answered_after + 8 and rng.random() < 0.85:
        moment = min(moment + timedelta(days=answered_after), now)
        route.answer, route.answered_at, route.answered_by = answer, moment, answerer
        route.save()
        issue.state, issue.state_changed_at = State.ANSWERED, moment
        IssueEvent.objects.create(
            issue=issue, kind=IssueEvent.Kind.ANSWERED, by=answerer, at=moment
        )
        if age > answered_after + 20 and rng.random() < 0.8:
            moment = min(moment + timedelta(days=rng.randint(3, 15)), now)
            issue.public_summary = issue.summary.split(": ")[-1] + "."
            issue.public_answer = answer
            issue.resolved_at = moment
            issue.state, issue.state_changed_at = State.RESOLVED, moment
            IssueEvent.objects.create(
                issue=issue, kind=IssueEvent.Kind.RESOLVED, by=coordinator, at=moment
            )
    issue.save()
