from django.core.management.base import BaseCommand

from bridges.training.curriculum import NATIONAL_CURRICULUM
from bridges.training.services import curriculum_load


class Command(BaseCommand):
    help = (
        "Load or update the national training curriculum (England). Safe to run again: modules "
        "are matched by their short name and only changed fields are saved."
    )

    def handle(self, *args, **options):
        modules = curriculum_load(modules=NATIONAL_CURRICULUM)
        self.stdout.write(f"Curriculum: {len(modules)} national modules loaded.")
