"""The read-only Open Referral UK API (HSDS 3.0 profile) at /openreferral/.

Public: only published services of active programmes, and what they link to. Output schemas
mirror HSDS field names; reads go through selectors; records become dicts in `hsds`."""

import datetime
import math
import uuid

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import HttpError, ValidationError

from bridges.core.models import Area

from . import hsds, near, selectors
from .models import (
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)


class OpenReferralAPI(NinjaAPI):
    def get_root_path(self, path_params: dict) -> str:
        # Served inside the directory app's URL namespace, not at the top level.
        return reverse("directory:openreferral:api-root", kwargs=path_params)


api = OpenReferralAPI(
    title="Bridges Open Referral UK API",
    version="3.0",
    description="Read-only Open Referral UK (HSDS 3.0 profile) API of the Bridges service "
    "directory.",
    urls_namespace="openreferral",
    docs_url=None,  # the bundled docs page loads scripts from a CDN, which CSP forbids
    openapi_url="/openapi.json",
)

MAX_PER_PAGE = 100
MAX_PAGE = 100_000


class Error(Schema):
    detail: str


class Problem(Schema):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorOut(Schema):
    """422: a query parameter is malformed or out of range (e.g. page=0, per_page=500)."""

    detail: list[Problem]


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    """Only the declared fields: where, what and which rule (never the rejected input)."""
    problems = [
        {
            "loc": [part if isinstance(part, int) else str(part) for part in error.get("loc", ())],
            "msg": str(error.get("msg", "")),
            "type": str(error.get("type", "")),
        }
        for error in exc.errors
    ]
    return api.create_response(request, {"detail": problems}, status=422)


def listing(page_schema) -> dict:
    """Responses of a paged list: its page, or 422 for malformed or out-of-range paging."""
    return {200: page_schema, 422: ValidationErrorOut}


class Meta(Schema):
    version: str
    profile: str
    openapi_url: str


class OrganizationOut(Schema):
    id: str
    name: str
    description: str
    email: str | None = None
    website: str | None = None
    logo: str | None = None
    uri: str | None = None


class TaxonomyOut(Schema):
    id: str
    name: str
    description: str
    uri: str | None = None
    version: str | None = None


class TaxonomyTermOut(Schema):
    id: str
    name: str
    description: str
    code: str | None = None
    parent_id: str | None = None
    taxonomy_id: str | None = None
    term_uri: str | None = None


class AddressOut(Schema):
    id: str
    location_id: str
    address_1: str
    city: str
    state_province: str
    postal_code: str
    country: str
    address_type: str


class AccessibilityOut(Schema):
    id: str
    location_id: str
    description: str


class LocationOut(Schema):
    id: str
    location_type: str
    name: str | None = None
    description: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    addresses: list[AddressOut] | None = None
    accessibility: list[AccessibilityOut] | None = None


class ScheduleOut(Schema):
    id: str
    service_id: str
    freq: str | None = None
    byday: str | None = None
    opens_at: str | None = None
    closes_at: str | None = None
    description: str | None = None


class ServiceAreaOut(Schema):
    id: str
    service_id: str
    name: str | None = None
    extent: str | None = None
    extent_type: str | None = None


class ServiceAtLocationOut(Schema):
    id: str
    service_id: str
    location_id: str
    location: LocationOut


class LanguageOut(Schema):
    id: str
    service_id: str
    name: str | None = None
    code: str | None = None


class CostOptionOut(Schema):
    id: str
    service_id: str
    option: str | None = None
    amount: float | None = None
    amount_description: str | None = None


class ContactOut(Schema):
    id: str
    service_id: str
    name: str | None = None
    title: str | None = None


class AttributeOut(Schema):
    id: str
    link_id: str
    link_type: str
    link_entity: str
    taxonomy_term_id: str
    taxonomy_term: TaxonomyTermOut


class ServiceSummaryOut(Schema):
    id: str
    organization_id: str
    name: str
    status: str
    description: str | None = None
    url: str | None = None
    email: str | None = None
    fees: str | None = None
    accreditations: str | None = None
    minimum_age: int | None = None
    maximum_age: int | None = None
    assured_date: str | None = None
    alert: str | None = None
    last_modified: str | None = None


class ServiceOut(ServiceSummaryOut):
    organization: OrganizationOut
    schedules: list[ScheduleOut]
    service_areas: list[ServiceAreaOut]
    service_at_locations: list[ServiceAtLocationOut]
    languages: list[LanguageOut]
    cost_options: list[CostOptionOut]
    contacts: list[ContactOut]
    attributes: list[AttributeOut]
    funding: list[dict]


class PageOut(Schema):
    total_items: int
    total_pages: int
    page_number: int
    size: int
    first_page: bool
    last_page: bool
    empty: bool


class ServicePage(PageOut):
    contents: list[ServiceSummaryOut]


class OrganizationDetailOut(OrganizationOut):
    services: list[ServiceSummaryOut] = []


class OrganizationPage(PageOut):
    contents: list[OrganizationOut]


class TaxonomyPage(PageOut):
    contents: list[TaxonomyOut]


class TaxonomyTermPage(PageOut):
    contents: list[TaxonomyTermOut]


class ServiceAtLocationPage(PageOut):
    contents: list[ServiceAtLocationOut]


class Paging(Schema):
    """A page past the last one is empty (`empty: true`); a page or size outside these bounds
    is refused with 422."""

    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
    per_page: int = Field(
        50, ge=1, le=MAX_PER_PAGE, description=f"Items per page, 1 to {MAX_PER_PAGE}."
    )


class NearFilters(Schema):
    postcode: str | None = Field(
        None,
        max_length=60,
        description="A postcode or postcode district (the part before the space), or a ward "
        "name or GSS code: only services with a place near it. Placed offline, from this "
        "directory's own places and the ward boundaries; one not known here finds nothing.",
    )
    proximity: float | None = Field(
        None,
        gt=0,
        le=near.MAX_DISTANCE_M,
        description="How near to `postcode`, in metres (default 5000); only used with it.",
    )


class ServiceFilters(Paging, NearFilters):
    search: str | None = None
    taxonomy_term_id: str | None = None
    taxonomy_id: str | None = None
    organization_id: str | None = None
    language: str | None = None
    area: str | None = None
    minimum_age: int | None = Field(
        None, ge=0, le=130, description="Services whose minimum age is at least this."
    )
    maximum_age: int | None = Field(
        None, ge=0, le=130, description="Services whose maximum age is at most this."
    )
    day: str | None = Field(
        None,
        pattern=r"^(?i:MO|TU|WE|TH|FR|SA|SU|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$",
        description="Services open on this day (MO…SU, or the day's English name).",
    )
    start_time: datetime.time | None = Field(
        None, description="Services opening at or after this time (HH:MM), on `day` if given."
    )
    end_time: datetime.time | None = Field(
        None, description="Services closing at or before this time (HH:MM), on `day` if given."
    )
    modified_after: datetime.datetime | None = Field(
        None, description="Services changed on or after this date and time (ISO 8601)."
    )

    def refine(self, services):
        """The filters beyond the search form's, as the ORUK 3.0 profile defines them."""
        if self.minimum_age is not None:
            services = services.filter(minimum_age__gte=self.minimum_age)
        if self.maximum_age is not None:
            services = services.filter(maximum_age__lte=self.maximum_age)
        times = {}
        if self.day:
            code = self.day.upper()[:2]
            times["byday__contains"] = code
        # Opening times are local wall-clock times: an offset given with a time is not used.
        if self.start_time is not None:
            times["opens_at__gte"] = self.start_time.replace(tzinfo=None)
        if self.end_time is not None:
            times["closes_at__lte"] = self.end_time.replace(tzinfo=None)
        if times:
            services = services.filter(pk__in=Schedule.objects.filter(**times).values("service_id"))
        if self.modified_after is not None:
            moment = self.modified_after
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment, datetime.UTC)
            services = services.filter(updated_at__gte=moment)
        return services


class ServiceAtLocationFilters(Paging, NearFilters):
    pass


NOWHERE = object()


def _near(filters: NearFilters):
    """The place `postcode` names, None without one, or NOWHERE when it is not known here (so
    nothing is near it: the list is empty rather than every service)."""
    if not filters.postcode:
        return None
    return near.place_of(filters.postcode) or NOWHERE


def _bounds(paging: Paging) -> tuple[int, int]:
    return paging.page, paging.per_page


def _page(items: list[dict], *, total: int, page: int, size: int) -> dict:
    total_pages = max(math.ceil(total / size), 1) if total else 0
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(items),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not items,
        "contents": items,
    }


def _paginate(queryset, paging: Paging, serialise) -> dict:
    page, size = _bounds(paging)
    paginator = Paginator(queryset, size)
    total = paginator.count
    items = list(queryset[(page - 1) * size : page * size]) if total else []
    return _page([serialise(item) for item in items], total=total, page=page, size=size)


def _uuid(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError):
        return None


@api.get("/", response=Meta, summary="About this API", url_name="meta")
def meta(request):
    return hsds.api_meta(request.build_absolute_uri(reverse("directory:openreferral:openapi-json")))


@api.get("/services", response=listing(ServicePage), exclude_none=True, url_name="services")
def services(request, filters: Query[ServiceFilters]):
    """Published services, paged. `search` understands any language Bridges has synonyms for."""
    page, size = _bounds(filters)
    term = None
    if filters.taxonomy_term_id:
        term = TaxonomyTerm.objects.filter(pk=_uuid(filters.taxonomy_term_id)).first()
        if term is None:
            return _page([], total=0, page=page, size=size)
    area = None
    if filters.area:
        area = Area.objects.filter(pk=filters.area[:9]).first()
        if area is None:
            return _page([], total=0, page=page, size=size)
    for given in (filters.organization_id, filters.taxonomy_id):
        if given and _uuid(given) is None:
            return _page([], total=0, page=page, size=size)
    place = _near(filters)
    if place is NOWHERE:
        return _page([], total=0, page=page, size=size)
    result = selectors.service_search(
        refine=filters.refine,
        near=place,
        within_m=filters.proximity or 5000,
        query=filters.search or "",
        taxonomy=term,
        language=(filters.language or "")[:16] or None,
        area=area,
        page=page,
        page_size=size,
        organization_id=_uuid(filters.organization_id) if filters.organization_id else None,
        taxonomy_id=_uuid(filters.taxonomy_id) if filters.taxonomy_id else None,
    )
    if result.search.ignored:
        # Said, never silently dropped: the same shape as any other refused parameter.
        raise ValidationError(
            [{"loc": ["query", "search"], "msg": result.search.notice, "type": "value_error"}]
        )
    if result.paginator.count and page > result.paginator.num_pages:
        return _page([], total=result.paginator.count, page=page, size=size)
    items = [hsds.service_summary(s) for s in result.object_list]
    return _page(items, total=result.paginator.count, page=page, size=size)


@api.get(
    "/services/{id}",
    response={200: ServiceOut, 404: Error},
    exclude_none=True,
    url_name="service",
)
def service(request, id: str):  # noqa: A002 - the standard's name
    found = selectors.api_services().filter(pk=_uuid(id)).first() if _uuid(id) else None
    if found is None:
        raise HttpError(404, "Not found")
    return hsds.service_full(found)


@api.get(
    "/organizations",
    response=listing(OrganizationPage),
    exclude_none=True,
    url_name="organizations",
)
def organizations(request, paging: Query[Paging]):
    return _paginate(
        selectors.api_organizations().order_by("name", "pk"), paging, hsds.organization
    )


@api.get(
    "/organizations/{id}",
    response={200: OrganizationDetailOut, 404: Error},
    exclude_none=True,
    url_name="organization",
)
def organization(request, id: str):  # noqa: A002
    found: Organization | None = (
        selectors.api_organizations().filter(pk=_uuid(id)).first() if _uuid(id) else None
    )
    if found is None:
        raise HttpError(404, "Not found")
    # With its published services, as the UK profile's organisation detail holds them.
    services = selectors.public_services().filter(organization=found).order_by("name", "pk")
    return {**hsds.organization(found), "services": [hsds.service_summary(s) for s in services]}


@api.get("/taxonomies", response=listing(TaxonomyPage), exclude_none=True, url_name="taxonomies")
def taxonomies(request, paging: Query[Paging]):
    return _paginate(Taxonomy.objects.order_by("name", "pk"), paging, hsds.taxonomy)


@api.get(
    "/taxonomies/{id}",
    response={200: TaxonomyOut, 404: Error},
    exclude_none=True,
    url_name="taxonomy",
)
def taxonomy(request, id: str):  # noqa: A002
    found = Taxonomy.objects.filter(pk=_uuid(id)).first() if _uuid(id) else None
    if found is None:
        raise HttpError(404, "Not found")
    return hsds.taxonomy(found)


@api.get(
    "/taxonomy_terms",
    response=listing(TaxonomyTermPage),
    exclude_none=True,
    url_name="taxonomy_terms",
)
def taxonomy_terms(request, paging: Query[Paging]):
    return _paginate(TaxonomyTerm.objects.order_by("name", "pk"), paging, hsds.taxonomy_term)


@api.get(
    "/taxonomy_terms/{id}",
    response={200: TaxonomyTermOut, 404: Error},
    exclude_none=True,
    url_name="taxonomy_term",
)
def taxonomy_term(request, id: str):  # noqa: A002
    found = TaxonomyTerm.objects.filter(pk=_uuid(id)).first() if _uuid(id) else None
    if found is None:
        raise HttpError(404, "Not found")
    return hsds.taxonomy_term(found)


@api.get(
    "/service_at_locations",
    response=listing(ServiceAtLocationPage),
    exclude_none=True,
    url_name="service_at_locations",
)
def service_at_locations(request, paging: Query[ServiceAtLocationFilters]):
    found = selectors.api_service_at_locations()
    place = _near(paging)
    if place is NOWHERE:
        return _page([], total=0, page=paging.page, size=paging.per_page)
    if place is not None:
        found = found.filter(pk__in=near.places_within(place, paging.proximity or 5000))
    return _paginate(found, paging, hsds.service_at_location)


@api.get(
    "/service_at_locations/{id}",
    response={200: ServiceAtLocationOut, 404: Error},
    exclude_none=True,
    url_name="service_at_location",
)
def service_at_location(request, id: str):  # noqa: A002
    found: ServiceAtLocation | None = (
        selectors.api_service_at_locations().filter(pk=_uuid(id)).first() if _uuid(id) else None
    )
    if found is None:
        raise HttpError(404, "Not found")
    return hsds.service_at_location(found)


__all__ = ["api", "Service"]
