from django.core.management.base import BaseCommand

from bridges.accounts.models import Programme
from bridges.core.demo import demo_accounts_write, demo_seed


# Lives in accounts because "is anything loaded yet?" is a question about programmes; the demo
# framework itself (each app's demo.py, called in turn) is in bridges.core.demo.
class Command(BaseCommand):
    help = "Build the fictional demo city (deterministic for a given seed) and its sign-ins."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--if-empty", action="store_true", help="Skip if any programme exists.")

    def handle(self, *args, seed: int, if_empty: bool, **options):
        if if_empty and Programme.objects.exists():
            self.stdout.write("Demo city already loaded; leaving it as it is.")
            return
        context = demo_seed(seed=seed)
        path = demo_accounts_write(context)
        self.stdout.write(self.style.SUCCESS(f"Demo city built (seed {seed}). Sign-ins: {path}"))
