"""The directory's service listings in the content-translation workflow.

Every public text field of a listing is a segment. An approved translation is copied into the
listing's `ServiceTranslation` (`on_publish`), which stays the published copy the public page
and the search index read; the workflow's own record holds drafts, reviews and who did them.
"""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from bridges.translations.registry import TranslatableKind

from .models import Service, ServiceText, ServiceTranslation

# Segment key -> field, in the order the public page shows them.
SEGMENTS = ServiceText.FIELDS


def segments(service: Service) -> dict[str, str]:
    return {field: getattr(service, field) or "" for field in SEGMENTS}


def public_url(service: Service, language: str) -> str | None:
    if not is_live(service):
        return None
    with translation.override(language):
        return reverse("directory_public:service_detail", kwargs={"service_id": service.pk})


def is_live(service: Service) -> bool:
    return service.status == Service.Status.ACTIVE


def on_publish(service: Service, language: str, published: dict[str, str]) -> None:
    """Keep the listing's published copy: the public page and the search read it."""
    from .services import service_index

    values = {field: published.get(field, "") for field in SEGMENTS}
    ServiceTranslation.objects.update_or_create(service=service, language=language, defaults=values)
    service_index(service_ids=[service.pk])


SERVICE = TranslatableKind(
    key="directory.service",
    model="directory.Service",
    label=_("Service listing"),
    segments=segments,
    source_language=lambda service: "en",
    programme=lambda service: service.programme,
    is_live=is_live,
    public_url=public_url,
    multiline=frozenset({"description", "eligibility", "what_to_bring", "does_not_do"}),
    on_publish=on_publish,
    title=lambda service: service.name,
    segment_label=lambda key: Service._meta.get_field(key).verbose_name.capitalize(),
)
