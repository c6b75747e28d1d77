"""The statistics files shipped with Bridges (data/SOURCE.md) and the layout of each."""

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

SHIPPED = [
    (DATA / f"{name}.csv", layout)
    for name, layout in [
        ("census2021_ts019_migrant_indicator_msoa21_yorkshire_humber", "census-ts019-msoa"),
        ("census2021_ts029_english_proficiency_msoa21_yorkshire_humber", "census-ts029-msoa"),
        ("census2021_ts022_ethnic_group_msoa21_yorkshire_humber", "census-ts022-msoa"),
        ("census2021_ts021_ethnic_group_detailed_ltla21_yorkshire_humber", "census-ts021-ltla"),
        ("census2021_lad_indicators_onsvisual_yorkshire_humber", "census-la-indicators"),
        ("nino_registrations_calendar_year_yorkshire_humber_2002_2025", "nino-calendar-year"),
        ("nino_top10_nationalities_2025_selected_yorkshire_las", "nino-top-nationalities"),
    ]
]
