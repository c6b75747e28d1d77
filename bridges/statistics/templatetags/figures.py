"""A published figure as written in the reader's language, with every digit the publisher gave:
"1,234", "6.61527" ("6,61527" in Polish). Never rounded: the figures must read exactly as in
the source file."""

from decimal import Decimal

from babel import numbers as babel_numbers
from django import template

from bridges.core.locale_format import babel_locale

register = template.Library()


@register.filter
def figure(value) -> str:
    if value is None or value == "":
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    return babel_numbers.format_decimal(
        number.normalize(),
        locale=babel_locale(None),
        numbering_system="latn",
        decimal_quantization=False,
    )
