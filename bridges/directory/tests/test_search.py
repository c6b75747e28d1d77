import datetime

import pytest
from django.db import connection

from bridges.directory.models import SearchTerm, Service, TaxonomyTerm
from bridges.directory.search import Synonyms, normalise, parse
from bridges.directory.selectors import search_synonyms, service_search

from .factories import make_service, ward

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(programme, other_programme):
    area = ward()
    return {
        "gp": make_service(
            programme,
            name="Canal Street Surgery",
            need="gp",
            area=area,
            languages=("ar",),
            free=True,
            hours=("MO,TU,WE,TH,FR", "08:00", "18:00"),
        ),
        "school": make_service(programme, name="School places office", need="school-admissions"),
        "housing": make_service(programme, name="Housing Options", need="housing", free=True),
        "food": make_service(programme, name="Beck Pantry", need="food-bank", languages=("pl",)),
        "closed": make_service(
            programme, name="Old Surgery", need="gp", status=Service.Status.DEFUNCT
        ),
        "elsewhere": make_service(other_programme, name="Far Surgery", need="gp"),
    }


def names(page) -> set[str]:
    return {service.name for service in page.object_list}


def test_synonyms_are_seeded_for_the_top_needs():
    synonyms = search_synonyms()
    assert synonyms[normalise("طبيب")] == {"doctor"}
    assert synonyms["lekarz"] == {"doctor"}
    assert synonyms[normalise("پزشک")] == {"doctor"}
    assert "school" in synonyms[normalise("szkoła")]
    assert "housing" in synonyms[normalise("مسکن")]
    languages = set(SearchTerm.objects.values_list("language", flat=True))
    assert {"ar", "fa", "pl", "ro", "uk", "ti", "so", "ur", "ps", "ku"} <= languages


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("طبيب", "Canal Street Surgery"),
        ("lekarz", "Canal Street Surgery"),
        ("پزشک", "Canal Street Surgery"),
        ("doctor", "Canal Street Surgery"),
        ("مدرسة", "School places office"),
        ("szkoła", "School places office"),
        ("مدرسه", "School places office"),
        ("سكن", "Housing Options"),
        ("mieszkanie", "Housing Options"),
        ("مسکن", "Housing Options"),
        ("surg", "Canal Street Surgery"),
    ],
)
def test_a_query_in_the_readers_language_finds_the_service(directory, programme, query, expected):
    found = names(service_search(query=query, programme=programme))
    assert expected in found
    assert "Old Surgery" not in found  # not published
    assert "Far Surgery" not in found  # another programme


def test_search_across_programmes_only_shows_published(directory):
    found = names(service_search(query="doctor"))
    assert {"Canal Street Surgery", "Far Surgery"} <= found
    assert "Old Surgery" not in found


def test_filters(directory, programme):
    gp_term = TaxonomyTerm.objects.get(code="health")
    assert "Canal Street Surgery" in names(service_search(taxonomy=gp_term, programme=programme))
    assert names(service_search(language="pl", programme=programme)) == {"Beck Pantry"}
    assert names(service_search(area=ward(), programme=programme)) == {"Canal Street Surgery"}
    assert names(service_search(free=True, programme=programme)) == {
        "Canal Street Surgery",
        "Housing Options",
    }
    monday_noon = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=datetime.UTC)
    sunday = datetime.datetime(2026, 11, 22, 12, 0, tzinfo=datetime.UTC)
    assert names(service_search(open_now=True, now=monday_noon, programme=programme)) == {
        "Canal Street Surgery"
    }
    assert names(service_search(open_now=True, now=sunday, programme=programme)) == set()


def test_search_updates_when_a_service_is_reindexed(directory, programme):
    from bridges.directory.services import service_index

    food = directory["food"]
    food.name = "Beck Pantry and Kitchen"
    food.save()
    service_index(service_ids=[food.pk])
    assert names(service_search(query="kitchen", programme=programme)) == {
        "Beck Pantry and Kitchen"
    }


def test_parse_keeps_phrases_and_drops_operators():
    synonyms = Synonyms.build([("طبيب", "doctor"), ("طبيب أسنان", "dentist")])
    assert [g.text for g in parse("طبيب", synonyms).groups] == [normalise("طبيب")]
    (group,) = parse("طبيب أسنان", synonyms).groups
    assert ("dentist",) in [a.words for a in group.alternatives]
    assert parse("", synonyms).groups == []
    # Punctuation and operators never reach the database.
    assert [g.text for g in parse('"a" OR (b)*', synonyms).groups] == ["b"]


def test_query_count_does_not_grow_with_page_size(
    directory, programme, django_assert_max_num_queries
):
    for number in range(30):
        make_service(
            programme,
            name=f"Extra surgery {number}",
            need="gp",
            area=ward(),
            languages=("ar",),
            hours=("MO", "09:00", "10:00"),
        )
    with django_assert_max_num_queries(12):
        page = service_search(query="doctor", programme=programme, page_size=5)
        [(s.organization.name, list(s.languages.all())) for s in page.object_list]
    with django_assert_max_num_queries(12):
        page = service_search(query="doctor", programme=programme, page_size=30)
        [(s.organization.name, list(s.languages.all())) for s in page.object_list]


def test_backend_in_use():
    assert connection.vendor in {"sqlite", "postgresql"}


def test_a_programmes_own_search_words_do_not_serve_another_programmes_search(
    programme, other_programme
):
    make_service(programme, name="Canal Street Surgery", need="gp")
    make_service(other_programme, name="Far Surgery", need="gp")
    SearchTerm.objects.create(programme=programme, term="tixtor", language="ku", keyword="doctor")

    assert names(service_search(query="tixtor", programme=programme)) == {"Canal Street Surgery"}
    assert not names(service_search(query="tixtor", programme=other_programme))
    # Shared words serve every programme.
    assert names(service_search(query="طبيب", programme=other_programme)) == {"Far Surgery"}


def test_two_programmes_may_each_add_the_same_search_word(programme, other_programme):
    from bridges.directory.services import search_term_add

    make_service(other_programme, name="Far Surgery", need="gp")
    mine = search_term_add(programme=programme, term="doktorê", language="ku", keyword="doctor")
    theirs = search_term_add(
        programme=other_programme, term="doktorê ", language="ku", keyword="doctor"
    )
    assert mine.pk != theirs.pk and theirs.programme == other_programme
    assert names(service_search(query="doktorê", programme=other_programme)) == {"Far Surgery"}
    # A word already shared is not copied.
    assert search_term_add(programme=programme, term="طبيب", language="ar", keyword="doctor")
    assert not SearchTerm.objects.filter(programme=programme, term="طبيب").exists()


def test_name_and_need_rank_above_description(programme):
    make_service(
        programme,
        name="Canal Street Surgery",
        need="gp",
        description="We refer you to hospital when needed.",
    )
    make_service(programme, name="Riverton Royal Infirmary", need="urgent-care")
    make_service(programme, name="Hospital Transport Volunteers", need="disability")
    ranked = [s.name for s in service_search(query="hospital", programme=programme).object_list]
    assert ranked == [
        "Hospital Transport Volunteers",  # in the name
        "Riverton Royal Infirmary",  # in the need's keywords
        "Canal Street Surgery",  # in the description only
    ]


def test_a_translation_counts_as_much_as_the_source_text(programme):
    from bridges.directory.models import ServiceTranslation
    from bridges.directory.services import service_index

    ar = make_service(programme, name="Zaytoun Centre", need="refugee-migrant")
    ServiceTranslation.objects.create(service=ar, language="ar", name="مركز الزيتون للمطبخ")
    service_index(service_ids=[ar.pk])
    en = make_service(programme, name="Kitchen Table", need="food-bank")
    ranked = service_search(query="مطبخ", programme=programme).object_list
    assert [s.name for s in ranked] == ["Zaytoun Centre"]
    ranked = service_search(query="kitchen", programme=programme).object_list
    assert [s.name for s in ranked] == [en.name]


def test_several_words_never_collapse_to_nothing(directory, programme):
    page = service_search(query="surgery zzqx walrus", programme=programme)
    assert "Canal Street Surgery" in names(page)
    assert set(page.search.unmatched) == {"zzqx", "walrus"}


def test_stems_and_arabic_prefixes():
    from bridges.directory.search import normalise, stem, variants

    assert stem("doctors") == stem("doctor")
    assert stem("angielskiego") == stem("angielski")
    assert stem(normalise("лікаря")) == stem(normalise("лікар"))
    assert stem("medicul") == stem("medic")
    assert stem(normalise("الطبيب")) == stem(normalise("طبيب"))
    assert normalise("طبيب") in variants(normalise("والطبيب"))


def test_reindex_command_rebuilds_the_index(directory, programme):
    from django.core.management import call_command

    from bridges.directory.models import SearchPosting

    SearchPosting.objects.all().delete()
    assert not names(service_search(query="doctor", programme=programme))
    call_command("directory_reindex", stdout=None)
    assert "Canal Street Surgery" in names(service_search(query="doctor", programme=programme))
