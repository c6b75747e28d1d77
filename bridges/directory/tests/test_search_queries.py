"""The query suite: what people type, in the languages of the programme, and the need that must
be among the first three results in the demo city. Runs on SQLite and PostgreSQL alike.

The demo city is built once for the module (inside a transaction rolled back at the end)."""

import random

import pytest
from django.db import transaction

from bridges.accounts.demo import seed as accounts_seed
from bridges.core.demo import DemoContext
from bridges.directory.demo import seed
from bridges.directory.selectors import service_search

from .factories import ensure_needs_vocabulary

QUERIES = [
    # English: plurals, typos, phrases, words of the need rather than of the name.
    ("en", "doctor", "gp"),
    ("en", "doctors", "gp"),
    ("en", "docter", "gp"),
    ("en", "register with a GP", "gp"),
    ("en", "dentists", "dentist"),
    ("en", "hospital", "urgent-care"),
    ("en", "homeless", "housing"),
    ("en", "asylum", "immigration-advice"),
    ("en", "english classes", "esol"),
    ("en", "food bank", "food-bank"),
    ("en", "bank account", "bank-account"),
    ("en", "debt help", "debt-advice"),
    ("en", "pharmacy", "pharmacy"),
    ("en", "pregnant", "maternity"),
    ("en", "domestic violence", "domestic-abuse"),
    ("en", "solicitor", "legal-aid"),
    ("en", "mental health", "mental-health"),
    ("en", "jobcentre", "jobcentre"),
    # Arabic: the article and prefixes, phrases.
    ("ar", "طبيب", "gp"),
    ("ar", "الطبيب", "gp"),
    ("ar", "طبيب أسنان", "dentist"),
    ("ar", "صيدلية", "pharmacy"),
    ("ar", "مستشفى", "urgent-care"),
    ("ar", "تعلم الانجليزية", "esol"),
    ("ar", "سكن", "housing"),
    ("ar", "بنك الطعام", "food-bank"),
    ("ar", "حساب بنكي", "bank-account"),
    ("ar", "لجوء", "immigration-advice"),
    # Farsi
    ("fa", "پزشک", "gp"),
    ("fa", "دندانپزشک", "dentist"),
    ("fa", "کلاس زبان انگلیسی", "esol"),
    ("fa", "مسکن", "housing"),
    ("fa", "حساب بانکی", "bank-account"),
    ("fa", "داروخانه", "pharmacy"),
    # Urdu
    ("ur", "ڈاکٹر", "gp"),
    ("ur", "فارمیسی", "pharmacy"),
    ("ur", "رہائش", "housing"),
    ("ur", "انگریزی", "esol"),
    # Polish: cases.
    ("pl", "lekarz", "gp"),
    ("pl", "lekarza", "gp"),
    ("pl", "angielskiego", "esol"),
    ("pl", "lekcje angielskiego", "esol"),
    ("pl", "konto bankowe", "bank-account"),
    ("pl", "dentysta", "dentist"),
    ("pl", "mieszkanie", "housing"),
    ("pl", "apteka", "pharmacy"),
    # Romanian
    ("ro", "medicul", "gp"),
    ("ro", "cursuri de engleză", "esol"),
    ("ro", "cont bancar", "bank-account"),
    ("ro", "farmacie", "pharmacy"),
    ("ro", "locuință", "housing"),
    # Slovak
    ("sk", "lekár", "gp"),
    ("sk", "zubár", "dentist"),
    ("sk", "lekáreň", "pharmacy"),
    ("sk", "angličtina", "esol"),
    ("sk", "bývanie", "housing"),
    ("sk", "bankový účet", "bank-account"),
    ("sk", "potravinová banka", "food-bank"),
    # Ukrainian: cases.
    ("uk", "лікаря", "gp"),
    ("uk", "лікар", "gp"),
    ("uk", "банківський рахунок", "bank-account"),
    ("uk", "стоматолог", "dentist"),
    ("uk", "житло", "housing"),
    ("uk", "англійська", "esol"),
    # Swahili
    ("sw", "daktari", "gp"),
    ("sw", "daktari wa meno", "dentist"),
    ("sw", "kiingereza", "esol"),
    ("sw", "makazi", "housing"),
    ("sw", "benki ya chakula", "food-bank"),
    ("sw", "akaunti ya benki", "bank-account"),
    ("sw", "dawa", "pharmacy"),
    # Tigrinya
    ("ti", "ሓኪም", "gp"),
    ("ti", "እንግሊዝኛ", "esol"),
    ("ti", "ገዛ", "housing"),
    ("ti", "ፋርማሲ", "pharmacy"),
    # French: accents, plurals, apostrophes.
    ("fr", "médecin", "gp"),
    ("fr", "médecins", "gp"),
    ("fr", "dentiste", "dentist"),
    ("fr", "cours d'anglais", "esol"),
    ("fr", "logement", "housing"),
    ("fr", "banque alimentaire", "food-bank"),
    ("fr", "compte bancaire", "bank-account"),
    ("fr", "pharmacie", "pharmacy"),
]


@pytest.fixture(scope="module")
def demo_city(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        ensure_needs_vocabulary()
        context = DemoContext(seed=1, rng=random.Random(1))
        accounts_seed(context)
        seed(context)
        yield context.data["programme"]
        transaction.set_rollback(True)


def test_the_suite_covers_every_language_of_the_programme():
    assert len(QUERIES) >= 60
    assert {"en", "ar", "fa", "ur", "pl", "ro", "sk", "uk", "sw", "ti", "fr"} <= {
        language for language, _, _ in QUERIES
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "query", "need"), QUERIES)
def test_the_need_is_in_the_first_three(demo_city, language, query, need):
    page = service_search(query=query, programme=demo_city, page_size=3, reader_language=language)
    found = [[term.code for term in service.taxonomy_terms.all()] for service in page.object_list]
    assert any(need in codes for codes in found), (query, [s.name for s in page.object_list])


@pytest.mark.django_db
def test_a_synonym_phrase_keeps_all_its_words(demo_city):
    for query in ("konto bankowe", "cont bancar", "банківський рахунок"):
        page = service_search(query=query, programme=demo_city)
        codes = [{t.code for t in s.taxonomy_terms.all()} for s in page.object_list]
        # Every bank account service first; a food bank (one word of two) or a service that
        # mentions bank accounts in its description only after them.
        assert codes[:3] == [{"bank-account"}] * 3, query
        assert {"bank-account"} not in codes[3:], query


@pytest.mark.django_db
def test_a_typo_offers_did_you_mean(demo_city):
    page = service_search(query="docter", programme=demo_city)
    assert page.search.suggestion == "doctor"
    assert page.paginator.count


@pytest.mark.django_db
def test_several_words_rank_by_how_many_match(demo_city):
    page = service_search(query="dentist zzqx", programme=demo_city)
    assert page.paginator.count
    assert page.search.unmatched == ["zzqx"]


@pytest.mark.django_db
def test_the_database_ranks_as_the_plain_python_statement_of_the_ranking(demo_city):
    """`search.ranking` (one query) orders the services as `search.rank` (Python, over every
    posting) does, for every query of the suite."""
    from bridges.directory import search
    from bridges.directory.models import SearchPosting
    from bridges.directory.selectors import _synonyms, public_services

    services = public_services(programme=demo_city)
    synonyms = _synonyms(demo_city)
    for _language, query, _need in QUERIES:
        groups = search.parse(query, synonyms).groups
        terms, stems = search.lookups(groups)
        rows = (
            SearchPosting.objects.filter(service__in=services, term__in=terms)
            .values_list("service_id", "service__name", "term", "stem", "weight")
            .union(
                SearchPosting.objects.filter(service__in=services, stem__in=stems).values_list(
                    "service_id", "service__name", "term", "stem", "weight"
                )
            )
        )
        expected, _matched = search.rank(groups, list(rows))
        found = search.ranking(groups, services)
        assert found.count == len(expected), query
        assert found.ids == [s.service_id for s in expected], query
