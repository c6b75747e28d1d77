"""The demo city is deterministic for a seed, describes no real person, and has every role."""

import json

import pytest
from django.core.management import call_command
from django.db import transaction

from bridges.accounts.models import Membership, User
from bridges.accounts.roles import Role
from bridges.core.demo import accounts_file, demo_seed
from bridges.core.reference import reference_data_load


class Rollback(Exception):
    pass


def snapshot(seed: int) -> dict:
    try:
        with transaction.atomic():
            context = demo_seed(seed=seed)
            result = {
                "users": list(User.objects.order_by("email").values_list("email", "display_name")),
                "accounts": context.accounts,
            }
            raise Rollback
    except Rollback:
        return result


@pytest.mark.django_db
def test_demo_city_is_deterministic_and_has_every_role(settings, tmp_path):
    reference_data_load()
    first, again = snapshot(7), snapshot(7)
    assert first == again
    roles = {account["role"] for account in first["accounts"]}
    assert set(Role.values) <= roles
    for account in first["accounts"]:
        assert account["email"].endswith(".example")  # a reserved domain: nobody's mailbox
        if account["role"] in {"coordinator", "provider", "safeguarding", "analyst", "admin"}:
            assert len(account["totp_secret"]) == 32


@pytest.mark.django_db
def test_seed_demo_command_writes_sign_ins_and_is_safe_to_run_twice(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    reference_data_load()
    call_command("seed_demo", "--if-empty")
    networkers = Membership.objects.filter(role=Role.NETWORKER).count()
    assert 80 <= networkers <= 100
    accounts = json.loads(accounts_file().read_text(encoding="utf-8"))
    assert {"role", "email", "password"} <= set(accounts[0])
    call_command("seed_demo", "--if-empty")
    assert Membership.objects.filter(role=Role.NETWORKER).count() == networkers
