"""Run a directory import: parse, validate every record (progress is saved as it goes), then
write all valid records in one transaction. A record that fails validation is reported with its
id and reason and skipped; a failure of the run itself rolls everything back.

Progress during the write phase is not visible to other connections (it is inside the
transaction), so the page shows records checked, then "writing", then the result.

Whatever goes wrong, the import ends "failed" with a reason in the language of the person who
started it, and its payload (the uploaded file) is removed when it ends either way. An import
whose worker died (its liveness lock is free, or it started more than
DIRECTORY_IMPORT_TIMEOUT_MINUTES ago) is failed by `directory_imports_fail_stale`, which the
import task calls before each import and the command `manage.py directory_imports_fail_stale`
runs (at worker start, and from cron)."""

import csv
import datetime
import json
import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridges.core import liveness
from bridges.core.locale_format import format_number

from ..models import DirectoryImport
from ..services import service_index
from . import common, hsds_csv, hsds_json, oruk_v1
from . import fetch as feed
from .common import ImportFailed

logger = logging.getLogger(__name__)

PARSERS = {
    DirectoryImport.Format.ORUK_V1: oruk_v1.parse,
    DirectoryImport.Format.HSDS_JSON: hsds_json.parse,
    DirectoryImport.Format.HSDS_CSV: hsds_csv.parse,
}
PROGRESS_EVERY = 100

__all__ = [
    "ImportFailed",
    "directory_import_create",
    "directory_import_execute",
    "directory_imports_fail_stale",
    "enqueue",
    "fetch",
    "url_fetch_refusal",
]


class _Superseded(Exception):
    """The import stopped being "running" (failed as stale) while it was being written."""


def max_bytes() -> int:
    return int(settings.DIRECTORY_IMPORT_MAX_BYTES)


def timeout_minutes() -> int:
    return int(settings.DIRECTORY_IMPORT_TIMEOUT_MINUTES)


def too_large_message() -> str:
    return _("The file is too large: the most this site accepts is %(size)s.") % {
        "size": filesizeformat(max_bytes())
    }


def fetch(url: str) -> bytes:
    """Fetch a feed, only where the deployment allows it (DIRECTORY_IMPORT_ALLOW_URLS), and
    never from this server's own or private networks (see `fetch.py`)."""
    if refusal := url_fetch_refusal(url):
        raise ImportFailed(refusal)
    return feed.fetch(url)


def url_fetch_refusal(url: str) -> str:
    """Why this address may not be fetched here, or "" when it may (checks that need no
    network; `fetch` checks the resolved addresses too)."""
    if not settings.DIRECTORY_IMPORT_ALLOW_URLS:
        return _("Fetching from an address is not allowed here.")
    return feed.url_refusal(url)


def directory_import_create(
    *, programme, user, source_name: str, format: str, payload: bytes = b"", source_url: str = ""
) -> DirectoryImport:
    """Record an import. Give either the uploaded ``payload`` or a ``source_url`` that the
    background task fetches (the web request never waits on another server)."""
    if not payload and not source_url:
        raise ValueError("An import needs a payload or an address to fetch.")
    if len(payload) > max_bytes():
        raise ValueError("The payload is larger than DIRECTORY_IMPORT_MAX_BYTES.")
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


def _fail(record: DirectoryImport, failure: str) -> None:
    """End the import as failed, unless something else ended it meanwhile."""
    fields = {
        "status": DirectoryImport.Status.FAILED,
        "failure": failure[:2000],
        "finished_at": timezone.now(),
        "created_count": 0,
        "updated_count": 0,
        "payload": b"",
    }
    for key, value in fields.items():
        setattr(record, key, value)
    DirectoryImport.objects.filter(pk=record.pk, status=DirectoryImport.Status.RUNNING).update(
        **fields
    )


def _language(record: DirectoryImport) -> str:
    user = record.created_by
    return getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE


def directory_import_execute(*, import_id: int) -> DirectoryImport:
    record = DirectoryImport.objects.select_related("programme", "created_by").get(pk=import_id)
    startable = (DirectoryImport.Status.QUEUED, DirectoryImport.Status.FAILED)
    fields = {
        "status": DirectoryImport.Status.RUNNING,
        "started_at": timezone.now(),
        "finished_at": None,
        "errors": [],
        "failure": "",
        "total": 0,
        "processed": 0,
        "created_count": 0,
        "updated_count": 0,
    }
    # The liveness lock is taken before the import is marked running and held to the end, so
    # an import marked running whose lock is free has lost its worker.
    with liveness.alive(_liveness_name(record.pk)):
        # Claimed with a conditional update, so two workers never run the same import.
        if not DirectoryImport.objects.filter(pk=record.pk, status__in=startable).update(**fields):
            record.refresh_from_db()
            return record
        for key, value in fields.items():
            setattr(record, key, value)
        _run(record)
    return record


def _run(record: DirectoryImport) -> None:
    with translation.override(_language(record)):
        try:
            _execute(record)
        except ImportFailed as error:
            _fail(record, str(error))
        except _Superseded:
            record.refresh_from_db()
        except Exception:
            logger.exception("Directory import %s stopped", record.pk)
            _fail(
                record,
                _(
                    "The import stopped because of an unexpected error. Nothing was changed. "
                    "Try again; if it happens again, tell the site's administrators."
                ),
            )


def _read(record: DirectoryImport, payload: bytes) -> list:
    """The records in the payload; anything that stops it being read ends the import."""
    if len(payload) > max_bytes():
        raise ImportFailed(too_large_message())
    try:
        records = PARSERS[record.format](payload)
    except ImportFailed:
        raise
    except UnicodeDecodeError as error:
        raise ImportFailed(_("Could not read the file: it is not UTF-8 text.")) from error
    except json.JSONDecodeError as error:
        raise ImportFailed(
            _("Could not read the file: it is not valid JSON (line %(line)s, column %(column)s).")
            % {"line": error.lineno, "column": error.colno}
        ) from error
    except RecursionError as error:
        raise ImportFailed(_("Could not read the file: it is nested too deeply.")) from error
    except (ValueError, csv.Error) as error:
        raise ImportFailed(_("Could not read the file.")) from error
    if not isinstance(records, list):
        raise ImportFailed(_("Could not read the file."))
    return records


def _execute(record: DirectoryImport) -> None:
    payload = bytes(record.payload or b"")
    if not payload and record.source_url:
        payload = fetch(record.source_url)  # kept in memory only, never stored
    elif not payload:
        raise ImportFailed(_("The uploaded file is no longer kept: upload it again."))
    records = _read(record, payload)
    del payload
    _progress(record, total=len(records))
    valid, errors = [], []
    for number, item in enumerate(records, start=1):
        raw_id = item.get("id") if isinstance(item, dict) else None
        try:
            common.validate(item)
            valid.append(item)
        except common.InvalidRecord as error:
            errors.append({"id": common.error_id(raw_id, number), "reason": str(error)})
        except RecursionError:
            errors.append({"id": common.error_id(raw_id, number), "reason": _("nested too deeply")})
        if number % PROGRESS_EVERY == 0:
            _progress(record, processed=number)
    _progress(record, processed=len(records), errors=errors)
    with transaction.atomic():
        writer = common.Writer(record.programme, source=record.source_name, user=record.created_by)
        seen = set()
        for item in valid:
            key = common.clean_str(item["id"])
            if key in seen:
                errors.append({"id": key[:200], "reason": _("duplicate id in this file")})
                continue
            seen.add(key)
            writer.write(item)
        service_index(service_ids=writer.touched)
        fields = {
            "status": DirectoryImport.Status.DONE,
            "created_count": writer.created,
            "updated_count": writer.updated,
            "errors": errors,
            "finished_at": timezone.now(),
            "payload": b"",
        }
        # Inside the transaction: if the import was failed as stale meanwhile, nothing is kept.
        running = DirectoryImport.objects.filter(
            pk=record.pk, status=DirectoryImport.Status.RUNNING
        )
        if not running.update(**fields):
            raise _Superseded
    for key, value in fields.items():
        setattr(record, key, value)


def _liveness_name(import_id: int) -> str:
    return f"directory-import:{import_id}"


def directory_imports_fail_stale(*, now: datetime.datetime | None = None) -> int:
    """Fail imports left "running" whose worker died (its liveness lock, held for the whole
    run, is free: see bridges/core/liveness.py) or that started more than
    DIRECTORY_IMPORT_TIMEOUT_MINUTES ago. Their write (one transaction) was rolled back with
    the worker, so nothing of theirs was kept. Returns how many were failed."""
    minutes = timeout_minutes()
    cutoff = (now or timezone.now()) - datetime.timedelta(minutes=minutes)
    running = DirectoryImport.objects.filter(status=DirectoryImport.Status.RUNNING)
    count = 0
    for record in running.select_related("created_by").defer("payload"):
        timed_out = record.started_at is not None and record.started_at < cutoff
        if not timed_out and liveness.is_alive(_liveness_name(record.pk)):
            continue
        with translation.override(_language(record)):
            if timed_out:
                failure = ngettext(
                    "The import did not finish within %(minutes)s minute: the task running it "
                    "stopped. Nothing was changed. Start the import again.",
                    "The import did not finish within %(minutes)s minutes: the task running it "
                    "stopped. Nothing was changed. Start the import again.",
                    minutes,
                ) % {"minutes": format_number(minutes)}
            else:
                failure = _(
                    "The import stopped: the task running it ended before it finished. "
                    "Nothing was changed. Start the import again."
                )
        count += DirectoryImport.objects.filter(
            pk=record.pk, status=DirectoryImport.Status.RUNNING, started_at=record.started_at
        ).update(
            status=DirectoryImport.Status.FAILED,
            failure=failure,
            finished_at=timezone.now(),
            created_count=0,
            updated_count=0,
            payload=b"",
        )
    if count:
        logger.warning("Failed %s directory imports left running", count)
    return count
