"""Guides in the content-translation workflow: the title, each section and each step's title
and text are segments ("title", "summary", "who_can", "step.1.title", "step.1.body"…). Steps
are keyed by their number, so a translation follows the steps in order. Readers get the text
through `translated()`; the guides app keeps no copy of its own."""

from django.utils.translation import gettext, pgettext_lazy

from bridges.core.locale_format import format_number
from bridges.translations.registry import TranslatableKind

from . import selectors
from .models import MAX_STEPS, SECTIONS, Guide

_HEADINGS = dict(SECTIONS)


def _label(key: str) -> str:
    if key == "title":
        return gettext("Title")
    if key in _HEADINGS:
        return str(_HEADINGS[key])
    if key.startswith("step."):
        _step, number, part = key.split(".")
        if part == "title":
            return gettext("Step %(number)s") % {"number": format_number(int(number))}
        return gettext("Step %(number)s: what to do") % {"number": format_number(int(number))}
    return key


def _public_url(guide: Guide, language: str) -> str | None:
    return selectors.public_url(guide, language) if guide.is_published else None


GUIDE = TranslatableKind(
    key="guides.guide",
    model="guides.Guide",
    label=pgettext_lazy("kind of content to translate", "Guide"),
    segments=selectors.segments,
    source_language=lambda guide: selectors.SOURCE_LANGUAGE,
    programme=lambda guide: guide.programme,
    is_live=lambda guide: guide.is_published,
    public_url=_public_url,
    # Sections and step texts are paragraphs; a step's title is one line.
    multiline=frozenset(
        {
            *(key for key, _heading in SECTIONS),
            *(f"step.{number}.body" for number in range(1, MAX_STEPS + 1)),
        }
    ),
    title=lambda guide: guide.title,
    segment_label=_label,
)
