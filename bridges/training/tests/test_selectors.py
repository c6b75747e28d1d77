import random
from datetime import date, timedelta

import pytest
from django.utils import timezone

from bridges.training import selectors, services
from bridges.training.models import ModuleCompletion
from bridges.training.tests.factories import ModuleFactory, NetworkerFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def curriculum(programme):
    return {
        "safeguarding": ModuleFactory(
            title="Safeguarding", required=True, refresher_months=12, order=1
        ),
        "data": ModuleFactory(title="Data protection", required=True, refresher_months=24, order=2),
        "housing": ModuleFactory(title="Housing"),
        "city": ModuleFactory(title="City services", required=True, programme=programme, order=9),
    }


def _complete(networker, module, completed_on):
    services.completion_record(
        networker=networker, module=module, completed_on=completed_on, recorded_by=None
    )


def test_readiness_lists_missing_required_modules(programme, other_programme, curriculum):
    # Another programme's own required module never counts here.
    ModuleFactory(title="Elsewhere only", required=True, programme=other_programme)
    trained, partly, fresh = NetworkerFactory.create_batch(3, programme=programme)
    today = timezone.localdate()
    for module in ("safeguarding", "data", "city"):
        _complete(trained, curriculum[module], today)
    _complete(partly, curriculum["data"], today)
    _complete(partly, curriculum["housing"], today)
    readiness = selectors.training_readiness(
        networker_ids=[trained.pk, partly.pk, fresh.pk], programme=programme
    )
    assert readiness[trained.pk] == []
    assert readiness[partly.pk] == ["Safeguarding", "City services"]
    assert readiness[fresh.pk] == ["Safeguarding", "Data protection", "City services"]
    assert selectors.training_readiness(networker_ids=[], programme=programme) == {}


@pytest.mark.parametrize("count", [5, 50])
def test_readiness_takes_two_queries_whatever_the_number(
    programme, curriculum, count, django_assert_num_queries
):
    networkers = NetworkerFactory.create_batch(count, programme=programme)
    for networker in networkers[::2]:
        _complete(networker, curriculum["safeguarding"], timezone.localdate())
    ids = [n.pk for n in networkers]
    with django_assert_num_queries(2):
        readiness = selectors.training_readiness(networker_ids=ids, programme=programme)
    assert len(readiness) == count


def test_trained_count_counts_people_who_finished_since(programme, curriculum):
    early, late, partial = NetworkerFactory.create_batch(3, programme=programme)
    for module in ("safeguarding", "data", "city"):
        _complete(early, curriculum[module], date(2025, 3, 1))
        _complete(late, curriculum[module], date(2026, 2, 1))
    # The refresher does not make "early" newly trained.
    _complete(early, curriculum["safeguarding"], date(2026, 3, 1))
    _complete(partial, curriculum["data"], date(2026, 2, 1))
    assert selectors.training_trained_count(programme=programme, since=date(2026, 1, 1)) == 1
    assert selectors.training_trained_count(programme=programme, since=date(2025, 1, 1)) == 2


def _trained_count_in_python(*, programme, since):
    """The definition, spelt out: first completion per required module, the latest of those."""
    required = {m.pk for m in selectors.required_modules(programme=programme)}
    first_done: dict[int, dict[int, date]] = {}
    for completion in ModuleCompletion.objects.filter(networker__programme=programme):
        per_module = first_done.setdefault(completion.networker_id, {})
        if completion.module_id in required:
            known = per_module.get(completion.module_id)
            if known is None or completion.completed_on < known:
                per_module[completion.module_id] = completion.completed_on
    return sum(
        1
        for per_module in first_done.values()
        if required and per_module.keys() >= required and max(per_module.values()) >= since
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_trained_count_matches_the_definition_on_random_data(
    programme, other_programme, curriculum, seed
):
    rng = random.Random(seed)
    modules = [*curriculum.values(), ModuleFactory(required=True, programme=other_programme)]
    people = NetworkerFactory.create_batch(25, programme=programme)
    people += NetworkerFactory.create_batch(5, programme=other_programme)
    start = date(2024, 1, 1)
    for person in people:
        for _ in range(rng.randint(0, 8)):
            ModuleCompletion.objects.get_or_create(
                networker=person,
                module=rng.choice(modules),
                completed_on=start + timedelta(days=rng.randint(0, 900)),
            )
    for since in [start + timedelta(days=d) for d in range(-30, 960, 45)]:
        for which in (programme, other_programme):
            expected = _trained_count_in_python(programme=which, since=since)
            assert selectors.training_trained_count(programme=which, since=since) == expected


@pytest.mark.parametrize("count", [5, 40])
def test_trained_count_takes_two_queries_whatever_the_number(
    programme, curriculum, count, django_assert_num_queries
):
    for networker in NetworkerFactory.create_batch(count, programme=programme):
        for module in ("safeguarding", "data", "city"):
            _complete(networker, curriculum[module], date(2026, 2, 1))
    with django_assert_num_queries(2):
        assert selectors.training_trained_count(programme=programme, since=date(2026, 1, 1)) == (
            count
        )


def test_trained_count_is_zero_without_required_modules(programme):
    ModuleFactory(title="Optional", required=False)
    assert selectors.training_trained_count(programme=programme, since=date(2020, 1, 1)) == 0


def test_upcoming_sessions_render_without_more_queries(
    programme, curriculum, django_assert_num_queries
):
    for days in range(1, 8):
        start = timezone.now() + timedelta(days=days)
        SessionFactory(
            programme=programme,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            modules=[curriculum["housing"], curriculum["data"]],
        )
    SessionFactory(programme=programme, cancelled=True)
    with django_assert_num_queries(3):  # sessions with counts, modules, languages
        sessions = list(selectors.training_upcoming_sessions(programme=programme, limit=5))
        for session in sessions:
            assert session.display_title
            assert session.places_left == session.capacity
            list(session.languages.all())
    assert len(sessions) == 5
    assert sessions == sorted(sessions, key=lambda s: s.starts_at)


def test_training_record_lists_completions_with_module(
    programme, curriculum, django_assert_num_queries
):
    networker = NetworkerFactory(programme=programme)
    _complete(networker, curriculum["safeguarding"], date(2026, 1, 5))
    _complete(networker, curriculum["housing"], date(2026, 2, 5))
    with django_assert_num_queries(1):
        record = selectors.training_record(networker=networker)
        titles = [(c.module.title, c.expires_on) for c in record]
    assert titles == [("Housing", None), ("Safeguarding", date(2027, 1, 5))]
