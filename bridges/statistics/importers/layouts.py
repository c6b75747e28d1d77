"""Readers, one per file layout (docs/statistics-format.md lists them).

- `tidy`: Bridges' own long CSV, one figure per row.
- `stat-xplore`: a DWP Stat-Xplore (SuperWEB2) download, cross-tab or table layout, with its
  header block, fill-down row labels, `Total` rows and columns, markers and footer.
- `nomis-bulk`: a Census 2021 bulk CSV from Nomis (`census2021-ts019-msoa.csv`): wide, one
  column per category.
- `ons-custom`: an ONS "create a custom dataset" CSV: long, area × category × `Observation`.
- the files shipped in `bridges/statistics/data/` (see its SOURCE.md), each in its own layout:
  `census-ts019-msoa`, `census-ts029-msoa`, `census-ts022-msoa`, `census-ts021-ltla`,
  `census-la-indicators`, `nino-calendar-year`, `nino-top-nationalities`.

Each reader takes the file's bytes, the import's options (dataset key, title, indicator code,
code vintage, period…) and the loaded areas (for files that name areas rather than code them).
"""

import re
from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridges.core.locale_format import format_number

from .areas import AreaIndex
from .common import (
    DWP,
    OGL,
    ONS,
    DatasetMeta,
    ImportFailed,
    Parsed,
    Row,
    clean,
    code_of,
    csv_rows,
    dict_rows,
    is_total,
    number,
    period_of,
)

NOMIS_URL = "https://www.nomisweb.co.uk/sources/census_2021_bulk"
STAT_XPLORE_URL = "https://stat-xplore.dwp.gov.uk/"
NINO_TITLE = "National Insurance number registrations to adult overseas nationals"
NINO_NOTES = (
    "A flow, not a count of residents: adult overseas nationals allocated a National Insurance "
    "number in the period, by the local authority of their address at registration. DWP applies "
    "disclosure control (rounding, small cells suppressed)."
)
CENSUS_NOTES = (
    "Census day 21 March 2021. ONS applies cell-key perturbation: small counts are slightly "
    "noisy, and areas do not sum exactly to larger areas."
)


def _dataset(options: dict, default: DatasetMeta) -> DatasetMeta:
    """The reader's description of the dataset, with anything the import was given instead."""
    for key in ("slug", "title", "publisher", "licence", "source", "url", "notes", "released_on"):
        if options.get(key):
            setattr(default, key, options[key])
    return default


def _census(options: dict, table: str, name: str) -> DatasetMeta:
    return _dataset(
        options,
        DatasetMeta(
            slug=f"census-2021-{table.lower()}",
            title=f"Census 2021: {table.upper()} {name}",
            publisher=ONS,
            licence=OGL,
            source=f"Census 2021 table {table.upper()}",
            url=NOMIS_URL,
            notes=CENSUS_NOTES,
        ),
    )


def _nino(options: dict, source: str) -> DatasetMeta:
    return _dataset(
        options,
        DatasetMeta(
            slug="dwp-nino-registrations",
            title=NINO_TITLE,
            publisher=DWP,
            licence=OGL,
            source=source,
            url=STAT_XPLORE_URL,
            notes=NINO_NOTES,
        ),
    )


def _nino_indicator(parsed: Parsed) -> str:
    return parsed.indicator(
        "nino_registrations",
        NINO_TITLE,
        unit="registrations",
        notes="Adults (16 and over); counted once in a lifetime, when the number is allocated.",
    )


# --- the shipped Census 2021 files ------------------------------------------------------------

TS019_CATEGORIES = {
    "address_one_year_ago_is_the_same": (
        "Address one year ago is the same as the address of enumeration"
    ),
    "address_one_year_ago_is_student_or_boarding": (
        "Address one year ago is student term-time or boarding school address in the UK"
    ),
    "migrant_from_within_uk": "Migrant from within the UK: Address one year ago was in the UK",
    "migrant_from_outside_uk": (
        "Migrant from outside the UK: Address one year ago was outside the UK"
    ),
}
TS019_BASE = "usual residents aged 1 and over"


def census_ts019_msoa(payload: bytes, options: dict, areas: AreaIndex) -> Parsed:
    """TS019 migrant indicator by MSOA (demographr's table of the Nomis bulk file)."""
    parsed = Parsed(_census(options, "TS019", "Migrant indicator"), {})
    code = parsed.indicator(
        "ts019", "Migrant indicator", unit="people", denominator=TS019_BASE.capitalize()
    )
    share = parsed.indicator(
        "ts019_outside_uk_share",
        "Share whose address one year ago was outside the UK",
        unit="%",
        measure="percentage",
        denominator=f"All {TS019_BASE}",
    )
    vintage = options.get("vintage") or "2021"
    required = {"msoa21_code", "all_usual_residents", *TS019_CATEGORIES}
    for line, row in dict_rows(payload, required):
        place = {"line": line, "area_code": row["msoa21_code"], "area_vintage": vintage}
        value, marker = number(row["all_usual_residents"])
        parsed.rows.append(Row(indicator=code, period="2021", value=value, marker=marker, **place))
        for column, category in TS019_CATEGORIES.items():
            value, marker = number(row[column])
            parsed.rows.append(
                Row(
                    indicator=code,
                    period="2021",
                    value=value,
                    marker=marker,
                    category_dimension="Migrant indicator",
                    category=category,
                    **place,
                )
            )
        if "prop_migrated_from_outside_uk" in row:
            value, marker = number(row["prop_migrated_from_outside_uk"])
            parsed.rows.append(
                Row(
                    indicator=share,
                    period="2021",
                    value=None if value is None else value * 100,
                    marker=marker,
                    **place,
                )
            )
    return parsed


TS029_DIMENSION = "Proficiency in English language"
TS029_ENGLISH = "Main language is English (English or Welsh in Wales)"
TS029_NOT_ENGLISH = "Main language is not English (English or Welsh in Wales)"
TS029_CATEGORIES = [
    TS029_ENGLISH,
    TS029_NOT_ENGLISH,
    f"{TS029_NOT_ENGLISH}: Can speak English very well",
    f"{TS029_NOT_ENGLISH}: Can speak English well",
    f"{TS029_NOT_ENGLISH}: Cannot speak English well",
    f"{TS029_NOT_ENGLISH}: Cannot speak English",
]
TS029_SHARE = "Proportion who cannot speak English (well)"


def census_ts029_msoa(payload: bytes, options: dict, areas: AreaIndex) -> Parsed:
    """TS029 proficiency in English by MSOA (demographr's table). The file has no total
    column: the total is the sum of its two top-level categories (main language English, and
    not English), which together are every usual resident aged 3 and over."""
    parsed = Parsed(_census(options, "TS029", "Proficiency in English"), {})
    code = parsed.indicator(
        "ts029",
        TS029_DIMENSION,
        unit="people",
        denominator="Usual residents aged 3 and over",
        notes="Total: the two top-level categories added together (they cover everyone).",
    )
    share = parsed.indicator(
        "ts029_cannot_speak_english_well_share",
        "Share who cannot speak English well or at all",
        unit="%",
        measure="percentage",
        denominator="All usual residents aged 3 and over",
    )
    vintage = options.get("vintage") or "2021"
    for line, row in dict_rows(payload, {"msoa21_code", *TS029_CATEGORIES}):
        place = {"line": line, "area_code": row["msoa21_code"], "area_vintage": vintage}
        values = {category: number(row[category]) for category in TS029_CATEGORIES}
        top = [values[TS029_ENGLISH][0], values[TS029_NOT_ENGLISH][0]]
        total = None if None in top else sum(top)
        parsed.rows.append(
            Row(
                indicator=code,
                period="2021",
                value=total,
                marker="" if total is not None else "suppressed",
                **place,
            )
        )
        for category, (value, marker) in values.items():
            parsed.rows.append(
                Row(
                    indicator=code,
                    period="2021",
                    value=value,
                    marker=marker,
                    category_dimension=TS029_DIMENSION,
                    category=category,
                    **place,
                )
            )
        if TS029_SHARE in row:
            value, marker = number(row[TS029_SHARE])
            parsed.rows.append(
                Row(
                    indicator=share,
                    period="2021",
                    value=None if value is None else value * 100,
                    marker=marker,
                    **place,
                )
            )
    return parsed


def census_ts022_msoa(payload: bytes, options: dict, areas: AreaIndex) -> Parsed:
    """TS022 ethnic group, its six top-level groups by MSOA (demographr's table, long)."""
    parsed = Parsed(_census(options, "TS022", "Ethnic group (detailed)"), {})
    code = parsed.indicator(
        "ts022", "Ethnic group", unit="people", denominator="All usual residents"
    )
    vintage = options.get("vintage") or "2021"
    totals: dict[str, tuple[int, str]] = {}
    for line, row in dict_rows(payload, {"msoa21_code", "total_residents", "ethnic_group", "n"}):
        place = {"line": line, "area_code": row["msoa21_code"], "area_vintage": vintage}
        if row["msoa21_code"] not in totals:
            totals[row["msoa21_code"]] = (line, row["total_residents"])
            value, marker = number(row["total_residents"])
            parsed.rows.append(
                Row(indicator=code, period="2021", value=value, marker=marker, **place)
            )
        elif totals[row["msoa21_code"]][1] != row["total_residents"]:
            parsed.problems.append(
                {
                    "line": line,
                    "code": row["msoa21_code"],
                    "kind": "inconsistent",
                    "reason": _("the total differs from the one given on line %(line)s")
                    % {"line": totals[row["msoa21_code"]][0]},
                }
            )
        value, marker = number(row["n"])
        parsed.rows.append(
            Row(
                indicator=code,
                period="2021",
                value=value,
                marker=marker,
                category_dimension="Ethnic group",
                category=row["ethnic_group"],
                **place,
            )
        )
    return parsed


def census_ts021_ltla(payload: bytes, options: dict, areas: AreaIndex) -> Parsed:
    """TS021 ethnic group (19 categories) by local authority, as number and percent."""
    parsed = Parsed(_census(options, "TS021", "Ethnic group"), {})
    count = parsed.indicator(
        "ts021", "Ethnic group (19 categories)", unit="people", denominator="All usual residents"
    )
    percent = parsed.indicator(
        "ts021_percent",
        "Ethnic group (19 categories), share of residents",
        unit="%",
        measure="percentage",
        denominator="All usual residents",
    )
    vintage = options.get("vintage") or "2021"
    for line, row in dict_rows(payload, {"ltla21_code", "ethnic_group", "value"}):
        label = row["ethnic_group"]
        match = re.match(r"^(?P<category>.*?)\s*\((?P<kind>number|percent)\)$", label)
        if not match:
            parsed.problems.append(
                {"line": line, "code": row["ltla21_code"], "kind": "format", "reason": label}
            )
            continue
        value, marker = number(row["value"])
        parsed.rows.append(
            Row(
                line=line,
                indicator=count if match["kind"] == "number" else percent,
                period="2021",
                value=value,
                marker=marker,
                area_code=row["ltla21_code"],
                area_vintage=vintage,
                category_dimension="Ethnic group",
                category=match["category"],
            )
        )
    return parsed


def _humanise(column: str) -> tuple[str, str, str]:
    """An ONS census-quiz column name → its label, measure and unit."""
    stem, _sep, kind = column.rpartition("_")
    words = stem.replace("_", " ").replace("-", "–")
    if kind == "perc":
        return f"{words} (%)", "percentage", "%"
    if kind == "total":
        return words, "count", ""
    if kind == "change":
        return f"{words}: change since 2011", "rate", ""
    return f"{stem.replace('_', ' ')} ({kind})" if stem else column, "rate", ""


def census_la_indicators(payload: bytes, options: dict, areas: AreaIndex) -> Parsed:
    """The ONS census-quiz table: one row per local authority, one column per indicator."""
    parsed = Parsed(
        _dataset(
            options,
            DatasetMeta(
                slug="census-2021-la-indicators",
                title="Census 2021: headline indicators by local authority",
                publisher=ONS,
                licence=OGL,
                source="ONS census quiz data (ONSvisual/census-quiz, census-quiz-data-2021-v9)",
                url="https://www.ons.gov.uk/census",
                notes=CENSUS_NOTES
                + " Percentages are of each indicator's own population base; a change is since"
                " 2011.",
            ),
        ),
        {},
    )
    rows = dict_rows(payload, {"code"})
    if not rows:
        return parsed
    columns = [column for column in rows[0][1] if column not in ("code", "name", "")]
    for column in columns:
        label, measure, unit = _humanise(column)
        parsed.indicator(
            code_of(column),
            label,
            unit=unit,
            measure=measure,
            denominator="The indicator's population base (see the source)"
            if measure == "percentage"
            else "",
        )
    vintage = options.get("vintage") or "2021"
    for line, row in rows:
        for column in columns:
            text = row.get(column, "")
            if text in ("", "NA"):
                continue  # not applicable to this area
            value, marker = number(text)
            parsed.rows.append(
                Row(
                    line=line,
                    indicator=code_of(column),
                    period="2021",
                    value=value,
                    marker=marker,
                    area_code=row["code"],
                    area_vintage=vintage,
                )
            )
    return parsed


# --- the shipped NINo files -------------------------------------------------------------------


def nino_calendar_year(payload: bytes, options: dict, areas: AreaIndex) -> Parsed:
    """NINo registrations by local authority and calendar year (long)."""
    parsed = Parsed(
        _nino(options, "DWP Stat-Xplore, NINo registrations by calendar year (compiled)"), {}
    )
    code = _nino_indicator(parsed)
    vintage = options.get("vintage") or "2024"
    for line, row in dict_rows(payload, {"area_code", "year", "nino_registrations"}):
        value, marker = number(row["nino_registrations"])
        parsed.rows.append(
            Row(
                line=line,
                indicator=code,
                period=row["year"],
                value=value,
                marker=marker,
                area_code=row["area_code"],
                area_name=row.get("area_name", ""),
                area_vintage=vintage,
            )
        )
    return parsed


def nino_top_nationalities(payload: bytes, options: dict, areas: AreaIndex) -> Parsed:
    """The top nationalities of a year's NINo registrations per local authority, with the
    authority's total and each nationality's share of it."""
    parsed = Parsed(_nino(options, "DWP Stat-Xplore, NINo registrations by nationality"), {})
    code = _nino_indicator(parsed)
    share = parsed.indicator(
        "nino_registrations_share",
        "Share of NINo registrations, by nationality",
        unit="%",
        measure="percentage",
        denominator="All NINo registrations in the local authority in the same period",
    )
    vintage = options.get("vintage") or "2024"
    seen_totals: set[tuple[str, str]] = set()
    required = {"area_code", "period", "la_total_registrations", "nationality", "registrations"}
    for line, row in dict_rows(payload, required):
        period, period_marker = period_of(row["period"])
        place = {"line": line, "area_code": row["area_code"], "area_vintage": vintage}
        if (row["area_code"], period) not in seen_totals:
            seen_totals.add((row["area_code"], period))
            value, marker = number(row["la_total_registrations"])
            parsed.rows.append(
                Row(
                    indicator=code,
                    period=period,
                    value=value,
                    marker=marker or period_marker,
                    **place,
                )
            )
        for indicator, column in ((code, "registrations"), (share, "share_of_la_total_pct")):
            if column not in row:
                continue
            value, marker = number(row[column])
            parsed.rows.append(
                Row(
                    indicator=indicator,
                    period=period,
                    value=value,
                    marker=marker or period_marker,
                    category_dimension="Nationality",
                    category=row["nationality"],
                    **place,
                )
            )
    return parsed


# --- Bridges' tidy CSV ------------------------------------------------------------------------

TIDY_REQUIRED = {"indicator", "area_code", "period", "value"}
TIDY_META = {"dataset", "title", "publisher", "licence", "source", "url", "notes", "released_on"}
MARKERS = {"", "suppressed", "provisional", "estimated"}


def tidy(payload: bytes, options: dict, areas: AreaIndex) -> Parsed:
    """docs/statistics-format.md: `# key: value` lines describe the dataset, then a CSV with
    one figure per row."""
    from .common import decode

    text = decode(payload)
    lines = text.splitlines(keepends=True)
    meta: dict[str, str] = {}
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        key, _sep, value = lines.pop(0).lstrip("#").partition(":")
        if clean(key).lower() in TIDY_META:
            meta[clean(key).lower()] = clean(value)
    skipped = len(text.splitlines()) - len(lines)
    if "dataset" in meta:
        meta["slug"] = meta.pop("dataset")
    meta.update({key: value for key, value in options.items() if value})
    title = meta.get("title") or ""
    if not title:
        raise ImportFailed(
            _("The file does not say which dataset it is: add a “# title:” line or give a title.")
        )
    parsed = Parsed(
        _dataset(meta, DatasetMeta(slug=code_of(title).replace("_", "-"), title=title)), {}
    )
    if not parsed.dataset.publisher or not parsed.dataset.licence:
        raise ImportFailed(
            _("The file does not name its publisher and licence (“# publisher:”, “# licence:”).")
        )
    for line, row in dict_rows("".join(lines).encode("utf-8"), TIDY_REQUIRED):
        line += skipped
        indicator = code_of(row["indicator"])
        measure = row.get("measure") or "count"
        if measure not in ("count", "percentage", "rate"):
            measure = "count"
        parsed.indicator(
            indicator,
            row.get("indicator_label") or row["indicator"],
            unit=row.get("unit", ""),
            measure=measure,
            denominator=row.get("denominator", ""),
        )
        value, marker = number(row["value"])
        given = (row.get("marker") or "").lower()
        if given not in MARKERS:
            parsed.problems.append(
                {
                    "line": line,
                    "code": row["area_code"],
                    "kind": "format",
                    "reason": _("unknown marker “%(marker)s”") % {"marker": given[:40]},
                }
            )
            continue
        parsed.rows.append(
            Row(
                line=line,
                indicator=indicator,
                period=row["period"],
                value=value,
                marker=given or marker,
                area_code=row["area_code"],
                area_vintage=row.get("area_vintage", "") or options.get("vintage", ""),
                area_name=row.get("area_name", ""),
                category_dimension=row.get("category_dimension", ""),
                category=row.get("category", ""),
            )
        )
    return parsed


# --- Nomis Census 2021 bulk CSV ---------------------------------------------------------------

NOMIS_LEVELS = {"msoa": "2021", "ltla": "2021", "rgn": "2021", "utla": "2021", "ctry": "2021"}
SUFFIX = re.compile(r"\s*;\s*measures:\s*value\s*$", re.IGNORECASE)


def nomis_bulk(payload: bytes, options: dict, areas: AreaIndex) -> Parsed:
    """`census2021-tsNNN-<level>.csv`: `date, geography, geography code`, then one column per
    category named `<Variable>: <level 1>: <level 2>…`, some ending `; measures: Value`."""
    name = options.get("source_name", "")
    match = re.search(r"census2021-(ts\d+)-([a-z]+)", name.lower())
    table = options.get("table") or (match.group(1) if match else "")
    level = options.get("level") or (match.group(2) if match else "")
    if level in ("oa", "lsoa"):
        raise ImportFailed(
            _(
                "Bridges keeps figures for regions, local authorities, wards and MSOAs; this file "
                "is by output area or LSOA. Download the MSOA or local-authority file instead."
            )
        )
    if not table:
        raise ImportFailed(
            _("Give the census table (for example ts019): the file name does not say it.")
        )
    rows = csv_rows(payload)
    if not rows:
        raise ImportFailed(_("The file is empty."))
    header = [SUFFIX.sub("", clean(cell)) for cell in rows[0]]
    lowered = [cell.lower() for cell in header]
    if "geography code" not in lowered or "date" not in lowered:
        raise ImportFailed(
            _("This is not a Nomis census file: it has no “date” and “geography code” columns.")
        )
    code_column, date_column = lowered.index("geography code"), lowered.index("date")
    categories = []
    variable = ""
    for index, column in enumerate(header):
        if index in (code_column, date_column) or lowered[index] == "geography" or not column:
            continue
        variable_name, _sep, category = column.partition(": ")
        variable = variable or variable_name
        categories.append((index, "" if is_total(category) else category))
    parsed = Parsed(_census(options, table, variable), {})
    code = parsed.indicator(code_of(table), variable, unit="people")
    vintage = options.get("vintage") or NOMIS_LEVELS.get(level, "2021")
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = [clean(cell) for cell in row] + [""] * (len(header) - len(row))
        for index, category in categories:
            value, marker = number(cells[index])
            parsed.rows.append(
                Row(
                    line=line,
                    indicator=code,
                    period=cells[date_column] or "2021",
                    value=value,
                    marker=marker,
                    area_code=cells[code_column],
                    area_vintage=vintage,
                    category_dimension=variable if category else "",
                    category=category,
                )
            )
    return parsed


# --- ONS "create a custom dataset" CSV --------------------------------------------------------

ONS_AREA_TYPES = {
    "middle layer super output areas": "2021",
    "lower tier local authorities": "2021",
    "local authority districts": "2021",
    "electoral wards and divisions": "2022",
    "regions": "2021",
}


def ons_custom(payload: bytes, options: dict, areas: AreaIndex) -> Parsed:
    """`<Area type> Code, <Area type>, <Variable> Code, <Variable>, Observation`; the `-8`
    "Does not apply" rows are left out."""
    rows = csv_rows(payload)
    if not rows:
        raise ImportFailed(_("The file is empty."))
    header = [clean(cell) for cell in rows[0]]
    lowered = [cell.lower() for cell in header]
    value_column = next(
        (i for i, cell in enumerate(lowered) if cell in ("observation", "count")), None
    )
    code_columns = [i for i, cell in enumerate(lowered) if cell.endswith(" code")]
    if value_column is None or len(code_columns) < 2:
        raise ImportFailed(
            _("This is not an ONS custom-dataset file: it has no “Observation” column.")
        )
    area_code_column, category_code_column = code_columns[0], code_columns[1]
    area_type = lowered[area_code_column].removesuffix(" code")
    if area_type in ("output areas", "lower layer super output areas"):
        raise ImportFailed(
            _(
                "Bridges keeps figures for regions, local authorities, wards and MSOAs; this file "
                "is by output area or LSOA."
            )
        )
    variable = header[category_code_column][: -len(" code")]
    label_column = category_code_column + 1
    dimension = re.sub(r"\s*\(\d+ categories\)$", "", variable)
    parsed = Parsed(
        _dataset(
            options,
            DatasetMeta(
                slug=f"census-2021-{code_of(variable).replace('_', '-')}"[:80],
                title=f"Census 2021: {variable}",
                publisher=ONS,
                licence=OGL,
                source="ONS Census 2021, create a custom dataset",
                url="https://www.ons.gov.uk/datasets/create",
                notes=CENSUS_NOTES,
            ),
        ),
        {},
    )
    code = parsed.indicator(code_of(variable), dimension, unit="people")
    vintage = options.get("vintage") or ONS_AREA_TYPES.get(area_type, "2021")
    period = options.get("period") or "2021"
    dropped = 0
    for line, row in enumerate(rows[1:], start=2):
        cells = [clean(cell) for cell in row] + [""] * len(header)
        if not any(cells):
            continue
        if cells[category_code_column] == "-8":
            dropped += 1
            continue
        value, marker = number(cells[value_column])
        parsed.rows.append(
            Row(
                line=line,
                indicator=code,
                period=period,
                value=value,
                marker=marker,
                area_code=cells[area_code_column],
                area_vintage=vintage,
                category_dimension=dimension,
                category=cells[label_column] if label_column < len(header) else "",
            )
        )
    if dropped:
        parsed.notes.append(
            ngettext(
                "%(count)s “Does not apply” row was left out.",
                "%(count)s “Does not apply” rows were left out.",
                dropped,
            )
            % {"count": format_number(dropped)}
        )
    return parsed


# --- DWP Stat-Xplore --------------------------------------------------------------------------

FIELD = re.compile(
    r"quarter|month|year|nationality|geograph|local authority|region|gender|age|country|"
    r"national - regional|world area|area|la\b",
    re.IGNORECASE,
)
GEOGRAPHY = re.compile(r"geograph|local authority|region|national - regional|\bla\b|area$", re.I)
PERIOD = re.compile(r"quarter|month|year|period", re.IGNORECASE)


def _cells(row: list[str]) -> list[str]:
    cells = [clean(cell) for cell in row]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _is_number_or_marker(cell: str) -> bool:
    value, marker = number(cell)
    return value is not None or cell in ("..", "-", "*", "x", "c", ":")


def stat_xplore(payload: bytes, options: dict, areas: AreaIndex) -> Parsed:
    """A Stat-Xplore download. The table's header row is found by what it says (a field such as
    "Quarter of Registration" or "Nationality"), not by its position: the block of metadata
    above it varies. Cross-tab (one variable across the columns, the row variables' labels
    written once per block) and table layout (every variable down the rows, one value column)
    are both read. `Total` rows and columns are not stored, nor totals over all areas; a cell
    counted by more than one category (nationality × age) is left out, as the store keeps one
    category per figure."""
    rows = [_cells(row) for row in csv_rows(payload)]
    title = counting = ""
    header_at = None
    for index, cells in enumerate(rows):
        first = cells[0].rstrip(":").lower() if cells else ""
        if first in ("dataset", "database") and len(cells) > 1:
            title = cells[1]
        elif first == "counting" and len(cells) > 1:
            counting = cells[1]
        filled = [cell for cell in cells if cell]
        if len(filled) >= 3 and FIELD.search(filled[0]) and not _is_number_or_marker(filled[1]):
            header_at = index
            break
    if header_at is None:
        raise ImportFailed(
            _("Could not find the table in this Stat-Xplore file: no row of field names.")
        )
    header = rows[header_at]
    following = rows[header_at + 1] if header_at + 1 < len(rows) else []
    annotation = {i for i, cell in enumerate(header) if "annotation" in cell.lower()}
    # Cross-tab: the line after the column header holds only the row variables' names.
    crosstab = bool(following) and not any(_is_number_or_marker(c) for c in following if c)
    nino = "national insurance" in (title + counting).lower()
    if nino:
        dataset = _nino(options, "DWP Stat-Xplore")
    else:
        dataset = _dataset(
            options,
            DatasetMeta(
                slug=code_of(title or counting or "stat-xplore").replace("_", "-"),
                title=title or counting or "Stat-Xplore table",
                publisher=DWP,
                licence=OGL,
                source="DWP Stat-Xplore",
                url=STAT_XPLORE_URL,
            ),
        )
    parsed = Parsed(dataset, {})
    if options.get("indicator"):
        indicator = parsed.indicator(code_of(options["indicator"]), options["indicator"])
    elif nino:
        indicator = _nino_indicator(parsed)
    else:
        label = counting or title or "Count"
        indicator = parsed.indicator(code_of(label), label)

    records: list[tuple[int, dict[str, str], str]] = []  # (line, {field: label}, cell)
    if crosstab:
        row_fields = [cell for cell in following if cell]
        k = len(row_fields)
        column_field = header[k - 1] if len(header) >= k else header[0]
        items = [(i, cell) for i, cell in enumerate(header) if i >= k and i not in annotation]
        start = header_at + 2
        labels = [""] * k
        for index in range(start, len(rows)):
            cells = rows[index]
            if not any(cells):
                if index > start:
                    break  # the end of the table; what follows is footnotes
                continue
            cells = cells + [""] * (len(header) - len(cells))
            for j in range(k):
                if cells[j]:
                    labels[j] = cells[j]
                    for later in range(j + 1, k):
                        labels[later] = "" if not cells[later] else labels[later]
            for i, item in items:
                fields = dict(zip(row_fields, labels, strict=True))
                fields[column_field] = item
                records.append((index + 1, fields, cells[i]))
    else:
        value_index = max(i for i in range(len(header)) if i not in annotation)
        label_indexes = [i for i in range(value_index) if i not in annotation]
        labels = {i: "" for i in label_indexes}
        for index in range(header_at + 1, len(rows)):
            cells = rows[index]
            if not any(cells):
                if records:
                    break
                continue
            cells = cells + [""] * (len(header) - len(cells))
            if not _is_number_or_marker(cells[value_index]) and cells[value_index]:
                break  # a footnote line
            for position, i in enumerate(label_indexes):
                if cells[i]:
                    labels[i] = cells[i]
                    for later in label_indexes[position + 1 :]:
                        if not cells[later]:
                            labels[later] = ""
            fields = {header[i]: labels[i] for i in label_indexes}
            records.append((index + 1, fields, cells[value_index]))

    fields_seen = list(records[0][1]) if records else []
    area_field = next((f for f in fields_seen if GEOGRAPHY.search(f)), None)
    if area_field is None:
        # Not labelled as a geography: the field whose labels are mostly known place names.
        for field_name in fields_seen:
            labels = {r[1][field_name] for r in records[:200] if not is_total(r[1][field_name])}
            if labels and sum(1 for name in labels if areas.named(name)) * 2 >= len(labels):
                area_field = field_name
                break
    if area_field is None:
        raise ImportFailed(
            _("Could not tell which column names the areas: name it “Local authority”.")
        )
    period_field = next((f for f in fields_seen if f != area_field and PERIOD.search(f)), None)
    fixed_period = options.get("period", "")
    if period_field is None and not fixed_period:
        raise ImportFailed(_("The table has no period: give the period it covers."))
    left_out = {"area_total": 0, "period_total": 0, "crossed": 0}
    for line, fields, cell in records:
        area_label = fields.get(area_field, "")
        if not area_label:
            continue
        if is_total(area_label):
            left_out["area_total"] += 1
            continue
        period, period_marker = fixed_period, ""
        if period_field:
            if is_total(fields[period_field]):
                left_out["period_total"] += 1
                continue
            period, period_marker = period_of(fields[period_field])
        categories = [
            (name, label)
            for name, label in fields.items()
            if name not in (area_field, period_field) and label and not is_total(label)
        ]
        if len(categories) > 1:
            left_out["crossed"] += 1
            continue
        dimension, category = categories[0] if categories else ("", "")
        value, marker = number(cell)
        parsed.rows.append(
            Row(
                line=line,
                indicator=indicator,
                period=period,
                value=value,
                marker=marker or period_marker,
                area_name=area_label,
                area_vintage=options.get("vintage", ""),
                category_dimension=dimension,
                category=category,
            )
        )
    if left_out["area_total"]:
        parsed.notes.append(
            ngettext(
                "%(count)s figure for all areas together (“Total”) was not stored.",
                "%(count)s figures for all areas together (“Total”) were not stored.",
                left_out["area_total"],
            )
            % {"count": format_number(left_out["area_total"])}
        )
    if left_out["period_total"]:
        parsed.notes.append(
            ngettext(
                "%(count)s total over all periods was not stored.",
                "%(count)s totals over all periods were not stored.",
                left_out["period_total"],
            )
            % {"count": format_number(left_out["period_total"])}
        )
    if left_out["crossed"]:
        parsed.notes.append(
            ngettext(
                "%(count)s figure counted by more than one category at once was left out "
                "(download one category at a time to keep it).",
                "%(count)s figures counted by more than one category at once were left out "
                "(download one category at a time to keep them).",
                left_out["crossed"],
            )
            % {"count": format_number(left_out["crossed"])}
        )
    return parsed


Reader = Callable[[bytes, dict, AreaIndex], Parsed]

LAYOUTS: dict[str, Reader] = {
    "tidy": tidy,
    "stat-xplore": stat_xplore,
    "nomis-bulk": nomis_bulk,
    "ons-custom": ons_custom,
    "census-ts019-msoa": census_ts019_msoa,
    "census-ts029-msoa": census_ts029_msoa,
    "census-ts022-msoa": census_ts022_msoa,
    "census-ts021-ltla": census_ts021_ltla,
    "census-la-indicators": census_la_indicators,
    "nino-calendar-year": nino_calendar_year,
    "nino-top-nationalities": nino_top_nationalities,
}
