"""Text whose language or direction may differ from the page's (see docs/translation.md).

A name, an address or a phone number printed straight into an Arabic page takes part in the
page's right-to-left ordering: "07700 900000" reads "900000 07700", an English sentence takes its
full stop at the wrong end, and brackets turn round. Isolating the value keeps it whole:

- `{{ value|isolate }}` — names and anything people typed: `<bdi>value</bdi>`, whose direction
  the browser works out from the value itself.
- `{{ value|ltr }}` — phone numbers, postcodes, emails, web addresses, codes: always left to
  right, `<bdi dir="ltr">value</bdi>`.
- `{{ value|isolate_text }}` / `{{ value|ltr_text }}` — the same in plain text (emails, `<title>`,
  attribute values), with Unicode's isolate marks (FSI or LRI … PDI) instead of an element.
- `{{ values|isolate_each }}` — a list of names, each isolated, to join by the locale's rules:
  `{{ names|isolate_each|format_list:"unit" }}` (core/templatetags/locale_format.py).
- `{% content value lang %}` — text in a known language that may not be the page's (English
  shown because no translation exists): `<span lang="en" dir="ltr">value</span>`.
  `{% lang_attrs lang %}` gives just ` lang=".." dir=".."`, for a block element's own tag.

The value is escaped unless it is already safe (for example the output of `linebreaksbr`), so
`<script>` in a name stays text. An empty value gives an empty string, with no element.
"""

from django import template
from django.conf import settings
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

FSI = "\u2068"  # first strong isolate: direction from the text itself
LRI = "\u2066"  # left-to-right isolate
PDI = "\u2069"  # pop directional isolate

BIDI_FILTERS = ("isolate", "ltr", "isolate_text", "ltr_text", "isolate_each")


def _blank(value) -> bool:
    return value is None or value == ""


@register.filter(is_safe=True)
def isolate(value) -> SafeString:
    """`<bdi>value</bdi>`: a name or user content, its direction taken from itself."""
    if _blank(value):
        return mark_safe("")
    return format_html("<bdi>{}</bdi>", value)


@register.filter(is_safe=True)
def ltr(value) -> SafeString:
    """`<bdi dir="ltr">value</bdi>`: a phone number, postcode, email, address or code."""
    if _blank(value):
        return mark_safe("")
    return format_html('<bdi dir="ltr">{}</bdi>', value)


@register.filter
def isolate_each(values) -> list[SafeString]:
    """Each value of a list as `isolate` gives it (blank ones left out), for `format_list`."""
    return [isolate(value) for value in values or () if not _blank(value)]


@register.filter
def isolate_text(value) -> str:
    """The value between FSI and PDI, for plain text. Not marked safe: the template's own
    escaping applies (on in HTML, off in email text)."""
    if _blank(value):
        return ""
    return f"{FSI}{value}{PDI}"


@register.filter
def ltr_text(value) -> str:
    """The value between LRI and PDI, for plain text: always left to right."""
    if _blank(value):
        return ""
    return f"{LRI}{value}{PDI}"


def language_code(lang) -> str:
    """A code from a code or a core `Language` (anything with a `code`)."""
    return str(getattr(lang, "code", lang) or "")


def direction(lang) -> str:
    """ "rtl" or "ltr" for a code or a `Language`: the `Language` row's own direction where given,
    else the settings' list of right-to-left languages (by the code's first part)."""
    own = getattr(lang, "direction", None)
    if own in ("ltr", "rtl"):
        return own
    base = language_code(lang).split("-")[0].lower()
    return "rtl" if base in settings.LANGUAGES_BIDI else "ltr"


@register.simple_tag
def lang_attrs(lang) -> SafeString:
    """` lang="xx" dir="ltr|rtl"` for the tag of an element holding text in that language."""
    code = language_code(lang)
    if not code:
        return mark_safe("")
    return format_html(' lang="{}" dir="{}"', code, direction(lang))


@register.simple_tag
def content(value, lang=None) -> SafeString:
    """`<span lang dir>value</span>` for text in a known language; with no language, the same
    as `isolate`."""
    if _blank(value):
        return mark_safe("")
    if not language_code(lang):
        return isolate(value)
    return format_html("<span{}>{}</span>", lang_attrs(lang), conditional_escape(value))
