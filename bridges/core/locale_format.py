"""Dates, times, lists and numbers written by the reader's locale (CLDR, through Babel).

Django's own `date` filter knows a format per language only where Django ships one (no Tigrinya,
Swahili or Urdu), and `", ".join` knows no language at all. Everything a person reads goes through
this module instead: the template filters in `core/templatetags/locale_format.py` for pages, and
these functions for Python callers (emails, notifications, messages, the networker's day).

- The language is the active one (`translation.get_language()`): a page's language, or the
  recipient's inside `core.notify`, which renders each email under `translation.override`.
  `language=` picks another.
- Date-times are shown in the current time zone (`timezone.localtime`): the site's `TIME_ZONE`
  unless a view or task activated a programme's own.
- Digits are Latin (0-9) in every language, dates and numbers alike. Babel writes dates with
  Latin digits only, so native digits in numbers would mix two systems on one line; people in
  England read Latin digits on their letters, phones and bus stops. See docs/translation.md.
- Machine formats stay out of here: downloads (CSV, XLSX), APIs and `datetime=` attributes use
  ISO 8601 (`value.isoformat()`, `|date:"c"`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from django.conf import settings
from django.utils import timezone, translation

# Interface languages whose CLDR locale is not the bare code. English is British English:
# "11 Nov 2026", 24-hour clock. Others map to themselves ("ti" is Tigrinya, "fa" Persian).
LOCALE_FOR_LANGUAGE = {
    "en": "en_GB",
}
FALLBACK_LOCALE = "en_GB"

DATE_WIDTHS = ("short", "medium", "long", "full", "weekday")
# "weekday": a short date with its weekday ("Wed, 11 Nov 2026"), by CLDR's skeleton.
WEEKDAY_SKELETON = "yMMMEd"
LIST_STYLES = ("standard", "or", "unit")
# CLDR's aliases between list styles (root.xml): a part a locale leaves out is taken from the
# next style in the chain. "standard" and "or" are complete in the root locale.
LIST_STYLE_CHAIN = {
    "standard": ("standard",),
    "or": ("or",),
    "unit": ("unit", "unit-short", "standard"),
}


@lru_cache(maxsize=64)
def _locale(code: str) -> Locale:
    wanted = LOCALE_FOR_LANGUAGE.get(code.lower(), code)
    candidates = [wanted.replace("-", "_"), wanted.split("-")[0].split("_")[0], FALLBACK_LOCALE]
    for candidate in candidates:
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse(FALLBACK_LOCALE)


def babel_locale(language: str | None = None) -> Locale:
    """The CLDR locale for a Django language code (the active language if none is given); the
    base language where CLDR lacks the region, British English where it lacks the language."""
    return _locale(language or translation.get_language() or settings.LANGUAGE_CODE)


def _local(value: datetime.datetime) -> datetime.datetime:
    """An aware date-time in the current time zone (a naive one is taken as already local)."""
    if timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def format_date(value, width: str = "medium", *, language: str | None = None) -> str:
    """A date (or the local date of a date-time): "11 Nov 2026" (medium), "11 listopada 2026"
    (long, Polish), "الأربعاء، 11 نوفمبر 2026" (full, Arabic). "" for no value."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime):
        value = _local(value).date()
    locale = babel_locale(language)
    if width == "weekday":
        return babel_dates.format_skeleton(WEEKDAY_SKELETON, value, locale=locale)
    return babel_dates.format_date(value, _width(width), locale=locale)


def format_time(value, *, language: str | None = None) -> str:
    """A time of day, or a date-time's local time, the locale's short way: "18:30", "6:30 م"."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime):
        value = _local(value).timetz().replace(tzinfo=None)
    return babel_dates.format_time(value, "short", locale=babel_locale(language))


def format_datetime(value, width: str = "medium", *, language: str | None = None) -> str:
    """A date-time in the current time zone: the date in `width` and the short time, joined
    by the locale's pattern ("11 Nov 2026, 18:30"; "11‏/11‏/2026، 6:30 م"). A plain date is
    written as a date."""
    if value in (None, ""):
        return ""
    if not isinstance(value, datetime.datetime):
        return format_date(value, width, language=language)
    value = _local(value)
    return _date_and_time(
        format_date(value.date(), width, language=language),
        format_time(value, language=language),
        width,
        language,
    )


def format_time_range(start, end, *, language: str | None = None) -> str:
    """Two times of one day as the locale writes a range: "18:30–20:30", "9:30 تا 17:00",
    "9:30 ص – 5:00 م"."""
    if start in (None, "") or end in (None, ""):
        return format_time(start or end, language=language)
    if isinstance(start, datetime.datetime):
        start = _local(start).time()
    if isinstance(end, datetime.datetime):
        end = _local(end).time()
    locale = babel_locale(language)
    skeleton = "hm" if "h" in locale.time_formats["short"].pattern else "Hm"
    return babel_dates.format_interval(start, end, skeleton, locale=locale)


def format_datetime_range(start, end, width: str = "medium", *, language=None) -> str:
    """A span such as a training session: "Wednesday 11 November 2026, 18:30–20:30" when it
    ends the day it starts, else both date-times in full."""
    if start in (None, ""):
        return ""
    if end in (None, ""):
        return format_datetime(start, width, language=language)
    start, end = _local(start), _local(end)
    if start.date() != end.date():
        fallback = babel_locale(language).interval_formats.get(None) or "{0} – {1}"
        return _fill(
            fallback,
            format_datetime(start, width, language=language),
            format_datetime(end, width, language=language),
        )
    return _date_and_time(
        format_date(start.date(), width, language=language),
        format_time_range(start, end, language=language),
        width,
        language,
    )


def format_relative(value, *, now=None, language: str | None = None) -> str:
    """How far a date or date-time is from now: "in 3 days", "3 days ago", "za 3 dni"."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime):
        now = now or timezone.now()
        delta = value - now
    else:
        now = now or timezone.localdate()
        if isinstance(now, datetime.datetime):
            now = _local(now).date()
        delta = datetime.timedelta(days=(value - now).days)
    return babel_dates.format_timedelta(
        delta, add_direction=True, threshold=1, locale=babel_locale(language)
    )


def list_patterns(style: str = "standard", *, language: str | None = None) -> dict[str, str]:
    """The locale's four list patterns (start, middle, end, 2) for a style, each part resolved
    along CLDR's alias chain (Babel keeps only what a locale's own file holds)."""
    if style not in LIST_STYLE_CHAIN:
        raise ValueError(f"Unknown list style {style!r}: use one of {', '.join(LIST_STYLES)}")
    return _list_patterns(str(babel_locale(language)), style)


@lru_cache(maxsize=64)
def _list_patterns(locale_name: str, style: str) -> dict[str, str]:
    available = Locale.parse(locale_name).list_patterns
    resolved = {}
    for part in ("start", "middle", "end", "2"):
        for name in LIST_STYLE_CHAIN[style]:
            patterns = available.get(name)
            if patterns is not None and part in patterns:
                resolved[part] = patterns[part]
                break
    return resolved


def format_list(items: Iterable, style: str = "standard", *, language: str | None = None) -> str:
    """Items joined by the locale's rules. "standard" is an "and" list ("a, b and c" in
    Polish "a, b i c", Arabic "أ وب وج"); "or" the same with "or"; "unit" a plain enumeration
    for labels in a table cell or after a heading ("a, b, c"; Arabic "أ، وب، وج", Tigrinya
    "a፣ b፣ c")."""
    return join_with(list_patterns(style, language=language), [str(item) for item in items])


def join_with(patterns: dict[str, str], items: list) -> str:
    """Join with resolved patterns (`list_patterns`); the items are already strings."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    if len(items) == 2:
        return _fill(patterns["2"], items[0], items[1])
    result = _fill(patterns["start"], items[0], items[1])
    for item in items[2:-1]:
        result = _fill(patterns["middle"], result, item)
    return _fill(patterns["end"], result, items[-1])


def separator_after(patterns: dict[str, str], position: int, total: int) -> str:
    """The text that follows item `position` (1-based) of `total` joined with `patterns`, for
    a template loop whose items hold markup: `a`, then ", ", `b`, then " i ", `c`. Every CLDR
    list pattern starts with its first operand, so each item's text is the pattern's part
    after it (a suffix, as Tigrinya's "ን") and before the next one."""
    if total < 2 or not 1 <= position <= total:
        return ""

    def adds(k: int) -> str:  # the pattern that joins item k to those before it
        if total == 2:
            return patterns["2"]
        return patterns["start" if k == 2 else "end" if k == total else "middle"]

    def between(pattern: str) -> str:
        return pattern.split("{0}", 1)[1].split("{1}", 1)[0]

    def after(pattern: str) -> str:
        return pattern.split("{1}", 1)[1]

    text = after(adds(position)) if position >= 2 else ""
    if position < total:
        text += between(adds(position + 1))
    return text


def _fill(pattern: str, first, second):
    # Not str.format: an item may hold braces, and a SafeString must keep its type when the
    # template filter joins already-escaped pieces.
    before, rest = pattern.split("{0}", 1)
    middle, after = rest.split("{1}", 1)
    return before + first + middle + second + after


def weekday_name(index: int, *, language: str | None = None) -> str:
    """A day's name as it stands alone ("Monday", "poniedziałek", "ሰኑይ"); Monday is 0."""
    return babel_locale(language).days["stand-alone"]["wide"][index]


def language_name(code: str, fallback: str, *, language: str | None = None) -> str:
    """A language's name in the reader's language ("الفارسية" for `fa` on an Arabic page), by
    CLDR; `fallback` (the English name kept with the reference data) where CLDR has none, and
    always for English readers, so English pages keep the names the data chose."""
    active = language or translation.get_language() or settings.LANGUAGE_CODE
    if active.split("-")[0].lower() == "en":
        return fallback
    return babel_locale(active).languages.get(code.replace("-", "_")) or fallback


def country_name(code: str, fallback: str, *, language: str | None = None) -> str:
    """A country's name in the reader's language, by CLDR (the same rules as `language_name`)."""
    active = language or translation.get_language() or settings.LANGUAGE_CODE
    if active.split("-")[0].lower() == "en":
        return fallback
    return babel_locale(active).territories.get(code.upper()) or fallback


def format_number(value, language: str | None = None) -> str:
    """A number with the locale's separators, in Latin digits: "1,234.5", "1 234,5" (Polish).

    Every count shown in a sentence goes through here (or the `|number` filter), and the sentence
    through `ngettext` / `blocktranslate count` (docs/translation.md, "Counts"). Anything that is
    not a number (None, "", text) comes back as text, unchanged.
    """
    if value is None or value == "" or isinstance(value, bool):
        return "" if value is None else str(value)
    try:
        number = value if isinstance(value, int | Decimal) else Decimal(str(value))
    except ArithmeticError:
        return str(value)
    return babel_numbers.format_decimal(
        number, locale=babel_locale(language), numbering_system="latn"
    )


def _width(width: str) -> str:
    if width not in DATE_WIDTHS:
        raise ValueError(f"Unknown date width {width!r}: use one of {', '.join(DATE_WIDTHS)}")
    return width


def _date_and_time(date_text: str, time_text: str, width: str, language) -> str:
    locale = babel_locale(language)
    key = "medium" if width == "weekday" else width
    pattern = babel_dates.get_datetime_format(key, locale=locale).replace("'", "")
    return pattern.replace("{1}", date_text).replace("{0}", time_text)
