"""What every statistics layout is read into, and the small helpers the readers share.

A reader takes the file's bytes and returns a `Parsed`: the dataset's description, its
indicators, and rows that each name one figure (indicator code, area, period, category, value,
marker). Readers never touch the database, except to look up local-authority names (Stat-Xplore
names areas, not codes), which they are handed as a mapping.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from django.utils.text import slugify
from django.utils.translation import gettext as _

OGL = "Open Government Licence v3.0"
ONS = "Office for National Statistics"
DWP = "Department for Work and Pensions"

# Cells a publisher writes where a figure is withheld or not available.
SUPPRESSION_MARKERS = {"..", ".", "-", "*", "x", "c", ":", "~", "z", "[c]", "[x]", "[z]"}


class ImportFailed(Exception):
    """The file cannot be read at all; the message says why, in the reader's language."""


@dataclass
class DatasetMeta:
    slug: str
    title: str
    publisher: str = ""
    licence: str = ""
    source: str = ""
    url: str = ""
    notes: str = ""
    released_on: str = ""  # ISO date, or ""


@dataclass
class IndicatorMeta:
    code: str
    label: str
    unit: str = ""
    measure: str = "count"
    denominator: str = ""
    notes: str = ""


@dataclass
class Row:
    line: int
    indicator: str
    period: str
    value: Decimal | None
    area_code: str = ""
    area_vintage: str = ""
    area_name: str = ""  # used to find the code when the file names areas only
    category_dimension: str = ""
    category: str = ""
    marker: str = ""


@dataclass
class Parsed:
    dataset: DatasetMeta
    indicators: dict[str, IndicatorMeta]
    rows: list[Row] = field(default_factory=list)
    # Whole-file remarks for the import's result ("12 cross-classified rows left out").
    notes: list[str] = field(default_factory=list)
    # Rows the reader could not use: {"line", "code", "kind", "reason"}.
    problems: list[dict] = field(default_factory=list)

    def indicator(self, code: str, label: str, **extra) -> str:
        if code not in self.indicators:
            self.indicators[code] = IndicatorMeta(code=code, label=label, **extra)
        return code


def decode(payload: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252, as analysts' files come."""
    try:
        return payload.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return payload.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ImportFailed(_("Could not read the file: it is not UTF-8 text.")) from error


def clean(text: str | None) -> str:
    """A header or label with non-breaking spaces and surrounding space removed."""
    if not text:
        return ""
    return " ".join(text.replace("\u00a0", " ").split())


def csv_rows(payload: bytes) -> list[list[str]]:
    try:
        return list(csv.reader(io.StringIO(decode(payload), newline="")))
    except csv.Error as error:
        raise ImportFailed(_("Could not read the file: it is not a CSV file.")) from error


def dict_rows(payload: bytes, required: set[str]) -> list[tuple[int, dict[str, str]]]:
    """Rows of a CSV with a header line, as (line number, {column: value}); fails if a
    required column is missing."""
    rows = csv_rows(payload)
    if not rows:
        raise ImportFailed(_("The file is empty."))
    header = [clean(name) for name in rows[0]]
    missing = sorted(required - set(header))
    if missing:
        raise ImportFailed(
            _("The file does not have the columns this layout needs: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    return [
        (number, dict(zip(header, (clean(cell) for cell in row), strict=False)))
        for number, row in enumerate(rows[1:], start=2)
        if any(cell.strip() for cell in row)
    ]


def number(text: str) -> tuple[Decimal | None, str]:
    """A cell's value and marker: ("1,234" → 1234, ""), (".." → None, "suppressed")."""
    text = clean(text).replace(",", "")
    if text.lower() in SUPPRESSION_MARKERS or text == "" or text.upper() == "NA":
        return None, "suppressed"
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None, "suppressed"
    if not value.is_finite():
        return None, "suppressed"
    return value, ""


@lru_cache(maxsize=4096)
def code_of(text: str, max_length: int = 80) -> str:
    return slugify(text).replace("-", "_")[:max_length] or "value"


MONTHS = {
    name: number
    for number, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}
_RANGE = re.compile(
    r"^(?P<m1>[A-Za-z]{3})[a-z]*[- ](?P<y1>\d{4}|\d{2})\s+to\s+"
    r"(?P<m2>[A-Za-z]{3})[a-z]*[- ](?P<y2>\d{4}|\d{2})\b"
)


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def period_of(label: str) -> tuple[str, str]:
    """A period label as the store writes it, and a marker: "Jan-23 to Mar-23" → "2023-Q1",
    "Jan-2025 to Dec-2025 (…)" → "2025", "2021" → "2021", "*Apr-24 to Jun-24" → ("2024-Q2",
    "provisional"). Anything else is kept as written."""
    text = clean(label)
    marker = ""
    if text.startswith("*"):
        marker, text = "provisional", text[1:].strip()
    match = _RANGE.match(text)
    if match:
        m1, m2 = MONTHS.get(match["m1"].lower()), MONTHS.get(match["m2"].lower())
        y1, y2 = _year(match["y1"]), _year(match["y2"])
        if m1 and m2:
            if y1 == y2 and m1 == 1 and m2 == 12:
                return str(y1), marker
            if y1 == y2 and m2 == m1 + 2 and m1 % 3 == 1:
                return f"{y1}-Q{(m1 + 2) // 3}", marker
            if y2 == y1 + 1 and m1 == 4 and m2 == 3:
                return f"{y1}-{str(y2)[2:]}", marker  # a financial year: "2024-25"
    return text[:20], marker


def is_total(label: str) -> bool:
    return clean(label).lower().startswith("total")
