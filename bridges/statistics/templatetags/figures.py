"""A published figure as written in the reader's language, with every digit the publisher gave:
"1,234", "6.61527" ("6,61527" in Polish). Never rounded: the figures must read exactly as in
the source file."""

from collections.abc import Callable
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


def figure_formatter() -> Callable[[Decimal], str]:
    """`figure` for many values at once (a map of 7,300 areas): the locale's symbols and
    grouping are read once, and each value is written with plain string operations, exactly
    as Babel writes it (`test_figures.py` compares the two in every language). Negative or
    unusual values go through Babel itself."""
    locale = babel_locale(None)
    pattern = locale.decimal_formats[None]
    group = babel_numbers.get_group_symbol(locale, numbering_system="latn")
    point = babel_numbers.get_decimal_symbol(locale, numbering_system="latn")
    first, then = pattern.grouping
    # "#,##0.###" and the like: at least one whole digit, no fixed decimals, nothing around a
    # positive number (every language of the site today).
    simple = (
        pattern.int_prec[0] == 1
        and pattern.frac_prec[0] == 0
        and pattern.prefix[0] == pattern.suffix[0] == ""
    )

    def format_one(value) -> str:
        if value is None or value == "":
            return ""
        number = value if isinstance(value, Decimal) else Decimal(str(value))
        if not simple or not number.is_finite() or number < 0:
            return figure(number)
        whole, _dot, fraction = format(number.normalize(), "f").partition(".")
        if len(whole) > first:
            parts = [whole[-first:]]
            whole = whole[:-first]
            while len(whole) > then:
                parts.append(whole[-then:])
                whole = whole[:-then]
            parts.append(whole)
            whole = group.join(reversed(parts))
        return f"{whole}{point}{fraction}" if fraction else whole

    return format_one
