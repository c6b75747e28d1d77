"""The layouts analysts download, in files generated here: what is stored, what is reported,
and that the stored figures reproduce the file's own totals."""

import pytest
from django.core.management import CommandError, call_command

from bridges.statistics.models import Dataset, Indicator, Observation

from .factories import (
    BRADFORD,
    HULL,
    LA_QUARTERS,
    LEEDS,
    NATIONALITIES,
    NORTH_YORKSHIRE,
    import_file,
    leeds_msoas,
    load_areas,
    nomis_ts019,
    ons_custom_msoa_old_style,
    ons_custom_wards,
    stat_xplore_crosstab,
    stat_xplore_table_layout,
    stat_xplore_two_row_variables,
    tidy_file,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def areas():
    load_areas()


def _figures(code: str, **filters) -> dict:
    return dict(
        Observation.objects.filter(area_code=code, **filters).values_list("period", "value")
    )


def test_stat_xplore_cross_tab_reproduces_each_areas_total_column():
    record = import_file(stat_xplore_crosstab(), "stat-xplore", name="NINO_LA_quarters.csv")
    assert record.status == "done", record.failure
    assert record.dataset.slug == "dwp-nino-registrations"
    leeds = _figures(LEEDS)
    assert leeds == {"2023-Q1": 4210, "2023-Q2": 3930, "2023-Q3": 3860, "2023-Q4": 4080}
    assert sum(leeds.values()) == sum(LA_QUARTERS["Leeds"])  # the file's Total column
    # Found by name, whatever the file's comma: "Kingston upon Hull, City of".
    assert sum(_figures(HULL).values()) == 2380
    # The suppressed cell is kept as suppressed, not as zero.
    bradford = Observation.objects.get(area_code=BRADFORD, period="2023-Q3")
    assert (bradford.value, bradford.marker) == (None, "suppressed")
    # "*" marks a provisional period.
    assert Observation.objects.get(area_code=LEEDS, period="2023-Q4").marker == "provisional"
    # The Total row (all areas) and column (all quarters) are not figures of an area or period.
    assert not Observation.objects.exclude(area_code__in=[LEEDS, BRADFORD, HULL]).exists()
    assert [(p["kind"], p["code"]) for p in record.problems] == [("unknown_area", "Nowhere Town")]
    assert record.skipped_count == 4
    assert record.problems[0]["line"] == 15
    assert len(record.notes) == 2


def test_stat_xplore_fills_down_row_labels_and_ignores_annotations():
    record = import_file(stat_xplore_two_row_variables(), "stat-xplore")
    assert record.status == "done", record.failure
    india = _figures(LEEDS, category="India")
    assert india == {"2024-Q1": 900, "2024-Q2": 880}
    assert _figures(LEEDS, category="Other / unknown") == {"2024-Q1": 40, "2024-Q2": 30}
    # The nationality "Total" is the area's total, taken as published, not re-added.
    assert _figures(LEEDS, category="") == dict(
        zip(["2024-Q1", "2024-Q2"], NATIONALITIES["Leeds"]["Total"], strict=True)
    )
    assert _figures(BRADFORD, category="Pakistan") == {"2024-Q1": 500, "2024-Q2": 450}
    assert (
        Observation.objects.get(
            area_code=LEEDS, category="India", period="2024-Q1"
        ).category_dimension
        == "Nationality"
    )


def test_stat_xplore_table_layout_keeps_one_category_at_a_time():
    record = import_file(stat_xplore_table_layout(), "stat-xplore", name="NINo_Registrations.csv")
    assert record.status == "done", record.failure
    indicator = Indicator.objects.get(pk=Observation.objects.first().indicator_id)
    assert indicator.code == "stat_xplore" or indicator.label
    assert _figures(LEEDS, category="Poland") == {"2023-Q1": 120}
    assert _figures(LEEDS, category="") == {"2023-Q1": 330}
    assert _figures(LEEDS, category="India") == {"2023-Q1": 210, "2023-Q2": 220}
    assert Observation.objects.get(area_code="E08000036").marker == "suppressed"
    assert any("more than one category" in note for note in record.notes)


def test_nomis_bulk_reproduces_totals_and_reports_areas_without_a_boundary():
    codes = sorted(leeds_msoas())[:5]
    payload, totals = nomis_ts019(codes)
    record = import_file(payload, "nomis-bulk", name="census2021-ts019-msoa.csv")
    assert record.status == "done", record.failure
    assert record.dataset.slug == "census-2021-ts019"
    for code, total in totals.items():
        figures = Observation.objects.filter(area_code=code)
        assert figures.get(category="").value == total
        assert sum(f.value for f in figures.exclude(category="")) == total
    assert (
        figures.get(
            category="Migrant from outside the UK: Address one year ago was outside the UK"
        ).category_dimension
        == "Migrant indicator"
    )
    assert {p["code"] for p in record.problems} == {"W02000001"}
    # The same table from the shipped file lands on the same figures (same key).
    again = import_file(payload, "nomis-bulk", name="census2021-ts019-msoa.csv")
    assert (again.created_count, again.updated_count) == (0, 25)


def test_nomis_refuses_output_area_files():
    record = import_file(
        b"date,geography,geography code\n", "nomis-bulk", name="census2021-ts019-oa.csv"
    )
    assert record.status == "failed"
    assert "output area" in record.failure


def test_ons_custom_dataset_drops_does_not_apply_and_matches_headers_in_any_case():
    wards = import_file(ons_custom_wards(), "ons-custom")
    assert wards.status == "done", wards.failure
    assert _figures("E05011385", category="Europe: United Kingdom") == {"2021": 20140}
    assert not Observation.objects.filter(category="Does not apply").exists()
    assert [p["code"] for p in wards.problems] == ["E05099999"]
    indicator = Indicator.objects.get(code="country_of_birth_12_categories")
    assert indicator.observations.first().category_dimension == "Country of birth"
    msoa = import_file(ons_custom_msoa_old_style(), "ons-custom")
    assert msoa.status == "done", msoa.failure
    assert _figures("E02002330", category="Migrant from outside the UK") == {"2021": 75}
    assert (
        Observation.objects.get(
            area_code="E02002330", category="Migrant from outside the UK"
        ).area_kind
        == "msoa"
    )


def test_tidy_checks_codes_and_vintages_per_row():
    payload = tidy_file(
        [
            f"people,People,people,count,,{LEEDS},2021,2021,,,100,",
            f"people,People,people,count,,{LEEDS},2021,2021,Age,0-15,20,",
            # An MSOA code given as a 2011 code: the loaded boundary is of 2021.
            "people,People,people,count,,E02002330,2011,2021,,,7,",
            # North Yorkshire's unitary code did not exist in 2021.
            f"people,People,people,count,,{NORTH_YORKSHIRE},2021,2021,,,9,",
            "people,People,people,count,,E07000163,2021,2021,,,3,",
            f"people,People,people,count,,{BRADFORD},,2021,,,..,",
            f"people,People,people,count,,{BRADFORD},,2022,,,12,provisional",
            f"people,People,people,count,,{LEEDS},2021,2021,,,100,",
        ]
    )
    record = import_file(payload, "tidy")
    assert record.status == "done", record.failure
    assert (record.created_count, record.skipped_count) == (4, 4)
    problems = {(p["line"], p["code"], p["kind"]) for p in record.problems}
    assert problems == {
        (7, "E02002330", "vintage"),
        (8, NORTH_YORKSHIRE, "vintage"),
        (9, "E07000163", "unknown_area"),
        (12, LEEDS, "repeated"),
    }
    bradford = Observation.objects.get(area_code=BRADFORD, period="2021")
    assert (bradford.value, bradford.marker, bradford.area_vintage) == (None, "suppressed", "2024")
    assert Observation.objects.get(area_code=BRADFORD, period="2022").marker == "provisional"
    dataset = Dataset.objects.get()
    assert (dataset.publisher, dataset.licence) == (
        "Office for National Statistics",
        "Open Government Licence v3.0",
    )


def test_tidy_without_licence_fails_and_changes_nothing():
    record = import_file(
        b"indicator,area_code,period,value\npeople,E08000035,2021,1\n", "tidy", title="T"
    )
    assert record.status == "failed"
    assert "licence" in record.failure
    assert not Dataset.objects.exists()


def test_a_failure_while_writing_leaves_nothing(monkeypatch):
    """All or nothing: a write that fails after its first batches keeps none of them."""
    from bridges.statistics import services

    monkeypatch.setattr(services, "BATCH", 2)
    real = services.observations_upsert
    calls = []

    def upsert_then_fail(rows):
        calls.append(len(rows))
        if len(calls) == 3:
            raise RuntimeError("the disk is full")
        return real(rows)

    monkeypatch.setattr(services, "observations_upsert", upsert_then_fail)
    codes = sorted(leeds_msoas())[:3]
    record = import_file(nomis_ts019(codes)[0], "nomis-bulk", name="census2021-ts019-msoa.csv")
    assert record.status == "failed"
    assert "Nothing was changed" in record.failure
    assert len(calls) == 3
    assert not Observation.objects.exists()
    assert not Dataset.objects.exists()
    assert record.created_count == 0


def test_command_imports_from_a_shell(tmp_path, capsys):
    path = tmp_path / "census2021-ts019-msoa.csv"
    path.write_bytes(nomis_ts019(sorted(leeds_msoas())[:2])[0])
    call_command("import_statistics", str(path), "--layout", "nomis-bulk")
    out = capsys.readouterr().out
    assert "10 added, 0 updated, 5 left out" in out
    assert "W02000001" in out
    with pytest.raises(CommandError):
        call_command("import_statistics", str(tmp_path / "missing.csv"), "--layout", "tidy")


@pytest.mark.parametrize(
    ("label", "period", "marker"),
    [
        ("Jan-23 to Mar-23", "2023-Q1", ""),
        ("*Oct-25 to Dec-25", "2025-Q4", "provisional"),
        ("Jan-2025 to Dec-2025 (four quarters ending Oct-Dec 2025)", "2025", ""),
        ("Apr-24 to Mar-25", "2024-25", ""),
        ("2021", "2021", ""),
    ],
)
def test_period_labels(label, period, marker):
    from bridges.statistics.importers.common import period_of

    assert period_of(label) == (period, marker)


def test_a_windows_1252_file_is_read():
    payload = tidy_file([f"people,People,people,count,,{LEEDS},2021,2021,Nationality,Curaçao,4,"])
    record = import_file(payload.decode().encode("cp1252"), "tidy")
    assert record.status == "done", record.failure
    assert Observation.objects.get().category == "Curaçao"


def test_a_files_own_description_cannot_put_a_script_link_on_a_page():
    payload = tidy_file([f"people,People,people,count,,{LEEDS},2021,{'9' * 30},,,1,"])
    payload = b"# url: javascript:alert(1)\n# dataset: My <b>data</b>\n" + payload
    record = import_file(payload, "tidy")
    assert record.status == "done", record.failure
    dataset = Dataset.objects.get()
    assert (dataset.url, dataset.slug) == ("", "my-bdatab")
    assert [p["kind"] for p in record.problems] == ["format"]  # a period too long
