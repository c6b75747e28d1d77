"""Reads of community voice, each scoped to a programme."""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from bridges.accounts.models import Membership, Organisation
from bridges.accounts.roles import Role
from bridges.contacts.models import ContactRecord
from bridges.contacts.selectors import networker_for_user
from bridges.networkers.models import Community

from .models import OPEN_STATES, Issue, IssueRoute, ServiceArea, State

OVERDUE = "overdue"
OPEN = "open"
# Fewer people than this are never counted in public ("fewer than 5" reads as a count too).
SMALL_NUMBER = 5


def overdue_days() -> int:
    return settings.VOICE_ROUTE_OVERDUE_DAYS


def _overdue_route(today=None):
    return Exists(IssueRoute.objects.filter(issue=OuterRef("pk")).overdue(today=today))


def issue_list(*, programme, state: str = "", service_area: str = "", today=None) -> QuerySet:
    issues = (
        Issue.objects.for_programme(programme)
        .annotate(overdue=_overdue_route(today), supporter_count=Count("supporters", distinct=True))
        .newest_first()
    )
    if state == OVERDUE:
        issues = issues.filter(overdue=True)
    elif state == OPEN:
        issues = issues.filter(state__in=OPEN_STATES)
    elif state:
        issues = issues.filter(state=state)
    if service_area:
        issues = issues.filter(service_area=service_area)
    return issues


def issue_counts(*, programme, today=None) -> dict:
    by_state = dict(
        Issue.objects.for_programme(programme)
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    overdue = (
        IssueRoute.objects.for_programme(programme)
        .overdue(today=today)
        .values("issue")
        .distinct()
        .count()
    )
    return {"states": {value: by_state.get(value, 0) for value in State.values}, "overdue": overdue}


def issue_detail(*, queryset=None) -> QuerySet:
    return (
        (queryset or Issue.objects.all())
        .select_related("raised_by", "merged_into", "programme")
        .prefetch_related(
            "communities",
            "areas",
            Prefetch(
                "routes", queryset=IssueRoute.objects.select_related("organisation", "answered_by")
            ),
        )
    )


def issue_evidence(issue: Issue) -> QuerySet:
    return issue.evidence.select_related("added_by", "moved_from")


def issue_events(issue: Issue) -> QuerySet:
    return issue.events.select_related("by", "other")


def issues_to_merge_into(*, issue: Issue) -> QuerySet:
    return (
        Issue.objects.for_programme(issue.programme)
        .open()
        .exclude(pk=issue.pk)
        .only("pk", "summary", "service_area", "raised_at", "state")
        .newest_first()
    )


def organisations_to_route_to(*, programme) -> QuerySet:
    """The programme's partner organisations, with whether any of their staff are on Bridges."""
    staffed = Membership.objects.filter(
        programme=programme, role=Role.PROVIDER, organisation=OuterRef("pk")
    )
    return (
        Organisation.objects.for_programme(programme)
        .annotate(staffed=Exists(staffed))
        .filter(staffed=True)
        .order_by("name")
    )


def provider_organisations(*, user, programme) -> list[int]:
    return list(
        Membership.objects.filter(
            user=user, programme=programme, role=Role.PROVIDER, organisation__isnull=False
        ).values_list("organisation_id", flat=True)
    )


def routes_visible_to(*, user, programme, roles) -> QuerySet:
    routes = IssueRoute.objects.for_programme(programme).select_related("issue", "organisation")
    if Role.COORDINATOR in roles:
        return routes
    if Role.PROVIDER in roles:
        return routes.filter(
            organisation_id__in=provider_organisations(user=user, programme=programme)
        )
    return routes.none()


def route_list(*, user, programme, roles, overdue_only: bool = False, today=None) -> QuerySet:
    routes = routes_visible_to(user=user, programme=programme, roles=roles)
    if overdue_only:
        routes = routes.overdue(today=today)
    return routes.order_by("answered_at", "due_on", "pk")


# --- Raising from elsewhere ----------------------------------------------------------------


@dataclass
class Prefill:
    summary: str = ""
    service_area: str = ""
    language: str = ""
    areas: tuple = ()
    source: str = ""
    source_id: int | None = None


def contact_suggestions(*, user, programme, pk) -> Prefill | None:
    """What an issue may take from one of the signed-in networker's own contact records: its
    first need, its first language and its area, as suggestions. Nothing else is read."""
    if not str(pk or "").isdigit():
        return None
    networker = networker_for_user(user=user, programme=programme)
    if networker is None:
        return None
    record = (
        ContactRecord.objects.for_programme(programme)
        .by_networker(networker)
        .filter(pk=int(pk))
        .only("pk", "needs", "language_codes", "area")
        .first()
    )
    if record is None:
        return None
    needs = [n for n in record.needs or [] if n in ServiceArea.values]
    return Prefill(
        service_area=needs[0] if needs else "",
        language=(record.language_codes or [""])[0],
        areas=(record.area_id,) if record.area_id else (),
        source="contact",
        source_id=record.pk,
    )


def cascade_source(value: str) -> int | None:
    """`cascade:<id>` → the id (the cascades app links to the raise form with it)."""
    kind, _sep, pk = (value or "").partition(":")
    return int(pk) if kind == "cascade" and pk.isdigit() and len(pk) < 10 else None


# --- Agenda -------------------------------------------------------------------------------


def agenda(*, programme, today=None) -> list[dict]:
    """The open issues for the partnership meeting: by service area, overdue first, then the
    most urgent and the most people affected."""
    today = today or timezone.localdate()
    issues = list(
        issue_list(programme=programme, state=OPEN, today=today).prefetch_related(
            "communities",
            "areas",
            Prefetch("routes", queryset=IssueRoute.objects.select_related("organisation")),
        )
    )
    urgency = {"high": 0, "medium": 1, "low": 2}
    groups: dict[str, list] = defaultdict(list)
    for issue in issues:
        groups[issue.service_area].append(issue)
    labels = dict(ServiceArea.choices)
    result = []
    for area in sorted(
        groups, key=lambda a: (not any(i.overdue for i in groups[a]), str(labels.get(a, a)))
    ):
        items = sorted(
            groups[area],
            key=lambda i: (not i.overdue, urgency.get(i.urgency, 3), -i.people_affected, i.pk),
        )
        result.append({"service_area": area, "label": labels.get(area, area), "issues": items})
    return result


# --- The public page -------------------------------------------------------------------------


def nameable_communities(*, programme) -> set[int]:
    """Communities big enough to be named in public: at least VOICE_PUBLIC_COMMUNITY_MIN of the
    programme's networkers are connected to them
    (docs/decisions/0003-voice-answer-links-and-public-page.md)."""
    return set(
        Community.objects.for_programme(programme)
        .annotate(n=Count("networkers", distinct=True))
        .filter(n__gte=settings.VOICE_PUBLIC_COMMUNITY_MIN)
        .values_list("pk", flat=True)
    )


@dataclass
class PublicIssue:
    pk: int
    service_area: str
    said: str
    said_language: str
    did: str
    did_language: str
    # Shown from a published translation (its language known), not the source words.
    said_translated: bool
    did_translated: bool
    resolved_at: object
    people: int | None  # None when fewer than SMALL_NUMBER
    communities: list[str]
    smaller_communities: bool
    areas: list[str]


def public_resolved(*, programme, language: str = "") -> QuerySet:
    return (
        Issue.objects.for_programme(programme)
        .resolved()
        .filter(~Q(public_summary=""), ~Q(public_answer=""))
        .prefetch_related("communities", "areas")
        .order_by("-resolved_at", "-pk")
    )


def public_rows(issues, *, programme, language: str) -> list[PublicIssue]:
    from . import translations
    from .translations import source_language

    nameable = nameable_communities(programme=programme)
    texts = translations.public_texts(issues, language)
    labels = dict(ServiceArea.choices)
    rows = []
    for issue in issues:
        communities = [c for c in issue.communities.all()]
        named = sorted(c.name for c in communities if c.pk in nameable)
        smaller = any(c.pk not in nameable for c in communities)
        said, said_language, did, did_language = texts[issue.pk]
        rows.append(
            PublicIssue(
                pk=issue.pk,
                service_area=str(labels.get(issue.service_area, "")),
                said=said,
                said_language=said_language,
                did=did,
                did_language=did_language,
                said_translated=said_language == language != source_language(issue),
                did_translated=did_language == language != source_language(issue),
                resolved_at=issue.resolved_at,
                people=issue.people_affected if issue.people_affected >= SMALL_NUMBER else None,
                communities=named,
                smaller_communities=smaller,
                # Areas are named only with no small community beside them: a ward and a small
                # community together could point at a few families.
                areas=[] if smaller else sorted(a.name for a in issue.areas.all()),
            )
        )
    return rows
