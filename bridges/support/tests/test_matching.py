"""The suggested networkers: who is suggested, in which order, and the reasons in words."""

import pytest
from django.utils import timezone

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import member
from bridges.networkers.models import Networker
from bridges.networkers.tests.factories import language
from bridges.support import matching
from bridges.support.models import SupportAssignment, SupportRequest
from bridges.support.selectors import suggest_networkers
from bridges.support.tests.conftest import active_networker
from bridges.support.tests.factories import support_request
from bridges.training.models import ModuleCompletion
from bridges.training.tests.factories import ModuleFactory

pytestmark = pytest.mark.django_db

NATIVE, FLUENT, BASIC = "native", "fluent", "basic"
ALL_DAYS = list(matching.DAY_CODES)


def _people(programme, arabic, ward_a, new_request):
    language("fa", "Farsi")
    housing = ModuleFactory(slug="housing", title="Housing")
    best = active_networker(
        programme, member(programme, Role.NETWORKER), name="Best Fit",
        languages=[("ar", NATIVE)], areas=[ward_a], days=ALL_DAYS,
    )  # fmt: skip
    ModuleCompletion.objects.create(
        networker=best, module=housing, completed_on=timezone.localdate()
    )
    basic = active_networker(
        programme, member(programme, Role.NETWORKER), name="Some Arabic",
        languages=[("ar", BASIC)],
    )  # fmt: skip
    busy = active_networker(
        programme, member(programme, Role.NETWORKER), name="Busy Fluent",
        languages=[("ar", FLUENT), ("fa", NATIVE)], areas=[ward_a],
    )  # fmt: skip
    for _ in range(2):
        support_request(
            programme, state=SupportRequest.State.ACCEPTED, networker=busy,
            assigned_at=timezone.now(), accepted_at=timezone.now(),
        )  # fmt: skip
    paused = active_networker(
        programme, member(programme, Role.NETWORKER), name="Paused", languages=[("ar", NATIVE)]
    )
    Networker.objects.filter(pk=paused.pk).update(stage=Networker.Stage.PAUSED)
    active_networker(
        programme, member(programme, Role.NETWORKER), name="Not Vetted",
        languages=[("ar", NATIVE)], vetted=False,
    )  # fmt: skip
    active_networker(
        programme, member(programme, Role.NETWORKER), name="Farsi Only",
        languages=[("fa", NATIVE)],
    )  # fmt: skip
    active_networker(programme, None, name="No Sign In", languages=[("ar", NATIVE)])
    return best, basic, busy


def test_ranked_by_language_area_training_load_and_availability_with_reasons(
    programme, arabic, ward_a, new_request, django_assert_max_num_queries
):
    best, basic, busy = _people(programme, arabic, ward_a, new_request)
    with django_assert_max_num_queries(6):
        suggestions = suggest_networkers(new_request, limit=10)
    assert [s.networker_id for s in suggestions] == [best.pk, busy.pk, basic.pk]
    first, second, third = suggestions
    assert first.reasons == [
        f"Speaks {arabic}: native or first language",
        "Knows Harehills",
        "Completed the training “Housing”",
        "Has no open requests",
        "Usually available in the next few days",
    ]
    assert "Already has 2 open requests" in second.reasons
    assert "Not yet trained for 1 of the needs" in second.reasons
    assert f"Speaks {arabic}: fluent" in second.reasons
    assert "Does not know Harehills" in third.reasons
    assert "Has not said when they are available" in third.reasons
    assert first.score > second.score > third.score
    assert first.networker.display_name == "Best Fit"


def test_a_networker_who_declined_is_not_suggested_again(programme, arabic, ward_a, new_request):
    best, basic, busy = _people(programme, arabic, ward_a, new_request)
    SupportAssignment.objects.create(
        request=new_request, networker=best, assigned_at=timezone.now(),
        answer=SupportAssignment.Answer.DECLINED, decline_reason="not_available",
    )  # fmt: skip
    assert best.pk not in [s.networker_id for s in suggest_networkers(new_request)]


def test_the_second_language_counts_when_it_is_spoken_better(
    programme, arabic, ward_a, new_request
):
    _best, _basic, busy = _people(programme, arabic, ward_a, new_request)
    new_request.other_language = language("fa")
    new_request.save()
    found = {s.networker_id: s for s in suggest_networkers(new_request)}
    assert found[busy.pk].language_id == "fa"
    assert found[busy.pk].level == NATIVE


def test_another_programmes_networkers_are_never_suggested(
    programme, other_programme, arabic, ward_a, new_request
):
    stranger = active_networker(
        other_programme, member(other_programme, Role.NETWORKER), name="Elsewhere Native",
        languages=[("ar", NATIVE)], areas=[ward_a], days=ALL_DAYS,
    )  # fmt: skip
    assert stranger.pk not in [s.networker_id for s in suggest_networkers(new_request)]


def test_every_need_with_training_names_a_module_of_the_curriculum():
    from bridges.training import curriculum

    slugs = {
        value["slug"] for value in vars(curriculum).values()
        if isinstance(value, dict) and "slug" in value
    }  # fmt: skip
    assert set(matching.NEED_TRAINING.values()) <= slugs
