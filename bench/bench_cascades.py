"""Cascades benchmark: the cascade view with 1,000,000 reach reports.

    .venv/bin/python bench/bench_cascades.py [--reports 1000000] [--baseline 10000]
        [--requests 20] [--postgres-url postgres://postgres@127.0.0.1:5432/bridges_bench_cascades]

It drops and re-creates the named PostgreSQL database, migrates it with production settings
(as bench_contacts.py does), and builds a programme with 60 active networkers, 12 communities
and 24 key messages, and a second programme with 5,000 reports of its own (a trap: none may be
counted). It fills the programme with `--baseline` reach reports, rebuilds the summary table
(`services.summary_rebuild`, as `manage.py cascades_rebuild_summary` does) and measures the
pages; then tops the reports up to `--reports`, rebuilds again (timed) and measures again, in
the same run. For each page it prints the queries per request at both sizes (they must be
equal: the pages read the summary, never the reports) and p50/p95 milliseconds over
`--requests` requests. It also times reports stored one by one through the service (the
summary kept up to date on each write) at the large size. Pages, through Django's test client
in this process: the coordinator's cascade view (every message, one message, a date range),
a message's page, the analyst's cascade view and the CSV download. Only 127.0.0.1 is contacted.
"""

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bench_contacts  # noqa: E402  (settings, Django set-up, the signed-in client, timing)

PROGRAMME = "bench-cascades"
OTHER = "bench-cascades-other"
CHANNELS = [
    "messaging_group", "worship", "school_gate", "one_to_one", "community_event", "radio",
    "social_media", "other",
]  # fmt: skip


def build(slug: str, *, messages: int):
    from django.utils import timezone

    from bridges.accounts.models import Membership
    from bridges.accounts.roles import Role
    from bridges.accounts.tests.factories import member
    from bridges.cascades.models import KeyMessage
    from bridges.networkers.models import Community

    world = bench_contacts.build_programme(slug, networkers=60, with_users=False)
    programme = world["programme"]
    communities = [
        Community.objects.create(programme=programme, name=f"Community {n:02d}") for n in range(12)
    ]
    today = timezone.localdate()
    made = []
    for n in range(messages):
        starts = today - timedelta(days=365 - n * 14)
        message = KeyMessage.objects.create(
            programme=programme,
            title=f"Key message {n:02d}",
            text="The message in plain words.",
            short_text="The short version.",
            source_language_id="en",
            starts_on=starts,
            ends_on=starts + timedelta(days=42),
        )
        message.codes = bench_contacts.LANGUAGES[: 4 + n % 6]
        message.languages.set(message.codes)
        message.communities.set(communities[n % 6 : n % 6 + 4])
        made.append(message)
    analyst = member(programme, Role.ANALYST, email=f"analyst@{slug}.example")
    assert Membership.objects.filter(user=analyst, programme=programme).exists()
    world.update({"messages": made, "communities": communities, "analyst": analyst})
    return world


def add_reports(world, count: int, *, seed: int) -> float:
    from django.db import connection

    from bridges.cascades.models import ReachReport
    from bridges.contacts.selectors import programme_wards

    rng = random.Random(seed)
    wards = list(programme_wards(programme=world["programme"]).values_list("pk", flat=True))
    networkers = world["networkers"]
    started = time.perf_counter()
    batch = []
    for _ in range(count):
        message = rng.choice(world["messages"])
        languages = message.codes
        day = message.starts_on + timedelta(days=rng.randrange(42))
        batch.append(
            ReachReport(
                programme_id=world["programme"].pk,
                message_id=message.pk,
                networker=rng.choice(networkers),
                client_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                content_hash="bench",
                date=day,
                channel=rng.choice(CHANNELS),
                language_id=rng.choice(languages),
                community=rng.choice(world["communities"]) if rng.random() < 0.7 else None,
                area_id=rng.choice(wards) if rng.random() < 0.8 else None,
                people_reached=rng.randint(1, 200),
            )
        )
        if len(batch) == 10_000:
            ReachReport.objects.bulk_create(batch)
            batch = []
    if batch:
        ReachReport.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE cascades_reachreport")
    return time.perf_counter() - started


def rebuild(programme) -> tuple[float, int]:
    from bridges.cascades.services import summary_rebuild

    started = time.perf_counter()
    rows = summary_rebuild(programme=programme)
    return time.perf_counter() - started, rows


def page_urls(world) -> dict[str, tuple[str, str]]:
    base = f"/p/{PROGRAMME}/cascades/"
    one = world["messages"][10].pk
    return {
        "coordinator: cascade view, every message": ("coordinator", f"{base}reach/"),
        "coordinator: cascade view, one message": ("coordinator", f"{base}reach/?message={one}"),
        "coordinator: cascade view, three months": (
            "coordinator",
            f"{base}reach/?start=2026-06-01&end=2026-08-31",
        ),
        "coordinator: a message's page": ("coordinator", f"{base}{one}/"),
        "analyst: cascade view (small numbers suppressed)": ("analyst", f"{base}reach/"),
        "coordinator: CSV download": ("coordinator", f"{base}reach/download/?format=csv"),
    }


def measure(world, options) -> dict:
    clients = {
        "coordinator": bench_contacts.signed_in_client(world["coordinator"], staff=True),
        "analyst": bench_contacts.signed_in_client(world["analyst"], staff=True),
    }
    return {
        label: bench_contacts.measure_page(clients[who], url, options.requests)
        for label, (who, url) in page_urls(world).items()
    }


def write_path(world, count: int) -> dict:
    """Reports stored one by one through the service, as the form and the phone send them."""
    from django.utils import timezone

    from bridges.cascades.services import ReachData, reach_report

    rng = random.Random(9)
    times = []
    for _ in range(count):
        message = world["messages"][-1]
        data = ReachData(
            date=timezone.localdate(),
            channel=rng.choice(CHANNELS),
            language=rng.choice(message.codes),
            people_reached=rng.randint(1, 200),
            community=rng.choice(world["communities"]).pk,
        )
        started = time.perf_counter()
        reach_report(
            message=message,
            networker=rng.choice(world["networkers"]),
            client_id=uuid.uuid4(),
            data=data,
            recorded_by=None,
        )
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[max(int(len(times) * 0.95) - 1, 0)], 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--postgres-url", default="postgres://postgres@127.0.0.1:5432/bridges_bench_cascades"
    )
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--baseline", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=20)
    options = parser.parse_args()
    machine = (
        f"{platform.machine()}, {os.cpu_count()} CPU cores, Python {platform.python_version()}"
    )
    print(f"Cascades benchmark — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC — {machine}")
    record = {"when": datetime.now(UTC).isoformat(timespec="seconds"), "machine": machine}
    with tempfile.TemporaryDirectory(prefix="bridges-bench-") as tmp:
        env = bench_contacts.prepare(options, Path(tmp))
        bench_contacts.django_setup(env)
        from django.db import connections

        from bridges.cascades import selectors

        world = build(PROGRAMME, messages=24)
        other = build(OTHER, messages=3)
        add_reports(other, 5_000, seed=2)
        rebuild(other["programme"])
        add_reports(world, options.baseline, seed=1)
        rebuild(world["programme"])
        small = measure(world, options)
        seconds = add_reports(world, options.reports - options.baseline, seed=3)
        print(f"Built {options.reports:,} reports in {seconds:.0f} s.", flush=True)
        rebuilt, rows = rebuild(world["programme"])
        print(
            f"Summary rebuilt from {options.reports:,} reports in {rebuilt:.1f} s: {rows:,} rows."
        )
        large = measure(world, options)
        writes = write_path(world, 200)
        cascade = selectors.cascade_view(programme=world["programme"], suppress=False)
        counted = cascade.reports.value
        connections.close_all()
    print()
    print(
        f"| page | queries at {options.baseline:,} | queries at {options.reports:,} | "
        f"p50 ms | p95 ms | p95 at {options.baseline:,} |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    same = counted == options.reports + 200
    for label in large:
        a, b = small[label], large[label]
        same = same and a["queries"] == b["queries"]
        print(
            f"| {label} | {a['queries']} | {b['queries']} | {b['p50_ms']} | {b['p95_ms']} | "
            f"{a['p95_ms']} |"
        )
    print()
    print(
        f"A report stored through the service (summary kept on write), 200 at "
        f"{options.reports:,}: p50 {writes['p50_ms']} ms, p95 {writes['p95_ms']} ms."
    )
    print(f"Reports counted by the cascade view: {counted:,} (the other programme's left out).")
    print("Query counts constant and counts exact:", "yes" if same else "NO")
    record.update(
        {
            "small": {k: {**v, "sql": None} for k, v in small.items()},
            "large": {k: {**v, "sql": None} for k, v in large.items()},
            "rebuild_seconds": rebuilt,
            "summary_rows": rows,
            "writes": writes,
        }
    )
    output = ROOT / "bench" / "output"
    output.mkdir(exist_ok=True)
    (output / "cascades.json").write_text(json.dumps(record, indent=2, default=str))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
