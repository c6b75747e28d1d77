from datetime import date, timedelta

import factory
from django.utils import timezone

from bridges.accounts.tests.factories import ProgrammeFactory
from bridges.networkers.models import Networker
from bridges.training.models import Module, TrainingSession


class NetworkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Networker

    programme = factory.SubFactory(ProgrammeFactory)
    display_name = factory.Sequence(lambda n: f"Networker {n}")
    stage = Networker.Stage.ACTIVE


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module

    programme = None
    title = factory.Sequence(lambda n: f"Module {n}")
    slug = factory.Sequence(lambda n: f"module-{n}")
    summary = "What this module is about."
    learning_outcomes = "Know one thing\nKnow another thing"
    materials = "## Heading\nA paragraph.\n\n- one\n- two"
    required = False
    refresher_months = None
    last_checked = date(2026, 11, 22)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    venue = "Civic Hall, Room 2"
    trainer = "A. Trainer"
    capacity = 10

    @factory.post_generation
    def modules(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.modules.set(extracted)


def past_session(programme, modules=(), **fields):
    start = timezone.now() - timedelta(days=fields.pop("days_ago", 2))
    return SessionFactory(
        programme=programme,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        modules=list(modules),
        **fields,
    )


def networker_for(user, programme, **fields) -> Networker:
    """The Networker record of a signed-in networker (made once, reused if another app made it)."""
    existing = Networker.objects.filter(user=user).first()
    if existing is not None:
        return existing
    return NetworkerFactory(
        programme=programme, user=user, display_name=user.display_name or "Networker", **fields
    )
