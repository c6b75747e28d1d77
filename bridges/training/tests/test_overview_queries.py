"""The coordinator's overview and pipeline board, with training records behind them, take the same
number of queries for a handful of people as for many: the training figures are counted in the
database and read for a page of ids, never loaded for the whole programme."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bridges.training.models import Attendance, ModuleCompletion

from .factories import ModuleFactory, NetworkerFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _people_with_training(programme, modules, count, start):
    now = timezone.now()
    for i in range(start, start + count):
        person = NetworkerFactory(programme=programme, display_name=f"Person {i:03}")
        for j, module in enumerate(modules[: 1 + i % len(modules)]):
            when = now - timedelta(days=30 + i + j)
            session = SessionFactory(programme=programme, starts_at=when)
            session.modules.add(module)
            Attendance.objects.create(session=session, networker=person, attended=True)
            ModuleCompletion.objects.create(
                networker=person, module=module, completed_on=when.date(), session=session
            )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_overview_and_board_queries_do_not_grow_with_training_records(
    client, programme, coordinator, django_assert_max_num_queries
):
    modules = [ModuleFactory(required=True, order=i) for i in range(3)]
    ModuleFactory(required=False)
    client.force_login(coordinator)
    urls = [
        reverse("networkers:overview", kwargs={"programme": programme.slug}),
        reverse("networkers:board", kwargs={"programme": programme.slug}),
    ]
    _people_with_training(programme, modules, 4, start=0)
    client.get(urls[0])  # the first request of a session writes the session
    few = [_queries(client, url) for url in urls]
    _people_with_training(programme, modules, 60, start=4)
    many = [_queries(client, url) for url in urls]
    assert few == many
    for url in urls:
        with django_assert_max_num_queries(20):
            client.get(url)
