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
import math
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridges.core import liveness
from bridges.core.locale_format import format_number

from ..models import DirectoryImport, HeldListing, Service
from ..services import service_index
from . import common, hsds_csv, hsds_json, oruk_v1, review
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
    *,
    programme,
    user,
    source_name: str,
    format: str,
    payload: bytes = b"",
    source_url: str = "",
    mode: str = DirectoryImport.Mode.PUBLISH,
    feed=None,
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
        mode=mode,
        feed=feed,
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
        "unchanged_count": 0,
        "held_count": 0,
        "warnings": [],
        "changes": {},
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
    hold = record.mode == DirectoryImport.Mode.REVIEW
    with transaction.atomic():
        writer = common.Writer(record.programme, source=record.source_name, user=record.created_by)
        seen, warnings, held = set(), [], []
        created, updated, seen_ids = [], [], []
        unchanged = 0
        for item in valid:
            key = common.clean_str(item["id"])
            if key in seen:
                errors.append({"id": key[:200], "reason": _("duplicate id in this file")})
                continue
            seen.add(key)
            outcome = apply(writer, item, hold=hold)
            seen_ids.append(outcome.service_id)
            entry = {"id": str(outcome.service_id), "name": outcome.name}
            if writer.notes:
                warnings.append({**entry, "source_id": key[:200], "reasons": writer.notes})
            if outcome.action == UNCHANGED:
                unchanged += 1
            elif outcome.action == HELD:
                held.append(
                    HeldListing(
                        directory_import=record,
                        service_id=outcome.service_id,
                        name=outcome.name[:250],
                        is_new=outcome.is_new,
                        record=_storable(item),
                        diff=outcome.diff,
                        warnings=list(writer.notes),
                    )
                )
            else:
                (created if outcome.is_new else updated).append(entry)
        HeldListing.objects.bulk_create(held, batch_size=500)
        service_index(service_ids=writer.touched)
        missing = (
            Service.objects.filter(programme=record.programme, source=record.source_name[:200])
            .exclude(pk__in=seen_ids)
            .order_by("name")
            .values_list("pk", "name")
        )
        fields = {
            "status": DirectoryImport.Status.DONE,
            "created_count": len(created),
            "updated_count": len(updated),
            "unchanged_count": unchanged,
            "held_count": len(held),
            "errors": errors,
            "warnings": warnings[:MAX_LISTED],
            "changes": {
                "created": created[:MAX_LISTED],
                "updated": updated[:MAX_LISTED],
                "missing": [{"id": str(pk), "name": name} for pk, name in missing[:MAX_LISTED]],
            },
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


CREATED, UPDATED, UNCHANGED, HELD = "created", "updated", "unchanged", "held"
# The most records of each kind a result lists (the counts are always whole).
MAX_LISTED = 2000


@dataclass
class Outcome:
    service_id: object
    name: str
    action: str
    is_new: bool
    diff: list = field(default_factory=list)


class _Undo(Exception):
    pass


def apply(writer: common.Writer, item: dict, *, hold: bool) -> Outcome:
    """Write one record in a savepoint and compare the listing before and after. A record that
    changes nothing is undone (no new "last changed", no history); with ``hold`` a new or
    changed listing is undone too and returned with its difference for review."""
    pk = writer.service_id(item)
    before = review.snapshot(pk)
    organizations, counts = dict(writer.organizations), (writer.created, writer.updated)
    outcome = None
    try:
        with transaction.atomic():
            service = writer.write(item)
            after = review.snapshot(pk)
            changes = review.diff(before, after)
            is_new = before is None
            if not changes:
                outcome = Outcome(pk, service.name, UNCHANGED, False)
            elif hold:
                outcome = Outcome(pk, service.name, HELD, is_new, changes)
            else:
                return Outcome(pk, service.name, CREATED if is_new else UPDATED, is_new, changes)
            raise _Undo
    except _Undo:
        # The savepoint is gone: so are organisations first written inside it.
        writer.organizations = organizations
        writer.created, writer.updated = counts
        writer.touched.remove(pk)
    return outcome


def _storable(value):
    """The record as JSON the database stores (no NUL characters or lone surrogates)."""
    if isinstance(value, dict):
        return {common.clean_str(k): _storable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_storable(v) for v in value]
    if isinstance(value, str):
        return common.clean_str(value)
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    return common.clean_str(value)


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
