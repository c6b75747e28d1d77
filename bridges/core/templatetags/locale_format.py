"""Dates, times, lists and numbers in the page's language (see `core/locale_format.py`).

`{% load locale_format %}`, then:

- `{{ day|format_date }}`, `{{ day|format_date:"long" }}` — widths "short", "medium" (the
  default: "11 Nov 2026"), "long" ("11 listopada 2026"), "full" (with the weekday spelled
  out) and "weekday" ("Wed, 11 Nov 2026").
- `{{ moment|format_datetime }}`, `{{ moment|format_datetime:"full" }}` — a date-time in the
  current time zone, with the short time.
- `{{ moment|format_time }}` — the time alone; `{% format_time_range start end %}` — "18:30–20:30";
  `{% format_datetime_range start end "full" %}` — a session's day and hours.
- `{{ moment|format_relative }}` — "in 3 days", "3 days ago".
- `{{ labels|format_list }}` ("and"), `{{ labels|format_list:"or" }}`,
  `{{ labels|format_list:"unit" }}` (a plain enumeration of labels: "a, b, c"; Arabic
  "أ، وب، وج"). Each item is escaped unless it is already safe, so
  `{{ names|isolate_each|format_list:"unit" }}` keeps each name isolated.
- `{% for x in items %}<a href="…">{{ x }}</a>{% list_separator forloop %}{% endfor %}` — the
  same joining for items that hold markup: the locale's separator after each item ("unit" by
  default; `{% list_separator forloop "standard" %}` for "and").
- `{{ number|format_number }}` — "1 234,5" in Polish.

Django's `|date:` is for machine formats only (`datetime="{{ moment|date:'c' }}"`): the template
scan in core/tests/test_locale_format.py fails on any other use.
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from bridges.core import locale_format

register = template.Library()


@register.filter
def format_date(value, width="medium"):
    return locale_format.format_date(value, width)


@register.filter
def format_datetime(value, width="medium"):
    return locale_format.format_datetime(value, width)


@register.filter
def format_time(value):
    return locale_format.format_time(value)


@register.filter
def format_relative(value):
    return locale_format.format_relative(value)


@register.filter
def number(value):
    """`{{ n|number }}`; in a counted sentence count by the number and show the written one:
    `{% blocktranslate count counted=n with number=n|number %}`."""
    return locale_format.format_number(value)


@register.filter(needs_autoescape=True)
def format_list(items, style="standard", autoescape=True):
    if items in (None, ""):
        return ""
    patterns = locale_format.list_patterns(style)
    if not autoescape:
        return locale_format.join_with(patterns, [str(item) for item in items])
    escaped = {part: str(conditional_escape(text)) for part, text in patterns.items()}
    pieces = [str(conditional_escape(item)) for item in items]
    return mark_safe(locale_format.join_with(escaped, pieces))  # noqa: S308 - every piece escaped


@register.simple_tag
def format_time_range(start, end):
    return locale_format.format_time_range(start, end)


@register.simple_tag
def format_datetime_range(start, end, width="medium"):
    return locale_format.format_datetime_range(start, end, width)


@register.simple_tag
def list_separator(forloop, style="unit"):
    total = forloop["counter"] + forloop["revcounter"] - 1
    return locale_format.separator_after(
        locale_format.list_patterns(style), forloop["counter"], total
    )


@register.filter
def language_name(code, english_name=""):
    """`{{ code|language_name:english_name }}`: the language's name in the reader's language."""
    return locale_format.language_name(str(code), english_name or str(code))
