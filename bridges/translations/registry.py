"""What can be translated: each app registers its kinds of content here, in its `ready()`.

    from bridges.translations.registry import TranslatableKind, register

    register(TranslatableKind(key="guides.guide", model="guides.Guide", ...))

A kind says how to read a record's source text as an ordered set of *segments* (a key such as
"title" or "step.1.body" and its text), which language that text is in, which programme the
record belongs to (None: shared by every programme), whether it is live (only live content is
listed as waiting for translators), where a reader sees it in a language, and, for apps that
keep their own published copy (the directory's search index reads its own), what to call when a
translation is published.

Registering also connects the record's `post_save`: when its segments change, its published
translations become out of date (see `services.translations_source_changed`).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models.signals import post_save

_KINDS: dict[str, "TranslatableKind"] = {}


@dataclass(frozen=True, eq=False)
class TranslatableKind:
    key: str  # stable id, "<app>.<what>"
    model: str  # "app_label.ModelName" of the source record
    label: Any  # translated (lazy) name, shown on the coverage page
    segments: Callable[[Any], dict[str, str]]  # ordered: segment key -> source text
    source_language: Callable[[Any], str] = lambda obj: "en"
    programme: Callable[[Any], Any] = lambda obj: obj.programme
    is_live: Callable[[Any], bool] = lambda obj: True
    public_url: Callable[[Any, str], str | None] = lambda obj, language: None
    multiline: frozenset[str] = field(default_factory=frozenset)
    on_publish: Callable[[Any, str, dict[str, str]], None] | None = None
    # How a record is named on the coverage and translator pages (default: str(obj)).
    title: Callable[[Any], str] | None = None
    # The translated name of a segment for the translator's page (default: its key).
    segment_label: Callable[[str], str] | None = None

    @property
    def model_class(self):
        return apps.get_model(self.model)

    def source_segments(self, obj) -> dict[str, str]:
        """The record's segments, empty texts left out."""
        return {key: text for key, text in self.segments(obj).items() if text and text.strip()}

    def is_multiline(self, segment_key: str) -> bool:
        """A textarea for this segment? Matched whole ("summary") or by prefix ("step.")."""
        return any(
            segment_key == name or (name.endswith(".") and segment_key.startswith(name))
            for name in self.multiline
        )

    def label_of(self, segment_key: str) -> str:
        if self.segment_label is not None:
            return str(self.segment_label(segment_key))
        return segment_key.replace(".", " ").replace("_", " ").capitalize()

    def name_of(self, obj) -> str:
        return str(self.title(obj) if self.title else obj)


def register(kind: TranslatableKind) -> TranslatableKind:
    """Register a kind of translatable content (idempotent for the same key and model)."""
    existing = _KINDS.get(kind.key)
    if existing is not None and existing.model != kind.model:
        raise ValueError(
            f"Translatable kind {kind.key!r} is already registered for {existing.model}"
        )
    _KINDS[kind.key] = kind
    post_save.connect(
        _source_saved,
        sender=kind.model_class,
        dispatch_uid=f"translations.source_saved.{kind.key}",
    )
    return kind


def unregister(key: str) -> None:
    """Forget a kind (tests only)."""
    kind = _KINDS.pop(key, None)
    if kind is not None:
        post_save.disconnect(
            sender=kind.model_class, dispatch_uid=f"translations.source_saved.{kind.key}"
        )


def kinds() -> list[TranslatableKind]:
    return list(_KINDS.values())


def get_kind(key: str) -> TranslatableKind:
    return _KINDS[key]


def kind_for(obj_or_model) -> TranslatableKind:
    """The kind registered for this record's (or model's) class."""
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    label = model._meta.label
    for kind in _KINDS.values():
        if kind.model == label:
            return kind
    raise LookupError(f"{label} is not registered as translatable content")


def _source_saved(sender, instance, created, raw=False, **kwargs):
    if raw or created:
        return
    from .services import translations_source_changed

    translations_source_changed(instance)
