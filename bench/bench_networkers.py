"""Benchmark: the coordinator's networker overview and the pipeline board at scale.

Builds its own SQLite database in a temporary folder (or uses DATABASE_URL if set), generates
5,000 networkers with languages, communities, wards, DBS checks and stage history, plus 50,000
training attendance records (600 sessions, and the module completions attendance earns) when
the training app's models are present (otherwise 50,000 extra stage-history records, and it
says so). A second programme a tenth that size is built alongside, and each page's query count
is printed for both sizes: they must be equal. Then times the pages with Django's test client:
p50/p95 server time (wall and CPU) over REQUESTS requests each, the number of queries per page,
and the ratio to a minimal view measured in the same run.

    .venv/bin/python bench/bench_networkers.py [--networkers 5000] [--records 50000]
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REQUESTS = 50


def setup(tmp: str) -> None:
    os.environ.setdefault("BRIDGES_VAR_DIR", tmp)
    os.environ["BRIDGES_BENCHMARK_VIEW"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # as deployed: hashed names


LANGUAGES = [
    "ar", "fa", "prs", "ps", "ur", "pa", "bn", "syl", "pl", "ro", "sk", "cs", "hu", "bg", "lt",
    "uk", "ru", "ckb", "kmr", "so", "ti", "am", "om", "sw", "fr", "pt", "es", "sq", "tr", "zh",
    "vi", "ln", "yo", "ig", "ne", "en",
]  # fmt: skip


def generate(*, networkers: int, records: int, rng: random.Random, slug: str = "bench") -> dict:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.utils import timezone

    from bridges.accounts.models import Membership, Programme, User
    from bridges.accounts.roles import Role
    from bridges.core.models import Area, Language
    from bridges.networkers.models import (
        Community,
        DBSCheck,
        Networker,
        NetworkerLanguage,
        StageChange,
    )

    Stage = Networker.Stage
    leeds, created = Area.objects.get_or_create(
        code="E08000035", defaults={"name": "Leeds", "kind": "lad"}
    )
    if created:  # reference data, shared by every programme the benchmark builds
        Area.objects.bulk_create(
            Area(code=f"E0501{i:04d}", name=f"Ward {i}", kind="ward", parent=leeds)
            for i in range(33)
        )
        Language.objects.bulk_create(
            Language(code=c, english_name=c.upper(), native_name=c, common=True) for c in LANGUAGES
        )
    wards = list(Area.objects.filter(kind="ward", parent=leeds).order_by("code"))
    programme = Programme.objects.create(name=slug.title(), slug=slug, local_authority=leeds)
    coordinator = User.objects.create_user(email=f"coordinator@{slug}.example", password="x")
    Membership.objects.create(user=coordinator, programme=programme, role=Role.COORDINATOR)
    TOTP.activate(coordinator, generate_totp_secret())
    communities = Community.objects.bulk_create(
        Community(programme=programme, name=f"Community {i}") for i in range(80)
    )
    stages = (
        [Stage.ACTIVE] * 60
        + [Stage.APPLIED] * 8
        + [Stage.CONTACTED] * 6
        + [Stage.INTERVIEWED] * 5
        + [Stage.REFERENCES] * 4
        + [Stage.DBS_CHECK] * 4
        + [Stage.TRAINING] * 5
        + [Stage.PAUSED] * 4
        + [Stage.LEFT] * 4
    )
    now = timezone.now()
    today = timezone.localdate()
    people = Networker.objects.bulk_create(
        (
            Networker(
                programme=programme,
                display_name=f"Person {i:05d}",
                email=f"person{i}@{slug}.example",
                stage=rng.choice(stages),
                stage_changed_at=now - timedelta(days=rng.randint(1, 900)),
                consent_at=now,
            )
            for i in range(networkers)
        ),
        batch_size=1000,
    )
    NetworkerLanguage.objects.bulk_create(
        (
            NetworkerLanguage(networker=p, language_id=code, level=rng.choice(["native", "fluent"]))
            for p in people
            for code in {rng.choice(LANGUAGES[:-1]), "en"}
        ),
        batch_size=2000,
    )
    through_c = Networker.communities.through
    through_c.objects.bulk_create(
        (through_c(networker=p, community=rng.choice(communities)) for p in people),
        batch_size=2000,
    )
    through_a = Networker.areas.through
    through_a.objects.bulk_create(
        (
            through_a(networker=p, area=w)
            for p in people
            for w in rng.sample(wards, rng.randint(1, 3))
        ),
        batch_size=2000,
    )
    checks = []
    for p in people:
        if p.stage in (Stage.TRAINING, Stage.ACTIVE, Stage.PAUSED, Stage.LEFT):
            due = today + timedelta(days=rng.randint(-30, 1000))
            checks.append(
                DBSCheck(
                    networker=p,
                    level="enhanced",
                    checked_on=due - timedelta(days=1095),
                    renewal_due=due,
                )
            )
    DBSCheck.objects.bulk_create(checks, batch_size=2000)
    StageChange.objects.bulk_create(
        (
            StageChange(networker=p, from_stage="", to_stage=Stage.APPLIED, changed_at=now)
            for p in people
        ),
        batch_size=2000,
    )
    kind = _training_records(programme=programme, people=people, records=records, rng=rng, now=now)
    if kind is None:
        StageChange.objects.bulk_create(
            (
                StageChange(
                    networker=rng.choice(people),
                    from_stage=Stage.APPLIED,
                    to_stage=Stage.CONTACTED,
                    changed_at=now - timedelta(days=rng.randint(1, 900)),
                    changed_by=coordinator,
                )
                for _ in range(records)
            ),
            batch_size=5000,
        )
        kind = "stage-history records (training models not present on this branch)"
    return {"programme": programme, "coordinator": coordinator, "kind": kind}


def _training_records(*, programme, people, records, rng, now) -> str | None:
    """50,000 attendance records (and the completions they earn) when training is installed."""
    try:
        from bridges.training.models import (
            Attendance,
            Module,
            ModuleCompletion,
            TrainingSession,
        )
    except ImportError:
        return None
    today = now.date()
    modules = [
        Module.objects.create(
            programme=programme,
            title=f"Module {i}",
            slug=f"{programme.slug}-module-{i}",
            required=i < 6,
            last_checked=today,
            order=i,
        )
        for i in range(9)
    ]
    sessions = []
    for i in range(600):
        starts = now + timedelta(days=rng.randint(-700, 60), hours=rng.randint(0, 8))
        session = TrainingSession.objects.create(
            programme=programme,
            title=f"Session {i}",
            starts_at=starts,
            ends_at=starts + timedelta(hours=3),
            venue="Civic Hall",
        )
        session.modules.add(modules[i % len(modules)])
        sessions.append(session)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < records:
        pairs.add((rng.randrange(len(sessions)), rng.randrange(len(people))))
    Attendance.objects.bulk_create(
        (Attendance(session=sessions[s], networker=people[p], attended=True) for s, p in pairs),
        batch_size=5000,
    )
    completions = {}
    for s, p in pairs:
        session = sessions[s]
        if session.starts_at < now:
            module = modules[s % len(modules)]
            completions[(p, module.pk, session.starts_at.date())] = ModuleCompletion(
                networker=people[p],
                module=module,
                completed_on=session.starts_at.date(),
                session=session,
            )
    ModuleCompletion.objects.bulk_create(completions.values(), batch_size=5000)
    return f"training attendance records ({len(completions)} module completions)"


def measure(client, url: str, requests: int = REQUESTS) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm up (and the session's first write)
    assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    queries = len(captured)  # read now: the log is reset by the next request
    times, cpu = [], []
    for _ in range(requests):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200
    times.sort()
    cpu.sort()
    return {
        "p50": statistics.median(times),
        "p95": times[int(len(times) * 0.95) - 1],
        # CPU time of this process (Python and SQLite both run in it): steadier than wall
        # time on a shared machine.
        "cpu50": statistics.median(cpu),
        "cpu95": cpu[int(len(cpu) * 0.95) - 1],
        "queries": queries,
    }


def pages_for(slug: str) -> dict[str, str]:
    base = f"/p/{slug}/networkers/"
    return {
        "overview": base,
        "pipeline board, page 1": f"{base}pipeline/",
        "pipeline board, page 10": f"{base}pipeline/?page=10",
        "board: active, Arabic": f"{base}pipeline/?stage=active&language=ar",
        "DBS renewals due": f"{base}dbs-renewals/",
    }


def query_count(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--networkers", type=int, default=5000)
    parser.add_argument("--records", type=int, default=50000)
    parser.add_argument("--requests", type=int, default=REQUESTS)
    args = parser.parse_args()
    small_networkers, small_records = args.networkers // 10, args.records // 10
    with tempfile.TemporaryDirectory(prefix="bridges-bench-") as tmp:
        setup(tmp)
        from django.db import connection
        from django.test import Client

        rng = random.Random(2026)
        started = time.perf_counter()
        small = generate(networkers=small_networkers, records=small_records, rng=rng, slug="small")
        world = generate(networkers=args.networkers, records=args.records, rng=rng)
        built = time.perf_counter() - started
        print(
            f"Database: {connection.vendor}. Built {args.networkers} networkers and "
            f"{args.records} {world['kind']}, and a second programme of {small_networkers} "
            f"networkers and {small_records} {small['kind']}, in {built:.1f}s."
        )

        from bridges.accounts.tests.factories import second_factor_used

        clients = []
        for coordinator in (small["coordinator"], world["coordinator"]):
            signed_in = Client()
            signed_in.force_login(coordinator)
            session = signed_in.session  # as if the TOTP code had been given at sign-in
            second_factor_used(session=session, user=coordinator)
            session.save()
            clients.append(signed_in)
        small_client, client = clients
        print(f"\nQueries per page: {small_networkers} networkers vs {args.networkers}")
        same = True
        for (label, small_url), url in zip(
            pages_for("small").items(), pages_for("bench").values(), strict=True
        ):
            few, many = query_count(small_client, small_url), query_count(client, url)
            same = same and few == many
            print(f"  {label:34} {few:4d} {many:4d}{'' if few == many else '  DIFFERENT'}")
        print("  same query counts at both sizes" if same else "  QUERY COUNTS DIFFER")

        pages = {"minimal view (floor)": "/bench/minimal", **pages_for("bench")}
        print(f"\n{args.networkers} networkers, {args.requests} requests per page after a warm-up:")
        print(
            f"{'page':34} {'p50 ms':>7} {'p95 ms':>7} {'cpu p50':>8} {'cpu p95':>8} "
            f"{'queries':>7} {'p95/floor':>9}"
        )
        floor = None
        for label, url in pages.items():
            r = measure(client, url, args.requests)
            floor = floor or r["p95"]
            print(
                f"{label:34} {r['p50']:7.1f} {r['p95']:7.1f} {r['cpu50']:8.1f} {r['cpu95']:8.1f} "
                f"{r['queries']:7d} {r['p95'] / floor:9.1f}"
            )


if __name__ == "__main__":
    main()
