"""Production: strict. Refuses to start without the secrets a deployment must provide."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CACHE_KEY_PREFIX, env_bool, env_list, refuse_per_process_cache

REQUIRED = ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "FIELD_ENCRYPTION_KEY"]
missing = [name for name in REQUIRED if not os.environ.get(name)]
if missing:
    raise ImproperlyConfigured(
        "Bridges will not start in production without: "
        + ", ".join(missing)
        + ". See .env.example and docs/deploy.md."
    )

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
FIELD_ENCRYPTION_KEY = os.environ["FIELD_ENCRYPTION_KEY"]
SALT_KEY = env_list("FIELD_ENCRYPTION_KEY")

# A cache every web process shares: Redis when REDIS_URL is set (base.py), otherwise a table in
# the database (created by `manage.py migrate`). Never one private to each process.
if not os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "bridges_cache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
refuse_per_process_cache(CACHES)

# Email: EMAIL_URL (see base.py) or, failing that, the machine's own mail server on port 25.
if not os.environ.get("EMAIL_URL") and not os.environ.get("EMAIL_BACKEND"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "localhost", "port": 25},
        }
    }

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# HSTS preload is a decision for the whole domain (often the council's), so it is opt-in.
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
