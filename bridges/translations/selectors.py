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


# --- Staff pages: coverage, waiting, who could help ------------------------------------------


def target_languages(source_language: str = "en") -> list[str]:
    from django.conf import settings

    return [code for code, _name in settings.LANGUAGES if code != source_language]


@dataclass
class Item:
    """One live record of a registered kind, with its state in each language."""

    kind: TranslatableKind
    obj: object
    name: str
    states: dict[str, str]  # language -> state ("missing" if no row)
    rows: dict[str, Translation]


def _records(kind: TranslatableKind, programme) -> list:
    queryset = kind.model_class._default_manager.all()
    if hasattr(queryset, "available_to"):
        queryset = queryset.available_to(programme)
    else:
        queryset = queryset.for_programme(programme)
    return [obj for obj in queryset if kind.is_live(obj)]


def coverage_items(*, programme, kind_key: str = "") -> list[Item]:
    """Every live registered record the programme sees, with its state in each language:
    one query per kind plus one for every translation."""
    from .models import MISSING
    from .registry import kinds

    chosen = [kind for kind in kinds() if not kind_key or kind.key == kind_key]
    rows: dict[tuple[str, str], dict[str, Translation]] = {}
    for row in Translation.objects.available_to(programme).filter(
        kind__in=[kind.key for kind in chosen]
    ):
        rows.setdefault((row.kind, row.object_id), {})[row.language] = row
    items = []
    for kind in chosen:
        for obj in _records(kind, programme):
            found = rows.get((kind.key, str(obj.pk)), {})
            languages = target_languages(kind.source_language(obj))
            states = {code: found[code].state if code in found else MISSING for code in languages}
            items.append(
                Item(kind=kind, obj=obj, name=kind.name_of(obj), states=states, rows=found)
            )
    items.sort(key=lambda item: (str(item.kind.label), item.name.casefold()))
    return items


def coverage_counts(items: list[Item], languages: list[str]) -> dict[str, dict[str, int]]:
    """language -> state -> how many records are in that state."""
    from .models import MISSING, State

    counts = {code: {MISSING: 0, **{s.value: 0 for s in State}} for code in languages}
    for item in items:
        for code, state in item.states.items():
            if code in counts:
                counts[code][state] += 1
    return counts


def who_could_help(*, programme, languages: list[str]) -> dict[str, list]:
    """For each language, the programme's speakers of it who have translated or reviewed a
    published translation before (two queries)."""
    from bridges.core import providers

    speakers = providers.speakers.get().speakers_by_language(
        programme=programme, language_codes=languages
    )
    done = set()
    for language, translator, reviewer in (
        Translation.objects.for_programme(programme)
        .filter(published_at__isnull=False)
        .values_list("language", "published_translator_id", "published_reviewer_id")
    ):
        done.add((language, translator))
        done.add((language, reviewer))
    return {
        code: [user for user in speakers.get(code, []) if (code, user.pk) in done]
        for code in languages
    }


@dataclass
class Waiting:
    item: Item
    language: str
    action: str  # "translate", "continue", "review", "update", "in_review"
    row: Translation | None


def waiting_for(*, user, programme) -> tuple[list[str], list[Waiting]]:
    """What waits in the languages this user speaks: reviews of others' work first, then
    work sent back to them, out-of-date translations, missing ones."""
    from bridges.core import providers

    from .models import MISSING, State

    languages = providers.speakers.get().languages_of(user=user, programme=programme)
    if not languages:
        return [], []
    order = {"review": 0, "continue": 1, "update": 2, "translate": 3, "in_review": 4}
    found = []
    for item in coverage_items(programme=programme):
        for code in languages:
            state = item.states.get(code)
            if state is None:
                continue
            row = item.rows.get(code)
            if state == MISSING:
                action = "translate"
            elif state == State.REVIEW:
                action = "in_review" if row.translator_id == user.pk else "review"
            elif state == State.DRAFT:
                action = "continue"
            elif state == State.OUT_OF_DATE:
                action = "update"
            else:
                continue
            found.append(Waiting(item=item, language=code, action=action, row=row))
    found.sort(key=lambda w: (order[w.action], w.language, w.item.name.casefold()))
    return languages, found
