"""Reads of the directory: public search, service pages, the Open Referral API and export."""

import uuid
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from bridges.accounts.models import Membership, Programme
from bridges.accounts.roles import Role

from . import search
from .models import (
    Organization,
    SearchTerm,
    Service,
    ServiceAtLocation,
    ServiceChange,
    ServiceTranslation,
    TaxonomyTerm,
)

PAGE_SIZE = 20


def search_synonyms(*, programme: Programme | None = None) -> dict[str, set[str]]:
    """The search words a programme's search understands: the shared ones plus its own, never
    another programme's. With no programme (a search across programmes), the shared ones."""
    terms = SearchTerm.objects.available_to(programme) if programme else SearchTerm.objects.shared()
    synonyms: dict[str, set[str]] = {}
    for term, keyword in terms.values_list("term", "keyword"):
        synonyms.setdefault(search.normalise(term), set()).add(keyword)
    return synonyms


def service_list_prefetch(queryset: QuerySet, *, language: str | None = None) -> QuerySet:
    """The joins a list of services needs, declared once so no page grows with its size."""
    translations = ServiceTranslation.objects.all()
    if language:
        translations = translations.filter(language=language)
    return queryset.select_related("organization", "programme").prefetch_related(
        Prefetch("translations", queryset=translations),
        "taxonomy_terms",
        "languages",
        "schedules",
        "at_locations__location__area",
    )


def public_services(*, programme: Programme | None = None) -> QuerySet:
    services = Service.objects.published()
    if programme is not None:
        services = services.for_programme(programme)
    return services


def service_search(
    *,
    query: str = "",
    programme: Programme | None = None,
    language: str | None = None,
    taxonomy: TaxonomyTerm | None = None,
    area=None,
    free: bool | None = None,
    open_now: bool | None = None,
    page: int | str = 1,
    page_size: int = PAGE_SIZE,
    reader_language: str | None = None,
    now=None,
) -> Page:
    """Published services matching a free-text query (in any language) and filters."""
    services = public_services(programme=programme)
    if query.strip():
        services = search.filter_matching(
            services, search.expand(query, search_synonyms(programme=programme))
        )
    if taxonomy is not None:
        services = services.in_taxonomy(taxonomy)
    if area is not None:
        services = services.in_area(area)
    if language:
        services = services.delivered_in(language)
    if free:
        services = services.free()
    if open_now:
        services = services.open_at(now or timezone.now())
    services = service_list_prefetch(services.order_by("name", "pk"), language=reader_language)
    return Paginator(services, page_size).get_page(page)


def service_public_detail(*, service_id, reader_language: str | None = None) -> Service | None:
    return (
        service_list_prefetch(public_services(), language=reader_language)
        .prefetch_related("phones", "cost_options", "areas", "contacts")
        .select_related("last_verified_by")
        .filter(pk=service_id)
        .first()
    )


def needs() -> QuerySet:
    return TaxonomyTerm.objects.filter(parent__isnull=False).select_related("parent")


def programmes_with_directory() -> QuerySet:
    return Programme.objects.filter(
        Exists(Service.objects.filter(programme=OuterRef("pk"))), is_active=True
    )


# --- Staff ------------------------------------------------------------------------------------


def partner_ids_of(*, user, programme) -> list[int]:
    return list(
        Membership.objects.filter(
            user=user, programme=programme, role=Role.PROVIDER, organisation__isnull=False
        ).values_list("organisation_id", flat=True)
    )


def services_editable_by(*, user, programme, roles) -> QuerySet:
    """Coordinators and admins edit every service of the programme; provider staff those of the
    directory organisations linked to their own partner organisation."""
    services = Service.objects.for_programme(programme).select_related("organization")
    if roles & {Role.COORDINATOR, Role.ADMIN}:
        return services
    return services.filter(
        organization__partner_id__in=partner_ids_of(user=user, programme=programme)
    )


@dataclass
class DiffRow:
    field: str
    label: str
    before: object
    after: object


def change_diff(*, change: ServiceChange) -> list[DiffRow]:
    rows = []
    for field, after in change.proposed.items():
        label = Service._meta.get_field(field).verbose_name
        rows.append(DiffRow(field, str(label), change.original.get(field), after))
    return rows


# --- Open Referral API --------------------------------------------------------------------------


def api_services() -> QuerySet:
    return (
        public_services()
        .select_related("organization")
        .prefetch_related(
            "languages",
            "schedules",
            "cost_options",
            "contacts",
            "areas",
            "taxonomy_terms__taxonomy",
            "at_locations__location",
        )
    )


def export_services(*, programme) -> QuerySet:
    """Every service of the programme, whatever its status, with what the export writes."""
    return (
        Service.objects.for_programme(programme)
        .select_related("organization")
        .prefetch_related(
            "languages",
            "schedules",
            "cost_options",
            "contacts",
            "areas",
            "phones",
            "taxonomy_terms__taxonomy",
            "at_locations__location",
        )
        .order_by("name", "pk")
    )


def api_organizations() -> QuerySet:
    return Organization.objects.filter(
        programme__is_active=True, services__status=Service.Status.ACTIVE
    ).distinct()


def api_service_at_locations() -> QuerySet:
    return (
        ServiceAtLocation.objects.filter(
            service__status=Service.Status.ACTIVE, service__programme__is_active=True
        )
        .select_related("location", "service")
        .order_by("pk")
    )


# --- For the contact log, through bridges.core.providers.directory -------------------------


def services_search(
    *, programme: Programme, query: str = "", limit: int = 50, need: str = ""
) -> list[tuple]:
    """The programme's published services matching `query` (all if empty) and meeting the
    need coded `need` (if given), as (id, name) pairs in order of name: what a networker may
    signpost to."""
    services = public_services(programme=programme)
    if query.strip():
        services = search.filter_matching(
            services, search.expand(query, search_synonyms(programme=programme))
        )
    if need:
        term = TaxonomyTerm.objects.filter(code=need).order_by("pk").first()
        services = services.in_taxonomy(term) if term else services.none()
    found = services.order_by("name", "pk").values_list("pk", "name")[:limit]
    return [(str(pk), name) for pk, name in found]


def services_by_ids(*, programme: Programme, ids: list[str]) -> dict[str, str]:
    """Of these ids, the services the programme publishes: id → name. Ids of the wrong shape
    or of another programme's services are left out."""
    valid = []
    for value in ids:
        try:
            valid.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    found = public_services(programme=programme).filter(pk__in=valid).values_list("pk", "name")
    return {str(pk): name for pk, name in found}
