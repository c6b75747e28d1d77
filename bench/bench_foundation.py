"""Foundation benchmark: requests per second for the public pages (home, the directory's search
and a service, the networker application form, a guide in English and in Arabic) and for the
smallest possible Django view, on the same server with the same settings, and each page's ratio
to it.

    .venv/bin/python bench/bench_foundation.py [--seconds 10] [--clients 4] [--workers 2]
        [--rounds 3] [--mode both|http|inprocess] [--requests 200] [--profile home]

`--mode http` (the server under load), `inprocess` (the same pages through Django's WSGI
handler in this process, with no server and no load generator: milliseconds per request, the
ratio, and the database queries each page makes), or `both` (the default). `--profile NAME`
prints a cProfile of that page's in-process requests.

It builds a throwaway SQLite database in a temporary folder (migrate, reference data, demo
city), collects static files, starts gunicorn on 127.0.0.1 (a free port, DEBUG off,
`BRIDGES_BENCHMARK_VIEW=1` for /bench/minimal), drives it with a bounded, self-stopping load
generator (client processes, keep-alive where the server allows it), prints a table and
writes JSON to bench/output/. It never talks to any host but 127.0.0.1.
"""

import argparse
import http.client
import json
import multiprocessing
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
# The pages measured, each against "minimal"; the placeholders are filled from the demo city.
TARGETS = {
    "home": "/en/",
    "search": "/en/services/",
    "service": "/en/services/{service}/",
    "join": "/en/networkers/join/{programme}/",
    # A published guide, in English and in Arabic (a published translation in the demo city).
    "guide": "/en/guides/{programme}/{guide}/",
    "guide_ar": "/ar/guides/{programme}/{guide}/",
    "minimal": "/bench/minimal",
}
PAGES = [name for name in TARGETS if name != "minimal"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def run(args: list[str], env: dict[str, str]) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare(var_dir: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "BRIDGES_VAR_DIR": str(var_dir),
        "BRIDGES_BENCHMARK_VIEW": "1",
        "DJANGO_DEBUG": "0",
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DATABASE_URL", None)  # always the throwaway SQLite file
    print(f"Preparing a throwaway database in {var_dir} …", flush=True)
    run(["migrate", "--noinput", "-v", "0"], env)
    run(["load_reference_data", "--if-empty"], env)
    run(["seed_demo", "--if-empty"], env)
    run(["collectstatic", "--noinput", "-v", "0"], env)
    run(["compilemessages", "--ignore=.venv", "--ignore=var", "-v", "0"], env)
    return env


def demo_targets(env: dict[str, str]) -> dict[str, str]:
    """TARGETS with a published service of the demo city and its programme filled in."""
    code = (
        "from bridges.directory.selectors import public_services; "
        "service = public_services().select_related('programme').order_by('pk').first(); "
        "from bridges.guides.models import Guide; "
        "guide = Guide.objects.filter(programme=service.programme, slug='register-with-a-gp')"
        ".first(); "
        "print(service.pk, service.programme.slug, guide.slug)"
    )
    found = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    service, programme, guide = found.stdout.split()[-3:]
    return {
        name: path.format(service=service, programme=programme, guide=guide)
        for name, path in TARGETS.items()
    }


def in_process(env: dict[str, str], targets: dict[str, str], requests: int, profile: str):
    """Each page through Django's WSGI handler in this process, as a cookie-less visitor asking
    for gzip: median milliseconds per request and the queries one request makes."""
    import cProfile
    import io
    import pstats

    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    from django.core.wsgi import get_wsgi_application
    from django.db import connection

    application = get_wsgi_application()

    def get(path: str) -> int:
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": HOST,
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": HOST,
            "HTTP_HOST": HOST,
            "HTTP_ACCEPT_ENCODING": "gzip",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        status = []
        body = application(environ, lambda code, headers, *_: status.append(code))
        try:
            b"".join(body)
        finally:
            body.close()
        return int(status[0].split()[0])

    results = {}
    for name, path in targets.items():
        for _ in range(20):  # warm-up: template loader, translations, registries, caches
            if get(path) != 200:
                raise SystemExit(f"{path} did not answer 200")
        queries: list[str] = []

        def counted(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counted):
            get(path)
        profiler = cProfile.Profile() if name == profile else None
        times = []
        if profiler:
            profiler.enable()
        for _ in range(requests):
            started = time.perf_counter()
            get(path)
            times.append(time.perf_counter() - started)
        if profiler:
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
            print(out.getvalue())
        results[name] = {
            "path": path,
            "ms": round(statistics.median(times) * 1000, 3),
            "queries": len(queries),
        }
    for name in PAGES:
        results[name]["ratio"] = round(results["minimal"]["ms"] / results[name]["ms"], 3)
    return results


def start_server(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    gunicorn = Path(PYTHON).with_name("gunicorn")
    server = subprocess.Popen(
        [
            str(gunicorn),
            "config.wsgi",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer /healthz within 30 s")


def client(port: int, path: str, seconds: float, queue) -> None:
    """One simulated visitor: request after request until the deadline (keep-alive when the
    server keeps the connection open). Reports latencies in seconds and error count."""
    latencies: list[float] = []
    errors = 0
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                errors += 1
            else:
                latencies.append(time.perf_counter() - started)
            if response.will_close:
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=10)
        except (OSError, http.client.HTTPException):
            errors += 1
            connection.close()
            connection = http.client.HTTPConnection(HOST, port, timeout=10)
    connection.close()
    queue.put((latencies, errors))


def load(port: int, path: str, clients: int, seconds: float) -> dict:
    queue = multiprocessing.Queue()
    processes = [
        multiprocessing.Process(target=client, args=(port, path, seconds, queue))
        for _ in range(clients)
    ]
    started = time.perf_counter()
    for process in processes:
        process.start()
    results = [queue.get(timeout=seconds + 60) for _ in processes]
    for process in processes:
        process.join(timeout=10)
    elapsed = time.perf_counter() - started
    latencies = sorted(latency for batch, _ in results for latency in batch)
    errors = sum(count for _, count in results)
    if not latencies:
        raise SystemExit(f"no successful responses from {path} ({errors} errors)")
    return summarise(path, latencies, errors, elapsed)


def summarise(path: str, latencies: list[float], errors: int, elapsed: float) -> dict:
    latencies = sorted(latencies)
    return {
        "path": path,
        "latencies": latencies,
        "requests": len(latencies),
        "errors": errors,
        "seconds": round(elapsed, 2),
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 2),
    }


def combine(results: list[dict]) -> dict:
    return summarise(
        results[0]["path"],
        [latency for result in results for latency in result["latencies"]],
        sum(result["errors"] for result in results),
        sum(result["seconds"] for result in results),
    )


def measure_http(env: dict[str, str], targets: dict[str, str], options) -> dict:
    port = free_port()
    server = start_server(env, port, options.workers)
    load_before = os.getloadavg()[0]
    try:
        for path in targets.values():
            load(port, path, options.clients, 2)  # warm-up: caches, connections, imports
        # Rounds alternate the URLs, so that anything else running on the machine slows
        # them alike; each page's ratio is the median of the rounds' ratios.
        rounds = []
        for _ in range(options.rounds):
            rounds.append(
                {
                    name: load(port, path, options.clients, options.seconds)
                    for name, path in targets.items()
                }
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    load_after = os.getloadavg()[0]
    results = {name: combine([r[name] for r in rounds]) for name in targets}
    ratios = {name: [r[name]["rps"] / r["minimal"]["rps"] for r in rounds] for name in PAGES}
    print()
    print(
        f"gunicorn {options.workers} sync workers, {options.clients} client processes, "
        f"{options.rounds} rounds × {options.seconds:g} s per URL, SQLite, DEBUG off; "
        f"load average {load_before:.1f} before, {load_after:.1f} after"
    )
    print()
    print("| URL | requests/s | p50 ms | p95 ms | requests | errors | ratio to minimal |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, result in results.items():
        ratio = (
            f"**{statistics.median(ratios[name]):.2f}** ("
            + ", ".join(f"{r:.2f}" for r in ratios[name])
            + ")"
            if name in ratios
            else "1"
        )
        print(
            f"| `{result['path']}` | {result['rps']} | {result['p50_ms']} | {result['p95_ms']} "
            f"| {result['requests']} | {result['errors']} | {ratio} |"
        )
    print()
    print("Ratio: the page's requests/s over the minimal view's, median of the rounds (each).")

    def without_latencies(result: dict) -> dict:
        return {key: value for key, value in result.items() if key != "latencies"}

    return {
        "load_average": [load_before, load_after],
        "results": {name: without_latencies(result) for name, result in results.items()},
        "rounds": [{name: without_latencies(r) for name, r in one.items()} for one in rounds],
        "ratios": {name: round(statistics.median(values), 3) for name, values in ratios.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--seconds", type=float, default=10, help="measured seconds per URL and round"
    )
    parser.add_argument("--clients", type=int, default=4, help="concurrent client processes")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds per URL")
    parser.add_argument("--mode", choices=["both", "http", "inprocess"], default="both")
    parser.add_argument(
        "--requests", type=int, default=200, help="in-process requests per URL (after warm-up)"
    )
    parser.add_argument(
        "--profile", choices=list(TARGETS), default="", help="cProfile one page in process"
    )
    parser.add_argument(
        "--var-dir",
        type=Path,
        help="prepare (or reuse) the database in this folder instead of a temporary one",
    )
    options = parser.parse_args()

    machine = (
        f"{platform.machine()}, {os.cpu_count()} CPU cores, Python {platform.python_version()}"
    )
    record = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine,
        "options": {key: str(value) for key, value in vars(options).items()},
    }
    with tempfile.TemporaryDirectory(prefix="bridges-bench-") as tmp:
        env = prepare(options.var_dir or Path(tmp))
        targets = demo_targets(env)
        print()
        print(f"Foundation benchmark — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC — {machine}")
        if options.mode in {"both", "http"}:
            record["http"] = measure_http(env, targets, options)
        if options.mode in {"both", "inprocess"}:
            results = in_process(env, targets, options.requests, options.profile)
            print()
            print(
                f"In process (WSGI handler, no server, {options.requests} requests per URL "
                "after 20 warm-up, median):"
            )
            print()
            print("| URL | ms per request | queries | ratio to minimal |")
            print("| --- | ---: | ---: | ---: |")
            for result in results.values():
                print(
                    f"| `{result['path']}` | {result['ms']} | {result['queries']} "
                    f"| {result.get('ratio', 1)} |"
                )
            record["in_process"] = results

    output = ROOT / "bench" / "output"
    output.mkdir(exist_ok=True)
    (output / "foundation.json").write_text(json.dumps(record, indent=2))


if __name__ == "__main__":
    main()
