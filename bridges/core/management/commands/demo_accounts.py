import json

from django.core.management.base import BaseCommand

from bridges.core.demo import accounts_file


class Command(BaseCommand):
    help = "Print the demo city's sign-ins (one per role)."

    def handle(self, *args, **options):
        path = accounts_file()
        if not path.exists():
            self.stdout.write("No demo sign-ins yet: run `manage.py seed_demo`.")
            return
        accounts = json.loads(path.read_text(encoding="utf-8"))
        shown: set[str] = set()
        self.stdout.write("Demo sign-ins (all in " + str(path) + "):")
        for account in accounts:
            if account["role"] in shown:
                continue
            shown.add(account["role"])
            line = f"  {account['role']:<14} {account['email']:<40} {account['password']}"
            if account.get("totp_secret"):
                line += f"  TOTP secret {account['totp_secret']}"
            self.stdout.write(line)
        self.stdout.write(
            "Staff sign in with a code from an authenticator app set up with the TOTP secret."
        )
