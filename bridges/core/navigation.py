"""Navigation per role. Each app may have a `nav.py` with `NAV_ITEMS`, a list of `NavItem`s;
the shell shows those whose roles the person holds in the current programme."""

from dataclasses import dataclass
from functools import cache
from importlib import import_module

from django.apps import apps
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    label: str  # a lazy translation
    url_name: str  # takes the programme slug as its only argument
    roles: frozenset[str]
    order: int = 50


@cache
def all_nav_items() -> tuple[NavItem, ...]:
    items: list[NavItem] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("bridges."):
            continue
        try:
            module = import_module(f"{config.name}.nav")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.nav":
                raise  # nav.py exists but imports something missing: say so
            continue
        items.extend(module.NAV_ITEMS)
    return tuple(sorted(items, key=lambda item: item.order))


def nav_for(*, programme, roles: set[str]) -> list[dict]:
    links = []
    for item in all_nav_items():
        if item.roles & roles:
            try:
                url = reverse(item.url_name, kwargs={"programme": programme.slug})
            except NoReverseMatch:
                continue
            links.append({"label": item.label, "url": url})
    return links
