"""Writes to the directory. Views, the importers, tasks and commands call these."""

import logging
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bridges.accounts.models import Membership
from bridges.accounts.roles import Role
from bridges.core.concurrency import version_check

from . import search
from .models import ListingReport, SearchTerm, Service, ServiceChange

logger = logging.getLogger(__name__)

# Fields provider staff may change (through a coordinator's approval).
EDITABLE_FIELDS = (
    "name",
    "description",
    "url",
    "email",
    "fees",
    "free",
    "eligibility",
    "recourse",
    "what_to_bring",
    "referral",
    "referral_how",
    "does_not_do",
    "complaints",
    "interpreters",
    "alert",
)


def stale_after_days() -> int:
    return int(getattr(settings, "DIRECTORY_STALE_AFTER_DAYS", 180))


def _document(service: Service) -> str:
    parts = [service.name, service.description, service.organization.name, service.eligibility]
    parts += [service.what_to_bring, service.fees]
    for term in service.taxonomy_terms.all():
        parts += [term.name, term.keywords]
        if term.parent_id and term.parent:
            parts += [term.parent.name, term.parent.keywords]
    for translation in service.translations.all():
        parts += [translation.name, translation.description, translation.eligibility]
    for at in service.at_locations.all():
        parts += [at.location.name, at.location.address_1, at.location.postal_code]
        if at.location.area_id:
            parts.append(at.location.area.name)
    if service.free:
        parts.append("free")
    return search.normalise(" ".join(p for p in parts if p))


def service_index(*, service_ids: Iterable) -> int:
    """Rebuild the search document (and the SQLite FTS5 copy) of these services."""
    ids = list(service_ids)
    count = 0
    for start in range(0, len(ids), 500):
        batch = list(
            Service.objects.filter(pk__in=ids[start : start + 500])
            .select_related("organization")
            .prefetch_related(
                "taxonomy_terms__parent", "translations", "at_locations__location__area"
            )
        )
        for service in batch:
            service.search_document = _document(service)
        Service.objects.bulk_update(batch, ["search_document"])
        search.index_replace([(s.pk.hex, s.search_document) for s in batch])
        count += len(batch)
    return count


def service_owners(*, service: Service) -> list:
    """Provider staff of the organisation that runs the service."""
    if not service.organization.partner_id:
        return []
    return [
        m.user
        for m in Membership.objects.filter(
            programme_id=service.programme_id,
            role=Role.PROVIDER,
            organisation_id=service.organization.partner_id,
            user__is_active=True,
        ).select_related("user")
    ]


def programme_coordinators(*, programme_id: int) -> list:
    return [
        m.user
        for m in Membership.objects.filter(
            programme_id=programme_id, role=Role.COORDINATOR, user__is_active=True
        ).select_related("user")
    ]


def _send_quietly(subject: str, body: str, addresses: list[str]) -> None:
    """A notification that cannot be delivered is logged; it never undoes the user's action."""
    try:
        send_mail(subject, body, None, addresses)
    except OSError:
        logger.exception("Could not send directory notification to %d people", len(addresses))


def _mail(recipients: list, subject: str, body: str) -> None:
    addresses = sorted({user.email for user in recipients if user.email})
    if addresses:
        transaction.on_commit(lambda: _send_quietly(subject, body, addresses))


@transaction.atomic
def service_verify(*, service: Service, user) -> Service:
    """Someone responsible confirms the listing is still correct."""
    service.last_verified_at = timezone.now()
    service.last_verified_by = user
    service.stale_notified_at = None
    service.updated_by = user
    service.save(
        update_fields=[
            "last_verified_at",
            "last_verified_by",
            "stale_notified_at",
            "updated_by",
            "updated_at",
        ]
    )
    return service


def service_snapshot(service: Service) -> dict:
    return {field: getattr(service, field) for field in EDITABLE_FIELDS}


@transaction.atomic
def service_change_propose(
    *, service: Service, user, data: dict, expected_version: str | None = None
) -> ServiceChange | None:
    """Provider staff propose new values; nothing is public until a coordinator approves.

    ``expected_version`` is the listing's version when the edit form was shown: if someone else
    changed the listing since, ``EditConflict`` is raised and nothing is proposed.
    """
    service = version_check(instance=service, expected=expected_version)
    original = service_snapshot(service)
    proposed = {k: v for k, v in data.items() if k in EDITABLE_FIELDS and original.get(k) != v}
    if not proposed:
        return None
    change = ServiceChange.objects.create(
        programme_id=service.programme_id,
        service=service,
        proposed=proposed,
        original={k: original[k] for k in proposed},
        created_by=user,
        updated_by=user,
    )
    _mail(
        programme_coordinators(programme_id=service.programme_id),
        _("Directory change waiting for approval: %(name)s") % {"name": service.name},
        _("A change to %(name)s is waiting for your approval.") % {"name": service.name},
    )
    return change


@transaction.atomic
def service_change_decide(
    *, change: ServiceChange, user, approve: bool, note: str = ""
) -> ServiceChange:
    if change.status != ServiceChange.Status.PENDING:
        raise ValidationError(_("This change has already been decided."))
    if approve:
        # The proposal was made against the values in `original`; if the listing has changed
        # since in any field it touches, approving it would silently undo that later edit.
        current = service_snapshot(Service.objects.select_for_update().get(pk=change.service_id))
        moved = [
            field for field in change.proposed if current.get(field) != change.original.get(field)
        ]
        if moved:
            raise ValidationError(
                _(
                    "The listing has changed since this was proposed (%(fields)s). "
                    "Reject it and ask for the change again against the current listing."
                )
                % {"fields": ", ".join(moved)}
            )
    change.status = ServiceChange.Status.APPROVED if approve else ServiceChange.Status.REJECTED
    change.decided_by = user
    change.decided_at = timezone.now()
    change.note = note
    change.updated_by = user
    change.save()
    if approve:
        service = change.service
        for field, value in change.proposed.items():
            setattr(service, field, value)
        service.last_verified_at = timezone.now()
        service.last_verified_by = user
        service.updated_by = user
        service.full_clean(exclude=["programme", "organization"])
        service.save()
        service_index(service_ids=[service.pk])
    _mail(
        [change.created_by] if change.created_by else [],
        _("Your directory change was %(outcome)s") % {"outcome": change.get_status_display()},
        note or change.get_status_display(),
    )
    return change


def search_term_add(*, programme, term: str, language: str, keyword: str) -> SearchTerm:
    """Add a search word for one programme's search (nothing to add if it is already shared)."""
    term = term.strip()
    shared = SearchTerm.objects.shared().filter(term=term, keyword=keyword).first()
    if shared is not None:
        return shared
    found, _ = SearchTerm.objects.get_or_create(
        programme=programme, term=term, keyword=keyword, defaults={"language": language}
    )
    return found


def report_token() -> str:
    return secrets.token_urlsafe(24)


@transaction.atomic
def listing_report_create(
    *, service: Service, problem: str, details: str, reporter_email: str, token: str
) -> tuple[ListingReport, bool]:
    """Store a "this listing is wrong" report once per form token; tell owners and coordinators."""
    report, created = ListingReport.objects.get_or_create(
        token=token,
        defaults={
            "programme_id": service.programme_id,
            "service": service,
            "problem": problem,
            "details": details,
            "reporter_email": reporter_email,
        },
    )
    if created:
        report.full_clean()
        path = reverse(
            "directory:report_detail",
            kwargs={"programme": service.programme.slug, "report_id": report.pk},
        )
        _mail(
            service_owners(service=service)
            + programme_coordinators(programme_id=service.programme_id),
            _("Someone reported a problem with %(name)s") % {"name": service.name},
            _("%(problem)s\n\n%(details)s\n\nSee %(path)s")
            % {"problem": report.get_problem_display(), "details": details, "path": path},
        )
    return report, created


@transaction.atomic
def listing_report_resolve(
    *, report: ListingReport, user, status: str, resolution: str
) -> ListingReport:
    report.status = status
    report.resolution = resolution
    report.resolved_at = timezone.now() if status != ListingReport.Status.OPEN else None
    report.updated_by = user
    report.full_clean()
    report.save()
    return report


def stale_listings_notify(*, now=None) -> int:
    """Email owners (or coordinators, where a service has no owner) about listings not verified
    for DIRECTORY_STALE_AFTER_DAYS; each listing at most once per period."""
    now = now or timezone.now()
    days = stale_after_days()
    again = now - timezone.timedelta(days=days)
    stale = (
        Service.objects.published()
        .stale(days=days)
        .exclude(stale_notified_at__gte=again)
        .select_related("organization", "programme")
    )
    by_recipient: dict[str, list[Service]] = {}
    notified = []
    for service in stale:
        people = service_owners(service=service) or programme_coordinators(
            programme_id=service.programme_id
        )
        for user in people:
            by_recipient.setdefault(user.email, []).append(service)
        notified.append(service.pk)
    for email, services in by_recipient.items():
        names = "\n".join(f"- {s.name}" for s in services)
        _send_quietly(
            _("Directory listings to check"),
            _("These listings have not been checked for %(days)s days:\n%(names)s")
            % {"days": days, "names": names},
            [email],
        )
    Service.objects.filter(pk__in=notified).update(stale_notified_at=now)
    return len(notified)
