"""A networker's day: the programme home of someone who gives support, built from the apps.

Each app may have a `today.py` with one function:

    def today(*, programme, user, roles: set[str]) -> Iterable[TodayAction | TodayFact]:

A `TodayAction` is a one-tap button at the top of the page (log support, find a service);
a `TodayFact` is one thing about the person's own day, stated in translated sentences (their
next training session, when their DBS check is due, how much they have logged this month),
with the page where they can see or act on it. Return `[]` for roles the page is not for
before querying, as `attention.py` contributors do: a coordinator's home pays nothing for it.

Rules for a contributor:

- only the signed-in person's own records (reach them through `user`), in `programme`
  (through `for_programme()`): never another networker's, never another programme's;
- a fixed, small number of queries, the same for 5 records or 5,000 (the programme home pins
  its query count in a test);
- counts through `ngettext`; nothing confidential in a sentence (a safeguarding concern is
  shown by its state, never by what it says).

Nothing else to register: `today_for` finds the module of every installed `bridges.*` app.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import import_module

from django.apps import apps


@dataclass(frozen=True)
class TodayAction:
    key: str  # stable, "<app>.<what>", for tests and for the page's ids
    label: str  # translated, a verb first ("Log support")
    url: str
    order: int = 100  # lower comes first
    # An element the page's scripts may fill in (hidden until they do), e.g. unsent records.
    count_id: str = ""


@dataclass(frozen=True)
class TodayFact:
    key: str  # stable, "<app>.<what>"
    title: str  # translated heading ("Your next training")
    lines: tuple[str, ...]  # translated sentences, each with its own date or count
    url: str = ""  # where to see more or act
    link_label: str = ""  # translated, for `url`
    order: int = 100  # lower comes first
    urgent: bool = False  # something lapsed or overdue: flagged on the page


@dataclass(frozen=True)
class Today:
    actions: list[TodayAction]
    facts: list[TodayFact]

    def __bool__(self) -> bool:
        return bool(self.actions or self.facts)


Contributor = Callable[..., Iterable[TodayAction | TodayFact]]


@cache
def contributors() -> tuple[Contributor, ...]:
    """Each installed app's `today.today`, in app order."""
    found: list[Contributor] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("bridges.") or config.name == "bridges.core":
            continue
        try:
            module = import_module(f"{config.name}.today")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.today":
                raise  # today.py exists but imports something missing: say so
            continue
        found.append(module.today)
    return tuple(found)


def today_for(*, programme, user, roles: set[str]) -> Today:
    """The person's buttons and facts for the day, each in its `order`. Empty (false) when no
    app offers their roles any."""
    contributed = [
        entry
        for contributor in contributors()
        for entry in contributor(programme=programme, user=user, roles=set(roles))
    ]
    return Today(
        actions=sorted(
            (e for e in contributed if isinstance(e, TodayAction)), key=lambda e: e.order
        ),
        facts=sorted((e for e in contributed if isinstance(e, TodayFact)), key=lambda e: e.order),
    )
