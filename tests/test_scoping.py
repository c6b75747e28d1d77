"""One meaning of "this programme's records", declared by every programme-owned model."""

import uuid

import pytest
from django.apps import apps
from django.http import Http404
from django.test import RequestFactory

from bridges.accounts.models import AuditEvent, Membership, Organisation, Programme, User
from bridges.accounts.roles import Role
from bridges.accounts.scoping import ProgrammeOwned, SharedOrProgrammeOwned, get_for_programme
from bridges.directory.models import (
    SearchGram,
    SearchTerm,
    SearchWord,
    Service,
    Taxonomy,
    TaxonomyTerm,
)
from bridges.directory.tests.factories import make_service
from bridges.networkers.models import DBSCheck, Networker
from bridges.training.models import Module
from bridges.training.tests.factories import ModuleFactory

pytestmark = pytest.mark.django_db

# Every Bridges app above core (new apps included, so none can be forgotten).
SCOPED_APPS = [
    config.label
    for config in apps.get_app_configs()
    if config.name.startswith("bridges.") and config.label != "core"
]

# Models of those apps that belong to no one programme, and why.
NOT_PROGRAMME_OWNED = {
    Programme: "the programme itself",
    User: "a person may hold roles in several programmes (see Membership)",
    Taxonomy: "the needs vocabulary is shared by every programme",
    TaxonomyTerm: "the needs vocabulary is shared by every programme",
    SearchWord: "the search's vocabulary of words, for typo tolerance: words only, no records",
    SearchGram: "the trigrams of the search's vocabulary",
}

# Models whose programme may be empty without the record being shared, and why.
PROGRAMME_OPTIONAL = {
    AuditEvent: "an event outside any programme (a sign-in) is for platform admins only",
    Service.history.model: "a version of a listing copies its programme; django-simple-history "
    "makes every copied foreign key nullable, and a version always has one",
}


def _models():
    for label in SCOPED_APPS:
        yield from apps.get_app_config(label).get_models()


def _target(model, path: str):
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model
    return model


@pytest.mark.parametrize("model", list(_models()), ids=lambda m: m._meta.label)
def test_every_model_declares_whether_it_belongs_to_a_programme(model):
    if model in NOT_PROGRAMME_OWNED:
        assert not issubclass(model, ProgrammeOwned)
        return
    assert issubclass(model, ProgrammeOwned), (
        f"{model._meta.label} should inherit ProgrammeOwned (bridges/accounts/scoping.py), "
        "naming its programme_path, or be listed in NOT_PROGRAMME_OWNED with a reason"
    )
    assert _target(model, model.programme_path) is Programme, (
        f"{model._meta.label}.programme_path {model.programme_path!r} does not lead to Programme"
    )
    assert hasattr(model._default_manager.all(), "for_programme"), (
        f"{model._meta.label}'s queryset should subclass ProgrammeOwnedQuerySet"
    )
    field = model._meta.get_field(model.programme_path.split("__")[0])
    if model.programme_path == "programme" and field.null and model not in PROGRAMME_OPTIONAL:
        assert issubclass(model, SharedOrProgrammeOwned), (
            f"{model._meta.label} may have no programme: say what that means by inheriting "
            "SharedOrProgrammeOwned, or make the programme required"
        )


def test_for_programme_is_only_the_programmes_own_records(programme, other_programme):
    national = ModuleFactory(programme=None, slug="national")
    own = ModuleFactory(programme=programme, slug="own")
    ModuleFactory(programme=other_programme, slug="theirs")
    assert list(Module.objects.for_programme(programme)) == [own]
    assert set(Module.objects.available_to(programme)) == {national, own}
    assert list(Module.objects.shared()) == [national]


def test_for_programme_follows_a_declared_path(programme, other_programme):
    mine = Networker.objects.create(programme=programme, display_name="Mine")
    theirs = Networker.objects.create(programme=other_programme, display_name="Theirs")
    for networker in (mine, theirs):
        DBSCheck.objects.create(
            networker=networker, level="basic", checked_on="2026-01-01", renewal_due="2029-01-01"
        )
    assert [c.networker for c in DBSCheck.objects.for_programme(programme)] == [mine]
    partner = Organisation.objects.create(name="Both", kind=Organisation.Kind.CHARITY)
    partner.programmes.set([programme, other_programme])
    assert list(Organisation.objects.for_programme(programme)) == [partner]


def _request(programme):
    request = RequestFactory().get("/")
    request.programme = programme
    return request


def test_get_for_programme_answers_404_alike_for_missing_and_elsewhere(programme, other_programme):
    service = make_service(programme, name="Mine")
    request = _request(other_programme)
    for service_id in (service.pk, uuid.uuid4(), "not-a-uuid"):
        with pytest.raises(Http404):
            get_for_programme(request, Service, pk=service_id)
    assert get_for_programme(_request(programme), Service, pk=service.pk) == service


def test_get_for_programme_takes_a_queryset_and_shared_records_on_request(programme):
    shared = SearchTerm.objects.create(term="word", keyword="doctor")
    request = _request(programme)
    with pytest.raises(Http404):
        get_for_programme(request, SearchTerm, pk=shared.pk)
    assert get_for_programme(request, SearchTerm.objects.all(), shared=True, pk=shared.pk) == shared


def test_get_for_programme_refuses_a_model_without_a_programme(programme):
    with pytest.raises(TypeError):
        get_for_programme(_request(programme), Taxonomy, pk=uuid.uuid4())


def test_membership_of_another_programme_is_not_found(programme, other_programme, coordinator):
    membership = Membership.objects.get(user=coordinator, role=Role.COORDINATOR)
    with pytest.raises(Http404):
        get_for_programme(_request(other_programme), Membership, pk=membership.pk)
