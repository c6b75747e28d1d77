"""The guides' data: the twelve English guides load, agree with the fact sheet on the figures
that matter, are plain enough, and carry their translations."""

import datetime

import pytest
import yaml
from django.urls import reverse
from django.utils import translation

from bridges.accounts.tests.factories import ProgrammeFactory
from bridges.directory.tests.factories import make_service
from bridges.guides import loader, selectors
from bridges.guides.demo import _publish
from bridges.guides.models import Guide
from bridges.guides.readability import TARGET, guide_readability

SLUGS = {
    "register-with-a-gp",
    "open-a-basic-bank-account",
    "apply-for-a-national-insurance-number",
    "school-admissions",
    "council-tax",
    "renting-safely",
    "universal-credit",
    "eu-settlement-scheme",
    "evisas-and-share-codes",
    "report-a-hate-crime",
    "esol-english-classes",
    "no-recourse-to-public-funds",
}


def test_there_are_the_twelve_guides_each_with_a_last_checked_date():
    files = loader.source_files()
    assert {path.stem for path in files} == SLUGS
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["slug"] == path.stem
        assert isinstance(data["last_checked"], datetime.date)
        assert data["steps"], path.name


def _text(slug: str) -> str:
    return (loader.DATA_DIR / "en" / f"{slug}.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("slug", "facts"),
    [
        ("register-with-a-gp", ["within 14 days", "more than 24 hours and less than 3 months"]),
        ("renting-safely", ["5 weeks' rent", "1 week's rent", "within 30 days", "3 times"]),
        ("universal-credit", ["within 28 days", "about 5 weeks", "up to 24 months"]),
        ("evisas-and-share-codes", ["9 characters", "90 days", "2 June 2025"]),
        ("eu-settlement-scheme", ["30 June 2021", "30 months", "60 months", "3 months"]),
        ("school-admissions", ["31 October", "15 January", "15 school days"]),
        ("council-tax", ["25% off", "21 days", "10 or 12"]),
        ("report-a-hate-crime", ["999", "101", "report-it.org.uk"]),
        ("esol-english-classes", ["£25,750", "6 months"]),
    ],
)
def test_figures_agree_with_the_fact_sheet(slug, facts):
    text = _text(slug)
    for fact in facts:
        assert fact in text, f"{slug}: {fact!r}"


def test_no_guide_gives_an_unconfirmed_helpline_number():
    # The fact sheet marks the Universal Credit helpline number as unconfirmed.
    assert "0800 328 5644" not in _text("universal-credit")


@pytest.mark.django_db
def test_the_demo_loads_every_guide_published_with_services_and_translations():
    programme = ProgrammeFactory(slug="riverton")
    surgery = make_service(programme, name="Riverside Surgery", need="gp")
    loaded = loader.guides_load(programme=programme, publish_translation=_publish)

    assert {guide.slug for guide in loaded.guides} == SLUGS
    assert all(guide.is_published for guide in loaded.guides)
    gp = Guide.objects.get(slug="register-with-a-gp")
    assert list(gp.services.all()) == [surgery]
    for guide in loaded.guides:
        assert guide_readability(guide).score >= TARGET, guide.slug
    translated = {(slug, language) for slug, language in loaded.translations}
    for slug in (
        "register-with-a-gp",
        "open-a-basic-bank-account",
        "report-a-hate-crime",
        "council-tax",
        "universal-credit",
    ):
        assert {(slug, "ar"), (slug, "pl")} <= translated

    text = selectors.guide_text(gp, "ar")
    assert text.is_translation and text.all_in_reader_language
    assert text.title.startswith("التسجيل")

    # Loading again changes nothing and keeps the translations up to date.
    loader.guides_load(programme=programme, publish_translation=_publish)
    assert Guide.objects.count() == len(SLUGS)
    assert selectors.guide_text(gp, "pl").out_of_date_since is None


@pytest.mark.django_db
def test_translation_files_match_the_steps_of_the_english():
    for folder in loader.DATA_DIR.iterdir():
        if not folder.is_dir() or folder.name == "en":
            continue
        for path in folder.glob("*.yaml"):
            source = yaml.safe_load(_text(path.stem))
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            assert len(data.get("steps") or []) == len(source["steps"]), path


@pytest.mark.django_db
def test_a_changed_source_marks_the_translation_out_of_date(client):
    programme = ProgrammeFactory(slug="riverton")
    loader.guides_load(programme=programme, publish_translation=_publish)
    gp = Guide.objects.get(slug="register-with-a-gp")
    from bridges.guides import services

    services.guide_save(
        guide=gp,
        steps=[services.StepText(title=s.title, body=s.body) for s in gp.steps.all()]
        + [services.StepText(title="A new step")],
    )
    text = selectors.guide_text(gp, "ar")
    assert text.out_of_date_since is not None
    with translation.override("ar"):
        url = reverse("guides_public:detail", kwargs={"city": "riverton", "slug": gp.slug})
    html = client.get(url).content.decode()
    assert 'id="translation-note"' in html
    assert '<h3 lang="en" dir="ltr">A new step</h3>' in html
