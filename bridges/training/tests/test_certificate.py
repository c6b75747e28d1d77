import re
import zlib

import pytest
from django.urls import reverse
from django.utils import timezone

from bridges.training import services
from bridges.training.tests.factories import ModuleFactory, NetworkerFactory

pytestmark = pytest.mark.django_db


def _completion(programme, name):
    networker = NetworkerFactory(programme=programme, display_name=name)
    module = ModuleFactory(title="Safeguarding adults and children", refresher_months=12)
    return services.completion_record(
        networker=networker, module=module, completed_on=timezone.localdate(), recorded_by=None
    )


def test_printable_certificate_page(client, programme, coordinator):
    completion = _completion(programme, "Amina Haddad")
    client.force_login(coordinator)
    response = client.get(reverse("training:certificate", args=[programme.slug, completion.pk]))
    html = response.content.decode()
    assert "Certificate of training" in html
    assert "Amina Haddad" in html
    assert completion.certificate_number in html
    assert "training/certificate.css" in html


def _pdf_streams(pdf: bytes) -> bytes:
    """The PDF's streams, inflated: enough to read its metadata and font maps."""
    parts = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def _glyph_map(streams: bytes) -> dict[str, set[str]]:
    """Unicode character -> the glyph ids the embedded fonts drew it with (ToUnicode maps)."""
    forms: dict[str, set[str]] = {}
    for glyph, code in re.findall(rb"<([0-9a-f]{4})> <([0-9a-f]{4})>", streams, re.I):
        forms.setdefault(chr(int(code, 16)), set()).add(glyph.decode())
    return forms


@pytest.mark.parametrize("name", ["Amina Haddad", "أمينة حداد"])
def test_pdf_certificate(client, programme, coordinator, name):
    completion = _completion(programme, name)
    client.force_login(coordinator)
    response = client.get(reverse("training:certificate_pdf", args=[programme.slug, completion.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    streams = _pdf_streams(response.content)
    # The name is in the document title…
    assert name.encode("utf-16-be").hex().encode() in streams.lower()
    # …and every letter of it was drawn with an embedded font (no missing-glyph boxes).
    forms = _glyph_map(streams)
    assert all(letter in forms for letter in name.replace(" ", ""))
    if name.startswith("أ"):
        # Arabic is shaped: in "حداد" the first dal joins the letter before it (final form)
        # and the second stands alone (isolated form), so dal is drawn with two glyphs.
        assert len(forms["د"]) == 2
