"""Month names for the calendar, from CLDR in the page's language ("December 2026",
"grudzień 2026", "ديسمبر 2026"), with Latin digits as everywhere in Bridges."""

from babel import dates as babel_dates
from django import template

from bridges.core.locale_format import babel_locale

register = template.Library()


@register.filter
def month_year(value) -> str:
    if not value:
        return ""
    return babel_dates.format_skeleton("yMMMM", value, locale=babel_locale())


@register.filter
def weekday_short(value) -> str:
    """The weekday's shortest name, for a calendar's column heads ("M", "ن")."""
    if not value:
        return ""
    return babel_dates.format_date(value, "EEEEE", locale=babel_locale())
