from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import models
from django.db.models.functions import Cast

from bridges.core.management.commands.reencrypt import models_with_encrypted_fields
from bridges.networkers.models import Networker
from bridges.networkers.tests.factories import NetworkerFactory

pytestmark = pytest.mark.django_db


def forget_cached_keys():
    """Encrypted fields cache their derived keys on the field instance."""
    for _model, fields in models_with_encrypted_fields():
        for field in fields:
            field.__dict__.pop("keys", None)
            field.__dict__.pop("f", None)


@pytest.fixture
def keys(settings):
    def use(*salt_keys):
        settings.SALT_KEY = list(salt_keys)
        forget_cached_keys()

    yield use
    forget_cached_keys()


def stored(networker, field):
    return (
        Networker.objects.filter(pk=networker.pk)
        .values_list(Cast(field, output_field=models.TextField()), flat=True)
        .get()
    )


def run(*args):
    out = StringIO()
    call_command("reencrypt", *args, stdout=out)
    return out.getvalue()


def test_networkers_are_found_among_the_models_with_encrypted_fields():
    found = {
        model: {field.name for field in fields} for model, fields in models_with_encrypted_fields()
    }
    assert found[Networker] == {"display_name", "email", "phone", "skills", "lived_experience"}


def test_after_a_rotation_rows_are_rewritten_with_the_new_key(keys):
    keys("old")
    networker = NetworkerFactory(email="amina@example.org", phone="07700 900123")
    blank = NetworkerFactory(email=None, phone=None)
    old_email, old_phone = stored(networker, "email"), stored(networker, "phone")
    assert old_email and "amina" not in old_email

    keys("new", "old")
    dry = run("--dry-run")
    # Both: a person without contact details still has an encrypted name.
    assert "networkers.Networker: 2 rows, would rewrite 2, already current 0" in dry
    assert stored(networker, "email") == old_email

    output = run()
    assert "networkers.Networker: 2 rows, rewrote 2, already current 0, unreadable 0" in output
    assert stored(networker, "email") != old_email
    assert stored(networker, "phone") != old_phone
    assert stored(blank, "email") is None

    keys("new")
    again = Networker.objects.get(pk=networker.pk)
    assert again.email == "amina@example.org" and again.phone == "07700 900123"
    assert "rewrote 0, already current 2" in run()


def test_values_no_key_can_read_are_left_alone_and_reported(keys):
    keys("lost")
    networker = NetworkerFactory(email="amina@example.org")
    ciphertext = stored(networker, "email")
    keys("new")
    with pytest.raises(CommandError, match="no configured key can decrypt"):
        run()
    assert stored(networker, "email") == ciphertext
