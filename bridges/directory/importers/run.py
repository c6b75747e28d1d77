"""Run a directory import: parse, validate every record (progress is saved as it goes), then
write all valid records in one transaction. A record that fails validation is reported with its
id and reason and skipped; a failure of the run itself rolls everything back.

Progress during the write phase is not visible to other connections (it is inside the
transaction), so the page shows records checked, then "writing", then the result."""

import urllib.request
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import DirectoryImport
from ..services import service_index
from . import common, hsds_csv, hsds_json, oruk_v1

PARSERS = {
    DirectoryImport.Format.ORUK_V1: oruk_v1.parse,
    DirectoryImport.Format.HSDS_JSON: hsds_json.parse,
    DirectoryImport.Format.HSDS_CSV: hsds_csv.parse,
}
PROGRESS_EVERY = 100
MAX_FETCH_BYTES = 50 * 1024 * 1024


class ImportFailed(Exception):
    pass


def fetch(url: str) -> bytes:
    """Fetch a feed, only where the deployment allows it (DIRECTORY_IMPORT_ALLOW_URLS)."""
    if refusal := url_fetch_refusal(url):
        raise ImportFailed(refusal)
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - scheme checked
            data = response.read(MAX_FETCH_BYTES + 1)
    except OSError as error:
        raise ImportFailed(f"Could not fetch the feed: {error}") from error
    if len(data) > MAX_FETCH_BYTES:
        raise ImportFailed("The feed is too large.")
    return data


def url_fetch_refusal(url: str) -> str:
    """Why this address may not be fetched here, or "" when it may."""
    if not settings.DIRECTORY_IMPORT_ALLOW_URLS:
        return "Fetching from an address is not allowed here."
    if not url.startswith(("https://", "http://")):
        return "Only http and https addresses can be fetched."
    return ""


def directory_import_create(
    *, programme, user, source_name: str, format: str, payload: bytes = b"", source_url: str = ""
) -> DirectoryImport:
    """Record an import. Give either the uploaded ``payload`` or a ``source_url`` that the
    background task fetches (the web request never waits on another server)."""
    if not payload and not source_url:
        raise ValueError("An import needs a payload or an address to fetch.")
    return DirectoryImport.objects.create(
        programme=programme,
        source_name=source_name[:300],
        source_url=source_url,
        format=format,
        payload=payload,
        created_by=user,
        updated_by=user,
    )


def enqueue(record: DirectoryImport, task) -> None:
    transaction.on_commit(partial(task.enqueue, import_id=record.pk))


def _progress(record: DirectoryImport, **fields) -> None:
    for key, value in fields.items():
        setattr(record, key, value)
    DirectoryImport.objects.filter(pk=record.pk).update(**fields)


def directory_import_execute(*, import_id: int) -> DirectoryImport:
    record = DirectoryImport.objects.select_related("programme", "created_by").get(pk=import_id)
    if record.status not in (DirectoryImport.Status.QUEUED, DirectoryImport.Status.FAILED):
        return record
    _progress(
        record,
        status=DirectoryImport.Status.RUNNING,
        started_at=timezone.now(),
        errors=[],
        failure="",
        processed=0,
        created_count=0,
        updated_count=0,
    )
    payload = bytes(record.payload or b"")
    if not payload and record.source_url:
        try:
            payload = fetch(record.source_url)
        except ImportFailed as error:
            _progress(
                record,
                status=DirectoryImport.Status.FAILED,
                failure=str(error)[:2000],
                finished_at=timezone.now(),
            )
            return record
        _progress(record, payload=payload)
    try:
        records = PARSERS[record.format](payload)
    except (ValueError, UnicodeDecodeError) as error:
        _progress(
            record,
            status=DirectoryImport.Status.FAILED,
            failure=f"Could not read the file: {error}",
            finished_at=timezone.now(),
        )
        return record
    _progress(record, total=len(records))
    valid, errors = [], []
    for number, item in enumerate(records, start=1):
        try:
            common.validate(item)
            valid.append(item)
        except common.InvalidRecord as error:
            raw_id = item.get("id") if isinstance(item, dict) else None
            errors.append({"id": str(raw_id or f"#{number}"), "reason": str(error)})
        if number % PROGRESS_EVERY == 0:
            _progress(record, processed=number)
    _progress(record, processed=len(records), errors=errors)
    try:
        with transaction.atomic():
            writer = common.Writer(
                record.programme, source=record.source_name, user=record.created_by
            )
            seen = set()
            for item in valid:
                key = str(item["id"])
                if key in seen:
                    errors.append({"id": key, "reason": "duplicate id in this file"})
                    continue
                seen.add(key)
                writer.write(item)
            service_index(service_ids=writer.touched)
    except Exception as error:  # noqa: BLE001 - the run failed: nothing was written
        _progress(
            record,
            status=DirectoryImport.Status.FAILED,
            failure=str(error)[:2000],
            finished_at=timezone.now(),
            created_count=0,
            updated_count=0,
        )
        return record
    _progress(
        record,
        status=DirectoryImport.Status.DONE,
        created_count=writer.created,
        updated_count=writer.updated,
        errors=errors,
        finished_at=timezone.now(),
    )
    return record
