"""Background tasks of the statistics store: thin wrappers that load by id and call one service."""

from django.tasks import task

from .importers import run


@task
def statistics_import_run(import_id: int) -> None:
    # A worker that picks up an import first fails those whose worker died.
    run.statistics_imports_fail_stale()
    run.statistics_import_execute(import_id=import_id)
