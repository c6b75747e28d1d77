"""Writes of the statistics store: check a read file's rows against the loaded areas, then
write the dataset, its indicators and every figure in one transaction.

Checking: a row whose area code is not among the loaded areas, or whose code is of another
vintage than the loaded boundary it would be drawn on, is left out and reported with its line.
Writing: a figure already held (same indicator, area, period, category dimension and
category) is updated, so importing a file again changes nothing and adds nothing.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import connection, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .freshness import figures_changed
from .importers.areas import AreaIndex
from .importers.common import Parsed
from .models import Dataset, Indicator, Observation

# Problems kept in an import's result; beyond this only the count is kept.
PROBLEMS_KEPT = 1000
BATCH = 5000
LARGEST = Decimal("1e14")  # what the value column holds (20 digits, 6 after the point)
KEY_FIELDS = ["indicator", "area_code", "period", "category_dimension", "category"]


@dataclass
class Checked:
    """Rows ready to write, and those left out, with why."""

    rows: list = field(default_factory=list)  # (Row, KnownArea)
    problems: list[dict] = field(default_factory=list)  # one per line of the file and reason
    skipped: int = 0  # figures left out
    _reported: set = field(default_factory=set)

    def problem(self, line: int, code: str, kind: str, reason: str) -> None:
        self.skipped += 1
        if (line, code, kind) in self._reported or len(self.problems) >= PROBLEMS_KEPT:
            return
        self._reported.add((line, code, kind))
        self.problems.append({"line": line, "code": code[:40], "kind": kind, "reason": reason})


def statistics_check(
    *, parsed: Parsed, areas: AreaIndex, progress: Callable[[int], None] | None = None
) -> Checked:
    """Validate every row's area (by code, or by name where the file names areas), vintage,
    value and key; report what cannot be used."""
    checked = Checked()
    for problem in parsed.problems:
        checked.problem(problem["line"], problem["code"], problem["kind"], problem["reason"])
    seen: dict[tuple, int] = {}
    for number, row in enumerate(parsed.rows, start=1):
        if progress and number % 5000 == 0:
            progress(number)
        area = areas.get(row.area_code) if row.area_code else None
        if area is None and not row.area_code and row.area_name:
            area = areas.named(row.area_name)
            if area is None:
                checked.problem(
                    row.line,
                    row.area_name,
                    "unknown_area",
                    _("no loaded local authority or region is called “%(name)s”")
                    % {"name": row.area_name[:80]},
                )
                continue
        if area is None:
            checked.problem(
                row.line,
                row.area_code or row.area_name,
                "unknown_area",
                _("%(code)s is not among the loaded areas") % {"code": row.area_code[:40]},
            )
            continue
        if not areas.vintage_matches(area, row.area_vintage):
            checked.problem(
                row.line,
                area.code,
                "vintage",
                _(
                    "%(code)s is given as a %(given)s code; the loaded boundary is of "
                    "%(loaded)s and the code does not stand for the same area in both"
                )
                % {"code": area.code, "given": row.area_vintage[:20], "loaded": area.vintage},
            )
            continue
        if row.value is not None and abs(row.value) >= LARGEST:
            checked.problem(row.line, area.code, "value", _("the value is too large"))
            continue
        too_long = len(row.period) > 20 or len(row.area_vintage) > 20
        if (
            not row.period
            or too_long
            or len(row.category) > 300
            or len(row.category_dimension) > 80
        ):
            checked.problem(row.line, area.code, "format", _("no period, or a label too long"))
            continue
        key = (row.indicator, area.code, row.period, row.category_dimension, row.category)
        if key in seen:
            checked.problem(
                row.line,
                area.code,
                "repeated",
                _("the same figure is on line %(line)s; that one was kept") % {"line": seen[key]},
            )
            continue
        seen[key] = row.line
        checked.rows.append((row, area))
    return checked


def _date(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _web_address(text: str) -> str:
    """The address if it is an http(s) one, else "" (a file may say anything: no
    `javascript:` link reaches a page)."""
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError:
        return ""
    return text[:500]


def dataset_save(*, parsed: Parsed, programme) -> tuple[Dataset, dict[str, Indicator]]:
    """Create or update the dataset (by programme and key) and its indicators (by code)."""
    meta = parsed.dataset
    fields = {
        "title": meta.title[:300],
        "publisher": meta.publisher[:200],
        "licence": meta.licence[:200],
        "source": meta.source[:300],
        "url": _web_address(meta.url),
        "notes": meta.notes,
    }
    released = _date(meta.released_on)
    if released:
        fields["released_on"] = released
    dataset, _created = Dataset.objects.update_or_create(
        programme=programme, slug=slugify(meta.slug)[:80] or "dataset", defaults=fields
    )
    indicators = {}
    for code, indicator in parsed.indicators.items():
        indicators[code], _created = Indicator.objects.update_or_create(
            dataset=dataset,
            code=code[:80],
            defaults={
                "label": indicator.label[:300],
                "unit": indicator.unit[:80],
                "measure": indicator.measure,
                "denominator": indicator.denominator[:300],
                "notes": indicator.notes,
            },
        )
    return dataset, indicators


COLUMNS = [
    "indicator_id",
    "area_code",
    "area_vintage",
    "area_kind",
    "period",
    "category_dimension",
    "category",
    "value",
    "marker",
]


VALUE_FIELD = Observation._meta.get_field("value")
PLACES = VALUE_FIELD.decimal_places
VALUE_STEP = Decimal(1).scaleb(-PLACES)  # 0.0000000001: every digit a published share has
ARRAY_TYPES = ["bigint", "text", "text", "text", "text", "text", "text", "numeric", "text"]


def observations_upsert(rows: list[tuple]) -> None:
    """Insert figures, or update those already held (same key), in one statement for many
    rows. Plain SQL because the ORM's `bulk_create(update_conflicts=True)` spends most of an
    import compiling the statement (bench/RESULTS.md). PostgreSQL takes the rows as one array
    per column (`unnest`), SQLite as many rows of parameters; both take
    `ON CONFLICT … DO UPDATE`."""
    if not rows:
        return
    quote = connection.ops.quote_name
    key = ", ".join(quote(name) for name in ["indicator_id", *KEY_FIELDS[1:]])
    updates = ", ".join(
        f"{quote(name)} = excluded.{quote(name)}"
        for name in ("value", "marker", "area_vintage", "area_kind")
    )
    target = f"{quote(Observation._meta.db_table)} ({', '.join(quote(c) for c in COLUMNS)})"
    conflict = f"ON CONFLICT ({key}) DO UPDATE SET {updates}"
    # Only the model's own table and column names go into the text; every value is a parameter.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            arrays = ", ".join(f"%s::{kind}[]" for kind in ARRAY_TYPES)
            sql = f"INSERT INTO {target} SELECT * FROM unnest({arrays}) {conflict}"  # noqa: S608
            cursor.execute(sql, [list(column) for column in zip(*rows, strict=True)])
        else:
            values = ", ".join(["%s"] * len(COLUMNS))
            sql = f"INSERT INTO {target} VALUES ({values}) {conflict}"  # noqa: S608
            cursor.executemany(sql, rows)


@transaction.atomic
def statistics_write(
    *,
    parsed: Parsed,
    checked: Checked,
    programme=None,
    before_commit: Callable[[Dataset], None] | None = None,
) -> dict:
    """Write the dataset, its indicators and every checked figure, all or nothing. Returns
    the dataset and how many figures were added and updated."""
    dataset, indicators = dataset_save(parsed=parsed, programme=programme)
    existing = set(
        Observation.objects.filter(indicator__in=indicators.values()).values_list(
            "indicator_id", "area_code", "period", "category_dimension", "category"
        )
    )
    created = updated = 0
    rows = []
    for row, area in checked.rows:
        indicator = indicators[row.indicator]
        key = (indicator.pk, area.code, row.period, row.category_dimension, row.category)
        if key in existing:
            updated += 1
        else:
            created += 1
        value = None if row.value is None else row.value.quantize(VALUE_STEP)
        rows.append(
            (
                *key[:2],
                row.area_vintage or area.vintage,
                area.kind,
                *key[2:],
                connection.ops.adapt_decimalfield_value(value, VALUE_FIELD.max_digits, PLACES),
                row.marker,
            )
        )
    for start in range(0, len(rows), BATCH):
        observations_upsert(rows[start : start + BATCH])
    figures_changed()
    if before_commit:
        before_commit(dataset)
    return {"dataset": dataset, "created": created, "updated": updated}
