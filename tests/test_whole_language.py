"""Every page reads whole in the reader's language: a crawl of every page of the permission
matrix, opened in Arabic as someone allowed to see it, finds no English interface words.

Text that may rightly be in another script is skipped, as the templates isolate it: anything
inside an element marked with another `lang`, with `dir="auto"`, or inside `<bdi>`, `<code>`,
`<pre>`, `<script>`, `<style>`, `<textarea>` and `<option>` values that name a record. What is
left is the page's own wording, which must come from the Arabic catalogue. Names that stay in
Latin script in every language (the project, acronyms of UK bodies and file formats) are listed
in `LATIN_NAMES`.
"""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings

from bridges.core.access import ANONYMOUS
from tests.test_forms import PRINCIPALS, _pages
from tests.test_permission_matrix import _url, all_rules, world  # noqa: F401 (fixture)

LANGUAGE = "ar"
SKIP_TAGS = {"script", "style", "code", "pre", "textarea", "bdi", "svg", "math", "template"}
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
LATIN_NAMES = {
    "Bridges",
    "GP",
    "NHS",
    "DBS",
    "ESOL",
    "NRPF",
    "CSV",
    "XLSX",
    "PDF",
    "JSON",
    "API",
    "URL",
    "HSDS",
    "ORUK",
    "UK",
    "EU",
    "EUSS",
    "NINo",
    "GSS",
    "ONS",
    "DWP",
    "MSOA",
    "LSOA",
    "GeoJSON",
    "SVG",
    "iCalendar",
    "DOCX",
    "ODT",
    "OGL",
    "HMRC",
    "BRP",
    "QR",
    "SMS",
    "WhatsApp",
    "Open",
    "Referral",
    "UKVI",
    "OISC",
    "IAA",
    "CAB",
    "Nomis",
    "Stat",
    "Xplore",
    "Census",
    "Leeds",
    "Excel",
    "JavaScript",
    "zip",
    "ics",
    "Flesch",
    "GOV",
    "Word",
    "Universal",
    "Credit",
}
WORD = re.compile(r"[A-Za-z]{3,}")
RECORD_ID = re.compile(r"\d+|[0-9a-f]{8}-[0-9a-f-]{27}")
# Text between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE is isolated as <bdi> is.
ISOLATED = re.compile("\u2068[^\u2069]*\u2069")
# Kept on purpose by translators: the official English term in brackets after the translation
# ("رسالة من وزارة الداخلية (Home Office)"), an English label quoted «…» as the reader will
# meet it on a government website, and file names.
KEPT = re.compile(
    r"\([A-Za-z][^()]*\)|«[^»]*»|\S+\.(?:csv|json|zip|xlsx|ics|pdf)\b|(?:^|(?<=\s))/[a-z][\w/]*|\b[a-z]+(?:-[a-z]+)+\b"
)


class VisibleText(HTMLParser):
    """The text of <body> a reader sees, leaving out what the page marks as other-language."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # open elements: (tag, is its content skipped?)
        self.parts: list[str] = []
        self.in_body = False

    @property
    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.in_body = True
        attrs = {name: value or "" for name, value in attrs}
        if tag == "input" and RECORD_ID.fullmatch(attrs.get("value", "")) and self.stack:
            # A tick box or radio choosing a record: its label is the record's name (data).
            if self.stack[-1][0] == "label":
                self.stack[-1] = ("label", True)
        if tag in VOID:
            return
        skipped = (
            self.skipping
            or tag in SKIP_TAGS
            or attrs.get("dir") == "auto"
            or ("lang" in attrs and not attrs["lang"].startswith(LANGUAGE))
            or attrs.get("translate") == "no"
            or "hidden" in attrs
            # An option naming a record (a service, a person) is data; the empty one is wording.
            or (tag == "option" and attrs.get("value", "") != "")
        )
        self.stack.append((tag, skipped))

    def handle_endtag(self, tag):
        # Pop to the matching element: HTML lets some end tags (</li>, </p>) be left out.
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if self.in_body and not self.skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return re.sub(r"\s+", " ", KEPT.sub(" ", ISOLATED.sub(" ", " ".join(parser.parts))))


def english_words(html: str) -> set[str]:
    return {word for word in WORD.findall(visible_text(html)) if word not in LATIN_NAMES}


def test_the_check_sees_english_and_ignores_isolated_text():
    page = (
        '<html><body><p>حفظ Save</p><p dir="auto">Leeds Food Bank</p>'
        '<span lang="en">Only in English</span><bdi>Jane Doe</bdi><p>NHS</p>'
        "<ul><li>واحد<li>Two</ul><p>رسالة (Home Office) feed.json</p></body></html>"
    )
    assert english_words(page) == {"Save", "Two"}


@pytest.mark.parametrize("name", [n for n in _pages() if n in all_rules()])
def test_every_page_in_arabic_has_no_english_interface_words(client, world, name):  # noqa: F811
    rule = all_rules()[name]
    principal = next(p for p in PRINCIPALS if p in rule.allowed)
    if principal != ANONYMOUS:
        client.force_login(world["users"][principal])
    url = _url(name, rule, world)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = LANGUAGE
    response = client.get(url, follow=True)
    assert response.status_code < 500, f"{name} ({url}) answered {response.status_code}"
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        pytest.skip(f"{name} is not an HTML page")
    words = english_words(response.content.decode())
    text = visible_text(response.content.decode())
    context = {w: text[max(0, text.find(w) - 60) : text.find(w) + 30] for w in sorted(words)}
    assert not words, f"{name} ({url}) shows English in Arabic: {context}"
