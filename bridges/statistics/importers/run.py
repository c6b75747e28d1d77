"""Run a statistics import: read the file, check every row (progress is saved as it goes), then
write every usable figure in one transaction. Rows that cannot be used (an unknown area code, a
code of another vintage) are reported with their line and left out; a failure of the run itself
rolls everything back and the import ends "failed" with the reason, in the language of the
person who started it. The uploaded file is removed when the import ends either way.

An import whose worker died (its liveness lock is free, or it started more than
STATISTICS_IMPORT_TIMEOUT_MINUTES ago) is failed by `statistics_imports_fail_stale`, which the
task calls before each import. The management command `import_statistics` runs the same
`statistics_import_execute` in the shell's own process.
"""

import datetime
import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bridges.core import liveness

from .. import services
from ..models import StatisticsImport
from .areas import AreaIndex
from .common import ImportFailed
from .layouts import LAYOUTS

logger = logging.getLogger(__name__)


class _Superseded(Exception):
    """The import stopped being "running" (failed as stale) while it was being written."""


def statistics_import_create(
    *, programme, user, source_name: str, layout: str, payload: bytes, options: dict | None = None
) -> StatisticsImport:
    if layout not in LAYOUTS:
        raise ValueError(f"Unknown layout {layout!r}")
    if len(payload) > int(settings.STATISTICS_IMPORT_MAX_BYTES):
        raise ValueError("The payload is larger than STATISTICS_IMPORT_MAX_BYTES.")
    return StatisticsImport.objects.create(
        programme=programme,
        source_name=source_name[:300],
        layout=layout,
        options={key: value for key, value in (options or {}).items() if value},
        payload=payload,
        created_by=user,
        updated_by=user,
    )


def enqueue(record: StatisticsImport, task) -> None:
    transaction.on_commit(partial(task.enqueue, import_id=record.pk))


def _progress(record: StatisticsImport, **fields) -> None:
    for key, value in fields.items():
        setattr(record, key, value)
    StatisticsImport.objects.filter(pk=record.pk).update(**fields)


def _fail(record: StatisticsImport, failure: str) -> None:
    fields = {
        "status": StatisticsImport.Status.FAILED,
        "failure": failure[:2000],
        "finished_at": timezone.now(),
        "created_count": 0,
        "updated_count": 0,
        "payload": b"",
    }
    for key, value in fields.items():
        setattr(record, key, value)
    StatisticsImport.objects.filter(pk=record.pk, status=StatisticsImport.Status.RUNNING).update(
        **fields
    )


def _language(record: StatisticsImport) -> str:
    return getattr(record.created_by, "preferred_language", "") or settings.LANGUAGE_CODE


def _liveness_name(import_id: int) -> str:
    return f"statistics-import:{import_id}"


def statistics_import_execute(*, import_id: int) -> StatisticsImport:
    record = StatisticsImport.objects.select_related("programme", "created_by").get(pk=import_id)
    startable = (StatisticsImport.Status.QUEUED, StatisticsImport.Status.FAILED)
    fields = {
        "status": StatisticsImport.Status.RUNNING,
        "started_at": timezone.now(),
        "finished_at": None,
        "problems": [],
        "notes": [],
        "failure": "",
        "total": 0,
        "processed": 0,
        "created_count": 0,
        "updated_count": 0,
        "skipped_count": 0,
    }
    with liveness.alive(_liveness_name(record.pk)):
        # Claimed with a conditional update, so two workers never run the same import.
        if not StatisticsImport.objects.filter(pk=record.pk, status__in=startable).update(**fields):
            record.refresh_from_db()
            return record
        for key, value in fields.items():
            setattr(record, key, value)
        with translation.override(_language(record)):
            try:
                _execute(record)
            except ImportFailed as error:
                _fail(record, str(error))
            except _Superseded:
                record.refresh_from_db()
            except Exception:
                logger.exception("Statistics import %s stopped", record.pk)
                _fail(
                    record,
                    _(
                        "The import stopped because of an unexpected error. Nothing was "
                        "changed. Try again; if it happens again, tell the site's administrators."
                    ),
                )
    return record


def _execute(record: StatisticsImport) -> None:
    payload = bytes(record.payload or b"")
    if not payload:
        raise ImportFailed(_("The uploaded file is no longer kept: upload it again."))
    areas = AreaIndex()
    if not areas.by_code:
        raise ImportFailed(_("No areas are loaded yet: run “manage.py load_reference_data” first."))
    options = {**record.options, "source_name": record.source_name}
    parsed = LAYOUTS[record.layout](payload, options, areas)
    del payload
    _progress(record, total=len(parsed.rows))
    checked = services.statistics_check(
        parsed=parsed, areas=areas, progress=lambda n: _progress(record, processed=n)
    )
    _progress(record, processed=len(parsed.rows))

    def finish(dataset) -> None:
        # Inside the transaction: if the import was failed as stale meanwhile, nothing is kept.
        running = StatisticsImport.objects.filter(
            pk=record.pk, status=StatisticsImport.Status.RUNNING
        )
        if not running.update(dataset=dataset):
            raise _Superseded

    result = services.statistics_write(
        parsed=parsed, checked=checked, programme=record.programme, before_commit=finish
    )
    _progress(
        record,
        status=StatisticsImport.Status.DONE,
        dataset=result["dataset"],
        created_count=result["created"],
        updated_count=result["updated"],
        skipped_count=checked.skipped,
        problems=checked.problems,
        notes=parsed.notes,
        finished_at=timezone.now(),
        payload=b"",
    )


def statistics_imports_fail_stale(*, now: datetime.datetime | None = None) -> int:
    """Fail imports left "running" whose worker died or that ran past the time limit. Their
    write (one transaction) was rolled back with the worker. Returns how many were failed."""
    minutes = int(settings.STATISTICS_IMPORT_TIMEOUT_MINUTES)
    cutoff = (now or timezone.now()) - datetime.timedelta(minutes=minutes)
    count = 0
    running = StatisticsImport.objects.filter(status=StatisticsImport.Status.RUNNING)
    for record in running.select_related("created_by").defer("payload"):
        timed_out = record.started_at is not None and record.started_at < cutoff
        if not timed_out and liveness.is_alive(_liveness_name(record.pk)):
            continue
        with translation.override(_language(record)):
            failure = _(
                "The import stopped before it finished. Nothing was changed. Start it again."
            )
        count += StatisticsImport.objects.filter(
            pk=record.pk, status=StatisticsImport.Status.RUNNING, started_at=record.started_at
        ).update(
            status=StatisticsImport.Status.FAILED,
            failure=failure,
            finished_at=timezone.now(),
            payload=b"",
        )
    return count
