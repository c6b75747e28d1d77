"""Imports under attack or carelessness: feed addresses that lead into the server's own network,
hostile or broken files, records with impossible values, oversized uploads and zip bombs, and
imports whose worker died. Whatever happens, an import ends "done" or "failed" with a reason,
its payload is not kept, and nothing it stored can break the export or the API."""

import datetime
import io
import json
import threading
import zipfile
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from bridges.core import liveness
from bridges.directory import exporters
from bridges.directory.importers import common, run
from bridges.directory.models import DirectoryImport, Location, Service
from bridges.directory.schemas import errors as schema_errors
from bridges.directory.tasks import directory_import_run

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"
NORTH_LINCS = FIXTURES / "north_lincolnshire_services_sample.json"


def do_import(programme, payload: bytes, fmt: str, user=None) -> DirectoryImport:
    record = run.directory_import_create(
        programme=programme, user=user, source_name="test", format=fmt, payload=payload
    )
    run.directory_import_execute(import_id=record.pk)
    record.refresh_from_db()
    return record


def fetch_import(programme, url: str) -> DirectoryImport:
    record = run.directory_import_create(
        programme=programme, user=None, source_name=url, format="oruk_v1", source_url=url
    )
    run.directory_import_execute(import_id=record.pk)
    record.refresh_from_db()
    return record


# --- 4. Feed addresses never reach the server's own network -----------------------------------


@pytest.fixture
def feed_server():
    """A real HTTP server on the loopback address: /services is a feed, /redirect?to=X sends a
    redirect to X, /loop redirects to itself, /secret fails with text of its own."""
    body = NORTH_LINCS.read_bytes()
    hits: list[str] = []

    class Feed(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the standard library's name
            hits.append(self.path)
            if self.path == "/services":
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            elif self.path.startswith("/redirect?to="):
                self.send_response(302)
                self.send_header("Location", self.path.removeprefix("/redirect?to="))
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif self.path == "/loop":
                self.send_response(302)
                self.send_header("Location", "/loop")
                self.send_header("Content-Length", "0")
                self.end_headers()
            else:
                self.send_response(500, "SECRET-REASON from the remote server")
                self.send_header("Content-Length", "11")
                self.end_headers()
                self.wfile.write(b"SECRET-BODY")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.hits = hits
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def allow_urls(settings):
    settings.DIRECTORY_IMPORT_ALLOW_URLS = True
    return settings


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("http://127.0.0.1:{port}/services", "loopback"),
        ("http://localhost:{port}/services", "loopback"),
        ("http://[::1]:{port}/services", "loopback"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://10.1.2.3/services", "private network"),
        ("http://192.168.0.1/services", "private network"),
        ("http://[fd00::1]/services", "private network"),
        ("http://0.0.0.0:{port}/services", "unspecified"),
        ("http://224.0.0.1/services", "multicast"),
    ],
)
def test_the_form_refuses_addresses_on_private_networks(
    client, coordinator, programme, allow_urls, feed_server, address, kind
):
    port = feed_server.server_address[1]
    client.force_login(coordinator)
    url = reverse("directory:import_create", args=[programme.slug])
    response = client.post(
        url, {"format": "oruk_v1", "mode": "publish", "url": address.format(port=port)}
    )
    assert response.status_code == 200
    assert kind in response.content.decode()
    assert not DirectoryImport.objects.exists()


@pytest.mark.parametrize("host", ["127.1", "2130706433", "0x7f000001", "localhost"])
def test_names_are_checked_after_they_are_resolved(programme, allow_urls, feed_server, host):
    """Names and odd spellings the form cannot judge are resolved, and refused because they lead
    to this server itself: the loopback feed is never asked for anything."""
    port = feed_server.server_address[1]
    record = fetch_import(programme, f"http://{host}:{port}/services")
    assert record.status == "failed"
    assert "loopback address" in record.failure and "does not fetch from" in record.failure
    assert feed_server.hits == []
    assert not Service.objects.exists()


def test_the_default_refuses_the_loopback_feed_a_test_may_allow(programme, allow_urls, feed_server):
    refused = fetch_import(programme, f"{feed_server.url}/services")
    assert refused.status == "failed" and "loopback" in refused.failure
    assert feed_server.hits == []
    allow_urls.DIRECTORY_IMPORT_ALLOWED_PRIVATE_NETWORKS = ["127.0.0.1/32"]
    record = fetch_import(programme, f"{feed_server.url}/services")
    assert record.status == "done" and record.created_count == 50


@pytest.mark.parametrize(
    ("target", "kind"),
    [
        ("http://127.0.0.2:{port}/services", "loopback"),
        ("http://[::1]:{port}/services", "loopback"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://10.0.0.8/", "private network"),
        ("http://0.0.0.0:{port}/", "unspecified"),
        ("file:///etc/passwd", "an address this site does not fetch from"),
    ],
)
def test_every_redirect_is_checked(programme, allow_urls, feed_server, target, kind):
    """The first server is allowed (127.0.0.1 only); where it redirects is checked again."""
    allow_urls.DIRECTORY_IMPORT_ALLOWED_PRIVATE_NETWORKS = ["127.0.0.1/32"]
    port = feed_server.server_address[1]
    record = fetch_import(programme, f"{feed_server.url}/redirect?to={target.format(port=port)}")
    assert record.status == "failed", record.failure
    assert "redirected to" in record.failure and kind in record.failure
    assert len(feed_server.hits) == 1
    assert not Service.objects.exists()


def test_redirects_are_followed_a_few_times_at_most(programme, allow_urls, feed_server):
    allow_urls.DIRECTORY_IMPORT_ALLOWED_PRIVATE_NETWORKS = ["127.0.0.1/32"]
    followed = fetch_import(programme, f"{feed_server.url}/redirect?to=/services")
    assert followed.status == "done" and followed.created_count == 50
    looping = fetch_import(programme, f"{feed_server.url}/loop")
    assert looping.status == "failed" and "too many times" in looping.failure
    assert feed_server.hits.count("/loop") == 6


def test_the_failure_does_not_repeat_the_remote_servers_text(programme, allow_urls, feed_server):
    allow_urls.DIRECTORY_IMPORT_ALLOWED_PRIVATE_NETWORKS = ["127.0.0.1/32"]
    record = fetch_import(programme, f"{feed_server.url}/secret")
    assert record.status == "failed"
    assert record.failure == "Could not fetch the feed: the server answered with status 500."
    assert "SECRET" not in record.failure


def test_a_feed_over_the_size_limit_is_refused(programme, allow_urls, feed_server):
    allow_urls.DIRECTORY_IMPORT_ALLOWED_PRIVATE_NETWORKS = ["127.0.0.1/32"]
    allow_urls.DIRECTORY_IMPORT_MAX_BYTES = 1000
    record = fetch_import(programme, f"{feed_server.url}/services")
    assert record.status == "failed" and record.failure == "The feed is too large."


# --- 5. Hostile files end the import as failed -------------------------------------------------


def _zip(files: dict[str, bytes], method=zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


SERVICES_CSV = b"id,name,status\nx-1,Night Shelter,active\n"


def _patch_headers(data: bytes, *, local: int, central: int, value: bytes) -> bytes:
    """Overwrite a field in every local and central header of a zip."""
    data = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", local), (b"PK\x01\x02", central)):
        start = data.find(signature)
        while start != -1:
            data[start + offset : start + offset + len(value)] = value
            start = data.find(signature, start + 4)
    return bytes(data)


def _encrypted() -> bytes:
    return _patch_headers(_zip({"services.csv": SERVICES_CSV}), local=6, central=8, value=b"\x01")


def _unknown_method() -> bytes:
    return _patch_headers(_zip({"services.csv": SERVICES_CSV}), local=8, central=10, value=b"c")


def _corrupt() -> bytes:
    return _zip({"services.csv": SERVICES_CSV}).replace(b"Night Shelter", b"Night Shelder")


def _long_field() -> bytes:
    return _zip({"services.csv": b"id,name,description\nx-1,Shelter," + b"a" * 200_000 + b"\n"})


@pytest.mark.parametrize(
    ("payload", "fmt", "reason"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "oruk_v1", "nested too deeply"),
        (b'{"services": ' * 5000 + b"[]" + b"}" * 5000, "hsds_json", "nested too deeply"),
        (_encrypted(), "hsds_csv", "The zip file is encrypted"),
        (_unknown_method(), "hsds_csv", "compression method Bridges cannot read"),
        (_corrupt(), "hsds_csv", "The zip file is damaged: services.csv could not be read."),
        (_long_field(), "hsds_csv", "services.csv has a field longer than 131,072 characters."),
        (b"\xff\xfe not utf-8", "oruk_v1", "it is not UTF-8 text"),
        (b"not a zip", "hsds_csv", "The file is not a zip file."),
    ],
    ids=["deep-array", "deep-object", "encrypted", "method", "corrupt", "csv-field", "utf8", "zip"],
)
def test_hostile_files_end_the_import_as_failed(programme, payload, fmt, reason):
    record = do_import(programme, payload, fmt)
    assert record.status == "failed", record.status
    assert reason in record.failure
    assert record.finished_at is not None
    assert bytes(record.payload) == b""
    assert not Service.objects.exists()


def test_an_unexpected_error_while_writing_fails_the_import(programme, monkeypatch):
    def broken(self, record):
        raise MemoryError

    monkeypatch.setattr(common.Writer, "write", broken)
    record = do_import(programme, NORTH_LINCS.read_bytes(), "oruk_v1")
    assert record.status == "failed"
    assert record.failure.startswith("The import stopped because of an unexpected error.")


def _running(programme, *, minutes_ago: int) -> DirectoryImport:
    record = run.directory_import_create(
        programme=programme, user=None, source_name="t", format="oruk_v1", payload=b"[]"
    )
    DirectoryImport.objects.filter(pk=record.pk).update(
        status=DirectoryImport.Status.RUNNING,
        started_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
    )
    return record


@contextmanager
def worker_running(import_id: int):
    """Another worker, alive and running this import: it holds the import's liveness lock on
    its own thread (its own database connection, its own lock file descriptor)."""
    held, done = threading.Event(), threading.Event()

    def work():
        try:
            with liveness.alive(f"directory-import:{import_id}"):
                held.set()
                done.wait(30)
        finally:
            connection.close()

    thread = threading.Thread(target=work)
    thread.start()
    assert held.wait(10)
    try:
        yield
    finally:
        done.set()
        thread.join()


def test_imports_left_running_are_failed_after_the_timeout(programme, settings):
    settings.DIRECTORY_IMPORT_TIMEOUT_MINUTES = 60
    stale = _running(programme, minutes_ago=61)
    recent = _running(programme, minutes_ago=5)
    out = io.StringIO()
    with worker_running(stale.pk), worker_running(recent.pk):
        call_command("directory_imports_fail_stale", stdout=out)
    assert out.getvalue().startswith("1 imports marked failed")
    stale.refresh_from_db()
    recent.refresh_from_db()
    assert stale.status == "failed" and "did not finish within 60 minutes" in stale.failure
    assert bytes(stale.payload) == b"" and stale.finished_at
    assert recent.status == "running"


def test_an_import_whose_worker_died_is_failed_at_once(programme):
    """No timeout to wait for: the dead worker's liveness lock is free."""
    dead = _running(programme, minutes_ago=1)
    alive = _running(programme, minutes_ago=1)
    with worker_running(alive.pk):
        assert run.directory_imports_fail_stale() == 1
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == "failed" and "ended before it finished" in dead.failure
    assert alive.status == "running"


def test_the_import_task_first_fails_imports_whose_worker_died(programme):
    stale = _running(programme, minutes_ago=24 * 60)
    record = run.directory_import_create(
        programme=programme, user=None, source_name="t", format="oruk_v1", payload=b"[]"
    )
    directory_import_run.enqueue(import_id=record.pk)
    stale.refresh_from_db()
    record.refresh_from_db()
    assert stale.status == "failed" and record.status == "done"


def test_a_worker_killed_while_writing_leaves_nothing_written(programme, monkeypatch):
    """The write is one transaction: a worker stopped in the middle of it keeps nothing, and
    its import, left "running" with its liveness lock free, is failed."""
    original = common.Writer.write
    calls = {"n": 0}

    def killed(self, record):
        calls["n"] += 1
        if calls["n"] == 10:
            raise KeyboardInterrupt  # as a worker stopped by a signal: not an Exception
        return original(self, record)

    monkeypatch.setattr(common.Writer, "write", killed)
    record = run.directory_import_create(
        programme=programme,
        user=None,
        source_name="t",
        format="oruk_v1",
        payload=NORTH_LINCS.read_bytes(),
    )
    with pytest.raises(KeyboardInterrupt):
        run.directory_import_execute(import_id=record.pk)
    record.refresh_from_db()
    assert record.status == "running"
    assert not Service.objects.exists() and not Location.objects.exists()
    assert run.directory_imports_fail_stale() == 1
    record.refresh_from_db()
    assert record.status == "failed" and bytes(record.payload) == b""


# --- 6. Impossible values skip their record, and cannot reach the export or the API -----------


def _variant(base: dict, record_id: str, **changes) -> dict:
    return {**base, "id": record_id, "name": f"{base['name']} {record_id}", **changes}


def _located(latitude, longitude) -> list:
    return [{"location": {"name": "Hall", "latitude": latitude, "longitude": longitude}}]


BAD = {
    "bad-languages": ({"languages": [1, 2, None]}, "languages: item 1 is not a language"),
    "bad-nan": ({"cost_options": [{"amount": float("nan")}]}, "a number is not finite"),
    "bad-infinity": ({"cost_options": [{"amount": float("inf")}]}, "a number is not finite"),
    "bad-huge": ({"cost_options": [{"amount": 1e30}]}, "cost amount out of range: 1e+30"),
    "bad-negative": ({"cost_options": [{"amount": -5}]}, "cost amount out of range: -5.0"),
    "bad-longitude": (
        {"service_at_locations": _located(53.5, 999)},
        "longitude out of range: 999.0",
    ),
    "bad-latitude": (
        {"service_at_locations": _located("NaN", 0)},
        "a number is not finite",
    ),
    "bad-age": ({"minimum_age": float("inf")}, "age is not a number: inf"),
    "bad-phones": ({"contacts": [{"name": "A", "phones": 5}]}, "contacts.phones is not a list"),
    "bad-eligibility": ({"eligibilitys": 5}, "eligibilitys is not a list"),
    "bad-location": (
        {"service_at_locations": [{"location": "Main Street"}]},
        "service_at_locations.location is not an object",
    ),
    "bad-schedules": ({"regular_schedules": [None]}, "regular_schedules: item 1 is not an object"),
    "bad-depth": ({"organization": json.loads('{"a":' * 30 + "1" + "}" * 30)}, "nested too deeply"),
    "bad-name": ({"name": {"en": "Shelter"}}, "name is not text"),
}


def test_records_with_impossible_values_are_skipped_and_the_rest_publish(client, programme):
    base = json.loads(NORTH_LINCS.read_bytes())
    good = base[:3]
    records = [*good]
    for record_id, (changes, _reason) in BAD.items():
        records.append(_variant(base[0], record_id, **changes))
    records.append(
        _variant(
            base[0],
            "ok-cleaned",
            name="Night\x00 Shelter \ud800",
            email=5,
            url=["not", "text"],
            cost_options=[{"option": "Bed", "amount": 9_999_999.99}, {"amount": "ask"}],
            service_at_locations=_located(-90, "180"),
            languages=["pl", {"code": "ar"}, {"name": "Polish"}],
        )
    )
    payload = json.dumps(records).encode()  # NaN and Infinity as JSON parsers accept them
    record = do_import(programme, payload, "oruk_v1")
    assert record.status == "done", record.failure
    assert record.created_count == 4
    assert {e["id"]: e["reason"] for e in record.errors} == {k: v[1] for k, v in BAD.items()}
    cleaned = Service.objects.get(name__startswith="Night")
    assert cleaned.name == "Night Shelter \ufffd" and cleaned.email == "" and cleaned.url == ""
    assert [float(c.amount or -1) for c in cleaned.cost_options.order_by("option")] == [
        -1,
        9_999_999.99,
    ]
    assert cleaned.at_locations.get().location.longitude == 180

    def strict(response) -> dict:
        assert response.status_code == 200, response.content[:500]
        return json.loads(response.content, parse_constant=_refuse)

    def api(name, **kwargs):
        return strict(client.get(reverse(f"directory:openreferral:{name}", kwargs=kwargs)))

    # The export, both forms
    exported = json.loads(exporters.export_json(programme=programme), parse_constant=_refuse)
    assert len(exported) == 4
    with zipfile.ZipFile(io.BytesIO(exporters.export_datapackage(programme=programme))) as package:
        assert package.testzip() is None and "services.csv" in package.namelist()
    # Every API endpoint, lists and each record
    for name, kind in [
        ("services", "service"),
        ("organizations", "organization"),
        ("service_at_locations", "service_at_location"),
        ("taxonomies", "taxonomy"),
        ("taxonomy_terms", "taxonomy_term"),
    ]:
        page = api(name)
        assert not schema_errors(f"page:{kind}", page), name
        for item in page["contents"]:
            assert not schema_errors(kind, api(kind, id=item["id"])), (kind, item["id"])
    assert api("services")["total_items"] == 4
    assert api("meta")["version"] == "3.0"


def _refuse(constant):
    raise AssertionError(f"{constant} in JSON output")


# --- 7. Size limits, zip bombs, and payloads not kept -------------------------------------------


def test_an_upload_over_the_size_limit_is_refused_with_a_clear_message(
    client, coordinator, programme, settings
):
    settings.DIRECTORY_IMPORT_MAX_BYTES = 1000
    client.force_login(coordinator)
    url = reverse("directory:import_create", args=[programme.slug])
    assert "At most 1000\xa0bytes." in client.get(url).content.decode()
    upload = SimpleUploadedFile("feed.json", b"[" + b" " * 2000 + b"]")
    response = client.post(url, {"format": "oruk_v1", "mode": "publish", "file": upload})
    assert response.status_code == 200
    assert (
        "The file is too large: the most this site accepts is 1000\xa0bytes."
        in response.content.decode()
    )
    assert not DirectoryImport.objects.exists()


def test_a_zip_bomb_is_refused_before_it_is_expanded(programme, settings):
    bomb = _zip(
        {"services.csv": SERVICES_CSV, "padding.csv": b"\0" * (2 * 1024 * 1024)},
        method=zipfile.ZIP_DEFLATED,
    )
    assert len(bomb) < 20_000
    record = do_import(programme, bomb, "hsds_csv")
    assert record.status == "failed"
    assert "compressed suspiciously well (more than 100 to 1)" in record.failure
    settings.DIRECTORY_IMPORT_MAX_UNCOMPRESSED_BYTES = 500
    large = _zip({"services.csv": SERVICES_CSV, "notes.csv": b"x" * 600})
    record = do_import(programme, large, "hsds_csv")
    assert record.status == "failed"
    assert "would expand to more than 500\xa0bytes" in record.failure
    assert not Service.objects.exists()


def test_the_payload_is_removed_when_an_import_ends(programme):
    done = do_import(programme, NORTH_LINCS.read_bytes(), "oruk_v1")
    assert done.status == "done" and bytes(done.payload) == b""
    failed = do_import(programme, b"{not json", "oruk_v1")
    assert failed.status == "failed" and bytes(failed.payload) == b""
    # Run again, a failed upload says why it cannot be retried.
    run.directory_import_execute(import_id=failed.pk)
    failed.refresh_from_db()
    assert failed.failure == "The uploaded file is no longer kept: upload it again."
