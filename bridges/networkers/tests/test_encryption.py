"""What identifies or describes a networker is ciphertext in the database, and still shown."""

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone
from encrypted_fields.fields import EncryptedFieldMixin

from bridges.core.tests.rawdb import is_fernet_token, raw_column, tables_containing
from bridges.networkers import services
from bridges.networkers.models import Networker, StageChange

from .factories import NetworkerFactory

Stage = Networker.Stage
NAME = "Zainab Haddad"
SKILLS = "Midwifery and first aid"
EXPERIENCE = "Came to the city from Aleppo in 2016"
REASON = "Caring for her mother this spring"
ENCRYPTED = {
    Networker: {"display_name", "email", "phone", "skills", "lived_experience"},
    StageChange: {"reason"},
}


def test_the_personal_fields_are_declared_encrypted():
    for model, names in ENCRYPTED.items():
        encrypted = {
            f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedFieldMixin)
        }
        assert names <= encrypted, model


@pytest.mark.django_db
def test_personal_fields_are_ciphertext_in_the_database_and_shown_to_the_coordinator(
    client, programme, coordinator
):
    networker = NetworkerFactory(
        programme=programme,
        display_name=NAME,
        skills=SKILLS,
        lived_experience=EXPERIENCE,
        stage=Stage.ACTIVE,
    )
    change = services.networker_move(
        networker=networker, to_stage=Stage.PAUSED, moved_by=coordinator, reason=REASON
    )
    for instance, field, plain in [
        (networker, "display_name", NAME),
        (networker, "skills", SKILLS),
        (networker, "lived_experience", EXPERIENCE),
        (change, "reason", REASON),
    ]:
        stored = raw_column(instance, field)
        assert is_fernet_token(stored), field
        assert plain not in stored
    # Nowhere else either: not the audit log, not a history table, not a search column.
    for plain in (NAME, "Haddad", SKILLS, "Aleppo", REASON):
        assert tables_containing(plain) == {}, plain

    networker.refresh_from_db()
    assert (networker.display_name, networker.skills) == (NAME, SKILLS)
    client.force_login(coordinator)
    page = client.get(
        reverse("networkers:detail", kwargs={"programme": programme.slug, "pk": networker.pk})
    ).content.decode()
    for plain in (NAME, SKILLS, EXPERIENCE, REASON):
        assert plain in page


@pytest.mark.django_db
def test_empty_encrypted_text_is_stored_as_null_and_shown_as_a_dash(client, programme, coordinator):
    networker = NetworkerFactory(programme=programme, skills="", lived_experience="")
    assert raw_column(networker, "skills") is None
    client.force_login(coordinator)
    page = client.get(
        reverse("networkers:detail", kwargs={"programme": programme.slug, "pk": networker.pk})
    ).content.decode()
    assert "Skills</dt><dd>—</dd>" in page
    assert "Lived experience</dt><dd>—</dd>" in page


@pytest.mark.django_db
def test_the_board_sorts_and_searches_encrypted_names(client, programme, coordinator):
    for name in ["zoe Brown", "Amina Yusuf", "Zainab Haddad", "Ali Haddad", "Émile Durand"]:
        NetworkerFactory(programme=programme, display_name=name)
    NetworkerFactory(programme=programme, display_name="Another Haddad", stage=Stage.ACTIVE)
    client.force_login(coordinator)
    url = reverse("networkers:board", kwargs={"programme": programme.slug})

    page = client.get(url).content.decode()
    names = ["Ali Haddad", "Amina Yusuf", "Another Haddad", "Zainab Haddad", "zoe Brown"]
    positions = [page.index(name) for name in names]
    assert positions == sorted(positions)

    found = client.get(url, {"q": "  haddad "}).content.decode()
    assert "Ali Haddad" in found and "Zainab Haddad" in found and "Amina" not in found
    assert "3 people" in found
    # The stage filter applies after the search; the counts by stage follow the search.
    active = client.get(url, {"q": "haddad", "stage": "active"}).content.decode()
    assert "Another Haddad" in active and "Zainab Haddad" not in active

    export = client.get(url, {"q": "HADDAD", "format": "csv"}).content.decode()
    rows = [line.split(",")[1] for line in export.strip().splitlines()[1:]]
    assert rows == ["Ali Haddad", "Another Haddad", "Zainab Haddad"]


def test_history_tables_keep_encrypted_fields_encrypted():
    """django-simple-history copies a model's fields into its history table: a field encrypted
    on the model must be encrypted there too. (No model keeps history today; this holds the
    line for any that does.)"""
    history_models = [model for model in apps.get_models() if hasattr(model, "instance_type")]
    for history in history_models:
        for field in history.instance_type._meta.concrete_fields:
            if isinstance(field, EncryptedFieldMixin):
                assert isinstance(history._meta.get_field(field.name), EncryptedFieldMixin)


BEFORE = [("networkers", "0002_profile_languages_stage_history_dbs")]
AFTER = [("networkers", "0003_encrypt_name_skills_experience_reason")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_existing_rows_and_reverses():
    old = _migrate(BEFORE)
    programme = old.get_model("accounts", "Programme").objects.create(name="Old", slug="old")
    person = old.get_model("networkers", "Networker").objects.create(
        programme=programme, display_name=NAME, skills=SKILLS, lived_experience=""
    )
    change = old.get_model("networkers", "StageChange").objects.create(
        networker=person, to_stage="paused", reason=REASON, changed_at=timezone.now()
    )
    assert raw_column(person, "display_name") == NAME

    try:
        new = _migrate(AFTER)
        for instance, field, plain in [
            (person, "display_name", NAME),
            (person, "skills", SKILLS),
            (change, "reason", REASON),
        ]:
            stored = raw_column(instance, field)
            assert is_fernet_token(stored) and plain not in stored
        assert raw_column(person, "lived_experience") is None
        migrated = new.get_model("networkers", "Networker").objects.get(pk=person.pk)
        assert (migrated.display_name, migrated.skills) == (NAME, SKILLS)

        _migrate(BEFORE)
        assert raw_column(person, "display_name") == NAME
        assert raw_column(person, "lived_experience") == ""
        assert raw_column(change, "reason") == REASON
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
