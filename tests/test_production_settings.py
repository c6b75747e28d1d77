"""Production settings refuse to start without the secrets a deployment must provide, and say
which ones are missing."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

REQUIRED = {
    "SECRET_KEY": "a-long-random-secret-key-for-this-test-only-0123456789abcdef",
    "ALLOWED_HOSTS": "bridges.example.org",
    "DATABASE_URL": "sqlite:////tmp/bridges-production-settings-test.sqlite3",
    "FIELD_ENCRYPTION_KEY": "a-field-encryption-key-for-this-test-only",
}


def start_django(environment: dict[str, str]) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in REQUIRED and not key.startswith("DJANGO_")
    }
    env.update(environment, DJANGO_SETTINGS_MODULE="config.settings.production")
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_starts_with_every_required_setting():
    result = start_django(REQUIRED)
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


@pytest.mark.parametrize("missing", sorted(REQUIRED))
def test_production_refuses_to_start_without(missing):
    environment = {key: value for key, value in REQUIRED.items() if key != missing}
    result = start_django(environment)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"Bridges will not start in production without: {missing}." in result.stderr
    assert ".env.example" in result.stderr  # and it says where to look


def test_an_empty_value_counts_as_missing():
    result = start_django({**REQUIRED, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_env_example_documents_every_setting_read_from_the_environment():
    """Every name that config/settings/*.py reads from the environment is in .env.example."""
    import re
    from pathlib import Path

    root = Path(settings.BASE_DIR)
    read = set()
    for path in (root / "config" / "settings").glob("*.py"):
        source = path.read_text()
        read |= set(re.findall(r"os\.environ(?:\.get)?[\[(]\s*\"([A-Z0-9_]+)\"", source))
        read |= set(re.findall(r"env_(?:bool|list)\(\s*\"([A-Z0-9_]+)\"", source))
    read |= {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}  # read by dj-database-url and Django
    documented = set(re.findall(r"^#?\s*([A-Z0-9_]+)=", (root / ".env.example").read_text(), re.M))
    assert read, "found no settings read from the environment: the pattern is wrong"
    assert not read - documented, f"document in .env.example: {sorted(read - documented)}"
