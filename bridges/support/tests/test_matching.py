"""The suggested networkers: who is suggested, in which order, and the reasons in words."""

import pytest
from django.utils import timezone

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import member
from bridges.networkers.models import DBSCheck, Networker
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


def _reference(request, today):
    """The ranking as the module's docstring states it, worked out in Python one networker at a
    time: every eligible networker's score, best first, then the least loaded, then the oldest."""
    from datetime import timedelta

    languages = [code for code in (request.language_id, request.other_language_id) if code]
    needed = list(matching.training_modules_for(request.needs).values())
    soon = {
        matching.DAY_CODES[(today + timedelta(days=n)).weekday()]
        for n in range(matching.AVAILABLE_WITHIN_DAYS)
    }
    declined = set(
        SupportAssignment.objects.filter(
            request=request, answer=SupportAssignment.Answer.DECLINED
        ).values_list("networker_id", flat=True)
    )
    ranked = []
    for networker in Networker.objects.filter(programme=request.programme_id):
        user = networker.user
        if (
            networker.stage != Networker.Stage.ACTIVE
            or user is None
            or not user.is_active
            or not DBSCheck.objects.filter(networker=networker, renewal_due__gte=today).exists()
            or networker.pk in declined
        ):
            continue
        levels = [
            matching.LEVEL_POINTS[level]
            for level in networker.language_skills.filter(language_id__in=languages).values_list(
                "level", flat=True
            )
        ]
        if not levels:
            continue
        held = set(
            ModuleCompletion.objects.current(today)
            .filter(networker=networker, module__is_active=True)
            .values_list("module__slug", flat=True)
        )
        covered = sum(1 for slug in needed if slug in held)
        load = (
            SupportRequest.objects.filter(networker=networker, state__in=["assigned", "accepted"])
            .exclude(pk=request.pk)
            .count()
        )
        available = bool(networker.availability_days) and bool(
            soon & set(networker.availability_days)
        )
        score = (
            max(levels)
            + (matching.AREA_POINTS if networker.areas.filter(pk=request.area_id).exists() else 0)
            + (round(matching.TRAINING_POINTS * covered / len(needed)) if covered else 0)
            + (matching.AVAILABLE_POINTS if available else 0)
            - min(matching.LOAD_MAX, matching.LOAD_POINTS * load)
        )
        ranked.append((-score, load, networker.pk))
    return [(pk, -negative, load) for negative, load, pk in sorted(ranked)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_ranking_matches_a_plain_reading_of_the_rules_for_a_varied_programme(
    programme, arabic, ward_a, seed, django_assert_num_queries
):
    """Forty networkers drawn at random (languages and levels, areas, training, load, days,
    DBS checks, stages, sign-ins) and requests of every shape: the one-query ranking gives the
    same order, scores and loads as the rules worked out one networker at a time."""
    import random

    from bridges.networkers.tests.factories import ward

    rng = random.Random(seed)
    today = timezone.localdate()
    farsi = language("fa", "Farsi")
    ward_b = ward("E05022222", "Gipton")
    modules = {
        slug: ModuleFactory(slug=slug, title=slug.replace("-", " ").title())
        for slug in ("housing", "benefits-and-nrpf", "health-and-gp-registration")
    }
    levels = list(matching.LEVEL_POINTS)
    for index in range(40):
        user = member(programme, Role.NETWORKER) if rng.random() < 0.85 else None
        spoken = rng.sample([("ar", rng.choice(levels)), ("fa", rng.choice(levels))], k=2)
        networker = active_networker(
            programme, user, name=f"Networker {index}",
            languages=spoken[: rng.randint(0, 2)],
            areas=rng.sample([ward_a, ward_b], k=rng.randint(0, 2)),
            days=rng.sample(ALL_DAYS, k=rng.randint(0, 3)),
            vetted=rng.random() < 0.9,
        )  # fmt: skip
        if rng.random() < 0.1:
            Networker.objects.filter(pk=networker.pk).update(stage=Networker.Stage.PAUSED)
        for module in modules.values():
            if rng.random() < 0.4:
                ModuleCompletion.objects.create(
                    networker=networker, module=module,
                    completed_on=today - timezone.timedelta(days=400),
                    expires_on=rng.choice([None, today, today - timezone.timedelta(days=1)]),
                )  # fmt: skip
        if user is not None:
            for _ in range(rng.choice([0, 0, 1, 2, 5])):
                support_request(
                    programme, language=arabic, networker=networker,
                    state=rng.choice(["assigned", "accepted", "contacted", "closed"]),
                    assigned_at=timezone.now(), closed_at=timezone.now(),
                )  # fmt: skip
    needs_pool = ["housing", "benefits", "money", "health", "english", "digital"]
    for shape in range(6):
        request = support_request(
            programme, language=rng.choice([arabic, farsi]),
            other_language=rng.choice([None, arabic, farsi]),
            area=rng.choice([None, ward_a, ward_b]),
            needs=rng.sample(needs_pool, k=rng.randint(1, 3)),
        )  # fmt: skip
        if shape % 2 and request.language_id:
            someone = Networker.objects.filter(programme=programme, user__isnull=False).first()
            SupportAssignment.objects.create(
                request=request, networker=someone, assigned_at=timezone.now(),
                answer=SupportAssignment.Answer.DECLINED, decline_reason="not_available",
            )  # fmt: skip
        request = SupportRequest.objects.select_related(
            "programme", "language", "other_language", "area"
        ).get(pk=request.pk)
        expected = _reference(request, today)
        with django_assert_num_queries(1):
            found = suggest_networkers(request, limit=100, today=today)
        assert [(s.networker_id, s.score, s.load) for s in found] == expected
        top = suggest_networkers(request, limit=5, today=today)
        assert [s.networker_id for s in top] == [pk for pk, _score, _load in expected[:5]]
        for s in found:
            assert s.knows_area == (
                request.area_id is not None
                and Networker.objects.get(pk=s.networker_id)
                .areas.filter(pk=request.area_id)
                .exists()
            )
