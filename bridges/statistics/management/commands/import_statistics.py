from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bridges.accounts.models import Programme

from ...importers import run
from ...importers.layouts import LAYOUTS


class Command(BaseCommand):
    help = (
        "Import a statistics file, as the import page does but in this process. Without "
        "--programme the figures are national (shared by every programme)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--layout", required=True, choices=sorted(LAYOUTS))
        parser.add_argument("--programme", help="Slug of the programme that owns the figures.")
        parser.add_argument("--slug", help="Key of the dataset (default: the layout's own).")
        parser.add_argument("--title", help="Title of the dataset.")
        parser.add_argument("--publisher")
        parser.add_argument("--licence")
        parser.add_argument("--url")
        parser.add_argument("--vintage", help="Year of the file's area codes, e.g. 2021.")
        parser.add_argument("--period", help="Period of a file that does not say it.")
        parser.add_argument("--table", help="Census table of a Nomis file, e.g. ts019.")
        parser.add_argument("--indicator", help="Indicator code of a Stat-Xplore file.")

    def handle(self, *args, file: Path, layout: str, programme: str | None, **options):
        if not file.is_file():
            raise CommandError(f"No file at {file}")
        owner = None
        if programme:
            owner = Programme.objects.filter(slug=programme).first()
            if owner is None:
                raise CommandError(f"No programme {programme!r}")
        keys = ("slug", "title", "publisher", "licence", "url", "vintage", "period", "table")
        record = run.statistics_import_create(
            programme=owner,
            user=None,
            source_name=file.name,
            layout=layout,
            payload=file.read_bytes(),
            options={key: options.get(key) for key in (*keys, "indicator")},
        )
        record = run.statistics_import_execute(import_id=record.pk)
        self.report(record)
        if record.status != record.Status.DONE:
            raise CommandError(record.failure or "The import did not finish.")

    def report(self, record) -> None:
        for problem in record.problems[:20]:
            self.stdout.write(f"line {problem['line']}: {problem['code']}: {problem['reason']}")
        if len(record.problems) > 20:
            self.stdout.write(f"… and {len(record.problems) - 20} more lines")
        for note in record.notes:
            self.stdout.write(note)
        if record.status == record.Status.DONE:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{record.source_name}: {record.created_count} added, "
                    f"{record.updated_count} updated, {record.skipped_count} left out "
                    f"({record.dataset})."
                )
            )
