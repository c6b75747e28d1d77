"""Decisions on listings an import held for review, and the scheduled sync of programmes'
feeds. Approving writes the held record exactly as the import would have written it."""

import logging

from django.db import transaction
from django.utils import timezone

from ..models import DirectoryFeed, DirectoryImport, HeldListing
from ..services import service_index
from . import common
from . import run as import_run

logger = logging.getLogger(__name__)


def held_listing_decide(*, held: HeldListing, user, approve: bool) -> HeldListing:
    """Publish or reject one held listing. Deciding twice (a form sent again) changes nothing."""
    return _decide(held_ids=[held.pk], user=user, approve=approve)[0]


def held_listings_decide_all(*, directory_import: DirectoryImport, user, approve: bool) -> int:
    """Publish or reject every listing of this import still waiting. Returns how many."""
    ids = list(
        directory_import.held.filter(status=HeldListing.Status.PENDING).values_list("pk", flat=True)
    )
    decided = _decide(held_ids=ids, user=user, approve=approve)
    return sum(1 for item in decided if item.decided_by_id == getattr(user, "pk", None))


def _decide(*, held_ids: list[int], user, approve: bool) -> list[HeldListing]:
    now = timezone.now()
    with transaction.atomic():
        items = list(
            HeldListing.objects.select_for_update()
            .filter(pk__in=held_ids)
            .select_related("directory_import__programme")
            .order_by("pk")
        )
        pending = [item for item in items if item.status == HeldListing.Status.PENDING]
        if approve and pending:
            source = pending[0].directory_import
            writer = common.Writer(source.programme, source=source.source_name, user=user)
            for item in pending:
                writer.write(item.record)
            service_index(service_ids=writer.touched)
        for item in pending:
            item.status = HeldListing.Status.APPROVED if approve else HeldListing.Status.REJECTED
            item.decided_by = user
            item.decided_at = now
        HeldListing.objects.bulk_update(pending, ["status", "decided_by", "decided_at"])
    return items


def directory_feeds_sync(*, task, now=None) -> list[DirectoryImport]:
    """Start an import of every active feed that is due (by its `every_hours`), unless one of
    its imports is still queued or running. Called by `manage.py directory_feeds_sync` (cron)."""
    now = now or timezone.now()
    started = []
    for feed in DirectoryFeed.objects.select_related("programme").filter(
        active=True, programme__is_active=True
    ):
        if not feed.due(now):
            continue
        busy = feed.imports.filter(
            status__in=(DirectoryImport.Status.QUEUED, DirectoryImport.Status.RUNNING)
        ).exists()
        if busy:
            continue
        with transaction.atomic():
            claimed = DirectoryFeed.objects.filter(
                pk=feed.pk, last_enqueued_at=feed.last_enqueued_at
            ).update(last_enqueued_at=now)
            if not claimed:
                continue
            record = import_run.directory_import_create(
                programme=feed.programme,
                user=None,
                source_name=feed.url,
                format=feed.format,
                source_url=feed.url,
                mode=feed.mode,
                feed=feed,
            )
            import_run.enqueue(record, task)
        started.append(record)
    if started:
        logger.info("Started %s scheduled directory imports", len(started))
    return started
