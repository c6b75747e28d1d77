"""Directory records as HSDS 3.0 / Open Referral UK objects (plain dicts).

Used by the API and by the export, so both publish the same thing. Objects without a table of
their own here (addresses, attributes, languages) get stable UUID5 ids derived from their parent.
Empty values are left out rather than sent as null: the ORUK schemas type them as strings."""

import uuid

from django.conf import settings

from .models import Location, Organization, Service, Taxonomy, TaxonomyTerm

NAMESPACE = uuid.UUID("6f1c1d6e-5b7a-4d53-9a53-6c1c0bd2a0b1")
HSDS_VERSION = "3.0"


def derived_id(*parts) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


def _clean(data: dict) -> dict:
    return {k: v for k, v in data.items() if v not in (None, "")}


def organization(org: Organization) -> dict:
    return _clean(
        {
            "id": str(org.pk),
            "name": org.name,
            "description": org.description or org.name,
            "email": org.email,
            "website": org.website,
            "logo": org.logo,
            "uri": org.uri,
        }
    )


def taxonomy(tax: Taxonomy) -> dict:
    return _clean(
        {
            "id": str(tax.pk),
            "name": tax.name,
            "description": tax.description or tax.name,
            "uri": tax.uri,
            "version": tax.version,
        }
    )


def taxonomy_term(term: TaxonomyTerm) -> dict:
    return _clean(
        {
            "id": str(term.pk),
            "name": term.name,
            "description": term.description or term.name,
            "code": term.code,
            "parent_id": str(term.parent_id) if term.parent_id else None,
            "taxonomy_id": str(term.taxonomy_id),
            "term_uri": term.term_uri,
        }
    )


def location(loc: Location) -> dict:
    data = {
        "id": str(loc.pk),
        "location_type": loc.location_type or "physical",
        "name": loc.name,
        "description": loc.description,
        "latitude": loc.latitude,
        "longitude": loc.longitude,
    }
    if loc.address_1:
        data["addresses"] = [
            {
                "id": derived_id("address", loc.pk),
                "location_id": str(loc.pk),
                "address_1": loc.address_1,
                "city": loc.city or "-",
                "state_province": "England",
                "postal_code": loc.postal_code or "-",
                "country": "GB",
                "address_type": "physical",
            }
        ]
    if loc.accessibility:
        data["accessibility"] = [
            {
                "id": derived_id("accessibility", loc.pk),
                "location_id": str(loc.pk),
                "description": loc.accessibility,
            }
        ]
    return _clean(data)


def service_summary(service: Service) -> dict:
    """The one-to-one fields of a service (list endpoints)."""
    return _clean(
        {
            "id": str(service.pk),
            "organization_id": str(service.organization_id),
            "name": service.name,
            "description": service.description,
            "url": service.url,
            "email": service.email,
            "status": service.status,
            "fees": service.fees,
            "accreditations": service.accreditations,
            "minimum_age": service.minimum_age,
            "maximum_age": service.maximum_age,
            "assured_date": service.last_verified_at.date().isoformat()
            if service.last_verified_at
            else None,
            "alert": service.alert,
            "last_modified": service.updated_at.isoformat() if service.updated_at else None,
        }
    )


def service_full(service: Service) -> dict:
    """A fully nested service (detail endpoint and export). Relations must be prefetched."""
    data = service_summary(service)
    data["organization"] = organization(service.organization)
    data["schedules"] = [
        _clean(
            {
                "id": str(s.pk),
                "service_id": str(service.pk),
                "freq": s.freq,
                "byday": s.byday,
                "opens_at": s.opens_at.strftime("%H:%M"),
                "closes_at": s.closes_at.strftime("%H:%M"),
                "description": s.description,
            }
        )
        for s in service.schedules.all()
    ]
    data["service_areas"] = [
        {
            "id": derived_id("service_area", service.pk, area.pk),
            "service_id": str(service.pk),
            "name": area.name,
            "extent_type": "gss_code",
            "extent": area.pk,
        }
        for area in service.areas.all()
    ]
    data["service_at_locations"] = [
        {
            "id": str(at.pk),
            "service_id": str(service.pk),
            "location_id": str(at.location_id),
            "location": location(at.location),
        }
        for at in service.at_locations.all()
    ]
    data["languages"] = [
        {
            "id": derived_id("language", service.pk, language.pk),
            "service_id": str(service.pk),
            "name": language.english_name,
            "code": language.pk,
        }
        for language in service.languages.all()
    ]
    data["cost_options"] = [
        _clean(
            {
                "id": str(c.pk),
                "service_id": str(service.pk),
                "option": c.option,
                "amount": float(c.amount) if c.amount is not None else None,
                "amount_description": c.amount_description,
            }
        )
        for c in service.cost_options.all()
    ]
    data["contacts"] = [
        _clean({"id": str(c.pk), "service_id": str(service.pk), "name": c.name, "title": c.title})
        for c in service.contacts.all()
    ]
    data["attributes"] = [
        {
            "id": derived_id("attribute", service.pk, term.pk),
            "link_id": str(service.pk),
            "link_type": "service",
            "link_entity": "service",
            "taxonomy_term_id": str(term.pk),
            "taxonomy_term": taxonomy_term(term),
        }
        for term in service.taxonomy_terms.all()
    ]
    data["funding"] = []
    return data


def service_at_location(at) -> dict:
    return {
        "id": str(at.pk),
        "service_id": str(at.service_id),
        "location_id": str(at.location_id),
        "location": location(at.location),
    }


def service_export(service: Service) -> dict:
    """HSDS 3.0 full service for the data package, with the HSDS fields the UK profile drops
    and Bridges' own notes for signposting (prefixed x_bridges_)."""
    data = service_full(service)
    data.update(
        _clean(
            {
                "eligibility_description": service.eligibility,
                "application_process": service.referral_how,
                "interpretation_services": "Interpreters available" if service.interpreters else "",
                "phones": [
                    _clean({"id": str(p.pk), "number": p.number, "description": p.description})
                    for p in service.phones.all()
                ],
                "x_bridges_what_to_bring": service.what_to_bring,
                "x_bridges_does_not_do": service.does_not_do,
                "x_bridges_referral": service.referral,
                "x_bridges_recourse": service.recourse,
                "x_bridges_complaints": service.complaints,
                "x_bridges_free": service.free,
            }
        )
    )
    return data


def api_meta(openapi_url: str) -> dict:
    return {
        "version": HSDS_VERSION,
        "profile": settings.DIRECTORY_ORUK_PROFILE_URL,
        "openapi_url": openapi_url,
    }
