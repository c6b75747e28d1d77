"""Background tasks of the directory: thin wrappers that load by id and call one service."""

from django.tasks import task

from . import services
from .importers import run


@task
def directory_import_run(import_id: int) -> None:
    # A worker that picks up an import first fails those whose worker died.
    run.directory_imports_fail_stale()
    run.directory_import_execute(import_id=import_id)


@task
def directory_stale_notify() -> int:
    return services.stale_listings_notify()
