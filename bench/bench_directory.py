"""Directory benchmark: search over many services in many languages, and import throughput.

    .venv/bin/python bench/bench_directory.py --database sqlite
    .venv/bin/python bench/bench_directory.py --database postgres \
        --postgres-url postgres://postgres@127.0.0.1:5432/bridges_bench_directory

Builds a throw-away database (a test database, dropped at the end), fills it with --services
published services whose text is in --languages languages, then times the public search page
in-process through Django's test client (server time: URL routing, middleware, queries,
template rendering; no network) and the minimal view (the floor every page pays). Finally it
times an import of a generated Open Referral UK v1 feed (records per second).
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LANGUAGE_CODES = [
    "en",
    "ar",
    "fa",
    "ur",
    "pl",
    "ro",
    "sk",
    "uk",
    "sw",
    "ti",
    "fr",
    "so",
    "ps",
    "ku",
    "bn",
    "pa",
    "gu",
    "ta",
    "zh",
    "vi",
    "es",
    "pt",
    "it",
    "de",
    "tr",
    "am",
    "hi",
    "ne",
    "ru",
    "lt",
    "cs",
    "hu",
    "bg",
    "sq",
]
# A few letters of each writing system, to make words that look like each language's text.
SCRIPTS = {
    "ar": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
    "fa": "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی",
    "ur": "ابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنوہیے",
    "ps": "ابپتټثجځچحخدډذرړزژښسشصضطظعغفقکګلمنڼوهی",
    "ku": "ئابپتجچحخدرڕزژسشعغفڤقکگلڵمنوۆهیێ",
    "uk": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
    "ru": "абвгдеёжзийклмнопрстуфхцчшщыэюя",
    "bg": "абвгдежзийклмнопрстуфхцчшщъюя",
    "ti": "ሀለሐመሠረሰሸቀበተቸኀነኘአከኸወዐዘዠየደጀገጠጨጰጸፀፈፐ",
    "am": "ሀለሐመሠረሰሸቀበተቸኀነኘአከኸወዐዘዠየደጀገጠጨጰጸፀፈፐ",
    "bn": "অআইঈউঊঋএঐওঔকখগঘঙচছজঝঞটঠডঢণতথদধনপফবভমযরলশষসহ",
    "hi": "अआइईउऊएऐओऔकखगघचछजझटठडढणतथदधनपफबभमयरलवशषसह",
    "ne": "अआइईउऊएऐओऔकखगघचछजझटठडढणतथदधनपफबभमयरलवशषसह",
    "pa": "ਅਆਇਈਉਊਏਐਓਔਕਖਗਘਙਚਛਜਝਞਟਠਡਢਣਤਥਦਧਨਪਫਬਭਮਯਰਲਵਸਹ",
    "gu": "અઆઇઈઉઊએઐઓઔકખગઘચછજઝટઠડઢણતથદધનપફબભમયરલવશષસહ",
    "ta": "அஆஇஈஉஊஎஏஐஒஓகஙசஞடணதநபமயரலவழளறன",
    "zh": "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会",
    "pl": "aąbcćdeęfghijklłmnńoóprsśtuwyzźż",
    "cs": "aábcčdďeéěfghiíjklmnňoóprřsštťuúůvyýzž",
    "sk": "aáäbcčdďeéfghiíjklĺľmnňoóôprŕsštťuúvyýzž",
    "ro": "aăâbcdefghiîjklmnoprsștțuvxz",
    "hu": "aábcdeéfghiíjklmnoóöőprstuúüűvz",
    "tr": "abcçdefgğhıijklmnoöprsştuüvyz",
    "lt": "aąbcčdeęėfghiįyjklmnoprsštuųūvzž",
    "vi": "aăâbcdđeêghiklmnoôơpqrstuưvxy",
}
LATIN = "abcdefghijklmnoprstuvwyz"
QUERIES = [
    "طبيب",
    "lekarz",
    "پزشک",
    "szkoła",
    "مسکن",
    "food bank",
    "dentist",
    "english",
    "лікар",
    "dhakhtar",
    "housing",
    "ڈاکٹر",
    # Inflections, typos, phrases and synonym phrases (the second pass of the search).
    "doctors",
    "docter",
    "الطبيب",
    "лікаря",
    "angielskiego",
    "register with a GP",
    "konto bankowe",
    "cours d'anglais",
]


def words_for(code: str, rng: random.Random, count: int) -> list[str]:
    letters = SCRIPTS.get(code, LATIN)
    return ["".join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(count)]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def build(n_services: int, n_languages: int, rng: random.Random) -> dict:
    from bridges.accounts.models import Programme
    from bridges.core.models import Language
    from bridges.directory import search
    from bridges.directory.models import (
        Location,
        Organization,
        Schedule,
        SearchPosting,
        Service,
        ServiceAtLocation,
        TaxonomyTerm,
    )
    from bridges.directory.services import postings_of as index_postings

    codes = LANGUAGE_CODES[:n_languages]
    for code in codes:
        Language.objects.get_or_create(code=code, defaults={"english_name": code, "common": True})
    programme = Programme.objects.create(name="Bench City", slug="bench")
    terms = list(TaxonomyTerm.objects.filter(parent__isnull=False))
    vocab = {code: words_for(code, rng, 400) for code in codes}
    orgs = Organization.objects.bulk_create(
        [
            Organization(programme=programme, name=f"Organisation {i}")
            for i in range(n_services // 10)
        ]
    )
    services, locations = [], []
    Through = Service.taxonomy_terms.through
    LangThrough = Service.languages.through
    term_links, language_links, schedules, at_locations, postings = [], [], [], [], []
    for i in range(n_services):
        code = codes[i % len(codes)]
        term = rng.choice(terms)
        name = " ".join(rng.sample(vocab[code], 3))
        description = " ".join(rng.choice(vocab[code]) for _ in range(40))
        service = Service(
            id=uuid.uuid4(),
            programme=programme,
            organization=rng.choice(orgs),
            name=name,
            description=description,
            free=rng.random() < 0.6,
        )
        texts = [
            ("name", code, name),
            ("text", code, description),
            ("need", "en", term.name),
            ("need_keywords", "en", term.keywords),
        ]
        if service.free:
            texts.append(("text", "en", "free"))
        service.search_document = search.normalise(" ".join(t for _, _, t in texts))
        services.append(service)
        postings += index_postings(service, texts)
        location = Location(
            id=uuid.uuid4(), programme=programme, name=name, address_1=f"{i} Bench Street"
        )
        locations.append(location)
        term_links.append(Through(service_id=service.id, taxonomyterm_id=term.id))
        language_links.append(LangThrough(service_id=service.id, language_id=code))
        if code != "en":
            language_links.append(LangThrough(service_id=service.id, language_id="en"))
        schedules.append(
            Schedule(
                service_id=service.id, byday="MO,TU,WE,TH,FR", opens_at="09:00", closes_at="17:00"
            )
        )
        at_locations.append(ServiceAtLocation(service_id=service.id, location_id=location.id))
    batch = 2000
    Service.objects.bulk_create(services, batch_size=batch)
    Location.objects.bulk_create(locations, batch_size=batch)
    Through.objects.bulk_create(term_links, batch_size=batch)
    LangThrough.objects.bulk_create(language_links, batch_size=batch)
    Schedule.objects.bulk_create(schedules, batch_size=batch)
    ServiceAtLocation.objects.bulk_create(at_locations, batch_size=batch)
    # What services.service_index writes, made here in bulk from the same texts.
    SearchPosting.objects.bulk_create(postings, batch_size=5000)
    search.index_vocabulary({p.term for p in postings})
    return {"programme": programme, "vocab": vocab, "terms": terms, "codes": codes}


def kept(n_services: int, n_languages: int, rng: random.Random) -> dict | None:
    """The world of a database kept by an earlier `--keep` run of the same size, or None."""
    from bridges.accounts.models import Programme
    from bridges.directory.models import Service, TaxonomyTerm

    programme = Programme.objects.filter(slug="bench").first()
    if programme is None:
        return None
    if Service.objects.filter(programme=programme).count() != n_services:
        raise SystemExit("The kept database has another number of services: run without --keep.")
    Programme.objects.filter(slug="import-bench").delete()
    codes = LANGUAGE_CODES[:n_languages]
    return {
        "programme": programme,
        "vocab": {code: words_for(code, rng, 400) for code in codes},  # as build() made them
        "terms": list(TaxonomyTerm.objects.filter(parent__isnull=False)),
        "codes": codes,
    }


def timed(client, url: str, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


def summarise(label: str, times: list[float]) -> dict:
    mean = statistics.mean(times)
    return {
        "label": label,
        "n": len(times),
        "p50_ms": round(percentile(times, 50), 1),
        "p95_ms": round(percentile(times, 95), 1),
        "rps": round(1000 / mean, 1),
    }


def bench_search(world: dict, rng: random.Random, repeat: int) -> list[dict]:
    from django.test import Client

    client = Client()
    timed(client, "/en/services/?q=doctor", 5)  # warm up
    floor = timed(client, "/bench/minimal", repeat)
    free_text = []
    for _ in range(repeat):
        if rng.random() < 0.5:
            query = rng.choice(QUERIES)
        else:
            query = rng.choice(world["vocab"][rng.choice(world["codes"])])
        free_text += timed(client, f"/en/services/?q={query}", 1)
    browse = []
    for _ in range(repeat):
        term = rng.choice(world["terms"])
        browse += timed(client, f"/en/services/?need={term.code}&page={rng.randint(1, 5)}", 1)
    filtered = []
    for _ in range(repeat):
        code = rng.choice(world["codes"])
        query = rng.choice(QUERIES)
        filtered += timed(client, f"/en/services/?q={query}&language={code}&free=on", 1)
    # The search alone, without the page around it: parse, rank in the database, read the ids
    # of the first page (and the count), as the page and the API do before rendering.
    from bridges.directory.selectors import public_services, ranked_services

    ranking = []
    for _ in range(repeat):
        query = rng.choice(QUERIES) if rng.random() < 0.5 else rng.choice(world["vocab"]["en"])
        start = time.perf_counter()
        ranked_services(public_services(), query, programme=None, limit=20)
        ranking.append((time.perf_counter() - start) * 1000)
    api = []
    for _ in range(repeat):
        api += timed(client, f"/openreferral/services?search={rng.choice(QUERIES)}&per_page=50", 1)
    return [
        summarise("minimal view (floor)", floor),
        summarise("search page, free text (any language)", free_text),
        summarise("search page, browse by need, pages 1-5", browse),
        summarise("search page, text + language + free filters", filtered),
        summarise("ORUK API /services?search=…&per_page=50", api),
        summarise("the search alone (ranked ids of page 1 and the count)", ranking),
    ]


def bench_import(n_records: int, rng: random.Random) -> dict:
    from bridges.accounts.models import Programme
    from bridges.directory.importers import run

    programme = Programme.objects.create(name="Import City", slug="import-bench")
    feed = []
    for i in range(n_records):
        feed.append(
            {
                "id": str(uuid.uuid4()),
                "name": f"Imported service {i}",
                "description": "<p>" + " ".join(words_for("en", rng, 30)) + "</p>",
                "status": "active",
                "url": "https://example.org/",
                "fees": "",
                "organization": {
                    "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"org{i // 5}")),
                    "name": f"Imported organisation {i // 5}",
                    "description": "",
                },
                "regular_schedules": [{"weekday": "MO", "opens_at": "09:00", "closes_at": "17:00"}],
                "service_at_locations": [
                    {
                        "location": {
                            "id": str(uuid.uuid4()),
                            "name": f"Place {i}",
                            "physical_addresses": [
                                {
                                    "address_1": f"{i} High Street",
                                    "city": "Town",
                                    "postal_code": "RV1 1AA",
                                }
                            ],
                        }
                    }
                ],
                "languages": [{"language": "English"}],
            }
        )
    payload = json.dumps(feed).encode()
    results = {}
    for label in ("first import", "re-import (updates)"):
        record = run.directory_import_create(
            programme=programme, user=None, source_name="bench", format="oruk_v1", payload=payload
        )
        start = time.perf_counter()
        run.directory_import_execute(import_id=record.pk)
        seconds = time.perf_counter() - start
        record.refresh_from_db()
        assert record.status == "done", record.failure
        results[label] = {
            "records": n_records,
            "seconds": round(seconds, 1),
            "records_per_second": round(n_records / seconds, 1),
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--postgres-url", default="postgres://postgres@127.0.0.1:5432/bridges_bench_directory"
    )
    parser.add_argument("--services", type=int, default=50_000)
    parser.add_argument("--languages", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--import-records", type=int, default=5_000)
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the built database for the next run, and reuse one kept by an earlier run "
        "of the same size (its migrations are applied; the services are not rebuilt)",
    )
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ["BRIDGES_BENCHMARK_VIEW"] = "1"
    if args.database == "postgres":
        os.environ["DATABASE_URL"] = args.postgres_url
    else:
        (ROOT / "var").mkdir(exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench_directory.sqlite3'}"
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    # Not setup_test_environment(): it instruments template rendering, which would be measured.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    if args.database == "sqlite":
        # A file, not memory: the benchmark should pay for real disk reads.
        connection.settings_dict["TEST"]["NAME"] = str(
            ROOT / "var" / "bench_directory_test.sqlite3"
        )
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=args.keep)
    rng = random.Random(2026)
    try:
        start = time.perf_counter()
        world = kept(args.services, args.languages, rng) if args.keep else None
        if world is None:
            world = build(args.services, args.languages, rng)
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE" if args.database == "postgres" else "ANALYZE")
        built = time.perf_counter() - start
        # Queries drawn from their own generator, so a kept database times the same requests.
        rng = random.Random(2027)
        rows = bench_search(world, rng, args.repeat)
        imported = bench_import(args.import_records, rng) if args.import_records else {}
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    print(
        json.dumps(
            {
                "database": args.database,
                "services": args.services,
                "languages": args.languages,
                "build_seconds": round(built, 1),
                "search": rows,
                "import": imported,
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
