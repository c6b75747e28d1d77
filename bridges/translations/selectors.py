"""Reading translations: what a reader sees, and what translators and coordinators see."""

from dataclasses import dataclass, field
from datetime import date

from .models import Translation
from .registry import TranslatableKind, kind_for


def _person_name(user) -> str:
    return (getattr(user, "display_name", "") or "").strip()


@dataclass
class Translated:
    """A record as a reader in `language` sees it: each segment in that language where an
    approved translation has it, in the source language otherwise."""

    obj: object
    language: str
    source: dict[str, str]
    source_language: str
    published: dict[str, str] = field(default_factory=dict)
    out_of_date_since: date | None = None
    credits: list[str] = field(default_factory=list)
    published_at: object = None

    @property
    def is_translation(self) -> bool:
        """A published translation in this language exists (possibly out of date)."""
        return self.published_at is not None

    def text(self, key: str) -> str:
        """The published text of this segment, or the source text if it has none."""
        translated = self.published.get(key, "")
        if translated and translated.strip() and key in self.source:
            return translated
        return self.source.get(key, "")

    def language_of(self, key: str) -> str:
        """The language code of what `text(key)` shows."""
        translated = self.published.get(key, "")
        if translated and translated.strip() and key in self.source:
            return self.language
        return self.source_language

    def is_in_language(self, key: str) -> bool:
        return self.language_of(key) == self.language

    @property
    def untranslated_keys(self) -> list[str]:
        """Segments a reader sees in the source language although they asked for another."""
        if self.language == self.source_language:
            return []
        return [key for key in self.source if self.language_of(key) != self.language]


def _credits(row: Translation) -> list[str]:
    names = []
    if row.published_translator_credit and row.published_translator:
        names.append(_person_name(row.published_translator))
    if row.published_reviewer_credit and row.published_reviewer:
        name = _person_name(row.published_reviewer)
        if name not in names:
            names.append(name)
    return [name for name in names if name]


def _build(kind: TranslatableKind, obj, language: str, row: Translation | None) -> Translated:
    result = Translated(
        obj=obj,
        language=language,
        source=kind.source_segments(obj),
        source_language=kind.source_language(obj),
    )
    if row is not None and row.published_at is not None:
        result.published = dict(row.published_segments or {})
        result.published_at = row.published_at
        result.out_of_date_since = row.out_of_date_since
        result.credits = _credits(row)
    return result


def _public_rows(kind: TranslatableKind, object_ids: list[str], language: str):
    return (
        Translation.objects.filter(kind=kind.key, object_id__in=object_ids, language=language)
        .public()
        .select_related("published_translator", "published_reviewer")
    )


def translated(obj, language: str) -> Translated:
    """One record as a reader in `language` sees it (one query)."""
    kind = kind_for(obj)
    row = None
    if language != kind.source_language(obj):
        row = _public_rows(kind, [str(obj.pk)], language).first()
    return _build(kind, obj, language, row)


def translated_many(objs, language: str) -> dict:
    """{obj.pk: Translated} for records of one or more registered kinds: one query per kind."""
    objs = list(objs)
    by_kind: dict[str, list] = {}
    kinds: dict[str, TranslatableKind] = {}
    for obj in objs:
        kind = kind_for(obj)
        kinds[kind.key] = kind
        by_kind.setdefault(kind.key, []).append(obj)
    result = {}
    for key, members in by_kind.items():
        kind = kinds[key]
        rows = {
            row.object_id: row
            for row in _public_rows(kind, [str(obj.pk) for obj in members], language)
        }
        for obj in members:
            row = rows.get(str(obj.pk))
            if language == kind.source_language(obj):
                row = None
            result[obj.pk] = _build(kind, obj, language, row)
    return result
