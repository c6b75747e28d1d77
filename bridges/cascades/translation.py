"""Key messages in the shared content-translation workflow (bridges.translations): the title,
the message and its short version, translated by networkers into the languages it is for."""

from django.utils import timezone
from django.utils import translation as django_translation
from django.utils.translation import gettext_lazy as _

from bridges.translations.registry import TranslatableKind

SEGMENTS = ("title", "short_text", "text")


def _segments(message) -> dict[str, str]:
    return {"title": message.title, "short_text": message.short_text, "text": message.text}


def _public_url(message, language: str) -> str | None:
    from django.urls import reverse

    with django_translation.override(language):
        return reverse("cascades_public:message", args=[message.pk])


KEY_MESSAGE = TranslatableKind(
    key="cascades.key_message",
    model="cascades.KeyMessage",
    label=_("Key message"),
    segments=_segments,
    source_language=lambda message: message.source_language_id,
    programme=lambda message: message.programme,
    is_live=lambda message: message.ends_on >= timezone.localdate(),
    public_url=_public_url,
    multiline=frozenset({"short_text", "text"}),
)
