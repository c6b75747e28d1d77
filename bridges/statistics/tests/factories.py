"""Areas and files for the statistics tests. The areas are the shipped boundaries' codes and
names (no geometry, so they load in a blink); the files are generated here in the layouts
analysts download (docs/statistics-format.md), with made-up figures."""

import json
from functools import cache

from bridges.core.models import Area
from bridges.core.reference import SHIPPED_BOUNDARIES
from bridges.statistics.importers import run
from bridges.statistics.models import StatisticsImport

LEEDS = "E08000035"
BRADFORD = "E08000032"
HULL = "E06000010"
NORTH_YORKSHIRE = "E06000065"
YORKSHIRE = "E12000003"
ENGLAND = "E92000001"


@cache
def _geometries() -> dict[str, dict]:
    """Every Yorkshire and The Humber MSOA's and local authority's boundary by code, simplified
    as `load_reference_data` does."""
    from bridges.core.reference import _simplified

    found = {}
    for name, key, tolerance in [
        ("lad_2024_uk_buc", "LAD24CD", 0.002),
        ("msoa_2021_bsc_yorkshire_humber", "MSOA21CD", 0.0005),
    ]:
        features = json.loads((SHIPPED_BOUNDARIES / f"{name}.geojson").read_text())["features"]
        if name.startswith("lad"):
            features = [f for f in features if f["properties"].get("RGN24CD") == YORKSHIRE]
        for feature, geometry in zip(features, _simplified(features, tolerance), strict=True):
            found[feature["properties"][key]] = geometry
    return found


@cache
def _features() -> dict[str, list[dict]]:
    layers = {}
    for name in ("lad_2024_uk_buc", "msoa_2021_bsc_yorkshire_humber"):
        path = SHIPPED_BOUNDARIES / f"{name}.geojson"
        layers[name] = [f["properties"] for f in json.loads(path.read_text())["features"]]
    return layers


def load_areas(*, boundaries: bool = False) -> None:
    """Yorkshire and The Humber: the region, its 15 local authorities (2024) and 694 MSOAs
    (2021), and two wards of Leeds (2022); with `boundaries`, the local authorities' and MSOAs'
    simplified boundaries too (for the map)."""
    layers = _features()
    rows = [
        Area(code=ENGLAND, name="England", kind="country", vintage="2024"),
        Area(
            code=YORKSHIRE,
            name="Yorkshire and The Humber",
            kind="region",
            parent_id=ENGLAND,
            vintage="2024",
        ),
    ]
    rows += [
        Area(code=p["LAD24CD"], name=p["LAD24NM"], kind="lad", parent_id=YORKSHIRE, vintage="2024")
        for p in layers["lad_2024_uk_buc"]
        if p.get("RGN24CD") == YORKSHIRE
    ]
    rows += [
        Area(
            code=p["MSOA21CD"],
            name=p["MSOA21NM"],
            kind="msoa",
            parent_id=p["LAD24CD"],
            vintage="2021",
        )
        for p in layers["msoa_2021_bsc_yorkshire_humber"]
    ]
    rows += [
        Area(code=code, name=name, kind="ward", parent_id=LEEDS, vintage="2022")
        for code, name in [("E05011385", "Armley"), ("E05011386", "Beeston & Holbeck")]
    ]
    if boundaries:
        geometries = _geometries()
        for area in rows:
            area.boundary = geometries.get(area.code) if area.kind in ("lad", "msoa") else None
    Area.objects.bulk_create(rows, batch_size=1000)


def leeds_msoas() -> set[str]:
    return {
        p["MSOA21CD"]
        for p in _features()["msoa_2021_bsc_yorkshire_humber"]
        if p["LAD24CD"] == LEEDS
    }


def import_file(
    payload: bytes, layout: str, *, name: str = "figures.csv", programme=None, **options
) -> StatisticsImport:
    """Import as the command does: record the import, run it in this process."""
    record = run.statistics_import_create(
        programme=programme,
        user=None,
        source_name=name,
        layout=layout,
        payload=payload,
        options=options,
    )
    return run.statistics_import_execute(import_id=record.pk)


def crlf_bom(text: str) -> bytes:
    return "\ufeff".encode() + text.replace("\n", "\r\n").encode("utf-8")


# --- Stat-Xplore ------------------------------------------------------------------------------

STAT_XPLORE_BLOCK = """"Dataset:","National Insurance Number Registrations to Adult Overseas Nationals Entering the UK"
""
"Requested table:","{rows} by Quarter of Registration"
"Counting:","NINo registrations"
""
"Filters:"
"Age at Registration","Total"
"Gender","Total"
""
"""  # noqa: E501
STAT_XPLORE_FOOTER = """
""
"INFO","Figures are rounded to the nearest ten; small cells are suppressed."
"Source: Department for Work and Pensions, Stat-Xplore. Open Government Licence v3.0."
"""

QUARTERS = ["Jan-23 to Mar-23", "Apr-23 to Jun-23", "Jul-23 to Sep-23", "*Oct-23 to Dec-23"]
LA_QUARTERS = {
    "Leeds": [4210, 3930, 3860, 4080],
    "Bradford": [2210, 2050, "..", 2100],
    "Kingston upon Hull, City of": [610, 580, 590, 600],
    "Nowhere Town": [10, 20, 30, 40],
}


def _figure(value) -> int:
    return value if isinstance(value, int) else 0


def stat_xplore_crosstab() -> bytes:
    """LA down the rows, quarters across, a Total column and row, a suppressed cell, an area
    the boundaries do not have, a header block and a footer."""
    lines = [STAT_XPLORE_BLOCK.format(rows="Local Authority")]
    lines.append(
        '"Quarter of Registration",' + ",".join(f'"{q}"' for q in QUARTERS) + ',"Total",\n'
    )
    lines.append('"National - Regional - LA - OAs",\n')
    for name, values in LA_QUARTERS.items():
        total = sum(_figure(v) for v in values)
        cells = ",".join(str(v) for v in values)
        lines.append(f'"{name}",{cells},{total},\n')
    column_totals = [sum(_figure(v[i]) for v in LA_QUARTERS.values()) for i in range(4)]
    lines.append('"Total",' + ",".join(map(str, column_totals)) + f",{sum(column_totals)},\n")
    lines.append(STAT_XPLORE_FOOTER)
    return crlf_bom("".join(lines))


NATIONALITIES = {
    "Leeds": {"India": [900, 880], "Other / unknown": [40, 30], "Total": [940, 910]},
    "Bradford": {"Pakistan": [500, 450], "Total": [500, 450]},
}


def stat_xplore_two_row_variables() -> bytes:
    """LA and nationality down the rows (the LA written once per block), two quarters
    across, annotation columns beside the values."""
    lines = [STAT_XPLORE_BLOCK.format(rows="Local Authority and Nationality")]
    lines.append(
        ',"Quarter of Registration","Jan-24 to Mar-24","Jan-24 to Mar-24 annotation",'
        '"Apr-24 to Jun-24","Apr-24 to Jun-24 annotation",\n'
    )
    lines.append('"Local Authority","Nationality",\n')
    for la, nationalities in NATIONALITIES.items():
        first = True
        for nationality, (q1, q2) in nationalities.items():
            label = f'"{la}"' if first else ""
            lines.append(f'{label},"{nationality}",{q1},"",{q2},"",\n')
            first = False
    lines.append(STAT_XPLORE_FOOTER)
    return crlf_bom("".join(lines))


def stat_xplore_table_layout() -> bytes:
    """Every variable down the rows, one value column, labels filled down, no header block
    (a user removed it), a Total row and a cross-classified cell."""
    return (
        b"Local Authority,Quarter of Registration,Nationality,Age at Registration,Number\n"
        b"Leeds,Jan-23 to Mar-23,India,Total,210\n"
        b",,Poland,Total,120\n"
        b",,Poland,18-24,40\n"
        b",,Total,Total,330\n"
        b",Apr-23 to Jun-23,India,Total,220\n"
        b"Wakefield,Jan-23 to Mar-23,Romania,Total,..\n"
        b"Total,Total,Total,Total,1073100\n"
    )


# --- Nomis census bulk ------------------------------------------------------------------------

TS019_HEADER = (
    "date,geography,geography code,"
    "Migrant indicator: Total: All usual residents; measures: Value,"
    "Migrant indicator: Address one year ago is the same as the address of enumeration; "
    "measures: Value,"
    "Migrant indicator: Address one year ago is student term-time or boarding school address "
    "in the UK; measures: Value,"
    "Migrant indicator: Migrant from within the UK: Address one year ago was in the UK; "
    "measures: Value,"
    "Migrant indicator: Migrant from outside the UK: Address one year ago was outside the UK; "
    "measures: Value\n"
)


def nomis_ts019(codes: list[str]) -> tuple[bytes, dict[str, int]]:
    """A `census2021-ts019-msoa.csv`: leaves that add up to the total in every row. Returns
    the file and each area's total."""
    lines, totals = [TS019_HEADER], {}
    for index, code in enumerate(codes):
        same, student, within, outside = 6000 + index, 40 + index % 7, 900 + index, 50 + index
        total = same + student + within + outside
        totals[code] = total
        lines.append(f"2021,Leeds {index:03d},{code},{total},{same},{student},{within},{outside}\n")
    lines.append("2021,Ynys Môn 001,W02000001,7000,6000,100,800,100\n")  # Wales: not loaded
    return crlf_bom("".join(lines)), totals


TS029_HEADER = (
    "date,geography,geography code,"
    "Proficiency in English language: Total: All usual residents aged 3 years and over,"
    "Proficiency in English language: Main language is English (English or Welsh in Wales),"
    "Proficiency in English language: Main language is not English (English or Welsh in Wales)\n"
)


# --- ONS custom dataset -----------------------------------------------------------------------


def ons_custom_wards() -> bytes:
    return (
        b"Electoral wards and divisions Code,Electoral wards and divisions,"
        b"Country of birth (12 categories) Code,Country of birth (12 categories),Observation\n"
        b"E05011385,Armley,-8,Does not apply,0\n"
        b"E05011385,Armley,1,Europe: United Kingdom,20140\n"
        b"E05011385,Armley,2,Europe: EU countries: European Union EU14,310\n"
        b"E05011386,Beeston & Holbeck,1,Europe: United Kingdom,18000\n"
        b"E05011386,Beeston & Holbeck,2,Europe: EU countries: European Union EU14,290\n"
        b"E05099999,Nowhere,1,Europe: United Kingdom,5\n"
    )


def ons_custom_msoa_old_style() -> bytes:
    """A January-2023 download: "Middle Layer" with a capital L."""
    return (
        "\ufeffMiddle Layer Super Output Areas Code,Middle Layer Super Output Areas,"
        "Migrant indicator (5 categories) Code,Migrant indicator (5 categories),Observation\n"
        "E02002330,Leeds 001,-8,Does not apply,0\n"
        "E02002330,Leeds 001,1,Address one year ago is the same as the address of enumeration,"
        "7000\n"
        "E02002330,Leeds 001,4,Migrant from outside the UK,75\n"
    ).encode()


# --- tidy -------------------------------------------------------------------------------------


def tidy_file(rows: list[str]) -> bytes:
    head = (
        "# title: Test figures\n"
        "# publisher: Office for National Statistics\n"
        "# licence: Open Government Licence v3.0\n"
        "indicator,indicator_label,unit,measure,denominator,area_code,area_vintage,period,"
        "category_dimension,category,value,marker\n"
    )
    return (head + "".join(f"{row}\n" for row in rows)).encode()
