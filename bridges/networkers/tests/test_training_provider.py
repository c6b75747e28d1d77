"""Networkers learn who is trained from the training app, through core's provider slot."""

import pytest
from django.utils import timezone

from bridges.core import providers
from bridges.core.providers import ProviderMissing
from bridges.networkers.selectors import networker_overview, training_missing

from .factories import NetworkerFactory


@pytest.fixture
def without_training():
    provider = providers.training.get()
    providers.training.clear()
    yield
    providers.training.provide(provider)


@pytest.mark.django_db
def test_training_readiness_comes_from_the_training_app(programme):
    from bridges.training.tests.factories import ModuleFactory

    ModuleFactory(programme=programme, title="Safeguarding basics", required=True)
    person = NetworkerFactory(programme=programme)
    assert training_missing(networker_ids=[person.pk], programme=programme) == {
        person.pk: ["Safeguarding basics"]
    }


@pytest.mark.django_db
@pytest.mark.usefixtures("without_training")
def test_without_the_training_app_readiness_fails_loudly_instead_of_reading_as_trained(
    programme,
):
    person = NetworkerFactory(programme=programme)
    with pytest.raises(ProviderMissing, match="'training'.*bridges.training"):
        training_missing(networker_ids=[person.pk], programme=programme)
    with pytest.raises(ProviderMissing):
        networker_overview(programme=programme, today=timezone.localdate())
