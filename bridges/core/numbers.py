"""Numbers written the way the reader's language writes them (CLDR, through Babel).

"1,000" in English is "1 000" in Polish, "1.000" in Romanian and "1 000" in French. Every count
shown in a sentence goes through `format_number` (or the `|number` template filter from
`{% load numbers %}`), and the sentence itself through `ngettext` / `blocktranslate count`, so the
noun agrees with the number in every language (see docs/translation.md, "Counts").

Digits stay Western (0-9) in every language, Arabic and Farsi included: CLDR's default for
Arabic, and what phone numbers, addresses and dates on the same page use.
"""

from decimal import Decimal

from babel.core import Locale, UnknownLocaleError
from babel.numbers import format_decimal
from django.utils import translation


def _locale(language: str | None) -> Locale:
    code = translation.to_locale(language or translation.get_language() or "en")
    try:
        return Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en")


def format_number(value: int | float | Decimal | str | None, language: str | None = None) -> str:
    """`value` written for `language` (by default the active one): 1000 is "1 000" in Polish.

    Anything that is not a number (None, "", text) is returned as text, unchanged.
    """
    if value is None or value == "" or isinstance(value, bool):
        return "" if value is None else str(value)
    try:
        number = value if isinstance(value, int | float | Decimal) else Decimal(str(value))
    except ArithmeticError:
        return str(value)
    return format_decimal(number, locale=_locale(language), numbering_system="latn")
