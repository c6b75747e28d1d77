from bridges.accounts.models import Organisation
from bridges.core.access import EVERYONE, Rule, only
from bridges.directory.models import (
    DirectoryImport,
    HeldListing,
    ListingReport,
    SearchTerm,
    ServiceChange,
    TaxonomyTerm,
)

COORDINATORS = only("coordinator", "admin")
PUBLIC = "a published service and what it links to are public, whichever programme lists them"
EDITORS = only("coordinator", "admin", "provider")


def build_world(world):
    from .factories import ensure_needs_vocabulary, make_service, ward

    ensure_needs_vocabulary()
    programme = world["programme"]
    partner = Organisation.objects.create(name="Matrix Advice", kind=Organisation.Kind.CHARITY)
    membership = world["memberships"]["provider"]
    membership.organisation = partner
    membership.save()
    service = make_service(programme, name="Matrix Surgery", need="gp", area=ward())
    service.organization.partner = partner
    service.organization.save()
    world["directory"] = {
        "service": service,
        "organization": service.organization,
        "at": service.at_locations.get(),
        "term": TaxonomyTerm.objects.get(code="gp"),
        "change": ServiceChange.objects.create(
            programme=programme,
            service=service,
            proposed={"name": "New"},
            original={"name": service.name},
        ),
        "report": ListingReport.objects.create(
            programme=programme, service=service, problem="times", token="matrix-token"
        ),
        "synonym": SearchTerm.objects.create(
            programme=programme, term="matrixword", keyword="doctor"
        ),
        "import": DirectoryImport.objects.create(
            programme=programme, source_name="feed.json", format="oruk_v1", payload=b"[]"
        ),
    }
    world["directory"]["held"] = HeldListing.objects.create(
        directory_import=world["directory"]["import"],
        service_id=service.pk,
        name="Matrix Surgery",
        record={"id": str(service.pk), "name": "Matrix Surgery"},
        diff=[{"field": "name", "before": "Old", "after": "Matrix Surgery"}],
    )


def _d(world):
    return world["directory"]


ACCESS = {
    # Staff pages
    "directory:home": Rule(EDITORS),
    "directory:service_edit": Rule(EDITORS, kwargs=lambda w: {"service_id": _d(w)["service"].pk}),
    "directory:service_verify": Rule(
        EDITORS, kwargs=lambda w: {"service_id": _d(w)["service"].pk}, method="post"
    ),
    "directory:change_review": Rule(
        COORDINATORS, kwargs=lambda w: {"change_id": _d(w)["change"].pk}
    ),
    "directory:report_detail": Rule(EDITORS, kwargs=lambda w: {"report_id": _d(w)["report"].pk}),
    "directory:import_create": Rule(COORDINATORS),
    "directory:import_detail": Rule(
        COORDINATORS, kwargs=lambda w: {"import_id": _d(w)["import"].pk}
    ),
    "directory:import_review": Rule(
        COORDINATORS, kwargs=lambda w: {"import_id": _d(w)["import"].pk}
    ),
    "directory:held_decide": Rule(
        COORDINATORS,
        kwargs=lambda w: {"import_id": _d(w)["import"].pk, "held_id": _d(w)["held"].pk},
        method="post",
        data={"decision": "reject"},
    ),
    "directory:feed": Rule(COORDINATORS),
    "directory:service_history": Rule(
        COORDINATORS, kwargs=lambda w: {"service_id": _d(w)["service"].pk}
    ),
    "directory:service_version_restore": Rule(
        COORDINATORS,
        kwargs=lambda w: {
            "service_id": _d(w)["service"].pk,
            "history_id": _d(w)["service"].history.earliest("history_date").history_id,
        },
    ),
    "directory:service_remove": Rule(
        COORDINATORS, kwargs=lambda w: {"service_id": _d(w)["service"].pk}
    ),
    "directory:service_put_back": Rule(
        COORDINATORS, kwargs=lambda w: {"service_id": _d(w)["service"].pk}, method="post"
    ),
    "directory:removed": Rule(COORDINATORS),
    "directory:export": Rule(COORDINATORS),
    "directory:synonyms": Rule(COORDINATORS),
    "directory:search_misses": Rule(COORDINATORS),
    "directory:synonym_delete": Rule(
        COORDINATORS, kwargs=lambda w: {"term_id": _d(w)["synonym"].pk}, method="post"
    ),
    # Public pages: anyone
    "directory_public:search": Rule(EVERYONE),
    "directory_public:service_detail": Rule(
        EVERYONE, kwargs=lambda w: {"service_id": _d(w)["service"].pk}, unscoped_because=PUBLIC
    ),
    "directory_public:report": Rule(
        EVERYONE, kwargs=lambda w: {"service_id": _d(w)["service"].pk}, unscoped_because=PUBLIC
    ),
    # Open Referral UK API: public and read-only
    "directory:openreferral:api-root": Rule(EVERYONE),
    "directory:openreferral:meta": Rule(EVERYONE),
    "directory:openreferral:openapi-json": Rule(EVERYONE),
    "directory:openreferral:services": Rule(EVERYONE),
    "directory:openreferral:service": Rule(
        EVERYONE, kwargs=lambda w: {"id": str(_d(w)["service"].pk)}, unscoped_because=PUBLIC
    ),
    "directory:openreferral:organizations": Rule(EVERYONE),
    "directory:openreferral:organization": Rule(
        EVERYONE, kwargs=lambda w: {"id": str(_d(w)["organization"].pk)}, unscoped_because=PUBLIC
    ),
    "directory:openreferral:taxonomies": Rule(EVERYONE),
    "directory:openreferral:taxonomy": Rule(
        EVERYONE,
        kwargs=lambda w: {"id": str(_d(w)["term"].taxonomy_id)},
        unscoped_because="the needs vocabulary is shared by every programme",
    ),
    "directory:openreferral:taxonomy_terms": Rule(EVERYONE),
    "directory:openreferral:taxonomy_term": Rule(
        EVERYONE,
        kwargs=lambda w: {"id": str(_d(w)["term"].pk)},
        unscoped_because="the needs vocabulary is shared by every programme",
    ),
    "directory:openreferral:service_at_locations": Rule(EVERYONE),
    "directory:openreferral:service_at_location": Rule(
        EVERYONE, kwargs=lambda w: {"id": str(_d(w)["at"].pk)}, unscoped_because=PUBLIC
    ),
}
