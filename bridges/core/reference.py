"""Reference data loaded from well-kept packages and the shipped ONS boundaries.

Languages come from pycountry (ISO 639), with native names and script direction from CLDR
(babel) or, where CLDR has no locale, from langcodes' language data. Countries come from
pycountry (ISO 3166-1). Areas come from ONS GeoJSON boundaries with GSS codes.
"""

import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import babel
import langcodes
import pycountry
from django.db import transaction
from shapely import coverage_simplify
from shapely.geometry import mapping, shape

from .models import Area, Country, Language
from .pagecache import public_pages_changed

SHIPPED_BOUNDARIES = Path(__file__).parent / "data" / "boundaries"
ENGLAND = "E92000001"

# Languages without a two-letter code that matter to new arrivals in the UK: Dari, Sorani and
# Kurmanji Kurdish, Sylheti, Hazaragi, Romani, Mirpuri/Pahari, Bilen, Krio, Saho, Nuer, Dinka…
EXTRA_ISO_639_3 = [
    "prs", "ckb", "kmr", "syl", "haz", "rom", "phr", "byn", "kri", "ssy", "nus", "din",
    "bal", "skr", "ctg", "tig", "ber", "pcm", "yue", "cmn", "hak", "nan", "apc", "arz",
    "ary", "apd", "acm", "lkt", "bjn", "mnk", "ful", "snk", "wol", "sus", "hat", "fil",
]  # fmt: skip

# The languages a UK Migrant Access Project meets most often, listed first in pickers.
COMMON = {
    "ar", "fa", "prs", "ps", "ur", "pa", "bn", "syl", "gu", "hi", "ta", "pl", "ro", "sk", "cs",
    "hu", "bg", "lt", "lv", "uk", "ru", "ku", "ckb", "kmr", "so", "ti", "am", "om", "sw", "fr",
    "pt", "es", "it", "sq", "tr", "zh", "yue", "vi", "ml", "ne", "rom", "en", "ln", "yo", "ig",
}  # fmt: skip


def _native_name(code: str, english: str) -> tuple[str, str]:
    """The language's name in itself and its script direction, from CLDR where it knows."""
    try:
        locale = babel.Locale.parse(code)
        native = locale.get_display_name(locale) or ""
        direction = "rtl" if locale.text_direction == "rtl" else "ltr"
        if native:
            return native[:1].upper() + native[1:], direction
    except (ValueError, babel.UnknownLocaleError):
        pass
    language = langcodes.Language.get(code)
    native = language.autonym()
    if not native or native == code:
        native = english
    script = language.maximize().script or ""
    direction = "rtl" if script in {"Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm"} else "ltr"
    return native[:1].upper() + native[1:], direction


# ISO 639 types of languages nobody would list as one they speak to help new arrivals:
# historical (Latin, Sanskrit, Avestan), extinct, ancient and constructed (Esperanto, Volapük).
NOT_SPOKEN_TYPES = {"H", "E", "A", "C"}


@lru_cache(maxsize=1)
def unspoken_language_codes() -> frozenset[str]:
    """Codes of the reference languages that are extinct, ancient, historical or constructed,
    left out of "which languages do you speak" lists."""
    codes = set()
    for language in pycountry.languages:
        if getattr(language, "type", "L") in NOT_SPOKEN_TYPES:
            codes.add(getattr(language, "alpha_2", None) or language.alpha_3)
            codes.add(language.alpha_3)
    return frozenset(codes)


def language_rows() -> Iterable[Language]:
    seen: set[str] = set()
    codes = [(lang.alpha_2, lang.name) for lang in pycountry.languages if hasattr(lang, "alpha_2")]
    for code3 in EXTRA_ISO_639_3:
        found = pycountry.languages.get(alpha_3=code3)
        if found is not None:
            codes.append((code3, found.name))
    for code, english in codes:
        if code in seen:
            continue
        seen.add(code)
        native, direction = _native_name(code, english)
        yield Language(
            code=code,
            english_name=english,
            native_name=native,
            direction=direction,
            common=code in COMMON,
        )


def country_rows() -> Iterable[Country]:
    for country in pycountry.countries:
        yield Country(code=country.alpha_2, name=getattr(country, "common_name", country.name))


def _simplified(features: list[dict], tolerance: float) -> list[dict]:
    """Simplify a layer as a coverage, so neighbouring areas keep sharing their edges."""
    geometries = [shape(feature["geometry"]) for feature in features]
    simplified = coverage_simplify(geometries, tolerance)
    return [mapping(geom) for geom in simplified]


def _read_layer(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["features"]


@transaction.atomic
def reference_data_load(*, boundaries_dir: Path = SHIPPED_BOUNDARIES) -> dict[str, int]:
    """Load (or refresh) languages, countries and areas. Idempotent: running it twice changes
    nothing; a failure leaves the tables as they were."""
    languages = list(language_rows())
    Language.objects.bulk_create(
        languages,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["english_name", "native_name", "direction", "common"],
    )
    countries = list(country_rows())
    Country.objects.bulk_create(
        countries, update_conflicts=True, unique_fields=["code"], update_fields=["name"]
    )

    # England, with no boundary: the comparator figures of a profile ("England: 17.4%").
    areas: dict[str, Area] = {
        ENGLAND: Area(code=ENGLAND, name="England", kind=Area.Kind.COUNTRY, vintage="2024")
    }
    lads = _read_layer(boundaries_dir / "lad_2024_uk_buc.geojson")
    for feature in lads:
        props = feature["properties"]
        if props.get("RGN24CD"):
            areas[props["RGN24CD"]] = Area(
                code=props["RGN24CD"],
                name=props["RGN24NM"],
                kind=Area.Kind.REGION,
                # English regions (E12…) are within England.
                parent_id=ENGLAND if props["RGN24CD"].startswith("E12") else None,
                vintage="2024",
            )
    for feature, geometry in zip(lads, _simplified(lads, 0.002), strict=True):
        props = feature["properties"]
        areas[props["LAD24CD"]] = Area(
            code=props["LAD24CD"],
            name=props["LAD24NM"],
            kind=Area.Kind.LOCAL_AUTHORITY,
            parent_id=props.get("RGN24CD") or None,
            boundary=geometry,
            vintage="2024",
        )
    for filename, code_key, name_key, kind, vintage in [
        ("wards_dec2022_bsc_yorkshire_humber.geojson", "WD22CD", "WD22NM", Area.Kind.WARD, "2022"),
        ("msoa_2021_bsc_yorkshire_humber.geojson", "MSOA21CD", "MSOA21NM", Area.Kind.MSOA, "2021"),
    ]:
        path = boundaries_dir / filename
        if not path.exists():
            continue
        features = _read_layer(path)
        for feature, geometry in zip(features, _simplified(features, 0.0005), strict=True):
            props = feature["properties"]
            areas[props[code_key]] = Area(
                code=props[code_key],
                name=props[name_key],
                kind=kind,
                parent_id=props.get("LAD24CD") or None,
                boundary=geometry,
                vintage=vintage,
            )
    # Parents first, so the foreign keys hold on databases that check them immediately.
    order = [
        Area.Kind.COUNTRY,
        Area.Kind.REGION,
        Area.Kind.LOCAL_AUTHORITY,
        Area.Kind.WARD,
        Area.Kind.MSOA,
    ]
    rows = sorted(areas.values(), key=lambda area: order.index(area.kind))
    Area.objects.bulk_create(
        rows,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "kind", "parent", "boundary", "vintage"],
    )
    # bulk_create sends no post_save: pages and per-process copies of this data go here.
    public_pages_changed()
    return {"languages": len(languages), "countries": len(countries), "areas": len(rows)}
