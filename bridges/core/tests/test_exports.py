"""Downloads cannot be run as spreadsheet formulas (bridges/core/exports.py)."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from bridges.core.exports import (
    csv_text,
    neutralise,
    neutralise_undo,
    table_response,
    xlsx_bytes,
)

FORMULAS = ["=1+2", "+1", "-1+1", "@SUM(1)", "\t=1", "\r=1", '=HYPERLINK("http://x","y")']


@pytest.mark.parametrize("value", FORMULAS)
def test_text_that_starts_like_a_formula_is_prefixed_and_can_be_restored(value):
    assert neutralise(value) == "'" + value
    assert neutralise_undo(neutralise(value)) == value


@pytest.mark.parametrize("value", ["plain", "", "a=b", "'quoted", 7, -3, -0.5, Decimal("-2")])
def test_other_values_are_unchanged(value):
    assert neutralise(value) == value
    assert neutralise_undo(value) == value


def test_csv_writes_text_cells_neutralised_and_numbers_as_numbers():
    text = csv_text(header=["name", "n"], rows=[["=1+2", -3], [None, 4]])
    assert list(csv.reader(io.StringIO(text))) == [["name", "n"], ["'=1+2", "-3"], ["", "4"]]


def test_xlsx_writes_text_cells_never_formulas():
    data = xlsx_bytes(header=["name", "n"], rows=[[value, -3] for value in FORMULAS])
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(min_row=2))
    for value, (name, number) in zip(FORMULAS, rows, strict=True):
        assert name.data_type == "s" and name.quotePrefix
        # An XML parser may read a carriage return as a newline (the standard library's does;
        # lxml, which openpyxl uses when installed, keeps it).
        assert name.value in (value, value.replace("\r", "\n"))
        assert number.value == -3 and number.data_type == "n"


def test_xlsx_drops_characters_a_workbook_cannot_hold():
    data = xlsx_bytes(header=["name"], rows=[["bell\x07"]])
    assert load_workbook(io.BytesIO(data)).active["A2"].value == "bell"


def test_table_response_names_the_file_for_its_format():
    csv_response = table_response(format="csv", filename="x", header=["a"], rows=[["=1"]])
    assert csv_response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert csv_response.content.decode() == "a\r\n'=1\r\n"
    other = table_response(format="anything", filename="x", header=["a"], rows=[])
    assert other["Content-Disposition"] == 'attachment; filename="x.csv"'
    xlsx = table_response(format="xlsx", filename="x", header=["a"], rows=[])
    assert xlsx["Content-Disposition"] == 'attachment; filename="x.xlsx"'
