"""Map layer benchmark: the choropleth of every MSOA in England and Wales (about 7,300), its
time (p50/p95) and bytes (raw and compressed), against the Leeds layer (107 MSOAs) drawn in the
same run.

    .venv/bin/python bench/bench_map.py [--areas 7300] [--runs 30]

Builds a throw-away SQLite database with the shipped Yorkshire and The Humber MSOA boundaries
(694, simplified as `load_reference_data` does). England and Wales' boundaries are not shipped,
so the national layer is made of copies of the 694 set side by side (same shapes, same number
of points per area) up to --areas, all inside one made-up area, each with a figure. Times are
for a warm process: the projected layer is kept per process (`maps.layer`), so a request does
the figures' query, the classes and the SVG; the first, cold projection is printed apart.
Each layer is timed two ways in alternate rounds: the areas' SVG written on every request, and
read from the shared cache (written once per figures, language and choice: `_area_links`).
"""

import argparse
import gzip
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--areas", type=int, default=7300)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    (ROOT / "var").mkdir(exist_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench_map.sqlite3'}"
    import django

    django.setup()
    from django.db import connection
    from django.template.loader import render_to_string

    connection.settings_dict["TEST"]["NAME"] = str(ROOT / "var" / "bench_map_test.sqlite3")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from bridges.core.models import Area
        from bridges.statistics import maps
        from bridges.statistics.models import Dataset, Indicator, Observation
        from bridges.statistics.selectors import values_for_map
        from bridges.statistics.tests.factories import LEEDS, load_areas
        from bridges.statistics.views import _area_links

        load_areas(boundaries=True)
        originals = list(Area.objects.filter(kind="msoa").values_list("code", "boundary"))
        nation = Area.objects.create(code="E12999999", name="Bench nation", kind="region")
        copies = []
        for index in range(args.areas):
            code, boundary = originals[index % len(originals)]
            shift = 3.0 * (index // len(originals))
            copies.append(
                Area(
                    code=f"B{index:08d}",
                    name=f"Bench {index}",
                    kind="msoa",
                    parent=nation,
                    vintage="2021",
                    boundary=_shifted(boundary, shift),
                )
            )
        Area.objects.bulk_create(copies, batch_size=500)
        dataset = Dataset.objects.create(slug="bench", title="Bench", publisher="-", licence="-")
        indicator = Indicator.objects.create(dataset=dataset, code="bench", label="Bench")
        codes = [a.code for a in copies] + [
            code for code, _b in originals if Area.objects.filter(code=code, parent=LEEDS).exists()
        ]
        Observation.objects.bulk_create(
            [
                Observation(
                    indicator=indicator,
                    area_code=code,
                    area_kind="msoa",
                    area_vintage="2021",
                    period="2021",
                    value=(i * 37) % 1000,
                )
                for i, code in enumerate(codes)
            ],
            batch_size=1000,
        )

        class Programme:
            slug = "bench"

        def draw(within: str, kept: bool) -> bytes:
            base = maps.layer("msoa", within)
            values = values_for_map(indicator, "2021", "", "msoa", within=within)
            chart = maps.choropleth(base, values, "quantile")
            drawn = (indicator.pk, "2021", "msoa", "", "quantile", within) if kept else ()
            links = _area_links(chart, Programme(), drawn)
            html = render_to_string(
                "statistics/includes/choropleth.html", {"map": chart, "area_links": links}
            )
            return html.encode()

        results = {"areas": args.areas, "runs": args.runs}
        for name, within in [("leeds", LEEDS), ("national", nation.code)]:
            start = time.perf_counter()
            body = draw(within, kept=False)
            cold = time.perf_counter() - start
            results[name] = {
                "areas": Area.objects.filter(parent_id=within, kind="msoa").count(),
                "cold_ms": round(cold * 1000),
            }
            # Written every time (no shared cache), then from the shared cache (the SVG
            # written once per figures and language), in alternate rounds.
            times = {False: [], True: []}
            for _ in range(args.runs):
                for kept in (False, True):
                    start = time.perf_counter()
                    body = draw(within, kept)
                    times[kept].append(time.perf_counter() - start)
            for kept, label in ((False, "written"), (True, "cached")):
                ordered = sorted(times[kept])
                results[name][label] = {
                    "p50_ms": round(statistics.median(ordered) * 1000, 1),
                    "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1),
                }
            results[name]["bytes"] = len(body)
            results[name]["gzip_bytes"] = len(gzip.compress(body))
        results["load_average"] = os.getloadavg()
        results["ratio_p95_national_to_leeds"] = round(
            results["national"]["written"]["p95_ms"] / results["leeds"]["written"]["p95_ms"], 1
        )
        results["targets"] = {"p95_ms": 300, "gzip_bytes": 500_000}
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(json.dumps(results, indent=1))


def _shifted(geometry: dict, shift: float) -> dict:
    def move(item):
        if isinstance(item[0], int | float):
            return [item[0] + shift, item[1]]
        return [move(part) for part in item]

    return {"type": geometry["type"], "coordinates": move(geometry["coordinates"])}


if __name__ == "__main__":
    main()
