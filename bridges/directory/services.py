"""Writes to the directory. Views, the importers, tasks and commands call these."""

import hashlib
import logging
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bridges.accounts.models import Membership
from bridges.accounts.roles import Role
from bridges.core.concurrency import version_check
from bridges.core.locale_format import format_list
from bridges.core.notify import Addressee, notification_send

from . import search
from .models import (
    ListingReport,
    Location,
    Organization,
    Phone,
    Schedule,
    SearchMiss,
    SearchPosting,
    SearchTerm,
    Service,
    ServiceAtLocation,
    ServiceChange,
)

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
    return settings.DIRECTORY_STALE_AFTER_DAYS


def _texts(service: Service) -> list[tuple[str, str, str]]:
    """Everything a reader may search a service by, as (field weight, language, text): the
    service's own text and every translation count alike; need names and keywords, the
    organisation and the places follow."""
    source = settings.LANGUAGE_CODE
    texts = [("name", source, service.name), ("organisation", "", service.organization.name)]
    texts += [
        ("text", source, value)
        for value in (service.description, service.eligibility, service.what_to_bring)
        + (service.fees, service.does_not_do)
    ]
    for term in service.taxonomy_terms.all():
        texts += [("need", "en", term.name), ("need_keywords", "en", term.keywords)]
        if term.parent_id and term.parent:
            texts += [("parent_need", "en", f"{term.parent.name} {term.parent.keywords}")]
    for translation in service.translations.all():
        texts.append(("name", translation.language, translation.name))
        texts += [
            ("text", translation.language, value)
            for value in (
                translation.description,
                translation.eligibility,
                translation.what_to_bring,
                translation.fees,
                translation.does_not_do,
            )
        ]
    for at in service.at_locations.all():
        place = [at.location.name, at.location.address_1, at.location.postal_code]
        if at.location.area_id:
            place.append(at.location.area.name)
        texts.append(("place", "", " ".join(p for p in place if p)))
    if service.free:
        texts.append(("text", "en", "free"))
    return [(field, language, text) for field, language, text in texts if text]


def postings_of(service: Service, texts: list[tuple[str, str, str]]) -> list[SearchPosting]:
    best: dict[str, tuple[int, str]] = {}
    for field, language, text in texts:
        weight = search.WEIGHTS[field]
        for term in search.index_terms(text):
            if best.get(term, (0, ""))[0] < weight:
                best[term] = (weight, language)
    return [
        SearchPosting(
            service=service, term=term, stem=search.stem(term), weight=weight, language=language
        )
        for term, (weight, language) in best.items()
    ]


def service_index(*, service_ids: Iterable) -> int:
    """Rebuild the search index of these services: their normalised search document and the
    postings and vocabulary the search reads (bridges/directory/search.py)."""
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
        postings = []
        for service in batch:
            texts = _texts(service)
            service.search_document = search.normalise(" ".join(t for _, _, t in texts))
            postings += postings_of(service, texts)
        with transaction.atomic():
            Service.objects.bulk_update(batch, ["search_document"])
            SearchPosting.objects.filter(service_id__in=[s.pk for s in batch]).delete()
            SearchPosting.objects.bulk_create(postings, batch_size=2000)
            search.index_vocabulary({p.term for p in postings})
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


def _notify(*, kind: str, key: str, recipients: list, context: dict) -> None:
    """One notification per person, in their language, sent after commit
    (bridges/core/notify.py); one that cannot be delivered is retried and never undoes the
    user's action."""
    for user in {user.pk: user for user in recipients if user.email}.values():
        notification_send(
            kind=kind,
            key=f"{key}:{user.pk}",
            addressee=Addressee(to=[user.email], language=user.preferred_language),
            context={**context, "user": user},
        )


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
    _notify(
        kind="directory.change_proposed",
        key=str(change.pk),
        recipients=programme_coordinators(programme_id=service.programme_id),
        context={"service": service, "change": change},
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
                % {"fields": format_list(moved, "unit")}
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
    _notify(
        kind="directory.change_decided",
        key=str(change.pk),
        recipients=[change.created_by] if change.created_by else [],
        context={"change": change, "note": note},
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


_PERSONAL = re.compile(r"@|\d[\d\s().+-]{5,}\d")


def search_miss_record(*, programme, query: str, language: str, today=None) -> bool:
    """Count a public search that found nothing (`SearchMiss`): its words as the search reads
    them, the page's language and the day; nothing about who searched. A query that looks like
    a phone number or an email address is not kept. Returns whether it was counted."""
    if _PERSONAL.search(query):
        return False
    text = " ".join(search.words(query))[: SearchMiss._meta.get_field("query").max_length]
    if not text:
        return False
    today = today or timezone.localdate()
    key = {"programme": programme, "query": text, "language": language[:16], "day": today}
    # No unique key (a shared row has no programme): two first misses at once may write two
    # rows of the same day, which every view adds up.
    if not SearchMiss.objects.filter(**key).update(count=F("count") + 1):
        SearchMiss.objects.create(**key)
        SearchMiss.objects.filter(day__lt=today - timedelta(days=SearchMiss.KEEP_DAYS)).delete()
    return True


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
        _notify(
            kind="directory.listing_reported",
            key=str(report.pk),
            recipients=service_owners(service=service)
            + programme_coordinators(programme_id=service.programme_id),
            context={"service": service, "report": report, "path": path},
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


@transaction.atomic
def stale_listings_notify(*, now=None) -> int:
    """Email owners (or coordinators, where a service has no owner) about listings not verified
    for DIRECTORY_STALE_AFTER_DAYS; each listing at most once per period. One email per person,
    listing all of theirs, in their language; sent after commit. Returns how many listings were
    flagged."""
    now = now or timezone.now()
    days = stale_after_days()
    again = now - timezone.timedelta(days=days)
    stale = (
        Service.objects.published()
        .stale(days=days)
        .exclude(stale_notified_at__gte=again)
        .select_related("organization", "programme")
        .order_by("name", "pk")
    )
    by_person: dict[int, tuple] = {}
    notified = []
    for service in stale:
        people = service_owners(service=service) or programme_coordinators(
            programme_id=service.programme_id
        )
        for user in people:
            by_person.setdefault(user.pk, (user, []))[1].append(service)
        notified.append(service.pk)
    for user, services in by_person.values():
        # The same listings flagged twice on one day are one email.
        listed = hashlib.sha256(",".join(str(s.pk) for s in services).encode()).hexdigest()[:16]
        _notify(
            kind="directory.stale_listings",
            key=f"{now.date().isoformat()}:{listed}",
            recipients=[user],
            context={"services": services, "days": days},
        )
    Service.objects.filter(pk__in=notified).update(stale_notified_at=now)
    return len(notified)


# Listings kept by another app ------------------------------------------------------------------


@dataclass(frozen=True)
class Listing:
    """What another app (a community initiative) lists in the directory as one Open Referral
    service, with its organisation, one place and weekly opening times."""

    name: str
    description: str
    organization_name: str
    source: str
    email: str = ""
    phone: str = ""
    language_codes: tuple[str, ...] = ()
    location_name: str = ""
    address: str = ""
    postal_code: str = ""
    # (byday like "MO,TH", opens, closes, notes)
    schedules: tuple[tuple[str, time, time, str], ...] = ()


@transaction.atomic
def service_listing_save(*, programme, listing: Listing, service_id=None) -> Service:
    """Create the listing's service, or bring the service `service_id` (of this programme) in
    line with it, published; its search index is rebuilt. The service's organisation, place,
    phone and opening times are the listing's own: others it had are replaced."""
    service = (
        Service.objects.for_programme(programme)
        .select_related("organization")
        .filter(pk=service_id)
        .first()
        if service_id
        else None
    )
    if service is None:
        organization = Organization.objects.create(
            programme=programme, name=listing.organization_name, source=listing.source
        )
        service = Service(programme=programme, organization=organization)
    else:
        organization = service.organization
        organization.name = listing.organization_name
        organization.save(update_fields=["name", "updated_at"])
    service.name = listing.name
    service.description = listing.description
    service.email = listing.email
    service.status = Service.Status.ACTIVE
    service.source = listing.source
    service.free = True
    service.last_verified_at = timezone.now()
    service.full_clean(exclude=["programme", "organization", "search_document"])
    service.save()
    service.languages.set(listing.language_codes)
    old_locations = [at.location_id for at in service.at_locations.all()]
    service.at_locations.all().delete()
    Location.objects.filter(pk__in=old_locations, at_services__isnull=True).delete()
    if listing.location_name or listing.address:
        location = Location.objects.create(
            programme=programme,
            name=listing.location_name,
            address_1=listing.address,
            postal_code=listing.postal_code,
        )
        ServiceAtLocation.objects.create(service=service, location=location)
    service.phones.all().delete()
    if listing.phone:
        Phone.objects.create(service=service, number=listing.phone)
    service.schedules.all().delete()
    for byday, opens, closes, notes in listing.schedules:
        Schedule.objects.create(
            service=service, byday=byday, opens_at=opens, closes_at=closes, description=notes
        )
    service_index(service_ids=[service.pk])
    return service


# --- Listing history, removal and purge ---------------------------------------------------------

# The fields of a listing an earlier version can put back (the history keeps every one of them).
RESTORABLE_FIELDS = (
    "name",
    "organization_id",
    "description",
    "url",
    "email",
    "status",
    "fees",
    "free",
    "accreditations",
    "minimum_age",
    "maximum_age",
    "alert",
    "eligibility",
    "recourse",
    "what_to_bring",
    "referral",
    "referral_how",
    "does_not_do",
    "complaints",
    "interpreters",
    "last_verified_at",
    "source",
)


def removed_purge_days() -> int:
    return int(settings.DIRECTORY_REMOVED_PURGE_DAYS)


@transaction.atomic
def service_version_restore(*, service: Service, history_id: int, user) -> Service:
    """Put back the listing's fields as they were in one version of its history. The restore
    is itself a new version, so it can be undone the same way."""
    service = Service.objects.select_for_update().get(pk=service.pk)
    version = service.history.get(history_id=history_id)
    for field in RESTORABLE_FIELDS:
        setattr(service, field, getattr(version, field))
    service.updated_by = user
    service._change_reason = "restore"
    service.save()
    service_index(service_ids=[service.pk])
    return service


@transaction.atomic
def service_listing_withdraw(*, programme, service_id) -> bool:
    """Take the service out of public view (search, its page, the API); its record stays so
    that listing it again keeps its address. Returns whether anything changed."""
    changed = (
        Service.objects.for_programme(programme)
        .filter(pk=service_id, status=Service.Status.ACTIVE)
        .update(status=Service.Status.INACTIVE, updated_at=timezone.now())
    )
    if changed:
        service_index(service_ids=[service_id])
    return bool(changed)


@transaction.atomic
def service_remove(*, service: Service, user) -> Service:
    """Hide the listing everywhere; it can be put back until it is purged."""
    service = Service.objects.select_for_update().get(pk=service.pk)
    if service.removed_at is None:
        service.removed_at = timezone.now()
        service.removed_by = user
        service.updated_by = user
        service._change_reason = "remove"
        service.save()
    return service


@transaction.atomic
def service_put_back(*, service: Service, user) -> Service:
    service = Service.objects.select_for_update().get(pk=service.pk)
    if service.removed_at is not None:
        service.removed_at = None
        service.removed_by = None
        service.updated_by = user
        service._change_reason = "put back"
        service.save()
        service_index(service_ids=[service.pk])
    return service


def removed_services_purge(*, now=None) -> int:
    """Delete for good the listings removed more than DIRECTORY_REMOVED_PURGE_DAYS ago, with
    their history. Returns how many listings were deleted."""
    cutoff = (now or timezone.now()) - timezone.timedelta(days=removed_purge_days())
    count = 0
    for service in Service.objects.filter(removed_at__lt=cutoff).only("pk"):
        service.delete()
        count += 1
    return count
