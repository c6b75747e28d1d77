"""Searches that found nothing: counted without anything about who searched, listed for the
programme's coordinators with rare searches left out, and a way to turn one into a search word."""

import pytest
from django.test import override_settings
from django.urls import reverse

from bridges.directory.models import SearchMiss
from bridges.directory.services import search_miss_record

from .factories import make_service

SEARCH = "/en/services/"


def search(client, **params):
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    return response


@pytest.mark.django_db
def test_a_search_that_finds_nothing_is_counted_by_its_words_and_language(client, programme):
    make_service(programme, name="Canal Street Surgery", need="gp")
    search(client, q="Zzqx, WALRUS!")
    search(client, q="zzqx walrus")
    client.get("/ar/services/", {"q": "zzqx walrus"})
    rows = {(m.query, m.language, m.count) for m in SearchMiss.objects.all()}
    assert rows == {("zzqx walrus", "en", 2), ("zzqx walrus", "ar", 1)}
    # Nothing else is kept about the search.
    assert {f.name for f in SearchMiss._meta.fields} == {
        "id",
        "programme",
        "query",
        "language",
        "day",
        "count",
    }


@pytest.mark.django_db
def test_what_is_not_counted(client, programme):
    make_service(programme, name="Canal Street Surgery", need="gp")
    search(client, q="doctor")  # found something
    search(client, q="zzqx", free="on")  # narrowed by a filter
    search(client, q="\U0001f600")  # ignored: no words
    search(client, q="07700 900123")  # looks like a phone number
    search(client, q="someone@example.org")  # an email address
    assert not SearchMiss.objects.exists()


@pytest.mark.django_db
def test_old_rows_are_deleted_as_new_ones_are_written(programme):
    from datetime import date, timedelta

    today = date(2026, 12, 1)
    search_miss_record(programme=programme, query="old", language="en", today=today)
    later = today + timedelta(days=SearchMiss.KEEP_DAYS + 1)
    search_miss_record(programme=programme, query="new", language="en", today=later)
    assert list(SearchMiss.objects.values_list("query", flat=True)) == ["new"]


@pytest.mark.django_db
@override_settings(SMALL_NUMBER_THRESHOLD=3)
def test_coordinators_see_frequent_misses_of_their_programme_only(
    client, programme, other_programme, coordinator
):
    for _ in range(3):
        search_miss_record(programme=programme, query="zahnarzt", language="en")
        search_miss_record(programme=None, query="kuchnia", language="pl")
        search_miss_record(programme=other_programme, query="elsewhereword", language="en")
    search_miss_record(programme=programme, query="janek kowalski", language="pl")  # once

    client.force_login(coordinator)
    url = reverse("directory:search_misses", args=[programme.slug])
    page = client.get(url).content.decode()
    assert "zahnarzt" in page and "kuchnia" in page
    assert "elsewhereword" not in page
    assert "janek" not in page  # made fewer than three times
    assert "1 other search was made too rarely to be listed." in page
    add = reverse("directory:synonyms", args=[programme.slug]) + "?term=zahnarzt&amp;language=en"
    assert add in page
    # The link starts the search word with the search's words.
    form = client.get(add.replace("&amp;", "&")).content.decode()
    assert 'value="zahnarzt"' in form

    download = client.get(url, {"format": "csv"}).content.decode()
    assert "zahnarzt" in download and "janek" not in download
