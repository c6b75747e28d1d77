"""Fast, boring test settings: cheap hashing, in-memory email and cache, tasks run at once."""

from .base import *  # noqa: F403
from .base import TASKS

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {
    "default": {**TASKS["default"], "BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
ACCOUNT_RATE_LIMITS = False
# Off, like allauth's: the suite posts the public forms from one address many times. The
# limits' own tests turn them on (bridges/core/tests/test_public_form_limits.py).
PUBLIC_FORM_RATE_LIMIT = 0
# The demo city's contact log at a size the suite builds quickly.
CONTACTS_DEMO_RECORDS = 600
