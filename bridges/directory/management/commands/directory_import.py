from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bridges.accounts.models import Programme
from bridges.directory.importers import run
from bridges.directory.models import DirectoryImport
from bridges.directory.tasks import directory_import_run


class Command(BaseCommand):
    help = (
        "Import services into a programme's directory from a file or a feed address (Open "
        "Referral UK v1, HSDS 3.0 JSON, or an HSDS 3.0 zip of CSV files). Runs here and prints "
        "the result, or with --enqueue leaves it to the task worker. With --review, new and "
        "changed listings are held for a coordinator to approve (the import's page lists them)."
    )

    def add_arguments(self, parser):
        parser.add_argument("programme", help="the programme's slug")
        parser.add_argument("source", help="a file path, or an http(s) address of a feed")
        parser.add_argument(
            "--format",
            choices=DirectoryImport.Format.values,
            default=DirectoryImport.Format.ORUK_V1,
        )
        parser.add_argument(
            "--review",
            action="store_true",
            help="hold new and changed listings for review instead of publishing them",
        )
        parser.add_argument(
            "--enqueue", action="store_true", help="leave the import to the task worker"
        )

    def handle(self, *args, programme, source, format, review, enqueue, **options):
        try:
            target = Programme.objects.get(slug=programme)
        except Programme.DoesNotExist as error:
            raise CommandError(f"No programme with the slug {programme!r}.") from error
        kwargs = {}
        if source.startswith(("http://", "https://")):
            if refusal := run.url_fetch_refusal(source):
                raise CommandError(refusal)
            kwargs["source_url"] = source
            name = source
        else:
            path = Path(source)
            if not path.is_file():
                raise CommandError(f"No such file: {source}")
            if path.stat().st_size > run.max_bytes():
                raise CommandError(run.too_large_message())
            kwargs["payload"] = path.read_bytes()
            name = path.name
        mode = DirectoryImport.Mode.REVIEW if review else DirectoryImport.Mode.PUBLISH
        record = run.directory_import_create(
            programme=target, user=None, source_name=name, format=format, mode=mode, **kwargs
        )
        if enqueue:
            directory_import_run.enqueue(import_id=record.pk)
            self.stdout.write(f"Import {record.pk} queued.")
            return
        record = run.directory_import_execute(import_id=record.pk)
        if record.status != DirectoryImport.Status.DONE:
            raise CommandError(f"Import {record.pk} failed: {record.failure}")
        self.stdout.write(
            f"Import {record.pk}: {record.created_count} added, {record.updated_count} changed, "
            f"{record.unchanged_count} unchanged, {record.held_count} held for review, "
            f"{len(record.errors)} skipped, {len(record.warnings)} with parts dropped or cleaned."
        )
        for error in record.errors:
            self.stdout.write(f"  skipped {error['id']}: {error['reason']}")
        for warning in record.warnings:
            for reason in warning["reasons"]:
                self.stdout.write(f"  {warning['source_id']}: {reason}")
