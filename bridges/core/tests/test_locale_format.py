"""Dates, lists and numbers by the reader's locale (core/locale_format.py and its filters)."""

import datetime
import re
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import timezone, translation

from bridges.core import locale_format as lf
from bridges.core.notify import notification_render

DAY = datetime.date(2026, 11, 11)  # a Wednesday
# 18:30 to 20:30 in London (GMT in November)
START = datetime.datetime(2026, 11, 11, 18, 30, tzinfo=datetime.UTC)
END = START + datetime.timedelta(hours=2)
LANGUAGES = [code for code, _name in settings.LANGUAGES]
ARABIC_INDIC = re.compile("[\u0660-\u0669\u06f0-\u06f9]")  # Arabic-Indic and Persian digits

# What each interface language writes, from CLDR: (long date, "unit" list of three, number).
EXPECTED = {
    "en": ("11 November 2026", "a, b, c", "1,234.5"),
    "ar": ("11 نوفمبر 2026", "a، وb، وc", "1,234.5"),
    "fa": ("11 نوامبر 2026", "a،\u200f b، و c", "1,234.5"),
    "ur": ("11 نومبر، 2026", "a, b، اور c", "1,234.5"),
    "pl": ("11 listopada 2026", "a, b i c", "1\xa0234,5"),
    "ro": ("11 noiembrie 2026", "a, b, c", "1.234,5"),
    "sk": ("11. novembra 2026", "a, b, c", "1\xa0234,5"),
    "uk": ("11 листопада 2026\u202fр.", "a, b і c", "1\xa0234,5"),
    "sw": ("11 Novemba 2026", "a, b na c", "1,234.5"),
    "ti": ("ሕዳር 11, 2026", "a፣ b፣ c", "1,234.5"),
    "fr": ("11 novembre 2026", "a, b et c", "1\u202f234,5"),
}


def render(text: str, **context) -> str:
    return Template("{% load locale_format bidi %}" + text).render(Context(context))


def test_every_interface_language_has_an_expectation():
    assert set(EXPECTED) == set(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_writes_dates_lists_and_numbers_its_own_way(language):
    long_date, unit_list, number = EXPECTED[language]
    with translation.override(language):
        assert lf.format_date(DAY, "long") == long_date
        assert lf.format_list(["a", "b", "c"], "unit") == unit_list
        assert lf.format_number(1234.5) == number
        for text in (
            lf.format_date(DAY, "full"),
            lf.format_datetime(START, "long"),
            lf.format_datetime_range(START, END, "weekday"),
            lf.format_number(1234.5),
        ):
            # Latin digits everywhere (module docstring): never Arabic-Indic or Persian ones.
            assert re.search("[0-9]", text), text
            assert not ARABIC_INDIC.search(text), text


def test_arabic_joins_with_the_arabic_comma():
    with translation.override("ar"):
        assert lf.format_list(["الطعام", "السكن", "الصحة"], "unit") == "الطعام، والسكن، والصحة"
        assert "، " in lf.format_list(["أ", "ب", "ج"], "unit")
        # An "and" list in Arabic joins with "و" alone; "or" with "أو".
        assert lf.format_list(["أ", "ب", "ج"]) == "أ وب وج"
        assert lf.format_list(["أ", "ب"], "or") == "أ أو ب"


def test_polish_months_take_the_genitive_in_a_date():
    with translation.override("pl"):
        assert lf.format_date(DAY, "long") == "11 listopada 2026"
        assert lf.format_date(DAY, "full") == "środa, 11 listopada 2026"
        assert lf.format_date(DAY) == "11 lis 2026"
        assert lf.format_list(["a", "b", "c"]) == "a, b i c"
        assert lf.format_list(["a", "b", "c"], "or") == "a, b lub c"


def test_tigrinya_has_its_own_month_and_day_names():
    with translation.override("ti"):
        assert "ሕዳር" in lf.format_date(DAY, "long")
        assert lf.format_date(DAY, "full").startswith("ረቡዕ")
        assert lf.weekday_name(0) == "ሰኑይ"


def test_english_is_british():
    with translation.override("en"):
        assert lf.format_date(DAY) == "11 Nov 2026"
        assert lf.format_datetime(START) == "11 Nov 2026, 18:30"
        assert lf.format_date(DAY, "weekday") == "Wed, 11 Nov 2026"
        assert lf.format_datetime_range(START, END, "full") == (
            "Wednesday, 11 November 2026, 18:30–20:30"
        )
        assert lf.format_list(["a", "b", "c"]) == "a, b and c"
        assert lf.format_list(["a", "b"], "unit") == "a, b"
        assert lf.format_list(["a"]) == "a"
        assert lf.format_list([]) == ""


def test_times_and_ranges_follow_the_locale_clock():
    with translation.override("ar"):
        assert lf.format_time(datetime.time(17, 0)) == "5:00 م"
        assert (
            lf.format_time_range(datetime.time(9, 30), datetime.time(17))
            == "9:30 ص\u2009–\u20095:00 م"
        )
    with translation.override("fa"):
        assert lf.format_time_range(datetime.time(9, 30), datetime.time(17)) == "9:30 تا 17:00"
    with translation.override("pl"):
        assert lf.format_time_range(datetime.time(9, 30), datetime.time(17)) == "09:30–17:00"
        two_days = lf.format_datetime_range(START, START + datetime.timedelta(days=1))
        assert two_days == "11 lis 2026, 18:30\u2009–\u200912 lis 2026, 18:30"


def test_date_times_are_shown_in_the_current_time_zone():
    late = datetime.datetime(2026, 7, 1, 23, 30, tzinfo=datetime.UTC)  # 00:30 in London (BST)
    with translation.override("en"):
        assert lf.format_datetime(late) == "2 Jul 2026, 00:30"
        assert lf.format_date(late) == "2 Jul 2026"
        with timezone.override(ZoneInfo("America/New_York")):
            assert lf.format_datetime(late) == "1 Jul 2026, 19:30"


def test_relative_dates():
    with translation.override("en"):
        assert lf.format_relative(DAY, now=DAY - datetime.timedelta(days=3)) == "in 3 days"
        assert lf.format_relative(DAY, now=DAY + datetime.timedelta(days=3)) == "3 days ago"
    with translation.override("pl"):
        assert lf.format_relative(START, now=START - datetime.timedelta(days=3)) == "za 3 dni"


def test_django_codes_map_to_cldr_locales_with_fallbacks():
    assert str(lf.babel_locale("en")) == "en_GB"
    assert str(lf.babel_locale("ti")) == "ti"
    assert str(lf.babel_locale("fa-AF")) == "fa_AF"
    assert str(lf.babel_locale("pl-XX")) == "pl"  # a region CLDR does not know: the language
    assert str(lf.babel_locale("tlh")) == "en_GB"  # a language CLDR does not know: English


def test_empty_values_print_nothing():
    assert lf.format_date(None) == lf.format_datetime("") == lf.format_time(None) == ""
    assert render("{{ v|format_date|default:'—' }} {{ w|format_list|default:'—' }}", v=None, w=[])
    assert render("[{{ v|format_date }}]", v=None) == "[]"
    with pytest.raises(ValueError):
        lf.format_date(DAY, "tiny")
    with pytest.raises(ValueError):
        lf.format_list(["a"], "random")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("style", lf.LIST_STYLES)
def test_a_loop_with_list_separator_joins_as_format_list(language, style):
    loop = (
        "{% for x in xs %}<i>{{ x }}</i>{% list_separator forloop style %}{% empty %}-{% endfor %}"
    )
    with translation.override(language):
        for count in range(5):
            items = ["a", "b", "c", "d"][:count]
            expected = lf.format_list([f"<i>{x}</i>" for x in items], style) or "-"
            assert render(loop, xs=items, style=style) == expected


def test_filters_use_the_page_language_and_escape_items():
    with translation.override("ar"):
        assert render('{{ d|format_date:"long" }}', d=DAY) == "11 نوفمبر 2026"
        out = render('{{ items|format_list:"unit" }}', items=["<b>", "x&y", "z"])
        assert out == "&lt;b&gt;، وx&amp;y، وz"
        isolated = render('{{ items|isolate_each|format_list:"unit" }}', items=["Ann", "", "بكر"])
        assert isolated == "<bdi>Ann</bdi> و<bdi>بكر</bdi>"
    with translation.override("pl"):
        assert render("{% format_datetime_range a b 'long' %}", a=START, b=END) == (
            "11 listopada 2026 18:30–20:30"
        )
        assert render("{{ n|number }}", n=1234.5) == "1\xa0234,5"


def test_an_email_writes_its_date_in_the_recipients_language():
    check = SimpleNamespace(
        networker=SimpleNamespace(display_name="Jan", programme=SimpleNamespace(name="Riverton")),
        renewal_due=DAY,
    )
    context = {"check": check, "url": "https://example.org/"}
    with translation.override("en"):  # the sender's page is in English
        _subject, body, _html = notification_render(
            kind="networkers.dbs_reminder", context=context, language="pl"
        )
    assert "11 listopada 2026" in body


# --- the template scan --------------------------------------------------------------------------

ROOT = Path(settings.BASE_DIR)
# Django's own date and time filters write one format for every language: only machine formats
# (ISO 8601 in a `datetime=` attribute or a download) may use them.
MACHINE_FORMATS = {"c", "Y-m-d", "U", "H:i:s"}
RAW_DATE = re.compile(r"\|\s*(date|time)(?::\s*(\"[^\"]*\"|'[^']*'))?")
HUMAN_ONLY = re.compile(
    r"\|\s*(naturaltime|naturalday|timesince|timeuntil)\b|\|\s*join\s*:"
    r"|forloop\.last\s*%\}\s*[,،;]"  # a loop writing its own ", ": {% list_separator forloop %}
)
# Single uses allowed as they are: (template, text) -> reason.
ALLOWED: dict[tuple[str, str], str] = {}


def raw_dates(text: str) -> list[str]:
    found = []
    for match in RAW_DATE.finditer(text):
        quoted = match.group(2)
        if quoted and quoted[1:-1] in MACHINE_FORMATS:
            continue
        found.append(match.group(0))
    found += [match.group(0) for match in HUMAN_ONLY.finditer(text)]
    return found


def test_templates_write_dates_and_lists_through_the_locale_filters():
    found = []
    for path in sorted(ROOT.glob("bridges/**/templates/**/*")):
        if path.suffix not in (".html", ".txt") or not path.is_file():
            continue
        relative = path.relative_to(ROOT).as_posix()
        for text in raw_dates(path.read_text()):
            if (relative, text) not in ALLOWED:
                found.append(f"{relative}: {text}")
    assert found == [], "Use format_date / format_datetime / format_list (locale_format)"


def test_python_writes_no_dates_with_django_formats():
    found = []
    for path in sorted(ROOT.glob("bridges/**/*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "/tests/" in relative or "/migrations/" in relative:
            continue
        if re.search(r"\bdate_format\(|\btime_format\(|naturaltime\(", path.read_text()):
            found.append(relative)
    assert found == []


def test_the_scan_finds_raw_dates_and_allows_machine_ones():
    text = (
        '<time datetime="{{ a|date:\'c\' }}">{{ a|date:"j M Y" }}</time>{{ b|time:"H:i" }}'
        '{{ c|date }}{{ d|naturaltime }}{{ e|join:", " }}{{ f|date:"Y-m-d" }}{{ g|format_date }}'
        "{% for x in xs %}{{ x }}{% if not forloop.last %}, {% endif %}{% endfor %}"
        "{% for x in xs %}{{ x }}{% if not forloop.last %}<br>{% endif %}{% endfor %}"
    )
    assert raw_dates(text) == [
        '|date:"j M Y"',
        '|time:"H:i"',
        "|date",
        "|naturaltime",
        "|join:",
        "forloop.last %},",
    ]
