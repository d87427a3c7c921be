"""Settings, read only from the environment (see README "Configuration").

Safe defaults for a local demo; DEBUG is off unless asked for, and production values
(HTTPS, a real SECRET_KEY) are required when it is off.
"""

import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from earlyhelp.env import env_bool, env_int, env_list, env_secret, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
CHECKOUT_DIR = PACKAGE_DIR.parent.parent
_IN_CHECKOUT = (CHECKOUT_DIR / "pyproject.toml").is_file()

DATA_DIR = Path(
    env_str("EARLYHELP_DATA_DIR") or (CHECKOUT_DIR if _IN_CHECKOUT else Path.cwd()) / "data"
)
ASSETS_DIR = Path(env_str("EARLYHELP_ASSETS_DIR") or CHECKOUT_DIR / "build" / "static")

DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    key = env_secret("SECRET_KEY")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off")
    # A local demo: keep one generated key in data/ so sessions survive restarts.
    key_file = DATA_DIR / "secret_key"
    if not key_file.is_file():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "govuk_frontend_django",
    "ninja",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "earlyhelp.core",
    "earlyhelp.need",
    "earlyhelp.accounts",
    "earlyhelp.people",
    "earlyhelp.pathways",
    "earlyhelp.frontdoor",
    "earlyhelp.support",
    "earlyhelp.programmes",
    "earlyhelp.coding",
    "earlyhelp.reports",
    "earlyhelp.oversight",
    "earlyhelp.directory",
    "earlyhelp.places",
    "earlyhelp.planning",
    "earlyhelp.protection",
    "django_tasks",
    "django_tasks_db",
    "earlyhelp.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "earlyhelp.accounts.middleware.TwoFactorMiddleware",
    "earlyhelp.core.middleware.NoStoreWhenSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "earlyhelp.urls"
WSGI_APPLICATION = "earlyhelp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "earlyhelp.core.context_processors.service",
            ],
        },
    },
]

# Database: SQLite in data/ by default (WAL, so readers never wait for a writer);
# DATABASE_URL (e.g. postgres://user:pass@host:5432/earlyhelp) overrides it.
_database_url = env_secret("DATABASE_URL")
if _database_url:
    try:
        _database = dj_database_url.parse(
            _database_url,
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
            conn_health_checks=True,
        )
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {error}") from None
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)  # SQLite makes the file, not its folder
    _database = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "earlyhelp.sqlite3",
    }
if _database["ENGINE"] == "django.db.backends.sqlite3":
    _database["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so a transaction never fails halfway
        # with "database is locked"; the timeout makes writers queue instead.
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT_SECONDS", 20, minimum=1),
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "earlyhelp.accounts.backends.AdministratorBackend",
    "django.contrib.auth.backends.ModelBackend",
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
LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "start"

# Sessions end after a period of inactivity (every request renews the cookie).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30, minimum=1) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Sign-in lockout (django-axes): after this many failures for one account the
# account is locked for the cool-off period, whatever IP the attempts come from.
AXES_FAILURE_LIMIT = env_int("SIGN_IN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("SIGN_IN_LOCKOUT_MINUTES", 15, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = ["username"]
# Locking by IP address too would let one mistyped password lock out a whole office or
# school behind one shared address, so lockout is per account (axes warns about this).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "earlyhelp")
# Nobody, administrators included, may read another person's authenticator key.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# HTTPS: on whenever DEBUG is off, unless a local demo over http turns it off.
HTTPS = env_bool("EARLYHELP_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS and env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading is hard to undo and covers every subdomain of the council's domain: opt in.
SECURE_HSTS_PRELOAD = HTTPS and env_bool("SECURE_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    # check --deploy warns while preload is off; off is the deliberate default (above).
    SILENCED_SYSTEM_CHECKS.append("security.W021")
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies in front of the app append to X-Forwarded-For; the access log takes
# the client's address from there (0: REMOTE_ADDR, the connecting peer).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or CHECKOUT_DIR / "build" / "collected")
STATICFILES_DIRS = [ASSETS_DIR] if ASSETS_DIR.is_dir() else []
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Email: SMTP when EMAIL_HOST is set; otherwise messages are written to files in data/
# so a demo can show what was sent without a mail server.
EMAIL_HOST = env_str("EMAIL_HOST")
GOVUK_NOTIFY_API_KEY = env_secret("GOVUK_NOTIFY_API_KEY")
if GOVUK_NOTIFY_API_KEY:
    # GOV.UK Notify sends every email through one plain template with ((subject)) and
    # ((body)) placeholders (django-gov-notify).
    EMAIL_BACKEND = "django_gov_notify.backends.NotifyEmailBackend"
    GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID = env_str("GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID")
    if not GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID:
        raise ImproperlyConfigured(
            "GOVUK_NOTIFY_API_KEY is set: set GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID too"
        )
elif EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD") or ""
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "sent-mail"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "earlyhelp <no-reply@earlyhelp.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SERVICE_NAME = env_str("SERVICE_NAME", "Early Help")

# Background work (the narrative coder, notifications): the database backend needs a
# worker running (`earlyhelp db_worker`, as `make demo` does); tests run tasks at once.
TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# Where trained coder models are kept.
CODER_DIR = Path(env_str("CODER_DIR") or DATA_DIR / "coder")
# A quicker, weaker coder from a quarter of the corpus's notes and a third of its phrases
# (coding.training.QUICK_*): for the test suite and small machines, never to judge it by.
CODER_QUICK = env_bool("CODER_QUICK", False)
# Where staff reach the service, for links in emails.
SERVICE_URL = env_str("SERVICE_URL", "http://127.0.0.1:8000").rstrip("/")

# The public request form (/get-help/): which authority it reaches (its slug; empty when
# the database holds one authority) and how many requests one address may send an hour.
PUBLIC_AUTHORITY = env_str("PUBLIC_AUTHORITY", "")
PUBLIC_REQUESTS_PER_HOUR = env_int("PUBLIC_REQUESTS_PER_HOUR", 5, minimum=1)

# Map tiles for the directory's maps: an XYZ tile URL ({z}/{x}/{y}) and the attribution
# its licence asks for (HTML). MAP_TILE_URL=none draws maps without tiles (areas and
# points only); the pages list the same facts without a map.
MAP_TILE_URL = env_str("MAP_TILE_URL") or "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
if MAP_TILE_URL.strip().lower() == "none":
    MAP_TILE_URL = ""
elif not all(part in MAP_TILE_URL for part in ("{z}", "{x}", "{y}")):
    raise ImproperlyConfigured(f"MAP_TILE_URL needs {{z}}, {{x}} and {{y}}: {MAP_TILE_URL!r}")
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION") or (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)


def _tile_origin(url: str) -> list[str]:
    """Where the map tiles come from, for img-src: Leaflet's {s} subdomains become *;
    tiles served from this site need nothing ('self' has them)."""
    parts = urlsplit(url)
    if not parts.netloc:
        return []
    host = parts.netloc.replace("{s}", "*")
    if "{" in host or parts.scheme not in {"http", "https"}:
        raise ImproperlyConfigured(f"MAP_TILE_URL's host must be a plain host name: {url!r}")
    return [f"{parts.scheme}://{host}"]


# Content Security Policy (django-csp): scripts, styles and everything else from this site
# only, so nothing injected into a page can run; no inline script or style="" anywhere
# (tests/security checks the templates). Images may also be data: URLs (GOV.UK's and
# Leaflet's CSS use them) and map tiles. See docs/decisions/0010-web-security.md.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *_tile_origin(MAP_TILE_URL)],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Axes logs the username of every failed sign-in; keep that out of ordinary logs.
        "axes": {"level": "WARNING"},
    },
}

CSRF_FAILURE_VIEW = "earlyhelp.core.views.csrf_failure"
EARLYHELP_DEMO = env_bool("EARLYHELP_DEMO", False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Reports word a change between two shares as "no change" when it is smaller than this
# many percent of the first share (the council's own papers use 2).
REPORT_NO_CHANGE_PERCENT = env_int("REPORT_NO_CHANGE_PERCENT", 2, minimum=0)

# Data protection (docs/decisions/0011): the retention rule each authority starts with;
# administrators change their authority's rule in the admin site.
RETENTION_YEARS_AFTER_CLOSURE = env_int("RETENTION_YEARS_AFTER_CLOSURE", 6, minimum=1)
RETENTION_YOUNGEST_CHILD_AGE = env_int("RETENTION_YOUNGEST_CHILD_AGE", 25, minimum=18)
