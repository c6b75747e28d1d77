import datetime

import pytest
from django.db import connection

from bridges.directory.models import SearchTerm, Service, TaxonomyTerm
from bridges.directory.search import expand, normalise
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
    assert synonyms["طبيب"] == {"doctor"}
    assert synonyms["lekarz"] == {"doctor"}
    assert synonyms["پزشک"] == {"doctor"}
    assert "school" in synonyms[normalise("szkoła")]
    assert "housing" in synonyms["مسکن"]
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


def test_expand_joins_words_and_alternatives():
    synonyms = {normalise("طبيب"): {"doctor"}, normalise("طبيب أسنان"): {"dentist"}}
    assert expand("طبيب", synonyms) == [{"طبيب", "doctor"}]
    assert expand("طبيب أسنان", synonyms) == [{"dentist"}]
    assert expand("", synonyms) == []
    # Punctuation and operators never reach the database's query parser.
    assert expand('"a" OR (b)*', {}) == [{"a"}, {"or"}, {"b"}]


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


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 copy exists on SQLite only")
def test_sqlite_fts_copy_keeps_one_row_per_service(directory):
    from bridges.directory.services import service_index

    food = directory["food"]
    for _ in range(3):
        service_index(service_ids=[food.pk, directory["gp"].pk])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM directory_service_fts WHERE service_id = %s", [food.pk.hex]
        )
        assert cursor.fetchone()[0] == 1
        cursor.execute("SELECT COUNT(*) FROM directory_service_fts_ids")
        ids = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*) FROM directory_service_fts")
        assert cursor.fetchone()[0] == ids


def test_a_programmes_own_search_words_do_not_serve_another_programmes_search(
    programme, other_programme
):
    make_service(programme, name="Canal Street Surgery", need="gp")
    make_service(other_programme, name="Far Surgery", need="gp")
    SearchTerm.objects.create(programme=programme, term="doktorê", language="ku", keyword="doctor")

    assert names(service_search(query="doktorê", programme=programme)) == {"Canal Street Surgery"}
    assert not names(service_search(query="doktorê", programme=other_programme))
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
