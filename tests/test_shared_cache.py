"""Production keeps its cache where every web process sees it, so that a TOTP code is accepted
once across all gunicorn workers and the sign-in rate limits count every attempt.

Each process below is a separate Python interpreter started with the production settings, as
two gunicorn workers would be."""

import os
import subprocess
import sys
import time
import uuid

import pytest
from allauth.mfa.app_settings import TOTP_PERIOD
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config.settings.base import refuse_per_process_cache

PRODUCTION = {
    "SECRET_KEY": "a-long-random-secret-key-for-this-test-only-0123456789abcdef",
    "ALLOWED_HOSTS": "bridges.example.org",
    "FIELD_ENCRYPTION_KEY": "a-field-encryption-key-for-this-test-only",
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
}

# One "worker": starts Django, says it is ready, reads a TOTP code, tries it once, then fails
# to sign in `attempts` times; prints what was accepted.
WORKER = """
import sys
import django

django.setup()
print("ready", flush=True)
code = sys.stdin.readline().strip()
from allauth.core import context, ratelimit
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import encrypt
from django.conf import settings
from django.test import RequestFactory

secret, login, attempts = sys.argv[1], sys.argv[2], int(sys.argv[3])
request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="198.51.100.7")
with context.request_context(request):
    device = Authenticator(user_id=1, type="totp", data={"secret": encrypt(secret)})
    totp = TOTP(device)
    print("backend", settings.CACHES["default"]["BACKEND"])
    print("code", totp.validate_code(code))
    allowed = [
        ratelimit.consume(request, action="login_failed", key=login) for _ in range(attempts)
    ]
    print("attempts", sum(allowed))
"""


def start_worker(env: dict, *, secret: str, login: str, attempts: int):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "DATABASE_URL") and not key.startswith("DJANGO_")
    }
    environment.update(env)
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, secret, login, str(attempts)],
        cwd=settings.BASE_DIR,
        env=environment,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_until_ready(worker) -> None:
    line = worker.stdout.readline()
    if line.strip() != "ready":
        worker.kill()
        pytest.fail(f"worker did not start: {line}{worker.stderr.read()}")


def result_of(worker) -> dict:
    stdout, stderr = worker.communicate(timeout=60)
    assert worker.returncode == 0, stderr
    return dict(line.split(" ", 1) for line in stdout.splitlines())


def current_code(secret: str) -> str:
    """The code an authenticator app shows now, not within two seconds of changing."""
    if TOTP_PERIOD - time.time() % TOTP_PERIOD < 2:
        time.sleep(2)
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


@pytest.fixture
def redis_environment():
    prefix = f"bridges-test-{uuid.uuid4().hex}"
    yield {
        **PRODUCTION,
        "DATABASE_URL": "sqlite:////tmp/bridges-shared-cache-unused.sqlite3",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "CACHE_KEY_PREFIX": prefix,
    }
    import redis

    client = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)


@pytest.fixture
def database_environment(tmp_path):
    """Production without Redis: the database holds the cache."""
    env = {**PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path / 'bridges.sqlite3'}"}
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.pop("REDIS_URL", None)
    environment.update(env)
    subprocess.run(
        [sys.executable, "manage.py", "createcachetable"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        timeout=60,
        check=False,
    )
    return env


@pytest.mark.parametrize("environment", ["redis_environment", "database_environment"])
def test_a_totp_code_and_the_sign_in_limits_are_shared_by_every_process(environment, request):
    env = request.getfixturevalue(environment)
    secret = generate_totp_secret()
    login = f"{uuid.uuid4().hex}@example.org"
    # Two workers at once, each trying the same code and failing to sign in 3 times. allauth
    # allows 5 failures per account in 5 minutes (ACCOUNT_RATE_LIMITS in config/settings/base.py).
    workers = [start_worker(env, secret=secret, login=login, attempts=3) for _ in range(2)]
    for worker in workers:
        wait_until_ready(worker)
    code = current_code(secret)
    for worker in workers:  # both at once
        worker.stdin.write(code + "\n")
        worker.stdin.flush()
    results = [result_of(worker) for worker in workers]
    assert all("LocMem" not in result["backend"] for result in results)
    accepted = [result["code"] for result in results]
    assert sorted(accepted) == ["False", "True"], "the same code was accepted by both processes"
    assert sum(int(result["attempts"]) for result in results) == 5, (
        "each process counted only its own failed sign-ins"
    )


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    ],
)
def test_production_refuses_a_cache_each_process_keeps_to_itself(backend):
    with pytest.raises(ImproperlyConfigured, match="shared cache"):
        refuse_per_process_cache({"default": {"BACKEND": backend}})


def test_redis_and_the_database_are_shared_caches():
    refuse_per_process_cache(
        {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}
    )
    refuse_per_process_cache(
        {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache"}}
    )


@pytest.mark.django_db
def test_migrate_creates_the_database_cache_table(settings):
    from django.core.cache import caches
    from django.db import connection

    from bridges.core.apps import cache_tables_create

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "bridges_cache_test",
        }
    }
    assert "bridges_cache_test" not in connection.introspection.table_names()
    cache_tables_create(sender=None, using="default")
    assert "bridges_cache_test" in connection.introspection.table_names()
    assert caches["default"].add("key", "value") is True
    assert caches["default"].add("key", "value") is False
