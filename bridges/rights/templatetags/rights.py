import unicodedata
from datetime import date, datetime

from django import template
from django.utils.translation import gettext as _

from bridges.core import locale_format

register = template.Library()


@register.filter
def shown(value) -> str:
    """A stored value as a person reads it: dates in the page's language, yes or no."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return locale_format.format_datetime(value)
    if isinstance(value, date):
        return locale_format.format_date(value)
    # Spaces typed around a name ("  leila  ") only push the PDF's line onto two.
    return str(value).strip() or "—"


@register.filter
def text_dir(value) -> str:
    """ "rtl" or "ltr" for a value shown as text, by its first letter with a strong direction
    (Arabic, Hebrew… or Latin, Cyrillic…); "ltr" when it has none, so that a phone number, a
    code or a date in figures keeps its order on a right-to-left page. Given as the element's
    `dir`, since the PDF renderer does not work out `dir="auto"` itself."""
    for character in str(value):
        kind = unicodedata.bidirectional(character)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return "ltr"
