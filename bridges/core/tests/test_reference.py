import pytest

from bridges.core.models import Area, Country, Language
from bridges.core.reference import reference_data_load


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        counts = reference_data_load()
        yield counts
        Area.objects.all().delete()
        Language.objects.all().delete()
        Country.objects.all().delete()


@pytest.mark.django_db
def test_languages_have_native_names_and_direction(loaded):
    arabic = Language.objects.get(code="ar")
    assert arabic.native_name == "العربية"
    assert arabic.direction == "rtl"
    assert Language.objects.get(code="ti").native_name == "ትግርኛ"
    assert Language.objects.get(code="pl").direction == "ltr"
    assert Language.objects.get(code="ckb").direction == "rtl"  # Sorani Kurdish, Arabic script
    assert Language.objects.get(code="prs").english_name == "Dari"


@pytest.mark.django_db
def test_countries_follow_iso_3166(loaded):
    assert Country.objects.get(code="ER").name == "Eritrea"
    assert Country.objects.count() == 249


@pytest.mark.django_db
def test_areas_have_gss_codes_parents_and_boundaries(loaded):
    leeds = Area.objects.get(code="E08000035")
    assert leeds.name == "Leeds"
    assert leeds.kind == Area.Kind.LOCAL_AUTHORITY
    assert leeds.parent.code == "E12000003"
    wards = Area.objects.of_kind(Area.Kind.WARD).within("E08000035")
    assert wards.count() == 33
    assert Area.objects.of_kind(Area.Kind.MSOA).within("E08000035").count() == 107
    assert wards.first().boundary["type"] in {"Polygon", "MultiPolygon"}


@pytest.mark.django_db
def test_loading_twice_changes_nothing(loaded):
    before = (Language.objects.count(), Country.objects.count(), Area.objects.count())
    reference_data_load()
    assert (Language.objects.count(), Country.objects.count(), Area.objects.count()) == before
