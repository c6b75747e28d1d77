"""Writes of community voice: raise, back, merge, route, answer, resolve, close. Each is atomic;
emails leave after commit through core.notify."""

import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bridges.accounts.models import Membership, Organisation
from bridges.accounts.roles import Role
from bridges.core.notify import Addressee, notification_send

from . import similar
from .models import (
    OPEN_STATES,
    Issue,
    IssueEvent,
    IssueEvidence,
    IssueRoute,
    IssueSupporter,
    IssueTerm,
    State,
)

LINK_SALT = "bridges.voice.route-answer"


class IssueConflict(Exception):
    """The issue changed under the person acting (already merged, resolved, answered…)."""


@dataclass
class IssueData:
    summary: str
    service_area: str
    people_affected: int
    urgency: str
    evidence: str
    detail: str = ""
    language: str = "en"
    source: str = ""
    source_id: int | None = None
    communities: list = field(default_factory=list)
    areas: list = field(default_factory=list)


# --- The word index ------------------------------------------------------------------------


def issue_texts(issue: Issue, *, publishing: tuple[str, dict] | None = None) -> list[str]:
    """The texts an issue is found by: its own words and, where the translation workflow has
    published them, its words in other languages (translations.issue_texts). `publishing` is
    a translation being published now (language, segments), not stored yet."""
    from . import translations

    return [issue.summary, issue.detail, *translations.issue_texts(issue, publishing=publishing)]


def issue_index(*, issue: Issue, publishing: tuple[str, dict] | None = None) -> None:
    """Rebuild the issue's stems (after it is raised, merged into, changes state, or a
    translation of it is published)."""
    IssueTerm.objects.filter(issue=issue).delete()
    terms: list[str] = []
    for text in issue_texts(issue, publishing=publishing):
        for term in similar.stems(text or ""):
            if term not in terms:
                terms.append(term)
    IssueTerm.objects.bulk_create(
        IssueTerm(programme_id=issue.programme_id, issue=issue, term=term, is_open=issue.is_open)
        for term in terms
    )


def _set_open(issue: Issue) -> None:
    IssueTerm.objects.filter(issue=issue).update(is_open=issue.is_open)


def _move(issue: Issue, state: str, *, now=None) -> None:
    issue.state = state
    issue.state_changed_at = now or timezone.now()


def _event(issue: Issue, kind: str, *, by=None, other: Issue | None = None, at=None) -> None:
    IssueEvent.objects.create(issue=issue, kind=kind, by=by, other=other, at=at or timezone.now())


# --- Raising and backing -------------------------------------------------------------------


@transaction.atomic
def issue_raise(
    *, programme, raised_by, client_id: uuid.UUID, data: IssueData, now=None
) -> tuple[Issue, bool]:
    """Raise an issue. Sent twice (the same client_id), it is stored once: (issue, False)."""
    found = Issue.objects.filter(programme=programme, client_id=client_id).first()
    if found is not None:
        return found, False
    now = now or timezone.now()
    issue = Issue(
        programme=programme,
        client_id=client_id,
        summary=data.summary.strip(),
        detail=data.detail.strip(),
        service_area=data.service_area,
        language=data.language or "en",
        people_affected=data.people_affected,
        urgency=data.urgency,
        source=data.source,
        source_id=data.source_id,
        raised_by=raised_by,
        raised_at=now,
        state_changed_at=now,
    )
    issue.full_clean(exclude=["client_id"])
    try:
        with transaction.atomic():
            issue.save()
    except IntegrityError:  # the same form sent at the same moment
        return Issue.objects.get(programme=programme, client_id=client_id), False
    issue.communities.set(data.communities)
    issue.areas.set(data.areas)
    IssueEvidence.objects.create(
        issue=issue,
        text=data.evidence.strip(),
        people_affected=data.people_affected,
        added_by=raised_by,
        added_at=now,
    )
    if raised_by is not None:
        IssueSupporter.objects.create(issue=issue, user=raised_by, since=now)
    _event(issue, IssueEvent.Kind.RAISED, by=raised_by, at=now)
    issue_index(issue=issue)
    return issue, True


def _people(issue: Issue) -> int:
    total = issue.evidence.aggregate(n=Sum("people_affected"))["n"] or 0
    return max(total, 1)


@transaction.atomic
def issue_support(*, issue: Issue, user, evidence: str, people_affected: int) -> IssueEvidence:
    """A networker adds what their community sees to an open issue, and backs it."""
    issue = Issue.objects.select_for_update(of=("self",)).get(pk=issue.pk)
    if not issue.is_open:
        raise IssueConflict(_("This issue is no longer open."))
    added = IssueEvidence.objects.create(
        issue=issue, text=evidence.strip(), people_affected=people_affected, added_by=user
    )
    IssueSupporter.objects.get_or_create(issue=issue, user=user)
    issue.people_affected = _people(issue)
    issue.save(update_fields=["people_affected", "updated_at"])
    _event(issue, IssueEvent.Kind.SUPPORTED, by=user)
    return added


@transaction.atomic
def issue_merge(*, source: Issue, target: Issue, by) -> Issue:
    """Merge `source` into `target`: its evidence, supporters, communities and areas move to
    the issue kept; `source` becomes "merged" and points at it. Both record it."""
    if source.pk == target.pk:
        raise ValidationError(_("Choose another issue to merge into."))
    locked = {
        i.pk: i
        for i in Issue.objects.select_for_update(of=("self",)).filter(pk__in=[source.pk, target.pk])
    }
    source, target = locked[source.pk], locked[target.pk]
    if source.programme_id != target.programme_id:
        raise ValidationError(_("Choose an issue of this programme."))
    if not source.is_open or not target.is_open:
        raise IssueConflict(_("Only open issues can be merged."))
    now = timezone.now()
    IssueEvidence.objects.filter(issue=source).update(issue=target, moved_from=source)
    have = set(IssueSupporter.objects.filter(issue=target).values_list("user_id", flat=True))
    IssueSupporter.objects.filter(issue=source).exclude(user_id__in=have).update(issue=target)
    IssueSupporter.objects.filter(issue=source).delete()
    target.communities.add(*source.communities.all())
    target.areas.add(*source.areas.all())
    target.people_affected = _people(target)
    if source.urgency == "high" or (source.urgency == "medium" and target.urgency == "low"):
        target.urgency = source.urgency
    target.save(update_fields=["people_affected", "urgency", "updated_at"])
    # Routes still waiting on the merged issue now wait on the one kept.
    IssueRoute.objects.filter(issue=source, answered_at__isnull=True).update(issue=target)
    source.merged_into = target
    _move(source, State.MERGED, now=now)
    source.save(update_fields=["merged_into", "state", "state_changed_at", "updated_at"])
    _set_open(source)
    _event(target, IssueEvent.Kind.MERGED_IN, by=by, other=source, at=now)
    _event(source, IssueEvent.Kind.MERGED_AWAY, by=by, other=target, at=now)
    issue_index(issue=target)
    return target


# --- Routing and answers -------------------------------------------------------------------


def route_link_token(route: IssueRoute) -> str:
    return signing.TimestampSigner(salt=LINK_SALT).sign(f"{route.pk}.{route.link_nonce}")


def route_from_token(token: str) -> IssueRoute | None:
    """The route a named contact's link is for, or None when the link is altered, older than
    VOICE_ANSWER_LINK_DAYS, or replaced by a newer one."""
    try:
        value = signing.TimestampSigner(salt=LINK_SALT).unsign(
            token, max_age=settings.VOICE_ANSWER_LINK_DAYS * 86400
        )
    except signing.BadSignature:
        return None
    pk, _sep, nonce = value.partition(".")
    if not pk.isdigit():
        return None
    route = (
        IssueRoute.objects.select_related("issue", "issue__programme")
        .filter(pk=int(pk), link_nonce=nonce, organisation__isnull=True)
        .first()
    )
    return route


def _site(site_url: str) -> str:
    return (site_url or settings.SITE_URL or "").rstrip("/")


def _provider_staff(organisation: Organisation, programme) -> list:
    return list(
        Membership.objects.filter(
            programme=programme, role=Role.PROVIDER, organisation=organisation
        ).select_related("user")
    )


@transaction.atomic
def issue_route(
    *,
    issue: Issue,
    by,
    organisation: Organisation | None = None,
    contact_name: str = "",
    contact_email: str = "",
    message: str = "",
    site_url: str = "",
) -> IssueRoute:
    """Send an open issue to whoever owns it; they are emailed a link to answer."""
    issue = Issue.objects.select_for_update(of=("self",)).get(pk=issue.pk)
    if not issue.is_open:
        raise IssueConflict(_("This issue is no longer open."))
    now = timezone.now()
    route = IssueRoute(
        issue=issue,
        organisation=organisation,
        contact_name="" if organisation else contact_name.strip(),
        contact_email="" if organisation else contact_email.strip(),
        message=message.strip(),
        routed_by=by,
        routed_at=now,
        due_on=IssueRoute.due_from(now),
    )
    route.full_clean()
    route.save()
    if issue.state == State.RAISED:
        _move(issue, State.ROUTED, now=now)
        issue.save(update_fields=["state", "state_changed_at", "updated_at"])
    _event(issue, IssueEvent.Kind.ROUTED, by=by, at=now)
    site = _site(site_url)
    context = {"issue": issue, "route": route, "programme": issue.programme}
    if organisation is not None:
        url = reverse("voice:route_answer", args=[issue.programme.slug, route.pk])
        for membership in _provider_staff(organisation, issue.programme):
            notification_send(
                kind="voice.routed",
                key=f"route:{route.pk}:user:{membership.user_id}",
                addressee=Addressee(
                    to=[membership.user.email], language=membership.user.preferred_language
                ),
                context={**context, "url": f"{site}{url}", "signed_in": True},
            )
    else:
        url = reverse("voice:answer_by_link", args=[route_link_token(route)])
        notification_send(
            kind="voice.routed",
            key=f"route:{route.pk}:contact:{route.link_nonce}",
            addressee=Addressee(to=[route.contact_email], language=settings.LANGUAGE_CODE),
            context={
                **context,
                "url": f"{site}{url}",
                "signed_in": False,
                "link_days": settings.VOICE_ANSWER_LINK_DAYS,
            },
        )
    return route


@transaction.atomic
def route_answer(*, route: IssueRoute, answer: str, by=None) -> IssueRoute:
    """The owner says what they will do. Once answered, a route is not answered again (the
    coordinator routes anew if more is needed)."""
    route = (
        IssueRoute.objects.select_for_update(of=("self",)).select_related("issue").get(pk=route.pk)
    )
    if not route.is_waiting:
        raise IssueConflict(_("This issue has already been answered."))
    now = timezone.now()
    route.answer = answer.strip()
    route.answered_at = now
    route.answered_by = by if by is not None and by.is_authenticated else None
    route.save(update_fields=["answer", "answered_at", "answered_by"])
    issue = Issue.objects.select_for_update(of=("self",)).get(pk=route.issue_id)
    if issue.state in (State.RAISED, State.ROUTED):
        _move(issue, State.ANSWERED, now=now)
        issue.save(update_fields=["state", "state_changed_at", "updated_at"])
    _event(issue, IssueEvent.Kind.ANSWERED, by=route.answered_by, at=now)
    return route


@transaction.atomic
def route_withdraw(*, route: IssueRoute, by) -> IssueRoute:
    route = IssueRoute.objects.select_for_update(of=("self",)).get(pk=route.pk)
    if route.is_waiting:
        route.withdrawn_at = timezone.now()
        route.save(update_fields=["withdrawn_at"])
    return route


# --- Resolving and closing -----------------------------------------------------------------


@transaction.atomic
def issue_resolve(
    *, issue: Issue, by, public_summary: str, public_answer: str, site_url: str = ""
) -> Issue:
    """Resolve an issue with its public words ("you said", "we did"); its supporters are told,
    so they can take the answer back to their communities."""
    issue = Issue.objects.select_for_update(of=("self",)).get(pk=issue.pk)
    if not issue.is_open:
        raise IssueConflict(_("This issue is no longer open."))
    now = timezone.now()
    issue.public_summary = public_summary.strip()
    issue.public_answer = public_answer.strip()
    issue.resolved_at = now
    _move(issue, State.RESOLVED, now=now)
    issue.full_clean(exclude=["client_id"])
    issue.save()
    IssueRoute.objects.filter(
        issue=issue, answered_at__isnull=True, withdrawn_at__isnull=True
    ).update(withdrawn_at=now)
    _set_open(issue)
    _event(issue, IssueEvent.Kind.RESOLVED, by=by, at=now)
    site = _site(site_url)
    url = reverse("voice:detail", args=[issue.programme.slug, issue.pk])
    for supporter in IssueSupporter.objects.filter(issue=issue).select_related("user"):
        notification_send(
            kind="voice.resolved",
            key=f"issue:{issue.pk}:resolved:user:{supporter.user_id}",
            addressee=Addressee(
                to=[supporter.user.email], language=supporter.user.preferred_language
            ),
            context={"issue": issue, "url": f"{site}{url}", "programme": issue.programme},
        )
    return issue


@transaction.atomic
def issue_close(*, issue: Issue, by, reason: str) -> Issue:
    issue = Issue.objects.select_for_update(of=("self",)).get(pk=issue.pk)
    if not issue.is_open:
        raise IssueConflict(_("This issue is no longer open."))
    issue.close_reason = reason.strip()
    _move(issue, State.CLOSED)
    issue.save(update_fields=["close_reason", "state", "state_changed_at", "updated_at"])
    IssueRoute.objects.filter(
        issue=issue, answered_at__isnull=True, withdrawn_at__isnull=True
    ).update(withdrawn_at=timezone.now())
    _set_open(issue)
    _event(issue, IssueEvent.Kind.CLOSED, by=by)
    return issue


OPEN = OPEN_STATES
