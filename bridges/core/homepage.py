"""The public home page's content, contributed by the apps. Each app may have a `home.py` with
`HOME_CARDS`, a list of `HomeCard`s (a linked title and one sentence, shown in the card list),
and `HOME_SECTIONS`, a list of `HomeSection`s (a template of its own, above or below the cards).
Core's home page shows its heading and whatever the installed apps contribute, in `order`."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import import_module

from django.apps import apps
from django.urls import reverse


@dataclass(frozen=True)
class HomeCard:
    title: str  # a lazy translation
    text: str  # a lazy translation
    url_name: str  # a public URL that takes no arguments
    query: str = ""  # appended after "?", e.g. "need=immigration-advice"
    order: int = 50

    def url(self) -> str:
        url = reverse(self.url_name)
        return f"{url}?{self.query}" if self.query else url


@dataclass(frozen=True)
class HomeSection:
    template: str  # rendered in the home page; its extra values are in `data`
    place: str = "after"  # "before" or "after" the cards
    order: int = 50
    data: Callable[[], dict] | None = None  # called on each request, e.g. a selector

    def __post_init__(self) -> None:
        if self.place not in {"before", "after"}:
            raise ValueError(f"HomeSection.place must be 'before' or 'after', not {self.place!r}")


def _home_modules():
    for config in apps.get_app_configs():
        if not config.name.startswith("bridges."):
            continue
        try:
            yield import_module(f"{config.name}.home")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.home":
                raise  # home.py exists but imports something missing: say so
            continue


@cache
def home_cards() -> tuple[HomeCard, ...]:
    cards = [card for module in _home_modules() for card in getattr(module, "HOME_CARDS", ())]
    return tuple(sorted(cards, key=lambda card: card.order))


@cache
def home_sections() -> tuple[HomeSection, ...]:
    sections = [s for module in _home_modules() for s in getattr(module, "HOME_SECTIONS", ())]
    return tuple(sorted(sections, key=lambda section: section.order))


def home_content() -> dict:
    """What the home page shows from the apps, ready for its template."""

    def rendered(place: str) -> list[dict]:
        return [
            {"template": section.template, "data": section.data() if section.data else {}}
            for section in home_sections()
            if section.place == place
        ]

    return {
        "home_before": rendered("before"),
        "home_cards": [
            {"title": card.title, "text": card.text, "url": card.url()} for card in home_cards()
        ],
        "home_after": rendered("after"),
    }
