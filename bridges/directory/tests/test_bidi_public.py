"""The Arabic service page keeps left-to-right details and names whole (docs/translation.md,
"Text in another direction"): read from the rendered page's element tree."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

from bridges.directory.models import Phone, ServiceTranslation

from .factories import make_service, ward

pytestmark = pytest.mark.django_db

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Ancestry(HTMLParser):
    """For each piece of text, the elements (tag, attributes) it sits inside."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, dict]] = []
        self.texts: list[tuple[str, list[tuple[str, dict]]]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if data.strip():
            self.texts.append((data, list(self.stack)))


def ancestors_of(body: str, text: str) -> list[tuple[str, dict]]:
    parser = Ancestry()
    parser.feed(body)
    matches = [stack for data, stack in parser.texts if text in data]
    assert matches, f"{text!r} not on the page"
    return matches[0]


def innermost_direction(stack) -> str | None:
    for _tag, attrs in reversed(stack):
        if "dir" in attrs:
            return attrs["dir"]
    return None


@pytest.fixture
def surgery(programme):
    service = make_service(
        programme, name="Canal Street Surgery", area=ward(), email="desk@canal.example"
    )
    ServiceTranslation.objects.create(service=service, language="ar", name="عيادة شارع القناة")
    Phone.objects.create(service=service, number="07700 900000")
    location = service.at_locations.get().location
    location.name, location.postal_code, location.city = "Amal's Centre", "M1 2AB", "Manchester"
    location.save()
    return service


def test_arabic_service_page_isolates_numbers_postcodes_and_names(client, surgery):
    with translation.override("ar"):
        url = reverse("directory_public:service_detail", args=[surgery.pk])
    body = client.get(url).content.decode()
    assert '<html lang="ar" dir="rtl">' in body

    for left_to_right in ("07700 900000", "M1 2AB", "desk@canal.example"):
        assert innermost_direction(ancestors_of(body, left_to_right)) == "ltr", left_to_right
    for name in ("Amal's Centre", "1 Test Street", "Canal Street Surgery Org"):
        assert ancestors_of(body, name)[-1][0] == "bdi"


def test_untranslated_description_is_marked_english_on_an_arabic_page(client, surgery):
    surgery.description = "Walk-in clinic."
    surgery.save()
    with translation.override("ar"):
        url = reverse("directory_public:service_detail", args=[surgery.pk])
    body = client.get(url).content.decode()
    assert ancestors_of(body, "Walk-in clinic.")[-1] == ("p", {"lang": "en", "dir": "ltr"})
    # The name is translated: marked Arabic, right to left.
    assert '<h1 lang="ar" dir="rtl">عيادة شارع القناة</h1>' in body


def test_a_name_with_markup_stays_text(client, programme):
    service = make_service(programme, name="<script>x</script>", area=ward())
    body = client.get(reverse("directory_public:service_detail", args=[service.pk])).content
    assert b"<script>x</script>" not in body
    assert b"&lt;script&gt;x&lt;/script&gt;" in body
