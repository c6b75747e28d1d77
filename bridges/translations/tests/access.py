"""Who may open each translation page: coordinators see the coverage grid and its download;
networkers and coordinators open the translator and reviewer pages (the services then require a
speaker of the language). Record-level: another programme's translation or listing is not
found."""

from bridges.core.access import Rule, only
from bridges.directory.models import Organization, Service
from bridges.translations.models import Translation

WORKERS = only("networker", "coordinator")


def build_world(world):
    programme = world["programme"]
    organization = Organization.objects.create(programme=programme, name="Matrix WF Org")
    service = Service.objects.create(
        programme=programme,
        organization=organization,
        name="Matrix translated service",
        description="Advice for everyone.",
    )
    world["wf_service"] = service
    world["wf_translation"] = Translation.objects.create(
        programme=programme,
        kind="directory.service",
        object_id=str(service.pk),
        language="ar",
        state="draft",
        draft_segments={"name": "خدمة"},
        translator=world["users"]["networker"],
    )


def _translation(world):
    return {"pk": world["wf_translation"].pk}


def _start(world):
    return {"kind": "directory.service", "object_id": str(world["wf_service"].pk), "language": "fa"}


ACCESS = {
    "translations:coverage": Rule(only("coordinator")),
    "translations:export": Rule(only("coordinator")),
    "translations:waiting": Rule(WORKERS),
    "translations:start": Rule(WORKERS, kwargs=_start),
    "translations:translate": Rule(WORKERS, kwargs=_translation),
    "translations:review": Rule(WORKERS, kwargs=_translation),
}
