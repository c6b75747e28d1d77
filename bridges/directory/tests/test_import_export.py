import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bridges.directory import exporters
from bridges.directory.importers import run
from bridges.directory.models import (
    DirectoryImport,
    Location,
    Organization,
    Service,
    ServiceAtLocation,
)
from bridges.directory.selectors import service_search
from bridges.directory.tasks import directory_import_run

from .factories import make_service

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


def test_oruk_v1_feed_imports_and_reimport_updates(programme):
    payload = NORTH_LINCS.read_bytes()
    record = do_import(programme, payload, "oruk_v1")
    assert record.status == "done", record.failure
    assert record.total == 50 and record.created_count == 50 and record.errors == []
    assert Service.objects.for_programme(programme).count() == 50
    first = json.loads(payload)[0]
    service = Service.objects.get(pk=first["id"])
    assert "<p>" not in service.description and "Drug & Alcohol" in service.description
    assert service.organization.name == first["organization"]["name"]
    # Searchable at once
    assert service_search(query="alcohol", programme=programme).paginator.count >= 1
    # Re-import: same records, neither duplicated nor rewritten (nothing changed)
    again = do_import(programme, payload, "oruk_v1")
    assert again.created_count == 0 and again.updated_count == 0
    assert again.unchanged_count == 50
    assert Service.objects.for_programme(programme).count() == 50


def test_invalid_records_are_reported_and_the_rest_import(programme):
    records = json.loads(NORTH_LINCS.read_bytes())[:3]
    records[1] = {**records[1], "name": ""}
    records.append({"id": "x-1", "name": "Odd", "status": "flying"})
    record = do_import(programme, json.dumps(records).encode(), "oruk_v1")
    assert record.status == "done"
    assert record.created_count == 2
    assert {e["id"] for e in record.errors} == {records[1]["id"], "x-1"}
    assert {e["reason"] for e in record.errors} == {"no name", "unknown status 'flying'"}


def test_a_failed_run_leaves_no_partial_import(programme, monkeypatch):
    records = json.loads(NORTH_LINCS.read_bytes())[:5]
    from bridges.directory.importers import common

    original = common.Writer.write
    calls = {"n": 0}

    def explode(self, record):
        calls["n"] += 1
        if calls["n"] == 4:
            raise RuntimeError("disk full")
        return original(self, record)

    monkeypatch.setattr(common.Writer, "write", explode)
    record = do_import(programme, json.dumps(records).encode(), "oruk_v1")
    assert record.status == "failed" and "unexpected error. Nothing was changed" in record.failure
    assert "disk full" not in record.failure  # internal detail goes to the log, not the page
    assert not Service.objects.for_programme(programme).exists()
    assert not Organization.objects.for_programme(programme).exists()


def test_unreadable_file_fails_cleanly(programme):
    record = do_import(programme, b"{not json", "oruk_v1")
    assert record.status == "failed"
    assert "Could not read" in record.failure


def _on_the_map(text: str) -> str:
    """The standard's examples place their location at latitude 100, longitude 101, which is
    off the globe (and refused): move it to a real place."""
    return text.replace('"latitude": 100,', '"latitude": 53.58,').replace(
        ",100,101,", ",53.58,-0.65,"
    )


def test_hsds_json_and_csv_packages_import(programme, other_programme):
    example = (FIXTURES / "hsds_service_full.json").read_text()
    refused = do_import(programme, example.encode(), "hsds_json")
    assert refused.status == "done" and refused.created_count == 0
    assert refused.errors == [
        {"id": json.loads(example)["id"], "reason": "latitude out of range: 100.0"}
    ]
    record = do_import(programme, _on_the_map(example).encode(), "hsds_json")
    assert record.status == "done" and record.created_count == 1, record.errors
    service = Service.objects.get(programme=programme)
    assert service.name == "Community Counselling"
    assert service.schedules.exists() and service.at_locations.exists()
    assert set(service.languages.values_list("code", flat=True)) <= {"ur", "en", "pl", "sk"}

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in (FIXTURES / "hsds_csv").glob("*.csv"):
            archive.writestr(path.name, _on_the_map(path.read_text()))
    # Same ids in another programme: stored under programme-specific ids, no clash.
    record = do_import(other_programme, buffer.getvalue(), "hsds_csv")
    assert record.status == "done" and record.created_count == 1, (record.errors, record.failure)
    other = Service.objects.get(programme=other_programme)
    assert other.pk != service.pk and other.name == "Community Counselling"
    assert other.at_locations.get().location.address_1 == "1-30 Main Street"


def test_export_round_trips_through_import(programme, other_programme):
    make_service(
        programme,
        name="Canal Street Surgery",
        need="gp",
        languages=("ar",),
        hours=("MO", "09:00", "17:00"),
        what_to_bring="Nothing at all",
    )
    package = exporters.export_datapackage(programme=programme)
    archive = zipfile.ZipFile(io.BytesIO(package))
    assert "datapackage.json" in archive.namelist() and "services.csv" in archive.namelist()
    record = do_import(other_programme, package, "hsds_csv")
    assert record.status == "done" and record.created_count == 1, record.errors
    data = json.loads(exporters.export_json(programme=programme))
    assert data[0]["x_bridges_what_to_bring"] == "Nothing at all"
    record = do_import(other_programme, exporters.export_json(programme=programme), "hsds_json")
    assert record.updated_count == 1 and record.created_count == 0
    copy = Service.objects.get(programme=other_programme)
    assert copy.schedules.count() == 1  # replaced, not duplicated
    assert copy.languages.filter(code="ar").exists()


def test_the_package_neutralises_formulas_and_imports_back_unchanged(programme, other_programme):
    service = make_service(
        programme, name='=HYPERLINK("http://x","y")', description="+44 ring us first"
    )
    place = Location.objects.create(
        programme=programme, name="@ the library", latitude=53.4, longitude=-1.5
    )
    ServiceAtLocation.objects.create(service=service, location=place)
    package = zipfile.ZipFile(io.BytesIO(exporters.export_datapackage(programme=programme)))

    def table(name):
        return list(csv.DictReader(io.StringIO(package.read(name).decode())))

    [row] = table("services.csv")
    # A spreadsheet shows these as text and never runs them.
    assert row["name"] == '\'=HYPERLINK("http://x","y")'
    assert row["description"] == "'+44 ring us first"
    [location] = table("locations.csv")
    assert location["name"] == "'@ the library"
    assert location["longitude"] == "-1.5"  # a number, not text: left as it is

    record = do_import(other_programme, package.fp.getvalue(), "hsds_csv")
    assert record.status == "done" and record.created_count == 1, record.errors
    copy = Service.objects.get(programme=other_programme)
    assert copy.name == '=HYPERLINK("http://x","y")'
    assert copy.description == "+44 ring us first"
    assert copy.at_locations.get().location.name == "@ the library"


def test_import_page_enqueues_the_task_and_shows_progress(
    client, programme, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    url = reverse("directory:import_create", kwargs={"programme": programme.slug})
    upload = SimpleUploadedFile("feed.json", NORTH_LINCS.read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"format": "oruk_v1", "mode": "publish", "file": upload})
    assert response.status_code == 302
    record = DirectoryImport.objects.get()
    assert record.status == "done"
    page = client.get(response["Location"])
    assert "50 services added" in page.content.decode()
    partial = client.get(response["Location"], headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode() and "progress" in partial.content.decode()


def test_task_wrapper(programme):
    record = run.directory_import_create(
        programme=programme, user=None, source_name="t", format="oruk_v1", payload=b"[]"
    )
    directory_import_run.enqueue(import_id=record.pk)
    record.refresh_from_db()
    assert record.status == "done"


def test_export_page(client, programme, coordinator):
    make_service(programme, name="Canal Street Surgery", need="gp")
    client.force_login(coordinator)
    url = reverse("directory:export", kwargs={"programme": programme.slug})
    response = client.get(url)
    assert response["Content-Type"] == "application/zip"
    assert client.get(url + "?format=json").json()[0]["name"] == "Canal Street Surgery"


NORTH_LINCS_FULL = (
    Path(settings.BRIDGES_SHARED_DATA_DIR)
    / "open-referral"
    / "oruk-export-north-lincolnshire-2024-12"
    / "services.json"
)


@pytest.mark.skipif(not NORTH_LINCS_FULL.exists(), reason="shared data folder not present")
def test_the_whole_north_lincolnshire_export_imports_completely(programme):
    record = do_import(programme, NORTH_LINCS_FULL.read_bytes(), "oruk_v1")
    assert record.status == "done", record.failure
    assert record.errors == []
    assert record.created_count == 738
    assert Service.objects.for_programme(programme).count() == 738
    assert Organization.objects.for_programme(programme).count() == 239


@pytest.fixture
def feed_server():
    """A real HTTP server on the loopback address, serving an Open Referral UK v1 feed."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    body = NORTH_LINCS.read_bytes()

    class Feed(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the standard library's name
            if self.path != "/services":
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_feed_is_imported_from_an_address_where_allowed(
    client, coordinator, programme, settings, feed_server, django_capture_on_commit_callbacks
):
    settings.DIRECTORY_IMPORT_ALLOW_URLS = True
    # The test server is on the loopback address, which a deployment never fetches from.
    settings.DIRECTORY_IMPORT_ALLOWED_PRIVATE_NETWORKS = ["127.0.0.1/32"]
    client.force_login(coordinator)
    url = reverse("directory:import_create", args=[programme.slug])
    # The web request only records the address; the background task fetches it.
    with django_capture_on_commit_callbacks(execute=True):
        missing = client.post(
            url, {"format": "oruk_v1", "mode": "publish", "url": f"{feed_server}/nothing-here"}
        )
    assert missing.status_code == 302
    failed = DirectoryImport.objects.get()
    assert failed.status == "failed" and failed.source_url == f"{feed_server}/nothing-here"
    assert failed.failure.startswith("Could not fetch the feed") and "404" in failed.failure
    page = client.get(missing["Location"]).content.decode()
    assert "The import failed and nothing was changed" in page
    assert "Could not fetch the feed" in page
    assert not Service.objects.for_programme(programme).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"format": "oruk_v1", "mode": "publish", "url": f"{feed_server}/services"}
        )
    assert response.status_code == 302
    record = DirectoryImport.objects.exclude(pk=failed.pk).get()
    assert record.source_name == record.source_url == f"{feed_server}/services"
    assert record.status == "done" and record.created_count == 50
    assert bytes(record.payload) == b""  # the fetched feed is not kept
    assert Service.objects.for_programme(programme).count() == 50


def test_addresses_are_refused_unless_the_deployment_allows_them(client, coordinator, programme):
    client.force_login(coordinator)
    url = reverse("directory:import_create", args=[programme.slug])
    assert 'name="url"' not in client.get(url).content.decode()
    refused = client.post(
        url, {"format": "oruk_v1", "mode": "publish", "url": "http://127.0.0.1:9/services"}
    )
    assert refused.status_code == 200 and not DirectoryImport.objects.exists()
    with pytest.raises(run.ImportFailed):
        run.fetch("http://127.0.0.1:9/services")


def test_only_http_and_https_addresses_are_accepted(client, coordinator, programme, settings):
    settings.DIRECTORY_IMPORT_ALLOW_URLS = True
    client.force_login(coordinator)
    url = reverse("directory:import_create", args=[programme.slug])
    response = client.post(
        url, {"format": "oruk_v1", "mode": "publish", "url": "ftp://127.0.0.1/services"}
    )
    assert response.status_code == 200
    assert "Only http and https addresses can be fetched." in response.content.decode()
    assert not DirectoryImport.objects.exists()
