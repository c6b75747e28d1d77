from datetime import date

import pytest
from django.core.management import call_command

from bridges.training.curriculum import NATIONAL_CURRICULUM, city_services_module
from bridges.training.models import Module

BY_SLUG = {module["slug"]: module for module in NATIONAL_CURRICULUM}


def test_every_module_has_outcomes_materials_and_the_check_date():
    assert len(NATIONAL_CURRICULUM) == 9
    for module in [*NATIONAL_CURRICULUM, city_services_module(city="X", council="X Council")]:
        assert 3 <= len(module["learning_outcomes"]) <= 6, module["slug"]
        assert module["last_checked"] == date(2026, 11, 22)
    for module in NATIONAL_CURRICULUM:
        assert module["materials"].count("\n\n") >= 3, module["slug"]


def test_required_modules_and_refresher_periods():
    required = {slug for slug, module in BY_SLUG.items() if module["required"]}
    assert required == {
        "safeguarding-adults-and-children",
        "data-protection-and-confidentiality",
        "limits-of-immigration-advice",
    }
    assert BY_SLUG["safeguarding-adults-and-children"]["refresher_months"] == 12
    assert BY_SLUG["data-protection-and-confidentiality"]["refresher_months"] == 24


@pytest.mark.parametrize(
    ("slug", "fact"),
    [
        (
            "health-and-gp-registration",
            "No law or GP contract requires proof of identity, proof of address",
        ),
        ("limits-of-immigration-advice", "Immigration Advice Authority (IAA)"),
        ("limits-of-immigration-advice", "criminal offence"),
        ("limits-of-immigration-advice", "Networkers do not give immigration advice."),
        ("limits-of-immigration-advice", "Office of the Immigration Services Commissioner (OISC)"),
        ("limits-of-immigration-advice", "it is recorded as signposting only"),
        ("housing", "R, made in their UKVI account"),
        ("housing", "From 1 May 2026 section 21"),
        ("benefits-and-nrpf", "Children Act 1989, section 17"),
        ("education-and-school-admissions", "must not refuse a child"),
        ("safeguarding-adults-and-children", "08000 121 700"),
        ("data-protection-and-confidentiality", "within 72 hours"),
        ("employment-and-right-to-work", "A number is not proof of the right to work."),
    ],
)
def test_key_facts_are_stated(slug, fact):
    assert fact in BY_SLUG[slug]["materials"]


@pytest.mark.django_db
def test_load_curriculum_command_is_idempotent():
    call_command("load_curriculum")
    first = dict(Module.objects.values_list("slug", "updated_at"))
    call_command("load_curriculum")
    assert dict(Module.objects.values_list("slug", "updated_at")) == first
    assert Module.objects.filter(programme__isnull=True).count() == 9
