"""Provider slots: one app asks another through core, and an empty slot is an error."""

from typing import Protocol, runtime_checkable

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured

from bridges.core import providers
from bridges.core.providers import ProviderMissing, Slot


@runtime_checkable
class Greeter(Protocol):
    def greet(self, *, name: str) -> str: ...


class English:
    def greet(self, *, name: str) -> str:
        return f"Hello {name}"


def test_a_filled_slot_answers_with_its_provider():
    slot = Slot(name="greeter", protocol=Greeter, provided_by="bridges.greetings")
    slot.provide(English())
    assert slot.get().greet(name="Amina") == "Hello Amina"


def test_an_empty_slot_fails_loudly_naming_the_app_to_install():
    slot = Slot(name="greeter", protocol=Greeter, provided_by="bridges.greetings")
    with pytest.raises(ProviderMissing, match="Nothing provides 'greeter'.*bridges.greetings"):
        slot.get()
    assert issubclass(ProviderMissing, ImproperlyConfigured)


def test_a_provider_missing_part_of_the_protocol_is_refused_at_start_up():
    slot = Slot(name="greeter", protocol=Greeter, provided_by="bridges.greetings")
    with pytest.raises(ImproperlyConfigured, match="lacks greet"):
        slot.provide(object())
    assert not slot.filled


def test_training_fills_its_slot_when_django_starts():
    from bridges.training import selectors

    assert providers.training.get() is selectors
    assert isinstance(selectors, providers.TrainingProvider)


@pytest.fixture
def training_slot_emptied():
    provider = providers.training.get()
    providers.training.clear()
    yield
    providers.training.provide(provider)


@pytest.mark.usefixtures("training_slot_emptied")
def test_the_system_check_reports_an_empty_slot():
    errors = [e for e in run_checks() if e.id == "core.E001"]
    assert [e.msg for e in errors] == ["Nothing provides 'training'."]


def test_the_system_check_passes_when_every_slot_is_filled():
    assert not [e for e in run_checks() if e.id == "core.E001"]
