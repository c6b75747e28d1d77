"""Whole-page caching of public pages for visitors without a session (core/pagecache.py)."""

import pytest
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.utils.csp import LazyNonce

from bridges.accounts.tests.factories import ProgrammeFactory
from bridges.core.models import Language
from bridges.core.pagecache import anonymous_page_cache, per_generation, public_pages_changed

pytestmark = pytest.mark.django_db


def test_the_home_page_is_served_again_without_the_database(client, django_assert_num_queries):
    ProgrammeFactory(name="Riverton Welcome", is_active=True)
    first = client.get("/en/")
    assert "Riverton Welcome" in first.content.decode()
    client.cookies.clear()
    with django_assert_num_queries(0):
        second = client.get("/en/")
    assert second.status_code == 200
    assert second.content == first.content
    assert "Cookie" in second["Vary"]
    assert "Content-Security-Policy" in second


def test_a_changed_programme_shows_at_once(client):
    programme = ProgrammeFactory(name="Old Name", is_active=True)
    assert "Old Name" in client.get("/en/").content.decode()
    programme.name = "New Name"
    programme.save()
    page = client.get("/en/").content.decode()
    assert "New Name" in page
    assert "Old Name" not in page


def test_each_language_has_its_own_page(client):
    english = client.get("/en/").content.decode()
    arabic = client.get("/ar/").content.decode()
    assert 'lang="en"' in english
    assert 'lang="ar"' in arabic and 'dir="rtl"' in arabic


def test_someone_signed_in_never_gets_the_cached_page(client, coordinator):
    client.get("/en/")  # stored for visitors without a session
    client.force_login(coordinator)
    page = client.get("/en/").content.decode()
    assert "Sign out" in page
    client.logout()
    client.cookies.clear()
    assert "Sign out" not in client.get("/en/").content.decode()


def _counting_view(uses):
    calls = []

    @anonymous_page_cache()
    def view(request):
        calls.append(1)
        if uses == "csrf":
            get_token(request)
        if uses == "nonce":
            str(request._csp_nonce)
        response = HttpResponse(f"page {len(calls)}")
        if uses == "cookie":
            response.set_cookie("seen", "1")
        return response

    return view, calls


def _request(path="/en/x/", **extra):
    request = RequestFactory().get(path, **extra)
    request._csp_nonce = LazyNonce()
    return request


@pytest.mark.parametrize("uses", ["csrf", "nonce", "cookie"])
def test_a_page_with_per_request_values_is_never_stored(uses):
    view, calls = _counting_view(uses)
    view(_request())
    view(_request())
    assert len(calls) == 2


def test_a_plain_page_is_stored_until_public_data_changes():
    view, calls = _counting_view(None)
    assert view(_request()).content == b"page 1"
    assert view(_request()).content == b"page 1"
    public_pages_changed()
    assert view(_request()).content == b"page 2"


@pytest.mark.parametrize(
    "extra",
    [{"QUERY_STRING": "q=x"}, {"HTTP_COOKIE": "sessionid=abc"}, {"HTTP_COOKIE": "messages=abc"}],
)
def test_query_strings_sessions_and_messages_bypass_the_cache(extra):
    view, calls = _counting_view(None)
    view(_request())
    view(_request(**extra))
    assert len(calls) == 2


def test_per_generation_keeps_an_answer_until_the_data_changes():
    calls = []

    @per_generation
    def names(prefix):
        calls.append(prefix)
        return tuple(
            Language.objects.filter(code__startswith=prefix).values_list("code", flat=True)
        )

    assert names("q") == ()
    assert names("q") == () and calls == ["q"]
    Language.objects.create(code="qx", english_name="Test", native_name="Test")  # post_save
    assert names("q") == ("qx",) and calls == ["q", "q"]
    public_pages_changed()
    assert names("q") == ("qx",) and len(calls) == 3


def test_a_recent_copy_is_answered_without_reading_the_generation(monkeypatch):
    from bridges.core import pagecache

    @per_generation
    def names(prefix):
        return tuple(
            Language.objects.filter(code__startswith=prefix).values_list("code", flat=True)
        )

    assert names.recent("q", within=60) == ()  # nothing kept yet: read and confirmed
    Language.objects.create(code="qx", english_name="Test", native_name="Test")  # post_save
    reads = []
    monkeypatch.setattr(pagecache, "generation", lambda: reads.append(1) or "new")
    assert names.recent("q", within=60) == ()  # confirmed just now: the copy, no read
    assert not reads
    assert names.recent("q", within=0) == ("qx",)  # too old to trust: the generation is read
    assert reads


def test_loading_reference_data_moves_the_generation(tmp_path):
    """bulk_create sends no post_save: the load moves the generation itself."""
    from bridges.core.pagecache import generation
    from bridges.core.reference import reference_data_load

    before = generation()
    (tmp_path / "lad_2024_uk_buc.geojson").write_text('{"features": []}')
    reference_data_load(boundaries_dir=tmp_path)
    assert generation() != before
