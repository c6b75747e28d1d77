"""Item names and descriptions in the reader's language.

Items are written in English by coordinators. Until a translation is published, the English
text is shown, marked as English (`lang`), so a right-to-left page lays it out correctly.
"""

from dataclasses import dataclass

SOURCE_LANGUAGE = "en"


@dataclass(frozen=True)
class ItemText:
    name: str
    description: str
    name_language: str
    description_language: str


def item_texts(items, language: str) -> dict[str, ItemText]:
    """{slug: ItemText} for `items`, in `language` where a translation is published."""
    return {
        item.slug: ItemText(
            name=item.name,
            description=item.description,
            name_language=SOURCE_LANGUAGE,
            description_language=SOURCE_LANGUAGE,
        )
        for item in items
    }
