import datetime
import uuid

from bridges.core.models import Area, Language
from bridges.directory.models import (
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from bridges.directory.services import service_index

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[-1.6, 53.79], [-1.5, 53.79], [-1.5, 53.83], [-1.6, 53.83], [-1.6, 53.79]]],
}


def ward(code: str = "E05999901", name: str = "Test Ward") -> Area:
    lad, _ = Area.objects.get_or_create(
        code="E08999999", defaults={"name": "Test City", "kind": Area.Kind.LOCAL_AUTHORITY}
    )
    area, _ = Area.objects.get_or_create(
        code=code,
        defaults={"name": name, "kind": Area.Kind.WARD, "parent": lad, "boundary": SQUARE},
    )
    return area


def language(code: str, name: str) -> Language:
    found, _ = Language.objects.get_or_create(
        code=code, defaults={"english_name": name, "native_name": name, "common": True}
    )
    return found


def ensure_needs_vocabulary() -> None:
    """Put back the needs taxonomy and synonyms that a data migration adds, if a transactional
    test (a browser test's live server, say) has flushed the database since."""
    if not TaxonomyTerm.objects.exists():
        from importlib import import_module

        from django.apps import apps

        import_module("bridges.directory.migrations.0003_needs_vocabulary").seed(apps, None)
        import_module("bridges.directory.migrations.0011_search_words").seed(apps, None)


def make_service(
    programme,
    *,
    name: str = "Test Service",
    need: str | None = None,
    organization: Organization | None = None,
    area: Area | None = None,
    languages: tuple[str, ...] = (),
    hours: tuple[str, str, str] | None = None,
    index: bool = True,
    **fields,
) -> Service:
    organization = organization or Organization.objects.create(
        programme=programme, name=f"{name} Org"
    )
    service = Service.objects.create(
        programme=programme, organization=organization, name=name, **fields
    )
    if need:
        ensure_needs_vocabulary()
        service.taxonomy_terms.add(TaxonomyTerm.objects.get(code=need))
    if area is not None:
        location = Location.objects.create(
            programme=programme, name=f"{name} place", address_1="1 Test Street", area=area
        )
        ServiceAtLocation.objects.create(service=service, location=location)
    for code in languages:
        service.languages.add(language(code, code))
    if hours:
        Schedule.objects.create(
            service=service,
            byday=hours[0],
            opens_at=datetime.time.fromisoformat(hours[1]),
            closes_at=datetime.time.fromisoformat(hours[2]),
        )
    if index:
        service_index(service_ids=[service.pk])
    return service


def any_uuid() -> uuid.UUID:
    return uuid.uuid4()
