"""The public pages: a published guide in English and Arabic (with the English text marked as
such), Open Graph tags for share links, the printable page and the PDF."""

import re
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import translation

from bridges.accounts.tests.factories import ProgrammeFactory
from bridges.directory.tests.factories import make_service
from bridges.guides.models import Guide

from .factories import make_guide

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide():
    programme = ProgrammeFactory(slug="riverton", name="Riverton")
    service = make_service(programme, name="Riverside Surgery", need="gp")
    return make_guide(
        programme,
        service_list=[service],
        help="A networker can help.\n\n- Healthwatch\n- Doctors of the World",
    )


def _url(name: str, guide: Guide, language: str) -> str:
    with translation.override(language):
        return reverse(name, kwargs={"city": guide.programme.slug, "slug": guide.slug})


def _meta(html: str, prop: str) -> str:
    found = re.search(rf'<meta property="{prop}" content="([^"]*)"', html)
    return found.group(1) if found else ""


def test_the_guide_in_english(client, guide):
    html = client.get(_url("guides_public:detail", guide, "en")).content.decode()
    assert '<h1 lang="en" dir="ltr">Register with a GP</h1>' in html
    assert "Step title 1" in html and "Step title 2" in html
    assert "Last checked on 22 November 2026" in html
    assert "Riverside Surgery" in html
    assert "<li>Healthwatch</li>" in html
    assert 'id="translation-note"' not in html


def test_open_graph_tags_describe_the_guide(client, guide):
    html = client.get(_url("guides_public:detail", guide, "en")).content.decode()
    assert _meta(html, "og:title") == "Register with a GP"
    assert _meta(html, "og:description").startswith("A GP is a family doctor.")
    assert _meta(html, "og:url") == "http://testserver/en/guides/riverton/register-with-a-gp/"
    assert _meta(html, "og:type") == "article"


def test_in_arabic_the_english_text_is_marked_and_the_note_says_so(client, guide):
    html = client.get(_url("guides_public:detail", guide, "ar")).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert '<h1 lang="en" dir="ltr">Register with a GP</h1>' in html
    assert 'id="translation-note"' in html
    assert _meta(html, "og:locale") == "ar"


def test_drafts_and_other_cities_are_not_found(client, guide):
    assert (
        client.get(
            _url("guides_public:detail", guide, "en").replace("riverton", "elsewhere")
        ).status_code
        == 404
    )
    guide.status = Guide.Status.DRAFT
    guide.save()
    assert client.get(_url("guides_public:detail", guide, "en")).status_code == 404
    assert client.get(_url("guides_public:pdf", guide, "en")).status_code == 404


def test_the_list_pages_and_filters(client, guide, django_assert_max_num_queries):
    make_guide(guide.programme, slug="council-tax", title="Council tax")
    make_guide(guide.programme, slug="secret", title="Secret draft", status=Guide.Status.DRAFT)
    url = reverse("guides_public:list")
    with django_assert_max_num_queries(8):
        html = client.get(url).content.decode()
    assert "Council tax" in html and "Register with a GP" in html and "Secret" not in html
    html = client.get(url, {"q": "council"}).content.decode()
    assert "Council tax" in html and "Register with a GP" not in html
    html = client.get(url, {"programme": "nowhere"}).content.decode()
    assert "There is a problem" in html


def test_the_printable_page_is_one_a4_page_of_its_own(client, guide):
    html = client.get(_url("guides_public:print", guide, "en")).content.decode()
    assert "guides/leaflet.css" in html
    assert 'class="guide-leaflet"' in html
    assert "http://testserver/en/guides/riverton/register-with-a-gp/" in html


def test_the_pdf_renders(client, guide, tmp_path):
    response = client.get(_url("guides_public:pdf", guide, "ar"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    if shutil.which("pdfinfo"):
        path = tmp_path / "guide.pdf"
        path.write_bytes(response.content)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
        assert re.search(r"Pages:\s+1\b", info)
        assert "(A4)" in info


def test_the_pdf_in_arabic_holds_the_arabic_text(client, guide, tmp_path):
    from bridges.translations.services import publish_translation

    publish_translation(
        guide,
        "ar",
        {"title": "التسجيل لدى طبيب عام", "summary": "الطبيب العام هو طبيب الأسرة."},
        note="test",
    )
    response = client.get(_url("guides_public:pdf", guide, "ar"))
    path = tmp_path / "guide-ar.pdf"
    path.write_bytes(response.content)
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext is not installed")
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    # Shaped Arabic keeps its letters: the text layer reads back as the words written.
    assert "طبيب" in text
    assert "Step title 1" in text  # untranslated steps stay in English
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(tmp_path / "page")])
        assert list(tmp_path.glob("page*.png"))
