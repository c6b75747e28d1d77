"""Text in another direction: the `bidi` filters, and a scan that every template uses them for
the personal and address fields it prints (docs/translation.md, "Text in another direction")."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template

from bridges.core.models import Language
from bridges.core.templatetags.bidi import FSI, LRI, PDI


def render(source: str, autoescape: bool = True, **context) -> str:
    return Template("{% load bidi %}" + source).render(Context(context, autoescape=autoescape))


def test_isolate_wraps_in_bdi_and_keeps_escaping():
    out = render("{{ name|isolate }}", name="<script>alert(1)</script> Amal")
    assert out == "<bdi>&lt;script&gt;alert(1)&lt;/script&gt; Amal</bdi>"


def test_ltr_is_always_left_to_right_and_escaped():
    assert render("{{ phone|ltr }}", phone="07700 900000") == '<bdi dir="ltr">07700 900000</bdi>'
    assert render("{{ email|ltr }}", email='a"b@x.org') == '<bdi dir="ltr">a&quot;b@x.org</bdi>'


def test_empty_values_give_nothing():
    assert render("[{{ a|isolate }}{{ a|ltr }}{{ a|isolate_text }}{{ b|ltr_text }}]", a="") == "[]"
    assert render("[{{ a|default:'—'|ltr }}]", a="") == '[<bdi dir="ltr">—</bdi>]'


def test_text_variants_use_unicode_isolates_and_the_templates_escaping():
    assert render("{{ n|isolate_text }}", n="Dari <x>") == f"{FSI}Dari &lt;x&gt;{PDI}"
    assert render("{{ n|isolate_text }}", autoescape=False, n="Dari <x>") == f"{FSI}Dari <x>{PDI}"
    assert render("{{ p|ltr_text }}", autoescape=False, p="07700 900000") == (
        f"{LRI}07700 900000{PDI}"
    )


def test_content_marks_language_and_direction():
    assert render('{% content text "en" %}', text="Help <b>.") == (
        '<span lang="en" dir="ltr">Help &lt;b&gt;.</span>'
    )
    assert render('{% content text "fa-AF" %}', text="دری") == (
        '<span lang="fa-AF" dir="rtl">دری</span>'
    )
    # With no language it isolates only; already-safe text (linebreaksbr) is not escaped twice.
    assert render("{% content text|linebreaksbr %}", text="a\nb") == "<bdi>a<br>b</bdi>"


@pytest.mark.django_db
def test_content_and_lang_attrs_take_a_language_rows_own_direction():
    language = Language(code="prs", english_name="Dari", native_name="دری", direction="rtl")
    assert render("{% content language.native_name language %}", language=language) == (
        '<span lang="prs" dir="rtl">دری</span>'
    )
    assert render("<p{% lang_attrs l %}>", l="ur") == '<p lang="ur" dir="rtl">'
    assert render("<p{% lang_attrs l %}>", l="") == "<p>"


def test_a_languages_label_isolates_its_native_name():
    # The label is plain text (a picker's <option>): no markup, so Unicode isolates.
    language = Language(code="fa-AF", english_name="Dari", native_name="فارسی (افغانستان)")
    assert str(language) == f"Dari ({FSI}فارسی (افغانستان){PDI})"


# --- the template scan -------------------------------------------------------------------------

# Fields that hold a person's name or contact details, or a language's own name: printed into a
# page, each must go through one of the bidi filters. Short on purpose; add a field when a new
# model prints one of these kinds of value.
CHECKED_FIELDS = (
    "display_name",
    "email",
    "phone",
    "contact_email",
    "contact_phone",
    "postal_code",
    "address_1",
    "native_name",
)
HTML_FILTERS = {"isolate", "ltr", "isolate_text", "ltr_text"}
TEXT_FILTERS = {"isolate_text", "ltr_text"}  # plain text: no markup

# Whole folders left out, with the reason. Each is a follow-up, not a decision.
SKIPPED: dict[str, str] = {}
# Single prints allowed as they are: (template, expression) -> reason.
ALLOWED: dict[tuple[str, str], str] = {}

ROOT = Path(settings.BASE_DIR)
FIELD = re.compile(r"\.(" + "|".join(CHECKED_FIELDS) + r")\b")
VARIABLE = re.compile(r"\{\{(.*?)\}\}", re.S)
BLOCKTRANSLATE_WITH = re.compile(r"\{%\s*blocktrans(?:late)?\b(.*?)%\}", re.S)
ASSIGNMENT = re.compile(r"\b\w+=((?:\"[^\"]*\"|'[^']*'|[^\s])+)")


def _filters(expression: str) -> set[str]:
    return {part.split(":")[0].strip() for part in expression.split("|")[1:]}


def _inside_a_tag(text: str, position: int) -> bool:
    """True when the position is inside an HTML tag (an attribute value, such as `href`)."""
    before = text[:position]
    return before.rfind("<") > before.rfind(">")


def template_files():
    for path in sorted(ROOT.glob("bridges/**/templates/**/*")):
        if path.suffix not in (".html", ".txt") or not path.is_file():
            continue
        relative = path.relative_to(ROOT).as_posix()
        if any(relative.startswith(prefix) for prefix in SKIPPED):
            continue
        yield relative, path.read_text()


def unisolated_prints():
    found = []
    for relative, text in template_files():
        wanted = TEXT_FILTERS if relative.endswith(".txt") else HTML_FILTERS
        expressions = []
        for match in VARIABLE.finditer(text):
            if not _inside_a_tag(text, match.start()):
                expressions.append(match.group(1).strip())
        for match in BLOCKTRANSLATE_WITH.finditer(text):
            expressions += [value for value in ASSIGNMENT.findall(match.group(1))]
        for expression in expressions:
            if FIELD.search(expression) and not (_filters(expression) & wanted):
                if (relative, expression) not in ALLOWED:
                    found.append(f"{relative}: {expression}")
    return found


def test_templates_isolate_names_and_contact_details():
    assert unisolated_prints() == [], (
        "Print these through a bidi filter (docs/translation.md, 'Text in another direction')"
    )


def test_the_scan_finds_a_bare_print(tmp_path):
    text = '<p>{{ person.phone }}</p><a href="tel:{{ person.phone }}">{{ person.phone|ltr }}</a>'
    bare = [
        m.group(1).strip() for m in VARIABLE.finditer(text) if not _inside_a_tag(text, m.start())
    ]
    assert bare == ["person.phone", "person.phone|ltr"]
    assert FIELD.search(bare[0]) and not (_filters(bare[0]) & HTML_FILTERS)
    assert _filters(bare[1]) & HTML_FILTERS
    assert ASSIGNMENT.findall(" with name=n.display_name|isolate due=x|date:'j F' ") == [
        "n.display_name|isolate",
        "x|date:'j F'",
    ]
