"""Referrals benchmark: a large provider's referral list with 100,000 referrals.

    .venv/bin/python bench/bench_referrals.py [--referrals 100000] [--baseline 1000]
        [--requests 30] [--postgres-url postgres://postgres@127.0.0.1:5432/bridges_bench_referrals]

It drops and re-creates the named PostgreSQL database, migrates it with production settings
(as bench_contacts.py does), and builds a programme whose largest partner organisation runs 20
services, with one provider staff member, a coordinator and ten networkers; and a second
programme with 1,000 referrals to the same organisation's services there (a trap: none may
appear). It first fills the programme with `--baseline` referrals to the provider's services
and measures the pages (the baseline), then tops it up to `--referrals` and measures again, in
the same run. For each page it prints the queries per request at both sizes (they must be
equal: no query per row) and p50/p95 milliseconds over `--requests` requests, with the ratio of
the large p95 to the baseline's. Pages, through Django's test client in this process: the
provider's list (first page, page 2, a deep page, filtered by state, the overdue filter) and
the coordinator's list (first page). Only 127.0.0.1 is ever contacted.
"""

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bench_contacts  # noqa: E402  (settings, Django set-up, the signed-in client, timing)

PROGRAMME = "bench-referrals"
OTHER = "bench-referrals-other"
LANGUAGES = ["ar", "fa", "ur", "pl", "ro", "uk", "ti", "so", "ps", "ku"]


def build(slug: str, *, name: str, services: int):
    from bridges.accounts.models import Organisation, Programme
    from bridges.accounts.roles import Role
    from bridges.accounts.tests.factories import member
    from bridges.directory.models import Organization, Service

    programme = Programme.objects.create(slug=slug, name=name)
    partner = Organisation.objects.create(name=f"{name} Law Centre", kind="charity")
    partner.programmes.add(programme)
    organization = Organization.objects.create(
        programme=programme, name=partner.name, partner=partner
    )
    made = [
        Service.objects.create(
            programme=programme, organization=organization, name=f"Advice service {n:02d}"
        )
        for n in range(services)
    ]
    provider = member(programme, Role.PROVIDER, email=f"provider@{slug}.example")
    membership = provider.memberships.get(programme=programme)
    membership.organisation = partner
    membership.save()
    coordinator = member(programme, Role.COORDINATOR, email=f"coordinator@{slug}.example")
    networkers = [
        member(programme, Role.NETWORKER, email=f"n{n}@{slug}.example") for n in range(10)
    ]
    return SimpleNamespace(
        programme=programme,
        services=made,
        provider=provider,
        coordinator=coordinator,
        networkers=networkers,
    )


def add_referrals(world, count: int, *, seed: int) -> float:
    """`count` referrals to the world's services, in every state, over two years."""
    from django.utils import timezone

    from bridges.core.models import Language
    from bridges.referrals.models import CLOSED_STATES, Referral, State

    rng = random.Random(seed)
    codes = list(Language.objects.filter(code__in=LANGUAGES).values_list("code", flat=True))
    states = list(State.values)
    now = timezone.now()
    started = time.perf_counter()
    batch = []
    for n in range(count):
        state = rng.choice(states)
        at = now - timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
        changed = min(now, at + timedelta(days=rng.randrange(30)))
        closed = state in CLOSED_STATES
        batch.append(
            Referral(
                programme=world.programme,
                client_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                content_hash="bench",
                service=rng.choice(world.services),
                referred_by=rng.choice(world.networkers),
                referred_at=at,
                person_name=f"Person {n}",
                contact_method="phone",
                contact_detail=f"07700 900{n % 1000:03d}",
                note=None,
                language_id=rng.choice(codes),
                interpreter_needed=rng.random() < 0.5,
                consent_given_by="person",
                consent_given_at=at,
                consent_method="spoken",
                consent_purpose="To be contacted about this referral.",
                consent_wording_version="2026-12-1",
                consent_language="en",
                state=state,
                state_changed_at=changed,
                decline_reason="other" if state == State.DECLINED else "",
                closed_at=changed if closed else None,
                consent_withdrawn_at=changed if state == State.WITHDRAWN else None,
            )
        )
        if len(batch) == 5000:
            Referral.objects.bulk_create(batch)
            batch = []
    if batch:
        Referral.objects.bulk_create(batch)
    from django.db import connection

    with connection.cursor() as cursor:
        # What autovacuum does soon after a bulk insert: statistics, and the visibility map
        # that lets the list read its covering index alone.
        cursor.execute("VACUUM ANALYZE referrals_referral")
    return time.perf_counter() - started


def page_urls(slug: str, *, deep: int) -> dict[str, tuple[str, str]]:
    base = f"/p/{slug}/referrals/"
    return {
        "provider: list, page 1": ("provider", base),
        "provider: list, page 2": ("provider", f"{base}?page=2"),
        f"provider: list, page {deep}": ("provider", f"{base}?page={deep}"),
        "provider: completed": ("provider", f"{base}?state=completed"),
        "provider: overdue": ("provider", f"{base}?state=overdue"),
        "provider: Farsi": ("provider", f"{base}?language=fa"),
        "coordinator: list, page 1": ("coordinator", base),
    }


def measure(world, options, *, deep: int, trap: list[str]) -> dict:
    clients = {
        "provider": bench_contacts.signed_in_client(world.provider, staff=True),
        "coordinator": bench_contacts.signed_in_client(world.coordinator, staff=True),
    }
    results = {}
    for label, (who, url) in page_urls(PROGRAMME, deep=deep).items():
        result = bench_contacts.measure_page(clients[who], url, options.requests)
        body = clients[who].get(url).content.decode()
        result["trap_seen"] = any(f">{reference}<" in body for reference in trap)
        results[label] = result
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--postgres-url", default="postgres://postgres@127.0.0.1:5432/bridges_bench_referrals"
    )
    parser.add_argument("--referrals", type=int, default=100_000)
    parser.add_argument("--baseline", type=int, default=1_000)
    parser.add_argument("--requests", type=int, default=30)
    options = parser.parse_args()
    machine = (
        f"{platform.machine()}, {os.cpu_count()} CPU cores, Python {platform.python_version()}"
    )
    print(f"Referrals benchmark — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC — {machine}")
    record = {"when": datetime.now(UTC).isoformat(timespec="seconds"), "machine": machine}
    with tempfile.TemporaryDirectory(prefix="bridges-bench-") as tmp:
        env = bench_contacts.prepare(options, Path(tmp))
        bench_contacts.django_setup(env)
        from django.db import connections

        world = build(PROGRAMME, name="Bench City", services=20)
        other = build(OTHER, name="Other City", services=5)
        add_referrals(other, 1_000, seed=2)
        from bridges.referrals.models import Referral

        trap = [r.reference for r in Referral.objects.for_programme(other.programme).only("pk")]
        add_referrals(world, options.baseline, seed=1)
        small = measure(world, options, trap=trap, deep=max(2, options.baseline // 25 // 2))
        seconds = add_referrals(world, options.referrals - options.baseline, seed=3)
        print(f"Built {options.referrals:,} referrals in {seconds:.0f} s.")
        large = measure(world, options, trap=trap, deep=max(2, options.baseline // 25 // 2))
        deep = options.referrals // 25 // 2
        large_deep = measure_one(world, options, deep)
        connections.close_all()
    print()
    print(
        f"| page | queries at {options.baseline:,} | queries at {options.referrals:,} | "
        f"p50 ms | p95 ms | p95 at {options.baseline:,} | ratio |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    same = True
    for label in large:
        a, b = small[label], large[label]
        same = same and a["queries"] == b["queries"] and not b["trap_seen"]
        ratio = b["p95_ms"] / a["p95_ms"] if a["p95_ms"] else 0
        print(
            f"| {label} | {a['queries']} | {b['queries']} | {b['p50_ms']} | {b['p95_ms']} | "
            f"{a['p95_ms']} | {ratio:.1f}× |"
        )
    print(
        f"| provider: list, page {deep} | — | {large_deep['queries']} | "
        f"{large_deep['p50_ms']} | {large_deep['p95_ms']} | — | — |"
    )
    print()
    print("Query counts constant and no other programme's referral shown:", "yes" if same else "NO")
    record.update(
        {
            "small": {k: {**v, "sql": None} for k, v in small.items()},
            "large": {k: {**v, "sql": None} for k, v in large.items()},
            "deep": {**large_deep, "sql": None},
        }
    )
    output = ROOT / "bench" / "output"
    output.mkdir(exist_ok=True)
    (output / "referrals.json").write_text(json.dumps(record, indent=2, default=str))
    return 0 if same else 1


def measure_one(world, options, page: int) -> dict:
    client = bench_contacts.signed_in_client(world.provider, staff=True)
    return bench_contacts.measure_page(
        client, f"/p/{PROGRAMME}/referrals/?page={page}", options.requests
    )


if __name__ == "__main__":
    sys.exit(main())
