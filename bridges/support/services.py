"""Writes for support requests: submit, assign, accept, decline, contacted, close, the purge
of closed requests' personal details, and the audit of every view of a person's contact
details."""

import uuid
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bridges.accounts.models import AuditEvent, Programme, User
from bridges.accounts.services import audit_record
from bridges.core.models import Area, Language
from bridges.core.notify import Addressee, notification_send
from bridges.networkers.models import Networker

from . import consent
from .models import SupportAssignment, SupportRequest

State = SupportRequest.State
Answer = SupportAssignment.Answer


def support_request_submit(
    *,
    programme: Programme,
    token: uuid.UUID,
    needs: list[str],
    language: Language,
    other_language: Language | None = None,
    area: Area | None = None,
    contact_by: str,
    contact_detail: str,
    name: str = "",
    message: str = "",
    consent_version: str = consent.CURRENT,
) -> tuple[SupportRequest, bool]:
    """Store a request from the public form. The form's token makes this idempotent: the same
    form sent again (twice, or at the same moment) returns the first request and stores
    nothing. Returns (request, created)."""
    existing = SupportRequest.objects.filter(programme=programme, token=token).first()
    if existing is not None:
        return existing, False
    if consent_version not in consent.versions():
        raise ValidationError(_("This consent wording is not known."))
    now = timezone.now()
    request = SupportRequest(
        programme=programme,
        token=token,
        received_at=now,
        needs=list(dict.fromkeys(needs)),
        language=language,
        other_language=other_language if other_language != language else None,
        area=area,
        contact_by=contact_by,
        contact_detail=contact_detail.strip(),
        name=name.strip() or None,
        message=message.strip() or None,
        consent_version=consent_version,
        consent_at=now,
    )
    request.full_clean(exclude=["token"])
    try:
        # The token's uniqueness is left to the database: a copy arriving at the same moment
        # fails here and is recognised below.
        with transaction.atomic():
            request.save()
    except IntegrityError:
        existing = SupportRequest.objects.filter(programme=programme, token=token).first()
        if existing is None:
            raise
        return existing, False
    return request, True


def _audit_view(*, request: SupportRequest, user: User, client_address: str | None, what: str):
    audit_record(
        action=AuditEvent.Action.PERSONAL_DATA_VIEWED,
        actor=user,
        programme=request.programme,
        target=f"support_request:{request.pk}",
        client_address=client_address,
        detail={"seen": what},
    )


def support_request_viewed(
    *, request: SupportRequest, user: User, client_address: str | None = None
) -> None:
    """Audit a coordinator's view of a request (with its contact details): every time."""
    _audit_view(request=request, user=user, client_address=client_address, what="coordinator")


def support_contact_viewed(
    *, request: SupportRequest, user: User, client_address: str | None = None
) -> None:
    """Audit the assigned networker's view of the person's contact details: every time."""
    _audit_view(request=request, user=user, client_address=client_address, what="networker")


def _refuse_unless(request: SupportRequest, *states: str) -> None:
    if request.state not in states:
        raise ValidationError(
            _("This request is now “%(state)s”: that step is not possible.")
            % {"state": request.get_state_display()}
        )


def _locked(request: SupportRequest) -> SupportRequest:
    return SupportRequest.objects.select_for_update().get(pk=request.pk)


def _link(name: str, request: SupportRequest, site_url: str) -> str:
    path = reverse(name, kwargs={"programme": request.programme.slug, "pk": request.pk})
    return site_url.rstrip("/") + path if site_url else path


def _networker_addressee(networker: Networker) -> Addressee:
    user = networker.user
    to = [user.email] if user is not None else []
    return Addressee(to=to, language=user.preferred_language if user is not None else "")


@transaction.atomic
def support_request_assign(
    *, request: SupportRequest, networker: Networker, by: User, site_url: str = ""
) -> SupportRequest:
    """Offer a request in triage to a networker of its programme who may take work, and tell
    them (after commit; the email says nothing about the person)."""
    request = _locked(request)
    _refuse_unless(request, State.NEW)
    if (
        networker.programme_id != request.programme_id
        or networker.stage != Networker.Stage.ACTIVE
        or networker.user_id is None
    ):
        raise ValidationError(_("This networker cannot take requests now."))
    now = timezone.now()
    assignment = SupportAssignment.objects.create(
        request=request, networker=networker, assigned_by=by, assigned_at=now
    )
    request.state = State.ASSIGNED
    request.networker = networker
    request.assigned_at = now
    request.accepted_at = None
    request.updated_by = by
    request.save()
    notification_send(
        kind="support.request_offered",
        key=f"{assignment.pk}",
        addressee=_networker_addressee(networker),
        context={
            "programme_name": request.programme.name,
            "link": _link("support:offer", request, site_url),
        },
    )
    return request


def _current_assignment(request: SupportRequest) -> SupportAssignment | None:
    return (
        SupportAssignment.objects.select_for_update()
        .filter(request=request, networker_id=request.networker_id, answer=Answer.WAITING)
        .order_by("-assigned_at", "-pk")
        .first()
    )


def _refuse_unless_theirs(request: SupportRequest, networker: Networker) -> None:
    if request.networker_id != networker.pk:
        raise ValidationError(_("This request is no longer offered to you."))


@transaction.atomic
def support_request_accept(*, request: SupportRequest, networker: Networker) -> SupportRequest:
    request = _locked(request)
    _refuse_unless_theirs(request, networker)
    if request.state == State.ACCEPTED:
        return request  # accepted twice (a resent button): nothing changes
    _refuse_unless(request, State.ASSIGNED)
    now = timezone.now()
    assignment = _current_assignment(request)
    if assignment is not None:
        assignment.answer, assignment.answered_at = Answer.ACCEPTED, now
        assignment.save(update_fields=["answer", "answered_at"])
    request.state = State.ACCEPTED
    request.accepted_at = now
    request.updated_by = networker.user
    request.save()
    return request


@transaction.atomic
def support_request_decline(
    *, request: SupportRequest, networker: Networker, reason: str, note: str = ""
) -> SupportRequest:
    """The networker says no: the request goes back to triage, with their reason kept."""
    if reason not in SupportAssignment.DeclineReason.values:
        raise ValidationError(_("Choose a reason."))
    request = _locked(request)
    _refuse_unless_theirs(request, networker)
    _refuse_unless(request, State.ASSIGNED, State.ACCEPTED)
    now = timezone.now()
    assignment = (
        _current_assignment(request)
        or SupportAssignment.objects.filter(
            request=request, networker=networker, answer=Answer.ACCEPTED
        )
        .order_by("-assigned_at", "-pk")
        .first()
    )
    if assignment is not None:
        assignment.answer, assignment.answered_at = Answer.DECLINED, now
        assignment.decline_reason = reason
        assignment.decline_note = note.strip() or None
        assignment.save(update_fields=["answer", "answered_at", "decline_reason", "decline_note"])
    request.state = State.NEW
    request.networker = None
    request.assigned_at = request.accepted_at = None
    request.updated_by = networker.user
    request.save()
    return request


@transaction.atomic
def support_request_withdraw(
    *, request: SupportRequest, by: User, site_url: str = ""
) -> SupportRequest:
    """A coordinator takes an offer back (offered or accepted, not yet contacted): the request
    returns to triage, the offer is marked withdrawn, and the networker is told (after commit;
    the email says nothing about the person). Sent twice: the second changes nothing."""
    request = _locked(request)
    if request.state == State.NEW:
        return request
    _refuse_unless(request, State.ASSIGNED, State.ACCEPTED)
    networker = request.networker
    now = timezone.now()
    assignment = (
        SupportAssignment.objects.select_for_update()
        .filter(
            request=request,
            networker_id=request.networker_id,
            answer__in=[Answer.WAITING, Answer.ACCEPTED],
        )
        .order_by("-assigned_at", "-pk")
        .first()
    )
    if assignment is not None:
        assignment.answer, assignment.answered_at = Answer.WITHDRAWN, now
        assignment.save(update_fields=["answer", "answered_at"])
    request.state = State.NEW
    request.networker = None
    request.assigned_at = request.accepted_at = None
    request.updated_by = by
    request.save()
    if networker is not None:
        notification_send(
            kind="support.offer_withdrawn",
            key=f"{assignment.pk}" if assignment else f"r{request.pk}-{now.timestamp()}",
            addressee=_networker_addressee(networker),
            context={
                "programme_name": request.programme.name,
                "link": site_url.rstrip("/")
                + reverse("support:mine", kwargs={"programme": request.programme.slug}),
            },
        )
    return request


@transaction.atomic
def support_request_contacted(*, request: SupportRequest, networker: Networker) -> SupportRequest:
    request = _locked(request)
    _refuse_unless_theirs(request, networker)
    if request.state == State.CONTACTED:
        return request
    _refuse_unless(request, State.ACCEPTED)
    request.state = State.CONTACTED
    request.contacted_at = timezone.now()
    request.updated_by = networker.user
    request.save()
    return request


@transaction.atomic
def support_request_close(*, request: SupportRequest, by: User, reason: str) -> SupportRequest:
    if reason not in SupportRequest.CloseReason.values:
        raise ValidationError(_("Choose why the request is closed."))
    request = _locked(request)
    if request.state == State.CLOSED:
        return request
    now = timezone.now()
    SupportAssignment.objects.filter(request=request, answer=Answer.WAITING).update(
        answer=Answer.WITHDRAWN, answered_at=now
    )
    request.state = State.CLOSED
    request.closed_at = now
    request.close_reason = reason
    request.updated_by = by
    request.save()
    return request


def _months_before(moment: datetime, months: int) -> datetime:
    month = moment.month - 1 - months
    year = moment.year + month // 12
    month = month % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, 28))


@transaction.atomic
def support_request_purge_expired(*, now: datetime | None = None) -> int:
    """Delete the personal details of requests closed longer ago than SUPPORT_RETENTION_MONTHS:
    the contact details, the name, the message and the networkers' notes on declined offers.
    What stays names nobody (the programme, needs, languages, area, states and their dates, the
    offers and answers) for anonymous counts. Each purge is audited. Returns how many were
    purged; a second run finds none."""
    now = now or timezone.now()
    cutoff = _months_before(now, settings.SUPPORT_RETENTION_MONTHS)
    found = list(
        SupportRequest.objects.filter(
            state=State.CLOSED, closed_at__lt=cutoff, purged_at__isnull=True
        )
        .order_by("pk")
        .select_for_update()
        .values_list("pk", "programme_id")
    )
    if not found:
        return 0
    ids = [pk for pk, _programme in found]
    for pk, programme_id in found:
        audit_record(
            action=AuditEvent.Action.PERSONAL_DATA_CHANGED,
            actor_label="retention schedule",
            programme=Programme(pk=programme_id),
            target=f"support_request:{pk}",
            detail={"event": "details deleted"},
        )
    SupportAssignment.objects.filter(request_id__in=ids).update(decline_note=None)
    return SupportRequest.objects.filter(pk__in=ids).update(
        contact_detail=None, name=None, message=None, purged_at=now
    )
