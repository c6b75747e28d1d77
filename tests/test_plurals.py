"""Every counted string reads right for every number in every interface language.

"21 services found" must not stay English in Arabic, Polish or Romanian, and the noun must agree
with the number (Arabic has six forms, Polish three, Romanian puts "de" before 20 and more). The
counted strings are found in the catalogues themselves (every entry with a msgid_plural), so a new
`ngettext` or `blocktranslate count` is checked as soon as `make catalogues` has run.
"""

import gettext
import re
from functools import cache
from pathlib import Path

import pytest
from babel.core import Locale
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from bridges.core.locale_format import format_number

ROOT = Path(settings.BASE_DIR)
NUMBERS = (0, 1, 2, 3, 5, 11, 21, 100, 1000)
LANGUAGES = sorted(code for code, _name in settings.LANGUAGES if code != "en")

# How many plural forms each language's catalogues declare: gettext's conventions, which agree
# with CLDR's categories for whole numbers (Polish, Ukrainian and Slovak have a fourth CLDR
# category only for fractions, French one only for millions, neither ever used for a count).
PLURAL_FORMS = {
    "ar": 6,
    "fa": 2,
    "fr": 2,
    "pl": 3,
    "ro": 3,
    "sk": 3,
    "sw": 2,
    "ti": 2,
    "uk": 3,
    "ur": 2,
}

# (language, English singular): translations that are rightly the same as the English. Keep it
# short, with the reason.
SAME_AS_ENGLISH: dict[tuple[str, str], str] = {
    ("fr", "%(minutes)s minute"): "French writes minute and minutes as English does",
    ("ro", "%(counter)s indicator"): "Romanian's singular 'indicator' is spelled as in English",
}

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _catalogues(language: str) -> list[Path]:
    return sorted(
        path
        for path in (ROOT / "bridges").glob(f"**/locale/{language}/LC_MESSAGES/django.po")
        if ".venv" not in path.parts
    )


@cache
def _read(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def _plural_function(catalog):
    headers = dict(catalog.mime_headers)
    match = re.search(r"nplurals\s*=\s*(\d+);\s*plural\s*=\s*([^;]+);?", headers["Plural-Forms"])
    return int(match[1]), gettext.c2py(match[2])


def _counted_strings() -> dict[tuple[str, str], dict[str, tuple]]:
    """(singular, plural) -> {language: (catalogue path, translated forms)}"""
    found: dict[tuple[str, str], dict[str, tuple]] = {}
    for language in LANGUAGES:
        for path in _catalogues(language):
            for message in _read(path):
                if isinstance(message.id, tuple | list) and message.id[0]:
                    key = (message.id[0], message.id[1])
                    found.setdefault(key, {})[language] = (path, tuple(message.string))
    return found


COUNTED = _counted_strings()


def test_counted_strings_are_found():
    assert len(COUNTED) >= 40, "the catalogues hold fewer counted strings than the code has"
    assert ("%(counter)s service found", "%(counter)s services found") in COUNTED


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_forms_header_is_right_for_the_language(language):
    locale = Locale.parse(language)
    for path in _catalogues(language):
        nplurals, plural = _plural_function(_read(path))
        name = path.relative_to(ROOT)
        assert nplurals == PLURAL_FORMS[language], f"{name}: nplurals={nplurals}"
        # Each CLDR category of whole numbers maps to one form, and each form to one category.
        forms: dict[str, int] = {}
        categories: dict[int, str] = {}
        for n in range(0, 1200):
            index, category = plural(n), locale.plural_form(n)
            assert 0 <= index < nplurals, f"{name}: n={n} chooses form {index}"
            assert forms.setdefault(category, index) == index, (
                f"{name}: CLDR's {category!r} takes forms {forms[category]} and {index} (n={n})"
            )
            assert categories.setdefault(index, category) == category, (
                f"{name}: form {index} serves {categories[index]!r} and {category!r} (n={n})"
            )
        assert sorted(categories) == list(range(nplurals)), f"{name}: a form is never chosen"


def _single_valued(plural, index: int) -> bool:
    """gettext lets a form chosen by one number only leave the number out ("خدمتان")."""
    return sum(1 for n in range(0, 10_000) if plural(n) == index) == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_counted_string_for_every_number(language):
    problems: list[str] = []
    for (singular, plural_id), by_language in COUNTED.items():
        if language not in by_language:
            problems.append(f"{singular!r}: not in any {language} catalogue")
            continue
        path, forms = by_language[language]
        nplurals, plural = _plural_function(_read(path))
        names = set(PLACEHOLDER.findall(singular)) | set(PLACEHOLDER.findall(plural_id))
        for n in NUMBERS:
            written = format_number(n, language)
            values = dict.fromkeys(names, written)
            index = plural(n)
            if index >= len(forms) or not forms[index]:
                problems.append(f"{singular!r}: n={n} needs form {index}, which is missing")
                continue
            english = (singular if n == 1 else plural_id) % values
            with translation.override(language):
                text = translation.ngettext(singular, plural_id, n) % values
            if text == english and (language, singular) not in SAME_AS_ENGLISH:
                problems.append(f"{singular!r}: n={n} is still English")
            if names and written not in text and not _single_valued(plural, index):
                problems.append(f"{singular!r}: n={n} lost the number {written!r}: {text!r}")
    assert not problems, f"{language}: " + "; ".join(problems[:15])


def test_numbers_are_written_by_the_locale():
    assert format_number(1000, "en") == "1,000"
    assert format_number(1000, "fr") == "1\u202f000"
    assert format_number(21_000, "pl") == "21\xa0000"
    assert format_number(1000, "ro") == "1.000"
    assert format_number(1000, "ar") == "1,000"  # Western digits, as CLDR's Arabic default
    assert format_number(2.5, "uk") == "2,5"
    with translation.override("ro"):
        assert format_number(12345) == "12.345"


# --- Real pages with counts ------------------------------------------------------------------

PAGE_LANGUAGES = ("ar", "pl", "ro")
PAGE_COUNTS = (1, 2, 5, 21)


def _expected(language: str, singular: str, plural: str, number: int, **values) -> str:
    with translation.override(language):
        return translation.ngettext(singular, plural, number) % values


@pytest.mark.django_db
@pytest.mark.parametrize("language", PAGE_LANGUAGES)
@pytest.mark.parametrize("count", PAGE_COUNTS)
def test_directory_search_counts_services_in_the_language(client, programme, language, count):
    from bridges.directory.tests.factories import make_service

    for i in range(count):
        make_service(programme, name=f"Service {i}", need="gp")
    with translation.override(language):
        url = reverse("directory_public:search")
    html = client.get(url, {"programme": programme.slug}).content.decode()
    found = _expected(
        language,
        "%(counter)s service found",
        "%(counter)s services found",
        count,
        counter=format_number(count, language),
    )
    assert found in html
    assert not re.search(r"services? found", html), "English count left on the page"


@pytest.mark.django_db
@pytest.mark.parametrize("language", PAGE_LANGUAGES)
@pytest.mark.parametrize("count", PAGE_COUNTS)
def test_coordinator_board_and_overview_count_in_the_language(
    client, programme, coordinator, language, count
):
    from bridges.networkers.models import Networker
    from bridges.networkers.tests.factories import NetworkerFactory

    for _ in range(count):
        NetworkerFactory(programme=programme, stage=Networker.Stage.ACTIVE)
    client.force_login(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    written = format_number(count, language)

    board = client.get(reverse("networkers:board", args=[programme.slug])).content.decode()
    assert _expected(language, "%(n)s person", "%(n)s people", count, n=written) in board
    assert not re.search(rf"\b{count} (person|people)\b", board), "English count on the board"

    overview = client.get(reverse("networkers:overview", args=[programme.slug])).content.decode()
    assert (
        _expected(
            language,
            "%(active)s active networker",
            "%(active)s active networkers",
            count,
            active=written,
        )
        in overview
    )
    assert (
        _expected(
            language,
            "<strong>%(n)s</strong> active",
            "<strong>%(n)s</strong> active",
            count,
            n=written,
        )
        in overview
    )
    for english in (
        "active networker",
        "languages spoken",
        "language spoken",
        "communities reached",
    ):
        assert english not in overview, f"English {english!r} left on the overview"


# --- Templates ---------------------------------------------------------------------------------

COUNT_TAG = re.compile(r"\{%\s*blocktrans(?:late)?\b([^%]*?\bcount\b[^%]*)%\}")


def _templates() -> list[Path]:
    return sorted(
        path
        for pattern in ("**/templates/**/*.html", "**/templates/**/*.txt")
        for path in (ROOT / "bridges").glob(pattern)
        if ".venv" not in path.parts
    )


def test_templates_count_with_the_written_number_and_never_pluralize():
    problems: list[str] = []
    for path in _templates():
        text = path.read_text()
        name = path.relative_to(ROOT)
        if "|pluralize" in text:
            problems.append(f"{name}: |pluralize is English only; use blocktranslate count")
        for match in COUNT_TAG.finditer(text):
            arguments = match[1]
            counted = re.search(r"\bcount\s+(\w+)=([\w.]+)", arguments)
            shown = dict(re.findall(r"(\w+)=([^\s%]+)", arguments.split(" with ", 1)[-1]))
            if not any(value.endswith("|number") for value in shown.values()):
                problems.append(f"{name}: {match[0]} shows the raw count (add with x=…|number)")
            # A `with` value named like the counted value's first part hides it from the count.
            if counted and counted[2].split(".")[0].split("|")[0] in shown:
                problems.append(f"{name}: {match[0]} — wrap it in {{% with counted=… %}}")
    assert not problems, "\n".join(problems)
