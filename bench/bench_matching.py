"""Benchmark: the suggested networkers for a support request, with 5,000 networkers.

Builds its own SQLite database in a temporary folder (or uses DATABASE_URL if set) with the
networkers benchmark's generator (5,000 networkers with languages, wards, DBS checks and
training completions), then gives the active ones a sign-in, completes the national "housing"
module for a third of them, and offers 2,000 open support requests among them (their load).
Then (on PostgreSQL) ANALYZE, as a running site's tables have statistics, and times
`suggest_networkers(request)` for requests in many languages, wards and needs:
p50/p95 wall time over ROUNDS calls, the queries per call, and the ratio to a baseline
measured in the same run: one indexed query (the first ten active networkers of the
programme, by the programme-and-stage index), and the previous version of the ranking
(`bench/matching_orm.py`: Django's ORM, three queries), in interleaved rounds so that the
machine's load falls on all three alike. It also checks that both versions give the same
networkers, scores and reasons for every request.

    .venv/bin/python bench/bench_matching.py [--networkers 5000] [--records 20000] [--rounds 300]
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_networkers import LANGUAGES, generate, setup  # noqa: E402

NEEDS = ["housing", "benefits", "health", "immigration", "work", "english", "education"]


def prepare(world: dict, rng: random.Random) -> list:
    from django.utils import timezone

    from bridges.accounts.models import User
    from bridges.core.models import Area
    from bridges.networkers.models import Networker
    from bridges.support.models import SupportRequest
    from bridges.training.models import Module, ModuleCompletion

    programme = world["programme"]
    active = list(
        Networker.objects.filter(programme=programme, stage=Networker.Stage.ACTIVE).order_by("pk")
    )
    users = User.objects.bulk_create(
        (User(email=f"mcn{n.pk}@bench.example", password="!") for n in active), batch_size=2000
    )
    for networker, user in zip(active, users, strict=True):
        networker.user = user
    Networker.objects.bulk_update(active, ["user"], batch_size=2000)
    today = timezone.localdate()
    housing, _ = Module.objects.get_or_create(
        programme=None, slug="housing", defaults={"title": "Housing", "last_checked": today}
    )
    ModuleCompletion.objects.bulk_create(
        (
            ModuleCompletion(networker=n, module=housing, completed_on=today)
            for n in active
            if rng.random() < 0.33
        ),
        batch_size=2000,
    )
    now = timezone.now()
    wards = list(Area.objects.filter(kind="ward").order_by("code"))
    SupportRequest.objects.bulk_create(
        (
            SupportRequest(
                programme=programme,
                token=uuid.uuid4(),
                received_at=now,
                needs=[rng.choice(NEEDS)],
                language_id=rng.choice(LANGUAGES[:-1]),
                contact_by="phone",
                contact_detail="07700 900000",
                consent_version="2026-12-01",
                consent_at=now,
                state=rng.choice(["assigned", "accepted"]),
                networker=rng.choice(active),
                assigned_at=now,
            )
            for _ in range(2000)
        ),
        batch_size=1000,
    )
    requests = []
    for i in range(40):
        requests.append(
            SupportRequest.objects.create(
                programme=programme,
                token=uuid.uuid4(),
                received_at=now,
                needs=rng.sample(NEEDS, rng.randint(1, 3)),
                language_id=LANGUAGES[i % (len(LANGUAGES) - 1)],
                other_language_id="en" if i % 4 == 0 else None,
                area=rng.choice(wards) if i % 3 else None,
                contact_by="phone",
                contact_detail="07700 900000",
                consent_version="2026-12-01",
                consent_at=now,
            )
        )
    return requests


def summary(times: list[float]) -> dict:
    times = sorted(times)
    return {"p50": statistics.median(times), "p95": times[int(len(times) * 0.95) - 1]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--networkers", type=int, default=5000)
    parser.add_argument("--records", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bridges-bench-") as tmp:
        setup(tmp)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext
        from matching_orm import suggest_networkers as suggest_networkers_orm

        from bridges.networkers.models import Networker
        from bridges.support.models import SupportRequest
        from bridges.support.selectors import suggest_networkers

        rng = random.Random(2026)
        started = time.perf_counter()
        world = generate(networkers=args.networkers, records=args.records, rng=rng)
        requests = prepare(world, rng)
        requests = list(
            SupportRequest.objects.filter(pk__in=[r.pk for r in requests]).select_related(
                "programme", "language", "other_language", "area"
            )
        )
        if connection.vendor == "postgresql":
            # Fresh bulk-loaded tables have no statistics until autovacuum gets to them; a
            # running site has them, and without them the planner probes row by row.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        built = time.perf_counter() - started
        programme = world["programme"]
        eligible = Networker.objects.filter(
            programme=programme, stage="active", user__isnull=False
        ).count()
        print(
            f"Database: {connection.vendor}. Built {args.networkers} networkers "
            f"({eligible} active with a sign-in), {world['kind']}, and 2,000 open requests, "
            f"in {built:.1f}s."
        )

        def baseline(i):
            list(
                Networker.objects.filter(programme=programme, stage="active").values_list(
                    "pk", flat=True
                )[:10]
            )

        def matching(i):
            suggest_networkers(requests[i % len(requests)], limit=10)

        def previous(i):
            suggest_networkers_orm(requests[i % len(requests)], limit=10)

        for call in (baseline, matching, previous):  # warm up
            for i in range(20):
                call(i)

        def facts(found):
            return [
                (s.networker_id, s.score, s.language_id, s.level, s.load, s.trained, s.reasons)
                for s in found
            ]

        differ = [
            r.pk
            for r in requests
            if facts(suggest_networkers(r, limit=10)) != facts(suggest_networkers_orm(r, limit=10))
        ]
        with CaptureQueriesContext(connection) as captured:
            found = suggest_networkers(requests[0], limit=10)
        with CaptureQueriesContext(connection) as captured_before:
            suggest_networkers_orm(requests[0], limit=10)
        sizes = [len(suggest_networkers(r, limit=10)) for r in requests]
        # Interleaved rounds, so that the machine's load falls on all three alike.
        results = {"baseline": [], "matching": [], "previous": []}
        english = [r for r in requests if "en" in (r.language_id, r.other_language_id)]
        split = {("matching", "en"): [], ("matching", "other"): []}
        split |= {("previous", "en"): [], ("previous", "other"): []}
        for i in range(args.rounds):
            for name, call in (
                ("baseline", baseline),
                ("matching", matching),
                ("previous", previous),
            ):
                start = time.perf_counter()
                call(i)
                elapsed = (time.perf_counter() - start) * 1000
                results[name].append(elapsed)
                if name != "baseline":
                    request = requests[i % len(requests)]
                    split[(name, "en" if request in english else "other")].append(elapsed)
        base, match, before = (summary(results[k]) for k in ("baseline", "matching", "previous"))
        print(
            f"\nsuggest_networkers: {len(captured)} queries per call (previous version: "
            f"{len(captured_before)}); {min(sizes)}–{max(sizes)} suggestions per request; "
            f"the same networkers, scores and reasons as the previous version for "
            f"{len(requests) - len(differ)} of {len(requests)} requests"
            f"{' (differ: ' + str(differ) + ')' if differ else ''}; the first: "
            f"{found[0].reasons if found else 'none'}"
        )
        print(f"\n{'':40} {'p50 ms':>8} {'p95 ms':>8}")
        print(f"{'baseline (one indexed query)':40} {base['p50']:8.2f} {base['p95']:8.2f}")
        for name, label, total in (
            ("matching", "suggest_networkers", match),
            ("previous", "previous version (ORM, 3 queries)", before),
        ):
            print(f"{label:40} {total['p50']:8.2f} {total['p95']:8.2f}")
            for key, sub in (("other", "  without English"), ("en", "  naming English")):
                part = summary(split[(name, key)])
                print(f"{sub:40} {part['p50']:8.2f} {part['p95']:8.2f}")
        print(
            "  (the bench's networkers all speak English: a request naming it has every "
            "eligible networker as a candidate)"
        )
        print(
            f"\nratio to the baseline: p50 {match['p50'] / base['p50']:.1f}×, "
            f"p95 {match['p95'] / base['p95']:.1f}×; previous version p50 "
            f"{before['p50'] / base['p50']:.1f}×, p95 {before['p95'] / base['p95']:.1f}×; "
            f"target p95 < 50 ms: {'met' if match['p95'] < 50 else 'NOT MET'}"
        )


if __name__ == "__main__":
    main()
