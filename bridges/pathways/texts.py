"""Item names and descriptions in the reader's language.

Items are written in English by coordinators and translated by networkers through the shared
workflow (bridges.translations). Where no translation is published, the English text is shown
marked as English (`lang`), so a right-to-left page lays it out correctly.
"""

from dataclasses import dataclass

from bridges.translations.selectors import translated_many


@dataclass(frozen=True)
class ItemText:
    name: str
    description: str
    name_language: str
    description_language: str


def item_texts(items, language: str) -> dict[str, ItemText]:
    """{slug: ItemText} for `items`, in `language` where a translation is published: a fixed
    number of queries, whatever the number of items."""
    items = list(items)
    found = translated_many(items, language) if items else {}
    texts = {}
    for item in items:
        t = found.get(item.pk)
        if t is None:
            texts[item.slug] = ItemText(item.name, item.description, "en", "en")
            continue
        texts[item.slug] = ItemText(
            name=t.text("name") or item.name,
            description=t.text("description"),
            name_language=t.language_of("name"),
            description_language=t.language_of("description"),
        )
    return texts
