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
    return str(value)
