"""Pathway items in the content-translation workflow: each item's name and description are
translated by networkers; the planner shows the published text in the reader's language."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from bridges.translations.registry import TranslatableKind

from .models import Item


def segments(item: Item) -> dict[str, str]:
    return {"name": item.name, "description": item.description}


def public_url(item: Item, language: str) -> str | None:
    with translation.override(language):
        url = reverse("pathways_public:planner", args=[item.programme.slug])
    return f"{url}?{urlencode({'want': item.slug})}"


ITEM = TranslatableKind(
    key="pathways.item",
    model="pathways.Item",
    label=_("Pathway item"),
    segments=segments,
    source_language=lambda item: "en",
    programme=lambda item: item.programme,
    is_live=lambda item: item.programme.is_active,
    public_url=public_url,
    multiline=frozenset({"description"}),
    title=lambda item: item.name,
)
