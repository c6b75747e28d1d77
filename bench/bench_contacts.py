"""Contact log benchmark: record submissions per second on PostgreSQL under concurrent
networkers, exactly-once under duplicate sends, and the networker's and coordinator's log pages
with a million contacts in the database.

    .venv/bin/python bench/bench_contacts.py [--clients 20] [--seconds 10] [--rounds 2]
        [--workers 2] [--duplicates 40] [--contacts 1000000] [--requests 30]
        [--part both|submit|pages|forms]
        [--postgres-url postgres://postgres@127.0.0.1:5432/bridges_bench_contacts]

It drops and re-creates the named PostgreSQL database, migrates it with production settings
(the cache in the database, no Redis needed), loads the reference data and builds a programme
with a local authority, wards and ten networkers who can sign in.

Part `submit`: starts gunicorn on 127.0.0.1 (a free port, `--workers` sync workers, DEBUG off,
`BRIDGES_BENCHMARK_VIEW=1`), signs each networker in twice over HTTP (a phone and a laptop:
`--clients` sessions in all), then `--clients` client processes post new records, each with a
fresh `client_id`, to the JSON endpoint `/p/<programme>/contacts/api/records/` (session cookie
and CSRF header, as the phone's queue sends them). In the same rounds, the same clients request
the minimal view `/bench/minimal` twice: signed in, as a POST of the same JSON body with the
same cookie and CSRF header (the floor a signed-in write pays: sessions, CSRF, sign-in checks),
and without any cookie (the floor `bench_foundation.py` uses). Rounds alternate the three, so
anything else on the machine slows them alike; each ratio is the median of the rounds'.
Then one networker, signed in once per client, sends the same `--duplicates` records from
every session at once (one 201 and then 200 for each), another networker sends a tenth of them
again under the same ids (409), and the rows are counted: each acknowledged record stored once,
nothing stored twice, every duplicate stored once with its author.

Part `pages`: in this process (Django's test client, no server), first times a new record
through the endpoint and the signed-in minimal view (milliseconds and queries per request,
steadier than the server on a busy machine), then tops the programme up to
`--contacts` records with set-based SQL (languages, needs, wards, notes on some), and builds a
second programme with 1,000 records. It prints the queries each page takes at both sizes (they
must be equal) and p50/p95 milliseconds over `--requests` requests of the networker's own log
(first, second and last page) and the coordinator's list (first page, a filtered page, a deep
page), with the minimal view as the floor.

Part `forms` (also run by `both`): the contact form and the coordinator's list with its filter
form (200 networkers), drawn with Django's own form renderer and with the project's
(`FORM_RENDERER`), first compared (the same markup but for the CSRF token and the fresh
record's id), then timed in alternating rounds. Only 127.0.0.1 is ever contacted.
"""

import argparse
import http.client
import json
import multiprocessing
import os
import platform
import random
import re
import statistics
import subprocess
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

import scale_out  # noqa: E402  (the sign-in client and form parser of the scale-out run)

PYTHON = sys.executable
HOST = "127.0.0.1"
PROGRAMME = "bench"
SMALL = "small"
NETWORKERS = 10
OTHER_NETWORKERS = 190  # for the million contacts: 200 networkers in all
SESSIONS_EACH = 2
PASSWORD = scale_out.PASSWORD
WARD_CODES = [f"E0501{i:04d}" for i in range(30)]
LANGUAGES = ["ar", "fa", "ps", "ur", "pl", "ro", "uk", "ru", "so", "ti", "am", "fr", "pt", "tr"]
NEEDS = ["housing", "benefits", "work", "health", "education", "money", "food", "english"]
CHANNELS = ["in_person", "phone", "group", "drop_in", "home_visit", "accompanied"]
FLOOR = "/bench/minimal"


def api_path(slug: str = PROGRAMME) -> str:
    return f"/p/{slug}/contacts/api/records/"


# --- Setting up ---------------------------------------------------------------------------


def prepare(options, var_dir: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "bench-contacts-" + "k" * 40,
        "FIELD_ENCRYPTION_KEY": "bench-contacts-field-key",
        "ALLOWED_HOSTS": f"{HOST},localhost,testserver",
        "DATABASE_URL": options.postgres_url,
        "BRIDGES_VAR_DIR": str(var_dir),
        "BRIDGES_BENCHMARK_VIEW": "1",
        "SECURE_SSL_REDIRECT": "0",
        "TRUSTED_PROXIES": HOST,
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)  # the cache in the database: nothing shared with other runs
    print(f"Preparing PostgreSQL ({options.postgres_url}) …", flush=True)
    scale_out.fresh_database(options.postgres_url)
    scale_out.manage(env, "migrate", "--noinput", "-v", "0")
    scale_out.manage(env, "createcachetable")
    scale_out.manage(env, "load_reference_data", "--if-empty")
    scale_out.manage(env, "collectstatic", "--noinput", "-v", "0")
    return env


def django_setup(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()


def build_programme(slug: str, *, networkers: int, with_users: bool) -> dict:
    """A programme with a local authority and wards, a coordinator with TOTP, and active
    networkers (with a sign-in when `with_users`), each speaking two languages."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.utils import timezone

    from bridges.accounts.models import Membership, Programme, User
    from bridges.accounts.roles import Role
    from bridges.core.models import Area, Language
    from bridges.networkers.models import Networker, NetworkerLanguage

    authority, created = Area.objects.get_or_create(
        code="E08000035", defaults={"name": "Leeds", "kind": "lad"}
    )
    for n, code in enumerate(WARD_CODES):
        Area.objects.get_or_create(
            code=code, defaults={"name": f"Ward {n}", "kind": "ward", "parent": authority}
        )
    for code in [*LANGUAGES, "en"]:
        Language.objects.get_or_create(
            code=code, defaults={"english_name": code.upper(), "native_name": code}
        )
    programme = Programme.objects.create(name=slug.title(), slug=slug, local_authority=authority)
    coordinator = User.objects.create_user(email=f"coordinator@{slug}.example", password=PASSWORD)
    Membership.objects.create(user=coordinator, programme=programme, role=Role.COORDINATOR)
    TOTP.activate(coordinator, generate_totp_secret())
    people = []
    for n in range(networkers):
        user = None
        if with_users:
            user = User.objects.create_user(email=f"networker{n}@{slug}.example", password=PASSWORD)
            Membership.objects.create(user=user, programme=programme, role=Role.NETWORKER)
        person = Networker.objects.create(
            programme=programme,
            user=user,
            display_name=f"Networker {n:03d}",
            email=f"networker{n}@{slug}.example",
            stage=Networker.Stage.ACTIVE,
            stage_changed_at=timezone.now(),
            consent_at=timezone.now(),
        )
        NetworkerLanguage.objects.create(networker=person, language_id="en", level="fluent")
        NetworkerLanguage.objects.create(
            networker=person, language_id=LANGUAGES[n % len(LANGUAGES)], level="native"
        )
        people.append(person)
    return {"programme": programme, "coordinator": coordinator, "networkers": people}


# --- Submissions over HTTP ----------------------------------------------------------------


def start_server(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    gunicorn = Path(PYTHON).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "config.wsgi", "--bind", f"{HOST}:{port}", "--workers", str(workers)]
        + ["--log-level", "warning", "--timeout", "60"],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer /healthz within 60 s")


def sign_in(port: int, person: dict) -> dict:
    """One signed-in session of a networker over HTTP: the cookies and CSRF token it sends."""
    browser = scale_out.Browser(SimpleNamespace(port=port, name="bench"), scale_out.Tally())
    scale_out.sign_in(browser, person["email"], None)
    # The page the phone loads before it sends: it sets the CSRF cookie in use.
    status, _, _ = browser.get(f"/p/{PROGRAMME}/contacts/new/")
    if status != 200 or "csrftoken" not in browser.cookies:
        raise SystemExit(f"{person['email']} could not open the contact form ({status})")
    return {
        "networker": person["pk"],
        "language": person["language"],
        "address": browser.address,
        "cookies": dict(browser.cookies),
    }


def sign_in_all(port: int, networkers: list[dict]) -> list[dict]:
    """Each networker signed in SESSIONS_EACH times (a phone and a laptop)."""
    return [sign_in(port, person) for _ in range(SESSIONS_EACH) for person in networkers]


def record_payload(rng: random.Random, language: str, client_id: str | None = None) -> dict:
    return {
        "client_id": client_id or str(uuid.uuid4()),
        "date": (datetime.now(UTC).date() - timedelta(days=rng.randint(1, 60))).isoformat(),
        "channel": rng.choice(CHANNELS),
        "people_helped": rng.choice([1, 1, 1, 2, 3, 4]),
        "languages": [language] if rng.random() < 0.7 else [language, "en"],
        "needs": sorted(set(rng.sample(NEEDS, rng.choice([1, 1, 2, 3])))),
        "actions": ["information"] if rng.random() < 0.8 else ["information", "signposted"],
        "duration_minutes": rng.choice([15, 30, 45, 60, 90]),
        "area": rng.choice(WARD_CODES),
        "age_band": rng.choice(["18_25", "26_40", "41_64", ""]),
        "gender": rng.choice(["woman", "man", "not_said", ""]),
        "outcome": rng.choice(["resolved", "partly", "ongoing", ""]),
        "follow_up": rng.random() < 0.15,
        "note": "Showed how to book a GP appointment online." if rng.random() < 0.1 else "",
    }


def headers_for(session: dict | None) -> dict:
    if session is None:  # an anonymous visitor: no cookie at all
        return {}
    cookies = session["cookies"]
    return {
        "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        "X-CSRFToken": cookies["csrftoken"],
        "X-Forwarded-For": session["address"],
        "Content-Type": "application/json",
    }


def client(port: int, kind: str, session: dict, seconds: float, seed: int, queue) -> None:
    """One simulated phone: request after request until the deadline. kind: `submit` (a new
    record each time), `floor_signed_in` (POST the same body to the minimal view with the same
    cookies) or `floor` (GET the minimal view with no cookie)."""
    rng = random.Random(seed)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    acknowledged: list[str] = []
    unknown: list[str] = []
    headers = headers_for(None if kind == "floor" else session)
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        payload = record_payload(rng, session["language"])
        body = None if kind == "floor" else json.dumps(payload).encode()
        method, path = ("GET", FLOOR) if kind == "floor" else ("POST", FLOOR)
        if kind == "submit":
            path = api_path()
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            status = response.status
            if response.will_close:
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=30)
        except (OSError, http.client.HTTPException):
            status = 0
            connection.close()
            connection = http.client.HTTPConnection(HOST, port, timeout=30)
            if kind == "submit":
                unknown.append(payload["client_id"])
        statuses[status] = statuses.get(status, 0) + 1
        expected = 201 if kind == "submit" else 200
        if status == expected:
            latencies.append(time.perf_counter() - started)
            if kind == "submit":
                acknowledged.append(payload["client_id"])
    connection.close()
    queue.put((latencies, statuses, acknowledged, unknown))


def load(port: int, kind: str, sessions: list[dict], seconds: float, seed: int) -> dict:
    queue = multiprocessing.Queue()
    processes = [
        multiprocessing.Process(
            target=client, args=(port, kind, session, seconds, seed * 1000 + n, queue)
        )
        for n, session in enumerate(sessions)
    ]
    started = time.perf_counter()
    for process in processes:
        process.start()
    results = [queue.get(timeout=seconds + 120) for _ in processes]
    for process in processes:
        process.join(timeout=10)
    elapsed = time.perf_counter() - started
    statuses: dict[int, int] = {}
    for _, counts, _, _ in results:
        for status, n in counts.items():
            statuses[status] = statuses.get(status, 0) + n
    return {
        **summarise([latency for batch, *_ in results for latency in batch], elapsed),
        "statuses": statuses,
        "errors": sum(n for status, n in statuses.items() if status not in (200, 201)),
        "acknowledged": [cid for *_, acked, _ in results for cid in acked],
        "unknown": [cid for *_, lost in results for cid in lost],
    }


def summarise(latencies: list[float], elapsed: float) -> dict:
    latencies = sorted(latencies)
    if not latencies:
        return {"requests": 0, "seconds": elapsed, "rps": 0.0, "p50_ms": 0.0, "p95_ms": 0.0}
    return {
        "latencies": latencies,
        "requests": len(latencies),
        "seconds": round(elapsed, 2),
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(latencies[max(int(len(latencies) * 0.95) - 1, 0)] * 1000, 1),
    }


def combine(results: list[dict]) -> dict:
    statuses: dict[int, int] = {}
    for result in results:
        for status, n in result["statuses"].items():
            statuses[status] = statuses.get(status, 0) + n
    return {
        **summarise(
            [latency for r in results for latency in r.get("latencies", [])],
            sum(r["seconds"] for r in results),
        ),
        "statuses": statuses,
        "errors": sum(r["errors"] for r in results),
        "acknowledged": [cid for r in results for cid in r["acknowledged"]],
        "unknown": [cid for r in results for cid in r["unknown"]],
    }


def duplicate_client(port: int, session: dict, records: list[dict], queue) -> None:
    """Sends every shared record once, in the list's order (so that all clients send the same
    record at about the same moment): what each send was answered."""
    headers = headers_for(session)
    answers = []
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    for record in records:
        try:
            connection.request("POST", api_path(), json.dumps(record), headers)
            response = connection.getresponse()
            response.read()
            answers.append(response.status)
            if response.will_close:
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=30)
        except (OSError, http.client.HTTPException):
            answers.append(0)
            connection.close()
            connection = http.client.HTTPConnection(HOST, port, timeout=30)
    connection.close()
    queue.put(answers)


def duplicates(port: int, owner: dict, other: dict, clients: int, count: int) -> dict:
    """One networker signed in `clients` times (a phone retrying over many connections) sends
    the same `count` records from every session at once: one 201 and then 200 for each record.
    Then another networker sends a tenth of them under the same ids: 409, nothing stored."""
    rng = random.Random(7)
    records = [record_payload(rng, owner["language"]) for _ in range(count)]
    sessions = [sign_in(port, owner) for _ in range(clients)]
    queue = multiprocessing.Queue()
    processes = [
        multiprocessing.Process(target=duplicate_client, args=(port, s, records, queue))
        for s in sessions
    ]
    started = time.perf_counter()
    for process in processes:
        process.start()
    results = [queue.get(timeout=600) for _ in processes]
    for process in processes:
        process.join(timeout=10)
    elapsed = time.perf_counter() - started
    statuses: dict[int, int] = {}
    created = [0] * count
    repeats_ok = True
    for answers in results:
        for n, status in enumerate(answers):
            statuses[status] = statuses.get(status, 0) + 1
            created[n] += status == 201
            repeats_ok = repeats_ok and status in (200, 201)
    queue = multiprocessing.Queue()
    duplicate_client(port, sign_in(port, other), records[: max(1, count // 10)], queue)
    conflicts = queue.get()
    return {
        "records": records,
        "owner": owner["pk"],
        "sends": count * clients,
        "seconds": round(elapsed, 1),
        "statuses": statuses,
        "created_once": sum(1 for c in created if c == 1),
        "created_twice": sum(1 for c in created if c > 1),
        "repeats_answered_200": repeats_ok,
        "conflicts": {status: conflicts.count(status) for status in set(conflicts)},
        "conflicts_refused": all(status == 409 for status in conflicts),
    }


def stored_rows(postgres_url: str, client_ids: list[str]) -> dict:
    import psycopg

    with psycopg.connect(postgres_url) as connection:
        rows = connection.execute(
            "SELECT r.client_id::text, r.networker_id, count(*) OVER (PARTITION BY r.client_id) "
            "FROM contacts_contactrecord r JOIN accounts_programme p ON p.id = r.programme_id "
            "WHERE p.slug = %s",
            [PROGRAMME],
        ).fetchall()
    by_id = {cid: (networker, n) for cid, networker, n in rows}
    return {
        "rows": len(rows),
        "doubled": sum(1 for _, n in by_id.values() if n > 1),
        "missing": [cid for cid in client_ids if cid not in by_id],
        "by_id": by_id,
    }


def measure_submissions(env: dict[str, str], options, networkers: list[dict]) -> dict:
    port = scale_out.free_port()
    server = start_server(env, port, options.workers)
    load_before = os.getloadavg()[0]
    try:
        sessions = sign_in_all(port, networkers)
        if options.clients < len(sessions):
            sessions = sessions[: options.clients]
        while len(sessions) < options.clients:  # more clients than sessions: share sessions
            sessions.append(sessions[len(sessions) % (NETWORKERS * SESSIONS_EACH)])
        kinds = ["submit", "floor_signed_in", "floor"]
        warm = [load(port, kind, sessions, 2, 0) for kind in kinds]
        rounds = []
        for n in range(options.rounds):
            rounds.append(
                {kind: load(port, kind, sessions, options.seconds, n + 1) for kind in kinds}
            )
        load_during = os.getloadavg()[0]
        dup = duplicates(port, networkers[0], networkers[1], options.clients, options.duplicates)
    finally:
        server.terminate()
        server.wait(timeout=30)
    results = {kind: combine([r[kind] for r in rounds]) for kind in kinds}
    ratios = {
        floor: [r["submit"]["rps"] / r[floor]["rps"] for r in rounds]
        for floor in ("floor_signed_in", "floor")
    }

    # Exactly once: every acknowledged record stored once, with its author.
    acknowledged = [cid for w in warm for cid in w["acknowledged"]] + results["submit"][
        "acknowledged"
    ]
    unknown = [cid for w in warm for cid in w["unknown"]] + results["submit"]["unknown"]
    dup_ids = [r["client_id"] for r in dup["records"]]
    stored = stored_rows(options.postgres_url, acknowledged + dup_ids)
    extra = stored["rows"] - len(acknowledged) - len(dup_ids)
    dup_authors_ok = all(stored["by_id"].get(cid, (None,))[0] == dup["owner"] for cid in dup_ids)

    print()
    print(
        f"gunicorn {options.workers} sync workers, {options.clients} client processes "
        f"({NETWORKERS} networkers × {SESSIONS_EACH} sessions), {options.rounds} rounds × "
        f"{options.seconds:g} s per URL, PostgreSQL, production settings, DEBUG off; "
        f"load average {load_before:.1f} before, {load_during:.1f} at the end of the rounds"
    )
    print()
    print("| request | requests/s | p50 ms | p95 ms | requests | errors | submit / this |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    labels = {
        "submit": f"POST `{api_path()}` (a new record)",
        "floor_signed_in": f"POST `{FLOOR}`, signed in (same body, cookie, CSRF)",
        "floor": f"GET `{FLOOR}`, no cookie",
    }
    for kind, result in results.items():
        ratio = (
            f"**{statistics.median(ratios[kind]):.2f}** ("
            + ", ".join(f"{r:.2f}" for r in ratios[kind])
            + ")"
            if kind in ratios
            else "1"
        )
        print(
            f"| {labels[kind]} | {result['rps']} | {result['p50_ms']} | {result['p95_ms']} "
            f"| {result['requests']} | {result['errors']} | {ratio} |"
        )
    print()
    print("Statuses:", {kind: result["statuses"] for kind, result in results.items()})
    print()
    checks = {
        "0 errors in the submission rounds": results["submit"]["errors"] == 0,
        "every acknowledged record stored": not stored["missing"],
        "no record stored twice": stored["doubled"] == 0,
        f"nothing stored beyond the acknowledged (+{len(unknown)} unanswered sends)": 0
        <= extra
        <= len(unknown),
        "duplicates: each record created exactly once": dup["created_once"] == options.duplicates
        and dup["created_twice"] == 0,
        "duplicates: every repeat answered 200 (none refused, none failed)": dup[
            "repeats_answered_200"
        ],
        "duplicates: stored once, with their author": dup_authors_ok,
        "the same ids from another networker: 409, nothing stored": dup["conflicts_refused"],
    }
    print(
        f"Duplicates: {options.duplicates} records of one networker, each sent from all "
        f"{options.clients} of their sessions at once ({dup['sends']} sends in "
        f"{dup['seconds']} s): statuses {dup['statuses']}; created once "
        f"{dup['created_once']}, twice {dup['created_twice']}. The first "
        f"{max(1, options.duplicates // 10)} sent again by another networker: {dup['conflicts']}."
    )
    print(
        f"Rows in the programme: {stored['rows']} = {len(acknowledged)} acknowledged new records "
        f"+ {len(dup_ids)} duplicate-sent records"
        + (f" + {extra} from unanswered sends" if extra else "")
    )
    for label, ok in checks.items():
        print(f"  {'PASS' if ok else 'FAIL'}  {label}")

    def plain(result: dict) -> dict:
        return {
            k: v
            for k, v in result.items()
            if k not in ("latencies", "acknowledged", "unknown", "records")
        }

    return {
        "load_average": [load_before, load_during],
        "results": {kind: plain(result) for kind, result in results.items()},
        "ratios": {kind: round(statistics.median(values), 3) for kind, values in ratios.items()},
        "rounds": [{kind: plain(r) for kind, r in one.items()} for one in rounds],
        "duplicates": plain(dup),
        "checks": checks,
        "ok": all(checks.values()),
    }


# --- A million contacts -------------------------------------------------------------------

# One statement: `count` records for the programme, spread over its networkers (the first,
# who is measured, has a larger share), dates over three years, 1–3 needs, a ward on most, an
# encrypted note on 2%. Languages follow in a second statement.
GENERATE = """
WITH source AS (
    SELECT g,
        (SELECT array_agg(id ORDER BY id) FROM networkers_networker WHERE programme_id = %(p)s)
            AS people,
        random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5,
        (%(languages)s::text[])[1 + (g %% %(n)s)] AS lang
    FROM generate_series(1, %(count)s) AS g
)
INSERT INTO contacts_contactrecord (
    programme_id, networker_id, client_id, content_hash, date, channel, people_helped,
    duration_minutes, country_id, age_band, gender, time_in_uk, area_id, needs, language_codes,
    actions, services, outcome, follow_up, note, created_at, updated_at, created_by_id,
    updated_by_id
)
SELECT %(p)s,
    CASE WHEN r1 < %(share)s THEN people[1]
         ELSE people[1 + floor(r2 * cardinality(people))::int] END,
    gen_random_uuid(), md5(g::text) || md5((g + 1)::text),
    current_date - floor(r3 * 1095)::int,
    (%(channels)s::text[])[1 + floor(r4 * 6)::int],
    1 + floor(r5 * 4)::int,
    (ARRAY[15, 30, 45, 60, 90])[1 + (g %% 5)],
    NULL,
    (ARRAY['18_25', '26_40', '41_64', '65_plus', ''])[1 + (g %% 5)],
    (ARRAY['woman', 'man', 'not_said', ''])[1 + (g %% 4)],
    '',
    CASE WHEN r5 < 0.85 THEN (%(wards)s::text[])[1 + (g %% %(nwards)s)] END,
    CASE (g %% 4)
        WHEN 0 THEN jsonb_build_array((%(needs)s::text[])[1 + floor(r2 * 8)::int])
        WHEN 1 THEN jsonb_build_array((%(needs)s::text[])[1 + floor(r3 * 8)::int], 'work')
        WHEN 2 THEN jsonb_build_array((%(needs)s::text[])[1 + floor(r4 * 8)::int])
        ELSE jsonb_build_array('health', 'money', 'english') END,
    CASE WHEN g %% 3 <> 0 THEN jsonb_build_array(lang)
         WHEN lang < 'en' THEN jsonb_build_array(lang, 'en')
         ELSE jsonb_build_array('en', lang) END,
    '["information"]'::jsonb, '[]'::jsonb,
    (ARRAY['resolved', 'partly', 'ongoing', ''])[1 + (g %% 4)],
    (g %% 7 = 0),
    CASE WHEN g %% 50 = 0 THEN %(note)s END,
    now() - (g || ' seconds')::interval, now(), NULL, NULL
FROM source
"""

# The language links, from the codes each record was given (one, and English on a third).
LANGUAGES_SQL = """
INSERT INTO contacts_contactrecord_languages (contactrecord_id, language_id)
SELECT id, jsonb_array_elements_text(language_codes) FROM contacts_contactrecord
WHERE programme_id = %(p)s AND id > %(after)s
ON CONFLICT DO NOTHING
"""


def generate_contacts(programme, count: int) -> float:
    """Tops the programme's log up by `count` records, in the database itself."""
    from django.db import connection

    from bridges.contacts.models import ContactRecord

    if count <= 0:
        return 0.0
    field = ContactRecord._meta.get_field("note")
    note = field.get_db_prep_save("Helped fill in the form together.", connection)
    after = ContactRecord.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # A bulk load: the rows are made consistent, so the foreign-key triggers are skipped.
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            GENERATE,
            {
                "p": programme.pk,
                "count": count,
                "share": 0.01,
                "channels": CHANNELS,
                "wards": WARD_CODES,
                "nwards": len(WARD_CODES),
                "needs": NEEDS,
                "note": note,
                "languages": LANGUAGES,
                "n": len(LANGUAGES),
            },
        )
        cursor.execute(LANGUAGES_SQL, {"p": programme.pk, "after": after})
        cursor.execute("SET session_replication_role = DEFAULT")
        # What autovacuum does soon after a load: statistics and the visibility map.
        cursor.execute("VACUUM ANALYZE contacts_contactrecord")
        cursor.execute("VACUUM ANALYZE contacts_contactrecord_languages")
    return time.perf_counter() - started


def more_networkers(programme, count: int) -> None:
    """Networkers who log support without signing in here (the log is spread over them)."""
    from django.utils import timezone

    from bridges.networkers.models import Networker

    Networker.objects.bulk_create(
        Networker(
            programme=programme,
            display_name=f"Logger {n:03d}",
            stage=Networker.Stage.ACTIVE,
            stage_changed_at=timezone.now(),
            consent_at=timezone.now(),
        )
        for n in range(count)
    )


def signed_in_client(user, *, staff: bool):
    from django.test import Client

    from bridges.accounts.tests.factories import second_factor_used

    signed_in = Client()
    signed_in.force_login(user)
    if staff:
        session = signed_in.session  # as if the TOTP code had been given at sign-in
        second_factor_used(session=session, user=user)
        session.save()
    return signed_in


def page_urls(slug: str, *, last_mine: int) -> dict[str, tuple[str, str]]:
    base = f"/p/{slug}/contacts/"
    return {
        "networker: my log, page 1": ("networker", f"{base}mine/"),
        "networker: my log, page 2": ("networker", f"{base}mine/?page=2"),
        "networker: my log, last page": ("networker", f"{base}mine/?page={last_mine}"),
        "coordinator: log, page 1": ("coordinator", base),
        "coordinator: log, need + language": (
            "coordinator",
            f"{base}?need=housing&language=ar",
        ),
        "coordinator: log, one networker's, page 3": ("coordinator", f"{base}?networker=NW&page=3"),
        "coordinator: log, page 150": ("coordinator", f"{base}?page=150"),
        "coordinator: log, page 20,000 (asked)": ("coordinator", f"{base}?page=20000"),
    }


def measure_page(client, url: str, requests: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm-up
    assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured)
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[max(int(len(times) * 0.95) - 1, 0)], 1),
        "queries": queries,
        "sql": [q["sql"] for q in captured.captured_queries],
    }


def query_count(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


def submit_in_process(options) -> dict:
    """A new record through the JSON endpoint and the signed-in minimal view, in this process
    (Django's test client: no server, no network, no load generator): milliseconds per request
    (median) and queries. Steadier than the server under load on a shared machine."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bridges.networkers.models import Networker

    person = (
        Networker.objects.filter(programme__slug=PROGRAMME).exclude(user=None).order_by("pk")
    ).first()
    client = Client()
    client.force_login(person.user)
    rng = random.Random(11)
    language = LANGUAGES[0]
    results = {}
    for label, path, expected in (
        ("submit", api_path(), 201),
        ("floor_signed_in", FLOOR, 200),
    ):

        def send(path=path, expected=expected):
            body = json.dumps(record_payload(rng, language))
            response = client.post(path, body, content_type="application/json")
            assert response.status_code == expected, (path, response.status_code)

        for _ in range(10):
            send()
        with CaptureQueriesContext(connection) as captured:
            send()
        queries = len(captured)  # read now: the log is reset by the next request
        times = []
        for _ in range(options.requests * 3):
            started = time.perf_counter()
            send()
            times.append((time.perf_counter() - started) * 1000)
        results[label] = {"ms": round(statistics.median(times), 1), "queries": queries}
    ratio = results["floor_signed_in"]["ms"] / results["submit"]["ms"]
    print(
        f"\nIn process (Django's test client, {options.requests * 3} requests each after 10, "
        "median):\n"
    )
    print("| request | ms per request | queries | ratio to the signed-in minimal view |")
    print("| --- | ---: | ---: | ---: |")
    print(
        f"| POST `{api_path()}` (a new record) | {results['submit']['ms']} "
        f"| {results['submit']['queries']} | **{ratio:.2f}** |"
    )
    print(
        f"| POST `{FLOOR}`, signed in | {results['floor_signed_in']['ms']} "
        f"| {results['floor_signed_in']['queries']} | 1 |"
    )
    return {**results, "ratio": round(ratio, 3)}


def measure_pages(options) -> dict:
    from bridges.accounts.models import Membership, Programme
    from bridges.accounts.roles import Role
    from bridges.contacts.models import ContactRecord
    from bridges.contacts.views import PAGE_SIZE
    from bridges.networkers.models import Networker

    big = Programme.objects.get(slug=PROGRAMME)
    more_networkers(big, OTHER_NETWORKERS)
    small = build_programme(SMALL, networkers=5, with_users=True)
    print(f"\nGenerating {options.contacts:,} contacts (and 1,000 in a second programme) …")
    have = ContactRecord.objects.filter(programme=big).count()
    built = generate_contacts(big, options.contacts - have)
    generate_contacts(small["programme"], 1000)
    total = ContactRecord.objects.count()
    print(f"Generated in {built:.1f} s; {total:,} contacts in the database.")

    sizes = {}
    for slug in (SMALL, PROGRAMME):
        programme = Programme.objects.get(slug=slug)
        networker = (
            Networker.objects.filter(programme=programme).exclude(user=None).order_by("pk").first()
        )
        coordinator = (
            Membership.objects.filter(programme=programme, role=Role.COORDINATOR).first().user
        )
        mine = ContactRecord.objects.filter(programme=programme, networker=networker).count()
        everything = ContactRecord.objects.filter(programme=programme).count()
        urls = page_urls(slug, last_mine=max(1, -(-mine // PAGE_SIZE)))
        urls = {
            label: (who, url.replace("NW", str(networker.pk))) for label, (who, url) in urls.items()
        }
        sizes[slug] = {
            "records": everything,
            "mine": mine,
            "urls": urls,
            "clients": {
                "networker": signed_in_client(networker.user, staff=False),
                "coordinator": signed_in_client(coordinator, staff=True),
            },
        }

    print(
        f"\nQueries per page: {sizes[SMALL]['records']:,} records in the programme vs "
        f"{sizes[PROGRAMME]['records']:,} (the networker: {sizes[SMALL]['mine']:,} vs "
        f"{sizes[PROGRAMME]['mine']:,} of their own)"
    )
    counts = {}
    for label in sizes[SMALL]["urls"]:
        few_who, few_url = sizes[SMALL]["urls"][label]
        many_who, many_url = sizes[PROGRAMME]["urls"][label]
        # Pages beyond the last (in the small programme) or the count cap answer the last.
        few = query_count(sizes[SMALL]["clients"][few_who], few_url)
        many = query_count(sizes[PROGRAMME]["clients"][many_who], many_url)
        counts[label] = (few, many)
        print(f"  {label:45} {few:4d} {many:4d}{'' if few == many else '  DIFFERENT'}")
    same = all(few == many for few, many in counts.values())
    print("  same query counts at both sizes" if same else "  QUERY COUNTS DIFFER")

    big_sizes = sizes[PROGRAMME]
    pages = {"minimal view (floor)": ("networker", FLOOR), **big_sizes["urls"]}
    print(
        f"\n{big_sizes['records']:,} contacts in the programme ({big_sizes['mine']:,} the "
        f"networker's own); {options.requests} requests per page after a warm-up, "
        "in process (Django's test client, PostgreSQL on the same machine):"
    )
    print()
    print("| page | p50 ms | p95 ms | queries | p95 / floor p95 |")
    print("| --- | ---: | ---: | ---: | ---: |")
    results = {}
    floor = None
    for label, (who, url) in pages.items():
        result = measure_page(big_sizes["clients"][who], url, options.requests)
        floor = floor or result["p95_ms"]
        results[label] = {"url": url, **result}
        print(
            f"| {label} | {result['p50_ms']} | {result['p95_ms']} | {result['queries']} "
            f"| {result['p95_ms'] / floor:.1f} |"
        )
    if options.show_sql:
        for label, result in results.items():
            print(f"\n{label}:")
            for sql in result["sql"]:
                print("   ", sql[:400])
    return {
        "records": big_sizes["records"],
        "mine": big_sizes["mine"],
        "query_counts": counts,
        "same_query_counts": same,
        "pages": {k: {x: y for x, y in v.items() if x != "sql"} for k, v in results.items()},
    }


DJANGO_RENDERER = "django.forms.renderers.DjangoTemplates"
FORM_PAGES = {
    "networker: the contact form": ("networker", f"/p/{PROGRAMME}/contacts/new/"),
    "coordinator: log with its filter form": ("coordinator", f"/p/{PROGRAMME}/contacts/"),
}


def measure_forms(options) -> dict:
    """Pages drawn with long selects, radios and tick-box lists, with Django's own form
    renderer (one template per option) and with the project's (`FORM_RENDERER`, options drawn
    in Python), alternating in rounds in this process; the markup must be the same."""
    from django.conf import settings
    from django.test import override_settings

    from bridges.accounts.models import Membership, Programme
    from bridges.accounts.roles import Role
    from bridges.networkers.models import Networker

    project = settings.FORM_RENDERER
    big = Programme.objects.get(slug=PROGRAMME)
    if Networker.objects.filter(programme=big).count() < NETWORKERS + OTHER_NETWORKERS:
        more_networkers(big, OTHER_NETWORKERS)
        generate_contacts(big, 5000)
    networker = Networker.objects.filter(programme=big).exclude(user=None).order_by("pk").first()
    coordinator = Membership.objects.filter(programme=big, role=Role.COORDINATOR).first().user
    clients = {
        "networker": signed_in_client(networker.user, staff=False),
        "coordinator": signed_in_client(coordinator, staff=True),
    }
    # The same markup both ways (the fresh form's id and the CSRF token aside).
    for who, url in FORM_PAGES.values():
        drawn = {}
        for renderer in (DJANGO_RENDERER, project):
            with override_settings(FORM_RENDERER=renderer):
                html = clients[who].get(url).content.decode()
            drawn[renderer] = re.sub(
                r'value="[0-9a-f-]{36}"|"[A-Za-z0-9]{64}"|nonce="[^"]*"', "", html
            )
        assert drawn[DJANGO_RENDERER] == drawn[project], f"{url}: the markup differs"

    times = {(label, r): [] for label in FORM_PAGES for r in (DJANGO_RENDERER, project)}
    rounds = 5
    for _ in range(rounds):
        for label, (who, url) in FORM_PAGES.items():
            for renderer in (DJANGO_RENDERER, project):
                with override_settings(FORM_RENDERER=renderer):
                    clients[who].get(url)  # warm-up
                    for _ in range(max(1, options.requests // rounds)):
                        started = time.perf_counter()
                        response = clients[who].get(url)
                        times[label, renderer].append((time.perf_counter() - started) * 1000)
                        assert response.status_code == 200, (url, response.status_code)
    print(
        f"\nPages with long choice lists, in process, {rounds} alternating rounds "
        f"({rounds * max(1, options.requests // rounds)} requests per page and renderer); "
        "the markup is the same with both renderers:\n"
    )
    print("| page | Django's renderer p50 / p95 ms | project renderer p50 / p95 ms | p50 ratio |")
    print("| --- | ---: | ---: | ---: |")
    results = {}
    for label in FORM_PAGES:
        row = {}
        for renderer in (DJANGO_RENDERER, project):
            values = sorted(times[label, renderer])
            row[renderer] = (
                round(statistics.median(values), 1),
                round(values[max(int(len(values) * 0.95) - 1, 0)], 1),
            )
        ratio = row[DJANGO_RENDERER][0] / row[project][0]
        print(
            f"| {label} | {row[DJANGO_RENDERER][0]} / {row[DJANGO_RENDERER][1]} "
            f"| {row[project][0]} / {row[project][1]} | {ratio:.1f}× faster |"
        )
        results[label] = {"django": row[DJANGO_RENDERER], "project": row[project]}
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--postgres-url", default="postgres://postgres@127.0.0.1:5432/bridges_bench_contacts"
    )
    parser.add_argument("--part", choices=["both", "submit", "pages", "forms"], default="both")
    parser.add_argument("--clients", type=int, default=20, help="concurrent client processes")
    parser.add_argument("--seconds", type=float, default=10, help="seconds per URL and round")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--duplicates", type=int, default=40, help="records sent by everyone")
    parser.add_argument("--contacts", type=int, default=1_000_000, help="contacts in the log")
    parser.add_argument("--requests", type=int, default=30, help="requests per page (pages)")
    parser.add_argument("--show-sql", action="store_true", help="print each page's queries")
    options = parser.parse_args()

    machine = (
        f"{platform.machine()}, {os.cpu_count()} CPU cores, Python {platform.python_version()}"
    )
    record = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine,
        "options": {key: str(value) for key, value in vars(options).items()},
    }
    print(f"Contact log benchmark — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC — {machine}")
    ok = True
    with tempfile.TemporaryDirectory(prefix="bridges-bench-") as tmp:
        env = prepare(options, Path(tmp))
        django_setup(env)
        from django.db import connections

        world = build_programme(PROGRAMME, networkers=NETWORKERS, with_users=True)
        networkers = [
            {
                "pk": person.pk,
                "email": person.user.email,
                "language": LANGUAGES[n % len(LANGUAGES)],
            }
            for n, person in enumerate(world["networkers"])
        ]
        if options.part in ("both", "submit"):
            connections.close_all()  # the client processes are forked from this one
            record["submissions"] = measure_submissions(env, options, networkers)
            ok = ok and record["submissions"]["ok"]
        if options.part in ("both", "pages"):
            record["in_process"] = submit_in_process(options)
            record["pages"] = measure_pages(options)
            ok = ok and record["pages"]["same_query_counts"]
        if options.part in ("both", "forms"):
            record["forms"] = measure_forms(options)
        connections.close_all()
    output = ROOT / "bench" / "output"
    output.mkdir(exist_ok=True)
    (output / "contacts.json").write_text(json.dumps(record, indent=2, default=str))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
