"""Reads: guides of a programme for its coordinators, published guides for the public, and the
text of a guide in a reader's language."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.urls import reverse
from django.utils import translation

from bridges.accounts.models import Programme
from bridges.directory.models import Service

from .models import SECTIONS, Guide, GuideStep

SOURCE_LANGUAGE = "en"


def segments(guide: Guide) -> dict[str, str]:
    """The guide's source text as ordered, stably keyed segments (empty ones left out): the unit
    of translation. Steps are keyed by their number."""
    found = {"title": guide.title}
    for field, _heading in SECTIONS:
        found[field] = getattr(guide, field)
    for step in guide.steps.all():
        found[f"step.{step.number}.title"] = step.title
        found[f"step.{step.number}.body"] = step.body
    return {key: text for key, text in found.items() if text}


def public_url(guide: Guide, language: str) -> str:
    with translation.override(language):
        return reverse(
            "guides_public:detail",
            kwargs={"city": guide.programme.slug, "slug": guide.slug},
        )


@dataclass(frozen=True)
class GuideText:
    """A guide's text in one language: each segment in that language where a published
    translation has it, otherwise in the source language, saying which."""

    guide: Guide
    language: str
    texts: dict[str, str]
    languages: dict[str, str]
    is_translation: bool = False
    out_of_date_since: object = None
    credits: tuple = ()

    def text(self, key: str) -> str:
        return self.texts.get(key, "")

    def language_of(self, key: str) -> str:
        return self.languages.get(key, SOURCE_LANGUAGE)

    @property
    def title(self) -> str:
        return self.text("title")

    @property
    def all_in_reader_language(self) -> bool:
        return all(lang == self.language for lang in self.languages.values())


def _source_text(guide: Guide, language: str) -> GuideText:
    found = segments(guide)
    return GuideText(
        guide=guide,
        language=language,
        texts=found,
        languages=dict.fromkeys(found, SOURCE_LANGUAGE),
    )


def guide_text(guide: Guide, language: str) -> GuideText:
    return guide_texts([guide], language)[guide.pk]


def guide_texts(guides: list[Guide], language: str) -> dict[int, GuideText]:
    """{guide.pk: GuideText} for many guides in a constant number of queries."""
    return {guide.pk: _source_text(guide, language) for guide in guides}


def _with_steps(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("programme").prefetch_related(
        Prefetch("steps", queryset=GuideStep.objects.order_by("number"))
    )


def guides_for_slugs(
    slugs, language: str, *, programme: Programme | None = None
) -> list[tuple[str, str, str]]:
    """(slug, title in the language, public address in the language) of each published guide
    named, in the order asked; unknown or unpublished slugs are left out. With a programme,
    only its guides; otherwise the first programme (by id) that publishes that slug."""
    wanted = [slug.lower() for slug in slugs]
    queryset = Guide.objects.published().filter(slug__in=wanted).order_by("programme_id")
    if programme is not None:
        queryset = queryset.for_programme(programme)
    chosen: dict[str, Guide] = {}
    for guide in _with_steps(queryset):
        chosen.setdefault(guide.slug.lower(), guide)
    texts = guide_texts(list(chosen.values()), language)
    return [
        (slug, texts[chosen[slug].pk].title, public_url(chosen[slug], language))
        for slug in wanted
        if slug in chosen
    ]


def guide_list(*, programme: Programme, status: str = "", query: str = "") -> QuerySet:
    """A programme's guides for its coordinators, with their step counts."""
    queryset = (
        Guide.objects.for_programme(programme).annotate(step_count=Count("steps")).order_by("title")
    )
    if status:
        queryset = queryset.filter(status=status)
    if query:
        queryset = queryset.filter(title__icontains=query)
    return queryset


def published_guides(*, programme: Programme | None = None, query: str = "") -> QuerySet:
    """Published guides of active programmes, by programme and title. The words search the
    English title (translated titles are searched once the translation workflow holds them)."""
    queryset = _with_steps(Guide.objects.published()).order_by("programme__name", "title")
    if programme is not None:
        queryset = queryset.for_programme(programme)
    if query:
        queryset = queryset.filter(title__icontains=query)
    return queryset


def programmes_with_guides() -> QuerySet:
    return (
        Programme.objects.filter(is_active=True, guides__status=Guide.Status.PUBLISHED)
        .distinct()
        .order_by("name")
    )


def published_guide(*, programme_slug: str, slug: str) -> Guide | None:
    return (
        _with_steps(Guide.objects.published())
        .filter(programme__slug=programme_slug, slug__iexact=slug)
        .prefetch_related(
            Prefetch(
                "services",
                queryset=Service.objects.published()
                .select_related("organization")
                .order_by("name"),
            )
        )
        .first()
    )


def service_choices(*, programme: Programme) -> QuerySet:
    """The services a guide of the programme may link to: its published ones."""
    return Service.objects.published().for_programme(programme).order_by("name")
