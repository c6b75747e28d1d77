"""The demo city: a fictional programme, generated deterministically from a seed.

`manage.py seed_demo` calls `seed(context)` in each app's `demo.py`, in INSTALLED_APPS order,
inside one transaction. Each app adds its own records and may read what earlier apps put in
`context` (the programme, organisations, users by role). Names are invented; nobody real is
described. The demo programme's geography borrows real ONS areas (Leeds' wards) so that maps
and statistics have true shapes; the people and organisations in it are all made up.
"""

import json
import random
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import transaction


@dataclass
class DemoContext:
    seed: int
    rng: random.Random
    data: dict = field(default_factory=dict)
    # Sign-ins people and browser tests can use: role, email, password, TOTP secret for staff.
    accounts: list[dict] = field(default_factory=list)


def demo_apps() -> list[str]:
    return [c.name for c in apps.get_app_configs() if c.name.startswith("bridges.")]


def accounts_file() -> Path:
    return settings.VAR_DIR / "demo-accounts.json"


@transaction.atomic
def demo_seed(*, seed: int = 2026) -> DemoContext:
    context = DemoContext(seed=seed, rng=random.Random(seed))
    for name in demo_apps():
        try:
            module = import_module(f"{name}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{name}.demo":
                raise
            continue
        if hasattr(module, "seed"):
            module.seed(context)
    return context


def demo_accounts_write(context: DemoContext) -> Path:
    path = accounts_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(context.accounts, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


# Invented names, drawn from many languages, combined at random: none describes a real person.
GIVEN_NAMES = [
    "Amina", "Yusuf", "Hana", "Dawit", "Selam", "Mariam", "Omar", "Leila", "Reza", "Parisa",
    "Farid", "Zainab", "Bilal", "Ayesha", "Imran", "Nadia", "Tomasz", "Agnieszka", "Kasia",
    "Piotr", "Ioana", "Andrei", "Elena", "Mihai", "Jana", "Lukas", "Olena", "Taras", "Iryna",
    "Grace", "Baraka", "Neema", "Juma", "Aisha", "Fatima", "Kofi", "Ama", "Tesfaye", "Mekdes",
    "Hamid", "Shirin", "Dariusz", "Zofia", "Nguyen", "Linh", "Chen", "Mei", "Rania", "Sami",
    "Abdi", "Hodan", "Faisal", "Noor", "Lina", "Karim", "Sara", "Ali", "Meron", "Yonas",
]  # fmt: skip
FAMILY_NAMES = [
    "Haddad", "Rahimi", "Tesfay", "Okafor", "Kowalczyk", "Popescu", "Novak", "Kovalenko",
    "Mwangi", "Hussain", "Begum", "Ahmadi", "Karimi", "Nowak", "Ionescu", "Horvath", "Shevchenko",
    "Otieno", "Abebe", "Gebre", "Yilmaz", "Hassan", "Mahmoud", "Farah", "Warsame", "Osei",
    "Mensah", "Tran", "Wang", "Ali", "Khan", "Rossi", "Silva", "Dumitru", "Wiśniewska", "Said",
]  # fmt: skip


def invented_name(rng: random.Random) -> str:
    return f"{rng.choice(GIVEN_NAMES)} {rng.choice(FAMILY_NAMES)}"
