"""Praxis settings: one file, configured from the environment (12-factor).

Defaults give the embedded set-up of `make run` (SQLite and a SQLite task queue under var/).
`PRAXIS_PRODUCTION=1` switches on the production mode that `manage.py check --deploy` checks.
"""

import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

# Generic Django classes (ModelAdmin[Model], QuerySet[Model]...) subscriptable at run time, as mypy reads them.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PRAXIS_VAR_DIR", BASE_DIR / "var"))


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool = False) -> bool:
    """1/true/yes/on or 0/false/no/off (any case); unset or empty: the default. Anything else ("ture") stops the
    start-up with the variable's name, rather than quietly meaning False."""
    value = os.environ.get(name, "").strip().lower()
    if value == "":
        return default
    if value in TRUE_WORDS | FALSE_WORDS:
        return value in TRUE_WORDS
    raise ImproperlyConfigured(f"{name}={os.environ[name]!r}: use one of {sorted(TRUE_WORDS | FALSE_WORDS)}")


def env_int(name: str, default: int) -> int:
    """A whole number; unset or empty: the default. Anything else stops the start-up with the variable's name."""
    value = os.environ.get(name, "").strip()
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={os.environ[name]!r}: a whole number is expected") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


PRODUCTION = env_bool("PRAXIS_PRODUCTION")
TESTING = env_bool("PRAXIS_TESTING") or "pytest" in sys.modules
DEBUG = env_bool("DEBUG", default=not PRODUCTION and not TESTING)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise RuntimeError("SECRET_KEY must be set when PRAXIS_PRODUCTION=1")
    SECRET_KEY = "dev-only-insecure-key-praxis-0123456789-abcdefghijklmnopqrstuvwxyz"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    # Praxis apps first: their templates override allauth's, and their translations win over Django's own
    # (Django gives precedence to the catalogues of the apps listed first). Each app keeps its templates and its
    # translation catalogue (locale/) inside its own folder.
    "praxis.core",
    "praxis.accounts",
    "praxis.institutions",
    "praxis.communities",
    "praxis.content",
    "praxis.review",
    "praxis.discussions",
    "praxis.cpd",
    "praxis.events",
    "praxis.learning",
    "praxis.jobs",
    "praxis.prevention",
    "praxis.search",
    "praxis.notifications",
    "praxis.api",  # the public REST API (/api/v1/) and the members' access tokens
    "praxis.site",  # pages that assemble several apps: after them all
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "huey.contrib.djhuey",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "allauth.socialaccount",
    "ninja",  # its Swagger UI served from our static files, not a CDN (/api/v1/docs)
    "oauth2_provider",  # OAuth2 for the API's applications (praxis/api/oauth.py); after praxis.api: our templates win
]

# OAuth2 provider (django-oauth-toolkit) for the public API: authorization code with PKCE (required) for apps acting
# for a member, client credentials for an institution's system; the scopes are the API's (docs/api.md).
# The public API's rate limits (calls a minute; docs/api.md): per token, and per client IP without a token.
API_RATE_LIMIT_PER_TOKEN = env_int("API_RATE_LIMIT_PER_TOKEN", 300)
API_RATE_LIMIT_PER_IP = env_int("API_RATE_LIMIT_PER_IP", 60)

OAUTH2_PROVIDER = {
    "SCOPES_BACKEND_CLASS": "praxis.api.oauth.Scopes",
    "PKCE_REQUIRED": True,
    "ACCESS_TOKEN_EXPIRE_SECONDS": 3600,
    "REFRESH_TOKEN_EXPIRE_SECONDS": 30 * 24 * 3600,
    "ROTATE_REFRESH_TOKEN": True,
    # RFC 9700 (OAuth 2.0 Security BCP), checked by `check --deploy`: no implicit or password grant, PKCE S256 only,
    # tokens only in the Authorization header, `iss` in the authorization response, tokens stored hashed, a replayed
    # refresh token revokes its family, https redirect URIs in production (http stays for local development).
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_SCHEME": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"] if PRODUCTION else ["http", "https"],
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_MATCHING": True,
    "COMPLIANT_BCP_RFC9700_PKCE_REQUIRED": True,
}
# The toolkit's own model, named so that migrations pointing at it (api.InstitutionClient) can say so.
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"

MIDDLEWARE = [
    "praxis.core.observability.ObservabilityMiddleware",  # request id, per-route timing, access line
    "django.middleware.security.SecurityMiddleware",
    "praxis.core.middleware.ErrorPagesMiddleware",
    "praxis.core.middleware.RetryAfterMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "praxis.core.authentication.AuthenticationMiddleware",  # Django's, the member read by a precompiled statement
    "praxis.core.ratelimit.RateLimitMiddleware",  # abuse limits per account and IP (docs/operations.md)
    "praxis.core.middleware.PersonalResponseCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "praxis.core.middleware.ActorMiddleware",
    "praxis.core.middleware.PrivilegedAccountMiddleware",
]

if PRODUCTION:
    # Collected static files with far-future cache headers; in development runserver serves them.
    MIDDLEWARE.insert(2, "whitenoise.middleware.WhiteNoiseMiddleware")

# Django's form templates rendered by Jinja2 (same HTML, ~10× less CPU for option lists): praxis/core/forms_renderer.py
FORM_RENDERER = "praxis.core.forms_renderer.PraxisFormRenderer"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "praxis.site.context_processors.praxis",
            ],
            # `{% extends %}` with the root template's blocks found once (praxis/core/template_extends.py).
            "builtins": ["praxis.core.template_extends"],
        },
    }
]

# --- Database ---------------------------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'praxis.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so that a real task worker started by a test can open the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
    # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at BEGIN so that
    # concurrent writers queue on busy_timeout instead of failing with "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # JIT compilation added ~260 ms to short queries in the benchmark; Praxis runs only short queries.
    DATABASES["default"]["OPTIONS"] = {"options": "-c jit=off"}
    # Keep psycopg's client-side binding: server-side prepared generic plans made rare-term search ~1 s.
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate limits need one shared by every process) --------------------------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES: dict[str, dict[str, Any]] = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
elif TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "praxis_cache"}}

# Rendered cards (`{% cache 600 … using="fragments" %}`) in each process's memory, no network round trip: keys carry the
# object's id, `updated_at`, the language and what varies per list (distance, seats), so an edit shows at once; an
# author's new name, a renamed theme or a new poster show within the 10 minutes of the tag.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "praxis-fragments",
    "OPTIONS": {"MAX_ENTRIES": 20_000},
}
# A common word's search summary (its page of rows with their text, counts and total) kept 5 s per process
# (`search.selectors.KEPT_SUMMARY_SECONDS`): apart from the cards, so that expired summaries, which stay until
# evicted, stay few: 100 of 12-30 KB, ~3 MB per process at most.
CACHES["summaries"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "praxis-search-summaries",
    "OPTIONS": {"MAX_ENTRIES": 100},
}

# --- Tasks: django.tasks with huey as backend ---------------------------------------------------------------
# Tests run jobs immediately, in memory; a test that starts a real worker switches huey to this queue file.
_default_queue = VAR_DIR / (f"test-tasks-{os.getpid()}.sqlite3" if TESTING else "tasks.sqlite3")
TASK_QUEUE_URL = env("TASK_QUEUE_URL", f"sqlite:///{_default_queue}")


def _huey_settings(url: str) -> dict[str, Any]:
    parsed = urlparse(url)
    base = {"name": env("TASK_QUEUE_NAME", "praxis"), "immediate": env_bool("TASKS_IMMEDIATE", TESTING), "utc": True}
    if parsed.scheme == "immediate":
        return base | {"huey_class": "huey.MemoryHuey", "immediate": True}
    if parsed.scheme == "sqlite":
        return base | {"huey_class": "huey.SqliteHuey", "filename": parsed.path, "timeout": 20}
    if parsed.scheme in {"postgres", "postgresql"}:
        return base | {"huey_class": "huey.PostgresHuey", "dsn": url.replace("postgres://", "postgresql://", 1)}
    if parsed.scheme in {"redis", "rediss"}:
        return base | {"huey_class": "huey.RedisHuey", "url": url}
    raise RuntimeError(f"Unsupported TASK_QUEUE_URL scheme: {parsed.scheme}")


HUEY = _huey_settings(TASK_QUEUE_URL)
TASKS = {"default": {"BACKEND": "huey.contrib.djhuey.tasks_backend.HueyBackend"}}
TASK_MAX_ATTEMPTS = env_int("TASK_MAX_ATTEMPTS", 5)
TASK_RETRY_BASE_SECONDS = env_int("TASK_RETRY_BASE_SECONDS", 10)
TASK_LEASE_SECONDS = env_int("TASK_LEASE_SECONDS", 15 * 60)

# --- Accounts ----------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "site:home"
ACCOUNT_ADAPTER = "praxis.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_FORM_CLASS = "praxis.accounts.forms.ProfessionalSignupForm"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Praxis] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
# Limits per client IP are sized for a hospital: thousands of staff behind one address, all signing in at 7 o'clock.
# Failed sign-ins slow down one account for one client instead of locking the account (praxis/accounts/throttle.py).
ACCOUNT_RATE_LIMITS = {
    "login_failed": f"{env_int('LOGIN_FAILURES_PER_IP_PER_MINUTE', 100)}/m/ip",
    "login": f"{env_int('LOGINS_PER_IP_PER_MINUTE', 300)}/m/ip",
    "signup": f"{env_int('SIGNUPS_PER_IP_PER_MINUTE', 30)}/m/ip",
    "reset_password": "30/m/ip,5/h/key",
    "reset_password_from_key": "60/m/ip",
}
# Abuse limits on every state-changing route, per account and per IP (praxis/core/ratelimit.py; docs/operations.md).
# Off in tests but for the walk that checks them; off for a benchmark that writes at full speed from one account.
RATE_LIMITS_ENABLED = env_bool("RATE_LIMITS_ENABLED", not TESTING)
# The client IP is REMOTE_ADDR unless a trusted proxy count is configured: a forged X-Forwarded-For is ignored.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Praxis"
# A code typed as it expires (the app shows 1 s left, the phone's clock drifts) is still accepted: one step either
# side, as RFC 6238 §5.2 recommends. Each code is still accepted once only.
MFA_TOTP_TOLERANCE = 1
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION
# Recording "last seen" would write to the database on every request; sessions list login time and IP instead.
USERSESSIONS_TRACK_ACTIVITY = False

# National professional e-IDs (Pro Santé Connect, I.AM Connect, HIN, or any OpenID Connect provider): configured from
# EID_PROVIDERS and EID_<ID>_* (praxis/accounts/eid/presets.py, docs/eid-sign-in.md); none is shown unless configured.
try:
    from praxis.accounts.eid.presets import EidConfigurationError, apps_from_env, form_action_origins

    SOCIALACCOUNT_PROVIDERS: dict[str, dict[str, Any]] = {"eid": {"APPS": apps_from_env(os.environ)}}
except EidConfigurationError as error:
    raise ImproperlyConfigured(str(error)) from None
SOCIALACCOUNT_ADAPTER = "praxis.accounts.eid.adapter.SocialAccountAdapter"
SOCIALACCOUNT_FORMS = {"signup": "praxis.accounts.eid.forms.EidSignupForm"}
# The sign-up form is always shown (terms of use, profile pre-filled from the claims); an existing account is never
# signed in by its address alone: its member signs in and confirms the link (accounts:eid_link).
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = env_int("EID_REQUESTS_TIMEOUT_SECONDS", 10)

# Members whose role makes a stolen session costly: second factor mandatory, short sessions.
PRIVILEGED_IDLE_TIMEOUT_SECONDS = env_int("PRIVILEGED_IDLE_TIMEOUT_SECONDS", 30 * 60)
PRIVILEGED_ABSOLUTE_TIMEOUT_SECONDS = env_int("PRIVILEGED_ABSOLUTE_TIMEOUT_SECONDS", 12 * 3600)
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 14 * 24 * 3600)
# Django's database sessions, read with one precompiled statement instead of the ORM (praxis/core/sessions.py).
SESSION_ENGINE = "praxis.core.sessions"

# --- Internationalisation -----------------------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("nl", _("Dutch")), ("en", _("English"))]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and media ---------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if TESTING:
    STORAGES["default"] = {"BACKEND": "django.core.files.storage.InMemoryStorage"}
elif env("AWS_STORAGE_BUCKET_NAME"):
    from botocore.config import Config as _S3ClientConfig

    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
            # Checksums only where S3 requires them: S3-compatible servers (SeaweedFS, Ceph, older MinIO) refuse
            # botocore's default CRC32 trailers. (django-storages takes a Config, not keyword arguments.)
            "client_config": _S3ClientConfig(
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
            ),
        },
    }
# Files that are not public leave only through views that apply the rules (praxis/core/serving.py): streamed by
# Django, handed to nginx (x-accel) or Apache (x-sendfile), or redirected to a signed URL valid for a minute (S3).
# Only the prefixes below may be published as they are (by the web server or a CDN, under MEDIA_URL).
PROTECTED_MEDIA_SERVING = env("PROTECTED_MEDIA_SERVING", "redirect" if env("AWS_STORAGE_BUCKET_NAME") else "django")
PROTECTED_MEDIA_INTERNAL_URL = env("PROTECTED_MEDIA_INTERNAL_URL", "/_protected/")
PROTECTED_MEDIA_URL_SECONDS = env_int("PROTECTED_MEDIA_URL_SECONDS", 60)
PUBLIC_MEDIA_PREFIXES = ["institutions/logos/"]
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
PROOF_MAX_BYTES = env_int("PROOF_MAX_BYTES", 10 * 1024 * 1024)
# Uploaded images are re-encoded (praxis/core/uploads.py); larger ones are refused before they are decoded.
UPLOAD_IMAGE_MAX_PIXELS = env_int("UPLOAD_IMAGE_MAX_PIXELS", 40_000_000)

# --- Email (Django 6.1 MAILERS) ---------------------------------------------------------------------------
# EMAIL_BACKEND picks the backend; "smtp" reads EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
# EMAIL_USE_TLS. By default mail is written to files under var/mail/ so that nothing leaves a development machine.
_email_backend = env("EMAIL_BACKEND", "smtp" if PRODUCTION else "file")
if _email_backend in {"smtp", "django.core.mail.backends.smtp.EmailBackend"}:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 25),
                "username": env("EMAIL_HOST_USER"),
                "password": env("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS"),
                "timeout": 20,
            },
        }
    }
elif _email_backend in {"file", "django.core.mail.backends.filebased.EmailBackend"}:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": env("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))},
        }
    }
else:
    MAILERS = {"default": {"BACKEND": _email_backend}}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Praxis <no-reply@praxis.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Praxis admins", a) for a in env_list("ADMIN_EMAILS")]

# --- Security ----------------------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Scripts only from our origin or with the per-request nonce; no inline scripts or eval.
SECURE_CSP: dict[str, Any] = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "blob:", *env_list("CSP_IMG_HOSTS")],
    "media-src": [CSP.SELF, "blob:", *env_list("CSP_MEDIA_HOSTS")],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", True) else None
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Load balancers and Prometheus reach the web processes directly, over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]

# --- Logging: errors of the task worker reach the admins -----------------------------------------------------
# JSON lines with the request id (praxis/core/logs.py) in production; `text` for a terminal.
LOG_FORMAT = env("LOG_FORMAT", "json" if PRODUCTION else "text")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r}: use json or text")
LOG_REQUESTS = env_bool("LOG_REQUESTS", PRODUCTION)  # one access line per request (runserver prints its own)
# `/metrics` (Prometheus text format) answers only `Authorization: Bearer <METRICS_TOKEN>`; unset: no such route.
METRICS_TOKEN = env("METRICS_TOKEN")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "praxis.core.logs.RequestIdFilter"}},
    "formatters": {"json": {"()": "praxis.core.logs.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"],
                    **({"formatter": "json"} if LOG_FORMAT == "json" else {})},
        "mail_admins": {"class": "django.utils.log.AdminEmailHandler", "level": "ERROR"},
    },
    "loggers": {
        "praxis": {"handlers": ["console", "mail_admins"], "level": env("LOG_LEVEL", "INFO")},
        "huey": {"handlers": ["console"], "level": "WARNING" if TESTING else "INFO"},
        "django.request": {"handlers": ["console", "mail_admins"], "level": "ERROR", "propagate": False},
    },
}

# --- institutions ---
# Map tiles for the directory (Leaflet). Empty: no map, the list alone. The tile host is allowed in img-src.
MAP_TILE_URL = env("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION", "© OpenStreetMap")
if MAP_TILE_URL:
    from urllib.parse import urlsplit as _urlsplit

    _tile_host = _urlsplit(MAP_TILE_URL.replace("{s}", "a"))
    SECURE_CSP["img-src"].append(f"{_tile_host.scheme}://{_tile_host.netloc.replace('a.', '*.', 1)}"
                                 if "{s}" in MAP_TILE_URL else f"{_tile_host.scheme}://{_tile_host.netloc}")
# A Nominatim-compatible geocoder for full addresses (optional; postal codes are located offline).
GEOCODER_URL = env("GEOCODER_URL", "")
GEOCODER_USER_AGENT = env("GEOCODER_USER_AGENT", "Praxis health directory")
INSTITUTION_INVITATION_DAYS = env_int("INSTITUTION_INVITATION_DAYS", 14)

# --- content (pages) ---
# Documents: PDF or office files, checked by their content; the size limit of one file.
CONTENT_DOCUMENT_MAX_BYTES = env_int("CONTENT_DOCUMENT_MAX_BYTES", 25 * 1024 * 1024)
# Articles may show images from our own media and from these hosts only (https); they are allowed in img-src.
CONTENT_IMAGE_HOSTS = env_list("CONTENT_IMAGE_HOSTS")
SECURE_CSP["img-src"].extend(f"https://{_host}" for _host in CONTENT_IMAGE_HOSTS)
# The e-ID buttons post to Praxis, which redirects to the provider: browsers check that redirect against form-action.
SECURE_CSP["form-action"].extend(
    form_action_origins(SOCIALACCOUNT_PROVIDERS["eid"]["APPS"], env_list("EID_FORM_ACTION_ORIGINS"))
)

# --- content (media) ---
# Video capsules: tus uploads land in CONTENT_UPLOAD_DIR (outside MEDIA_ROOT), FFmpeg works in CONTENT_WORK_DIR
# (empty: the system temporary folder), outputs go to the default storage. FFMPEG_BINARY empty: imageio-ffmpeg's.
FFMPEG_BINARY = env("FFMPEG_BINARY", "")
CONTENT_MAX_UPLOAD_BYTES = env_int("CONTENT_MAX_UPLOAD_BYTES", 2 * 1024**3)
CONTENT_MAX_VIDEO_SECONDS = env_int("CONTENT_MAX_VIDEO_SECONDS", 30 * 60)
CONTENT_MAX_VIDEO_PIXELS = env_int("CONTENT_MAX_VIDEO_PIXELS", 4096 * 2304)
CONTENT_UPLOAD_DIR = env("CONTENT_UPLOAD_DIR", str(VAR_DIR / "uploads"))
CONTENT_UPLOAD_EXPIRY_HOURS = env_int("CONTENT_UPLOAD_EXPIRY_HOURS", 24)
CONTENT_WORK_DIR = env("CONTENT_WORK_DIR", "")
# Hard timeout of one FFmpeg run (0: six times the video's duration, at least 5 minutes).
CONTENT_FFMPEG_TIMEOUT_SECONDS = env_int("CONTENT_FFMPEG_TIMEOUT_SECONDS", 0)
# Concurrent transcodes on one machine (0: one per core).
CONTENT_TRANSCODE_SLOTS = env_int("CONTENT_TRANSCODE_SLOTS", 0)
CONTENT_VIDEO_MAX_ATTEMPTS = env_int("CONTENT_VIDEO_MAX_ATTEMPTS", 3)
# Unfinished uploads one member may have at a time (each reserves disk space in CONTENT_UPLOAD_DIR).
CONTENT_MAX_OPEN_UPLOADS = env_int("CONTENT_MAX_OPEN_UPLOADS", 5)

# --- cpd (verifiable credentials) ---
# The P-256 private key (PEM) that signs Open Badges credentials and the revocation status list. In production set
# CPD_SIGNING_KEY (the PEM itself) or CPD_SIGNING_KEY_FILE (kept with the backups: a lost key makes every issued
# credential unverifiable); without either, a key is created in CPD_SIGNING_KEY_FILE on first use.
CPD_SIGNING_KEY = env("CPD_SIGNING_KEY", "")
CPD_SIGNING_KEY_FILE = env("CPD_SIGNING_KEY_FILE", str(VAR_DIR / "cpd-signing-key.pem"))

# --- learning (SCORM) ---
# SCORM packages run third-party JavaScript: they are served from this origin only, never the platform's
# (docs/learning-scorm.md). `make run` serves it as http://localhost:<port> beside the platform's
# http://127.0.0.1:<port> (another host: cookies ignore ports). In production: a host of its own, ideally on another
# registrable domain; it is added to ALLOWED_HOSTS.
SCORM_CONTENT_ORIGIN = env("SCORM_CONTENT_ORIGIN", "" if PRODUCTION else "http://localhost:8000").rstrip("/")
if SCORM_CONTENT_ORIGIN and ALLOWED_HOSTS and "*" not in ALLOWED_HOSTS:
    ALLOWED_HOSTS.append(urlparse(SCORM_CONTENT_ORIGIN).hostname or "")
MIDDLEWARE.insert(0, "praxis.learning.scorm.origin.ContentOriginMiddleware")
# Limits of an uploaded package (checked on the zip's directory before anything is stored).
SCORM_MAX_PACKAGE_BYTES = env_int("SCORM_MAX_PACKAGE_BYTES", 200 * 1024 * 1024)
SCORM_MAX_UNPACKED_BYTES = env_int("SCORM_MAX_UNPACKED_BYTES", 500 * 1024 * 1024)
SCORM_MAX_FILES = env_int("SCORM_MAX_FILES", 5000)
SCORM_MAX_RATIO = env_int("SCORM_MAX_RATIO", 100)

# --- learning (mandatory training of institutions) ---
# Reminders before a due date and before a completion expires (days before; plus one when overdue), each sent once
# by a daily task.
LEARNING_REMINDER_DAYS = [int(d) for d in env("LEARNING_REMINDER_DAYS", "60,30,7").split(",") if d.strip()]
# A recurring assignment opens its next round this many days before the previous completion lapses.
LEARNING_RENEW_DAYS_BEFORE = env_int("LEARNING_RENEW_DAYS_BEFORE", 60)

# --- privacy (retention periods; docs/privacy.md; applied daily by `manage.py purge_expired_data`) ---
PRIVACY_EXPORT_DAYS = env_int("PRIVACY_EXPORT_DAYS", 7)  # a member's data archive can be downloaded this long
RETENTION_PROOF_DAYS = env_int("RETENTION_PROOF_DAYS", 90)  # proof documents, after the verification decision
RETENTION_NOTIFICATION_DAYS = env_int("RETENTION_NOTIFICATION_DAYS", 365)
RETENTION_AUDIT_PSEUDONYMISE_DAYS = env_int("RETENTION_AUDIT_PSEUDONYMISE_DAYS", 365)  # then the actor is a pseudonym
RETENTION_AUDIT_DAYS = env_int("RETENTION_AUDIT_DAYS", 6 * 365)  # then audit entries are deleted
RETENTION_SCREENING_DAYS = env_int("RETENTION_SCREENING_DAYS", 5 * 365)  # anonymous ICOPE screenings
RETENTION_TASK_DAYS = env_int("RETENTION_TASK_DAYS", 30)  # finished background jobs (their arguments name rows)
RETENTION_ERASURE_REQUEST_DAYS = env_int("RETENTION_ERASURE_REQUEST_DAYS", 30)  # finished account erasure requests
# An account's erasure waiting for the member's video being transcoded looks again after this many seconds.
PRIVACY_ERASURE_WAIT_SECONDS = env_int("PRIVACY_ERASURE_WAIT_SECONDS", 60)
