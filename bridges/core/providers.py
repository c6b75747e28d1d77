"""Provider slots: how one app asks another for something without importing it.

A slot names what is asked for and the `Protocol` an answer must follow. The app that has the
answer fills the slot once, in its `AppConfig.ready()`:

    providers.training.provide(selectors)

and the app that asks calls `providers.training.get().training_readiness(...)`. Asking a slot
nobody filled raises `ProviderMissing` (an `ImproperlyConfigured`), and `manage.py check` reports
every empty slot at start-up: a missing app is an error to fix, never a silently empty page.

Declare a new slot at the bottom of this module, next to its protocol. Only core declares slots,
so neither the asking nor the answering app has to import the other.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol, runtime_checkable

from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured


class ProviderMissing(ImproperlyConfigured):
    """A slot was asked for before (or without) an app filling it."""


@dataclass(eq=False)
class Slot[T]:
    name: str
    protocol: type[T]
    provided_by: str  # the app expected to fill it, for the error message
    _provider: T | None = field(default=None, init=False, repr=False)

    def provide(self, provider: T) -> None:
        if not isinstance(provider, self.protocol):
            missing = [name for name in _members(self.protocol) if not hasattr(provider, name)]
            raise ImproperlyConfigured(
                f"{provider!r} cannot fill the provider slot {self.name!r}: "
                f"it lacks {', '.join(missing)}."
            )
        self._provider = provider

    def get(self) -> T:
        if self._provider is None:
            raise ProviderMissing(
                f"Nothing provides {self.name!r}. Add {self.provided_by!r} to INSTALLED_APPS, "
                f"or fill the slot with bridges.core.providers.{self.name}.provide(...) in an "
                "app's AppConfig.ready()."
            )
        return self._provider

    @property
    def filled(self) -> bool:
        return self._provider is not None

    def clear(self) -> None:
        """Empty the slot again (tests only)."""
        self._provider = None


def _members(protocol: type) -> list[str]:
    return sorted(
        name
        for name in vars(protocol)
        if not name.startswith("_") and callable(getattr(protocol, name))
    )


SLOTS: list[Slot[Any]] = []


def slot[T](name: str, protocol: type[T], *, provided_by: str) -> Slot[T]:
    declared = Slot(name=name, protocol=protocol, provided_by=provided_by)
    SLOTS.append(declared)
    return declared


@register()
def check_slots_filled(app_configs=None, **kwargs) -> list[Error]:
    return [
        Error(
            f"Nothing provides {declared.name!r}.",
            hint=f"Add {declared.provided_by!r} to INSTALLED_APPS.",
            id="core.E001",
        )
        for declared in SLOTS
        if not declared.filled
    ]


# --- Slots ----------------------------------------------------------------------------------


@runtime_checkable
class TrainingProvider(Protocol):
    """What the networkers app needs to know from training. `bridges.training.selectors`
    fills it."""

    def training_readiness(self, *, networker_ids: list[int], programme) -> dict[int, list[str]]:
        """For each networker id, the titles of required modules not yet (currently) done."""
        ...

    def training_trained_count(self, *, programme, since: date) -> int:
        """How many networkers became fully trained on or after `since`."""
        ...

    def training_upcoming_sessions(self, *, programme, limit: int = 5) -> Any:
        """The next sessions that are not cancelled, ready to list."""
        ...

    def training_record(self, *, networker) -> list:
        """Every completion of a networker, newest first."""
        ...


training: Slot[TrainingProvider] = slot(
    "training", TrainingProvider, provided_by="bridges.training"
)


@runtime_checkable
class DirectoryProvider(Protocol):
    """What the contact log needs from the directory: the programme's published services a
    networker may signpost to. `bridges.directory.selectors` fills it."""

    def services_search(
        self, *, programme, query: str = "", limit: int = 50, need: str = ""
    ) -> list[tuple]:
        """Published services of the programme matching `query` (all if empty) and, if
        given, meeting the need with this code (e.g. "immigration-advice"), as (id as text,
        name) pairs in order of name, at most `limit`."""
        ...

    def services_by_ids(self, *, programme, ids: list[str]) -> dict[str, str]:
        """Of these service ids, those the programme publishes: id as text → name."""
        ...


directory: Slot[DirectoryProvider] = slot(
    "directory", DirectoryProvider, provided_by="bridges.directory"
)


@runtime_checkable
class ContactsProvider(Protocol):
    """What the networkers app needs from the contact log. `bridges.contacts.selectors`
    fills it."""

    def hours_given(self, *, networker_ids: list[int]) -> dict[int, Any]:
        """For each networker id, the hours of support logged (a Decimal, 0 if none)."""
        ...


contacts: Slot[ContactsProvider] = slot(
    "contacts", ContactsProvider, provided_by="bridges.contacts"
)


@runtime_checkable
class SafeguardingProvider(Protocol):
    """What the contact log needs from safeguarding: where to raise a concern about one of a
    networker's contact records (the contact log never learns whether one was raised).
    `bridges.safeguarding.links` fills it."""

    def concern_raise_url(self, *, programme_slug: str, contact_id: int) -> str:
        """The address of the page raising a concern that refers to the contact record."""
        ...


safeguarding: Slot[SafeguardingProvider] = slot(
    "safeguarding", SafeguardingProvider, provided_by="bridges.safeguarding"
)


@runtime_checkable
class NetworkersProvider(Protocol):
    """What the statistics app needs from networkers for the coverage gap: how many active
    networkers can carry a message in each language (counts only, never who).
    `bridges.networkers.selectors` fills it."""

    def language_reach(self, *, programme, language_codes: list[str]) -> dict[str, int]:
        """For each of these language codes, the programme's active networkers who speak it
        at conversational level or better (0 if none)."""
        ...


networkers: Slot[NetworkersProvider] = slot(
    "networkers", NetworkersProvider, provided_by="bridges.networkers"
)


@runtime_checkable
class SpeakersProvider(Protocol):
    """Who speaks a language well enough to translate written content into it, for the
    content-translation workflow (`bridges.translations`). Fluent or first-language speakers
    among a programme's active networkers who can sign in. `bridges.networkers.speakers`
    fills it."""

    def speakers(self, *, programme, language_code: str) -> list:
        """The users (accounts) who speak this language, in order of name."""
        ...

    def speakers_by_language(self, *, programme, language_codes: list[str]) -> dict[str, list]:
        """For each of these codes, the users who speak it (one query for all)."""
        ...

    def languages_of(self, *, user, programme) -> list[str]:
        """The codes of the languages this user speaks well enough to translate into."""
        ...


speakers: Slot[SpeakersProvider] = slot(
    "speakers", SpeakersProvider, provided_by="bridges.networkers"
)
