"""Settings shared by every environment.

Every value a deployment may change is read from the environment (see `.env.example`); the
defaults here are safe for development and for `make run` on a bare machine (SQLite under var/).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("BRIDGES_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-secret-key-not-for-production")
# Old keys, newest first, kept after a rotation: sessions and signed links stay valid, and the
# encrypted fields (whose keys derive from SECRET_KEY and FIELD_ENCRYPTION_KEY) stay readable.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Field-level encryption for personal data (referrals, safeguarding). A comma-separated list:
# the first key encrypts, all keys decrypt, so keys can be rotated.
FIELD_ENCRYPTION_KEY = os.environ.get("FIELD_ENCRYPTION_KEY", "development-only-field-key")
SALT_KEY = env_list("FIELD_ENCRYPTION_KEY", "development-only-field-key")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks_db",
    "parler",
    "simple_history",
    "axes",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Bridges, one app per capability (DESIGN.md).
    "bridges.core",
    "bridges.accounts",
    "bridges.translations",
    "bridges.networkers",
    "bridges.training",
    "bridges.directory",
    "bridges.statistics",
    "bridges.contacts",
    "bridges.safeguarding",
    "bridges.dropins",
    "bridges.referrals",
    "bridges.support",
    "bridges.guides",
    "bridges.cascades",
    "bridges.initiatives",
    "bridges.pathways",
    "bridges.voice",
    "bridges.rights",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A database that cannot write (disk full, read-only) answers 503 with a friendly page.
    "bridges.core.middleware.StorageUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "bridges.accounts.middleware.SessionIdleTimeoutMiddleware",
    "bridges.accounts.middleware.StaffSecondFactorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes last, as its documentation asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# Selects, radios and tick-box lists drawn in Python, with Django's markup (one included
# template per option made long lists the slowest part of a form page).
FORM_RENDERER = "bridges.core.form_renderer.Renderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "bridges" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bridges.core.context_processors.shell",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'bridges.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    try:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass  # the start-up check (bridges/core/checks.py) says what is wrong and what to do
    # WAL lets the web server and the task worker share the file without "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds sign-in rate limits, "this TOTP code was used" markers and the public forms'
# limits, so every web process must see the same one. Development: each process its own.
# Production (production.py): Redis if REDIS_URL is set, else a table in the database.
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "bridges")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
# Backends whose entries only the process that wrote them can see.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


def refuse_per_process_cache(caches: dict) -> None:
    """Raise ImproperlyConfigured if any cache is private to one process (or no cache at all)."""
    from django.core.exceptions import ImproperlyConfigured

    private = [name for name, cache in caches.items() if cache["BACKEND"] in PER_PROCESS_CACHES]
    if private:
        raise ImproperlyConfigured(
            "Bridges will not start in production without a shared cache (cache "
            + ", ".join(private)
            + " is private to each process, so TOTP codes could be used twice and rate "
            "limits would not hold). Set REDIS_URL, or leave it unset to use the database. "
            "See docs/deploy.md."
        )


TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- Accounts and sign-in -------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "core:home"

ACCOUNT_ADAPTER = "bridges.accounts.adapters.InvitationOnlyAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False  # sign-out is a POST
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Bridges"

# Lock an account-and-address pair after repeated failures, for a period. The same message is
# shown whether or not the account exists.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Attempts are keyed on a keyed hash of the typed address, never the address itself
# (bridges/accounts/lockout.py); the form's fields are masked in the attempt's POST data.
AXES_USERNAME_CALLABLE = "bridges.accounts.lockout.attempted_login"
AXES_SENSITIVE_PARAMETERS = ["login", "email", "username", "password", "code", "ip_address"]
# Successful sign-ins are in the audit log; axes keeps no second log of them, nor a permanent
# log of failures (see docs/privacy/data-map.md).
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# The client's address, for axes, allauth's rate limits, the public forms and the audit log, is
# found in one place (bridges/core/net.py), which believes X-Forwarded-For only from these
# proxies: addresses or networks, comma-separated ("127.0.0.1" behind nginx on the same machine).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
AXES_CLIENT_IP_CALLABLE = "bridges.core.net.client_address"

# The public forms (networker application, "this listing is wrong", an invitation's answer):
# at most this many sent from one address per form in the window; 0 turns the limit off.
PUBLIC_FORM_RATE_LIMIT = int(os.environ.get("PUBLIC_FORM_RATE_LIMIT", "20"))
PUBLIC_FORM_RATE_WINDOW_MINUTES = int(os.environ.get("PUBLIC_FORM_RATE_WINDOW_MINUTES", "60"))

# Sessions end after inactivity (SessionIdleTimeoutMiddleware) and with the browser.
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT_MINUTES", "30")) * 60
SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
INVITATION_VALID_DAYS = int(os.environ.get("INVITATION_VALID_DAYS", "7"))

# --- Languages ------------------------------------------------------------------------------

LANGUAGE_CODE = "en"
# The interface languages. Catalogues other than English are first drafts awaiting community
# review (see docs/translation.md).
LANGUAGES = [
    ("en", "English"),
    ("ar", "العربية"),
    ("fa", "فارسی"),
    ("ur", "اردو"),
    ("pl", "Polski"),
    ("ro", "Română"),
    ("sk", "Slovenčina"),
    ("uk", "Українська"),
    ("sw", "Kiswahili"),
    ("ti", "ትግርኛ"),
    ("fr", "Français"),
]
LANGUAGES_BIDI = ["ar", "fa", "ur", "he", "ps", "ckb", "ku"]
LOCALE_PATHS = [BASE_DIR / "bridges" / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
PARLER_LANGUAGES = {
    None: tuple({"code": code} for code, _name in LANGUAGES),
    "default": {"fallbacks": ["en"], "hide_untranslated": False},
}
PARLER_DEFAULT_LANGUAGE_CODE = "en"

# --- Static files, email, security ----------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Bridges <bridges@localhost>")
# Email goes to the console unless a deployment sets EMAIL_URL (smtp://user:password@host:587).
MAILERS = {
    "default": {
        "BACKEND": os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
    }
}
if os.environ.get("EMAIL_URL"):
    from urllib.parse import unquote, urlsplit

    _email = urlsplit(os.environ["EMAIL_URL"])
    MAILERS["default"] = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": _email.hostname or "localhost",
            "port": _email.port or 587,
            "username": unquote(_email.username or ""),
            "password": unquote(_email.password or ""),
            "use_tls": _email.scheme != "smtps",
            "use_ssl": _email.scheme == "smtps",
        },
    }

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- Bridges' own settings -------------------------------------------------------------------
# Each is declared here once, with its default, and read in code as settings.NAME; .env.example
# documents them all.

BRIDGES_SHARED_DATA_DIR = Path(
    os.environ.get("BRIDGES_SHARED_DATA_DIR", BASE_DIR.parent / "shared" / "data")
)
SMALL_NUMBER_THRESHOLD = int(os.environ.get("SMALL_NUMBER_THRESHOLD", "5"))
BRIDGES_BENCHMARK_VIEW = env_bool("BRIDGES_BENCHMARK_VIEW", False)

# Email notifications (bridges/core/notify.py): attempts before one is marked failed.
NOTIFICATIONS_MAX_ATTEMPTS = int(os.environ.get("NOTIFICATIONS_MAX_ATTEMPTS", "5"))

# Networkers (bridges/networkers): days an application is kept if the person does not go on to
# volunteer; days within which the programme promises applicants an answer (the thanks page says
# so, and the pipeline flags applications waiting longer); years a DBS certificate lasts before
# renewal; seconds under which a filled-in public application form is taken for a bot.
NETWORKERS_APPLICATION_RETENTION_DAYS = int(
    os.environ.get("NETWORKERS_APPLICATION_RETENTION_DAYS", "365")
)
NETWORKERS_APPLICATION_RESPONSE_DAYS = int(
    os.environ.get("NETWORKERS_APPLICATION_RESPONSE_DAYS", "14")
)
NETWORKERS_DBS_RENEWAL_YEARS = int(os.environ.get("NETWORKERS_DBS_RENEWAL_YEARS", "3"))
NETWORKERS_MIN_FILL_SECONDS = float(os.environ.get("NETWORKERS_MIN_FILL_SECONDS", "4"))

# Training (bridges/training): days ahead a refresher is announced to the networker.
# How many contact records the demo city logs over its year (make run seeds them).
CONTACTS_DEMO_RECORDS = int(os.environ.get("CONTACTS_DEMO_RECORDS", "40000"))

TRAINING_REFRESHER_WARNING_DAYS = int(os.environ.get("TRAINING_REFRESHER_WARNING_DAYS", "60"))

# The site's address (scheme and host, e.g. https://bridges.example.gov.uk), for links in emails
# written by background tasks, which have no request to take it from. Empty: such emails carry
# the page's path only.
SITE_URL = os.environ.get("SITE_URL", "")

# Safeguarding (bridges/safeguarding): years a closed concern's personal details are kept after
# it is closed, then purged by `purge_expired_concerns` (anonymous counts stay). Adults: 6 years;
# children: 25 years, so that a record about a newborn lasts to their 25th birthday, the point
# commonly advised for child protection records (docs/privacy/data-map.md says why).
SAFEGUARDING_RETENTION_YEARS_ADULT = int(os.environ.get("SAFEGUARDING_RETENTION_YEARS_ADULT", "6"))
SAFEGUARDING_RETENTION_YEARS_CHILD = int(os.environ.get("SAFEGUARDING_RETENTION_YEARS_CHILD", "25"))

# Referrals: months a closed referral's personal details are kept before `purge_referrals`
# deletes them (consent withdrawn: at the next purge), and days without a change after which an
# open referral is listed as overdue for its referrer and the coordinators.
REFERRALS_RETENTION_MONTHS = int(os.environ.get("REFERRALS_RETENTION_MONTHS", "12"))
REFERRALS_OVERDUE_DAYS = int(os.environ.get("REFERRALS_OVERDUE_DAYS", "14"))

# Community voice (bridges/voice): days a routed issue may wait for its answer before the route
# is listed as overdue; days a named contact's answer link stays valid; the fewest networkers a
# community must have for the public "you said, we did" page to name it (smaller communities
# are not named, docs/decisions/0003-voice-answer-links-and-public-page.md).
VOICE_ROUTE_OVERDUE_DAYS = int(os.environ.get("VOICE_ROUTE_OVERDUE_DAYS", "28"))
VOICE_ANSWER_LINK_DAYS = int(os.environ.get("VOICE_ANSWER_LINK_DAYS", "60"))
VOICE_PUBLIC_COMMUNITY_MIN = int(os.environ.get("VOICE_PUBLIC_COMMUNITY_MIN", "5"))

# Support requests: months a closed request's contact details, name and message are kept before
# `purge_support_requests` deletes them (the public form's consent wording says how long).
SUPPORT_RETENTION_MONTHS = int(os.environ.get("SUPPORT_RETENTION_MONTHS", "6"))

# Directory (bridges/directory): days after which a listing not checked counts as stale (and its
# owners are reminded, once per period); whether coordinators may import a feed from a web
# address (the server then fetches URLs they type); the Open Referral UK profile in exports.
DIRECTORY_STALE_AFTER_DAYS = int(os.environ.get("DIRECTORY_STALE_AFTER_DAYS", "180"))
# A removed directory listing (and its history) is deleted for good this many days later
# (`manage.py directory_purge_removed`); until then a coordinator can put it back.
DIRECTORY_REMOVED_PURGE_DAYS = int(os.environ.get("DIRECTORY_REMOVED_PURGE_DAYS", "90"))
DIRECTORY_IMPORT_ALLOW_URLS = env_bool("DIRECTORY_IMPORT_ALLOW_URLS", False)
DIRECTORY_ORUK_PROFILE_URL = os.environ.get(
    "DIRECTORY_ORUK_PROFILE_URL", "https://openreferraluk.org/"
)

# Service directory imports (bridges/directory/README.md).
# Feed addresses never reach loopback, private, link-local, multicast or reserved addresses
# (this server's own network: cloud metadata, databases, admin pages) unless their network is
# listed here, comma-separated, e.g. "10.20.0.0/16" for an intranet feed. Empty by default.
DIRECTORY_IMPORT_ALLOWED_PRIVATE_NETWORKS = env_list("DIRECTORY_IMPORT_ALLOWED_PRIVATE_NETWORKS")
# Largest file (upload or fetched feed) an import accepts, in bytes.
DIRECTORY_IMPORT_MAX_BYTES = int(
    os.environ.get("DIRECTORY_IMPORT_MAX_BYTES", str(50 * 1024 * 1024))
)
# A zip package may expand to at most this many bytes, with no member compressed more than
# this ratio (zip bombs).
DIRECTORY_IMPORT_MAX_UNCOMPRESSED_BYTES = int(
    os.environ.get("DIRECTORY_IMPORT_MAX_UNCOMPRESSED_BYTES", str(200 * 1024 * 1024))
)
DIRECTORY_IMPORT_MAX_COMPRESSION_RATIO = int(
    os.environ.get("DIRECTORY_IMPORT_MAX_COMPRESSION_RATIO", "100")
)
# An import still "running" this many minutes after it started is failed (its worker died).
DIRECTORY_IMPORT_TIMEOUT_MINUTES = int(os.environ.get("DIRECTORY_IMPORT_TIMEOUT_MINUTES", "60"))

# --- Statistics (official figures for the migration map) ----------------------------------
# Largest statistics file an import accepts, in bytes.
STATISTICS_IMPORT_MAX_BYTES = int(
    os.environ.get("STATISTICS_IMPORT_MAX_BYTES", str(50 * 1024 * 1024))
)
# An import still "running" this many minutes after it started is failed (its worker died).
STATISTICS_IMPORT_TIMEOUT_MINUTES = int(os.environ.get("STATISTICS_IMPORT_TIMEOUT_MINUTES", "60"))
