"""Statistics import benchmark (a first cut): figures per second through the whole import
(read, check every area and vintage, write in one transaction), and, on PostgreSQL, the same
rows through `COPY` into a bare table in the same run, as the floor to compare with.

    .venv/bin/python bench/bench_statistics.py --database sqlite --rows 100000
    .venv/bin/python bench/bench_statistics.py --database postgres --rows 1000000 \
        --postgres-url postgres://postgres@127.0.0.1:5432/bridges_bench_statistics

Builds a throw-away database (a test database, dropped at the end) with the areas of Yorkshire
and The Humber (694 MSOAs), generates a tidy CSV (docs/statistics-format.md) of --rows figures
(MSOA × quarter × nationality, made-up values) and imports it twice: the first run adds every
figure, the second updates every one. The issue's target (10,000,000 rows, at least 0.3× COPY)
is not yet measured here: see bench/RESULTS.md.
"""

import argparse
import io
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADER = "indicator,area_code,area_vintage,period,category_dimension,category,value\n"


def generate(codes: list[str], rows: int) -> tuple[bytes, int]:
    quarters = [f"{year}-Q{q}" for year in range(2002, 2026) for q in range(1, 5)]
    per_category = len(codes) * len(quarters)
    categories = max(1, -(-rows // per_category))
    lines = [
        "# title: Benchmark figures\n# publisher: Bridges benchmark\n# licence: none\n",
        HEADER,
    ]
    written = 0
    for category in range(categories):
        for period in quarters:
            for index, code in enumerate(codes):
                if written == rows:
                    break
                value = (index * 7 + category * 13 + len(period)) % 5000
                lines.append(
                    f"registrations,{code},2021,{period},Nationality,Country {category},{value}\n"
                )
                written += 1
    return "".join(lines).encode(), written


def copy_floor(payload: bytes) -> float:
    """Seconds for PostgreSQL's COPY of the same rows into an unindexed table."""
    from django.db import connection

    body = payload.decode().split(HEADER, 1)[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_copy (indicator text, area_code text, area_vintage text, "
            "period text, category_dimension text, category text, value numeric)"
        )
        start = time.perf_counter()
        with cursor.cursor.copy("COPY bench_copy FROM STDIN (FORMAT csv)") as copy:
            copy.write(io.StringIO(body).read())
        seconds = time.perf_counter() - start
        cursor.execute("DROP TABLE bench_copy")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--postgres-url", default="postgres://postgres@127.0.0.1:5432/bridges_bench_statistics"
    )
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    if args.database == "postgres":
        os.environ["DATABASE_URL"] = args.postgres_url
    else:
        (ROOT / "var").mkdir(exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench_statistics.sqlite3'}"
    import django

    django.setup()
    from django.db import connection

    from bridges.statistics.tests.factories import import_file, load_areas

    if args.database == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(
            ROOT / "var" / "bench_statistics_test.sqlite3"
        )
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        load_areas()
        from bridges.core.models import Area

        codes = list(Area.objects.filter(kind="msoa").values_list("code", flat=True))
        payload, rows = generate(codes, args.rows)
        results = {"database": args.database, "rows": rows}
        for run in ("add", "update"):
            start = time.perf_counter()
            record = import_file(payload, "tidy", name="bench.csv")
            seconds = time.perf_counter() - start
            assert record.status == "done", record.failure
            results[run] = {
                "seconds": round(seconds, 2),
                "rows_per_second": round(rows / seconds),
                "added": record.created_count,
                "updated": record.updated_count,
            }
        if args.database == "postgres":
            seconds = copy_floor(payload)
            results["copy"] = {
                "seconds": round(seconds, 2),
                "rows_per_second": round(rows / seconds),
            }
            results["ratio_to_copy"] = round(
                results["copy"]["seconds"] / results["add"]["seconds"], 3
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
