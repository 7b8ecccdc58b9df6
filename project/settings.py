"""Ringback settings: every value comes from the environment, with embedded defaults.

Development needs nothing configured: SQLite and kombu's filesystem broker live in
the data folder, with a secret key and VAPID keys that `manage.py prepare_data_dir`
puts there. Production sets DEBUG=false and provides SECRET_KEY, VAPID keys, a
VAPID_SUBJECT (or an https PUBLIC_URL), ALLOWED_HOSTS and, to scale out, DATABASE_URL
and CELERY_BROKER_URL.

Importing this module reads files but never writes one: `manage.py check` or a
worker started with a fresh DATA_DIR leaves the disk as it was. What is missing is
reported by the system checks in project/checks.py.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from project.caches import cache_from_url
from project.env import env_bool, env_int, env_list, env_path, env_str
from project.keys import (
    new_secret_key,
    new_sources_key,
    new_vapid_pem,
    read_dev_key,
    vapid_pem_from_text,
    vapid_public_key,
)
from project.vapid_subject import PLACEHOLDER_HELP, vapid_subject_problem

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = env_path("DATA_DIR", BASE_DIR / "data")

DEBUG = env_bool("DEBUG", True)

# Development keys not found in DATA_DIR: this process made a key of its own in memory
# instead, which no other process shares. The `ringback.W001` check names the command
# that writes them, and that command writes exactly these.
EPHEMERAL_KEYS: list[str] = []

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (50 or more random characters; "
            "make some with "
            '`python3 -c "import secrets; print(secrets.token_urlsafe(50))"`).'
        )
    _dev_secret_key = read_dev_key(DATA_DIR, "SECRET_KEY")
    if _dev_secret_key is None:
        EPHEMERAL_KEYS.append("SECRET_KEY")
        SECRET_KEY = new_secret_key()
    else:
        SECRET_KEY = _dev_secret_key.decode()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "webpush",
    # django-axes, named for the admin.
    "accounts.sign_in_attempts.SignInAttemptsConfig",
    # Two-factor sign-in (accounts.second_factor): authenticator codes, recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts",
    "push",
    "contacts",
    "reminders",
    "reach",
    "voicemail",
    "sources",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A request that waited too long is refused before anything works on it.
    "project.queue_time.QueueTimeMiddleware",
    "project.body_limit.BodyLimitMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): signed in with a second factor.
    "django_otp.middleware.OTPMiddleware",
    # A signed-in user's own language, over the browser's (LocaleMiddleware's) choice.
    "accounts.language.UserLanguageMiddleware",
    # The admin shows and takes times on the signed-in user's clock.
    "accounts.admin_zone.AdminTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a sign-in that accounts.lockout refused into its answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "project.urls"
WSGI_APPLICATION = "project.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "project" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'ringback.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat share one SQLite file: WAL lets readers run beside the
    # writer, and the busy timeout makes a writer wait instead of failing at once.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database host that stopped answering fails a request in seconds (answered 503,
    # project/unavailable.py), rather than holding a worker until TCP gives up.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5)
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# While the database or the broker is away, requests are answered 503 with this
# Retry-After (seconds): a client tries again then, not at once.
UNAVAILABLE_RETRY_AFTER_SECONDS = env_int("UNAVAILABLE_RETRY_AFTER_SECONDS", 5)
# A request that waited longer than this before a worker took it (as the proxy's
# X-Request-Start header tells) is answered 503 at once: its client has likely given up.
# 0 turns it off. Keep it below the clients' timeout (project/queue_time.py).
REQUEST_QUEUE_TIMEOUT_MS = env_int("REQUEST_QUEUE_TIMEOUT_MS", 10_000)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Everything is stored in UTC; each user's own time zone lives in their preferences.
USE_TZ = True
TIME_ZONE = "UTC"
USE_I18N = True
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("de", "Deutsch")]
# The one catalogue: server messages, push words, suggested texts and the app's words.
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Made by collectstatic or prepare_data_dir. (WhiteNoise warns about a missing one
# unless DEBUG is on; the test session prepares its data folder first.)
STATIC_ROOT = DATA_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "/"

# Security: secure cookies and HSTS whenever DEBUG is off (the app needs HTTPS for
# service workers and push outside localhost anyway).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
# Said here, not left to Django's defaults: a test checks the production cookie with them.
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Uptime checkers and load balancers probe over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("BEHIND_PROXY", False):
    # Only behind a proxy that sets this header itself; otherwise a client could forge it.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True

# Requests are small JSON documents; a larger body is refused before it is read.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 1024 * 1024)
# …but for a file of contacts (vCard, CSV) sent to be imported, in the app or the admin:
# path → the largest file it takes (project/body_limit.py gives the multipart envelope
# around the file 64 KiB of its own, and refuses a larger body with a 400 naming this).
CONTACT_IMPORT_MAX_BYTES = env_int("CONTACT_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
LARGER_BODIES = dict.fromkeys(
    ["/api/contacts/import/", "/admin/contacts/contact/import/"], CONTACT_IMPORT_MAX_BYTES
)

# No inline scripts or styles anywhere: the app, the admin and the API docs load their
# code from files of this origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "worker-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Throttle counters live in the cache. The default (memory) cache is per process: with
# several web processes each counts on its own, so set CACHE_URL=redis://… to share them.
CACHES = {"default": cache_from_url(env_str("CACHE_URL", "locmem://"))}

# Sign-in attempts: django-axes checks every authenticate() call (the admin's form, the
# app's login API, anything later), counting failures in the database, so every web
# process sees the same counts. Limits and why: accounts/lockout.py.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The name authenticator apps show beside the account's codes.
OTP_TOTP_ISSUER = "Ringback"
AXES_HANDLER = "accounts.lockout.LoginFailureHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
LOGIN_ACCOUNT_FAILURE_LIMIT = env_int("LOGIN_ACCOUNT_FAILURE_LIMIT", 100)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 30)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 60))
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_CALLABLE = "accounts.lockout.account_of"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.locked_out_response"
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# Never stored with a failed attempt (the password never is).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "csrfmiddlewaretoken"]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api.auth.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["accounts.api.throttles.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "token": env_str("THROTTLE_TOKEN", "600/hour"),
        "setup": env_str("THROTTLE_SETUP", "30/hour"),
        "webhook": env_str("THROTTLE_WEBHOOK", "120/min"),
    },
    "DEFAULT_RENDERER_CLASSES": ["project.api_output.FastJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["project.api_input.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "project.api_errors.exception_handler",
    "NUM_PROXIES": env_int("NUM_PROXIES", 1) if env_bool("BEHIND_PROXY", False) else 0,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Ringback API",
    "DESCRIPTION": "Missed calls, callback reminders, contacts and preferences of one user.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ChannelEnum": "contacts.models.Channel",
        "TouchChannelEnum": "contacts.models.TouchChannel",
        "DateKindEnum": "contacts.models.DateKind",
        "ReminderKindEnum": "reminders.models.ReminderKind",
        "TouchSourceEnum": "contacts.models.TouchSource",
        "SourceKindEnum": "sources.models.SourceKind",
        "MissedCallSourceEnum": "reminders.models.Source",
        "ResolutionEnum": "reminders.models.Resolution",
        "DoneResolutionEnum": "reminders.api.serializers.DONE_RESOLUTIONS",
        "ProposalEnum": "reminders.api.serializers.PROPOSALS",
        "NextStepEnum": "reminders.api.serializers.STEPS",
    },
}

# The public address (https://ringback.example.com) used in webhook URLs and to check
# Twilio's signature, which signs the URL Twilio called. Without it the request's own
# address is used (behind a proxy: set BEHIND_PROXY so that it is the public one).
PUBLIC_URL = env_str("PUBLIC_URL").rstrip("/")
# The auth token of the Twilio account whose calls come to the webhook.
TWILIO_AUTH_TOKEN = env_str("TWILIO_AUTH_TOKEN")
# Ringback as the voicemail (voicemail/). The account's SID: with the auth token, the
# server fetches recordings to play them in the app and deletes them at Twilio.
TWILIO_ACCOUNT_SID = env_str("TWILIO_ACCOUNT_SID")
# "stream": the server fetches a recording and passes it on to its owner only (works
# with Twilio's "HTTP Basic Authentication for media access" on). "link": the app plays
# the recording from Twilio's address (only while media access is public there).
VOICEMAIL_PLAYBACK = env_str("VOICEMAIL_PLAYBACK", "stream")
# Credentials go only to recording URLs under these origins.
TWILIO_MEDIA_ORIGINS = env_list("TWILIO_MEDIA_ORIGINS", ["https://api.twilio.com"])
if VOICEMAIL_PLAYBACK == "link":
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["media-src"] = [SELF, *TWILIO_MEDIA_ORIGINS]
# The longest message, in seconds (Twilio transcribes at most 120).
VOICEMAIL_MAX_SECONDS = env_int("VOICEMAIL_MAX_SECONDS", 120)
# Ask Twilio to transcribe messages to users of a language it transcribes (English);
# transcription is charged per minute.
VOICEMAIL_TRANSCRIBE = env_bool("VOICEMAIL_TRANSCRIBE", True)
# The Polly voices that speak the greeting, per language.
VOICEMAIL_VOICES = {
    "en": env_str("VOICEMAIL_VOICE_EN", "Polly.Joanna-Neural"),
    "de": env_str("VOICEMAIL_VOICE_DE", "Polly.Vicki-Neural"),
}

# Celery: the database holds the schedule; the broker only carries work to do now.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    # kombu creates none of these folders but the control one: prepare_data_dir does.
    _broker_dir = DATA_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")
# Dispatcher runs have a queue of their own (workers consume "celery" and "dispatch"):
# behind a long queue of batches they would wait, expire and leave reminders unclaimed.
CELERY_TASK_ROUTES = {
    "reminders.tasks.dispatch_due_reminders": {"queue": "dispatch"},
    "reminders.tasks.open_rhythm_reminders": {"queue": "dispatch"},
}
# The dispatcher claims due reminders this often; a claim is a lease that a crashed
# worker's batch loses after REMINDER_CLAIM_LEASE_SECONDS, so another worker redoes it.
REMINDER_DISPATCH_SECONDS = env_int("REMINDER_DISPATCH_SECONDS", 5)
REMINDER_CLAIM_LEASE_SECONDS = env_int("REMINDER_CLAIM_LEASE_SECONDS", 120)
# Hundreds per batch: a batch costs a fixed number of statements however large it is.
REMINDER_BATCH_SIZE = env_int("REMINDER_BATCH_SIZE", 250)
CELERY_BEAT_SCHEDULE = {
    "dispatch-due-reminders": {
        "task": "reminders.tasks.dispatch_due_reminders",
        "schedule": timedelta(seconds=REMINDER_DISPATCH_SECONDS),
        # A run that waited longer than the interval is superseded by the next one.
        "options": {"expires": REMINDER_DISPATCH_SECONDS * 2},
    },
    # Keep in touch, birthdays: opened within one dispatcher interval of coming due.
    "open-rhythm-reminders": {
        "task": "reminders.tasks.open_rhythm_reminders",
        "schedule": timedelta(seconds=REMINDER_DISPATCH_SECONDS),
        "options": {"expires": REMINDER_DISPATCH_SECONDS * 2},
    },
    # Fallbacks through the other channels: opened and sent within one interval.
    "send-channel-messages": {
        "task": "reach.tasks.send_channel_messages",
        "schedule": timedelta(seconds=REMINDER_DISPATCH_SECONDS),
        "options": {"expires": REMINDER_DISPATCH_SECONDS * 2},
    },
    "expire-stale-reminders": {
        "task": "reminders.tasks.expire_stale_reminders",
        "schedule": timedelta(minutes=5),
        "options": {"expires": 240},
    },
    "prune-action-replays": {
        "task": "accounts.tasks.prune_action_replays",
        "schedule": timedelta(hours=1),
        "options": {"expires": 1800},
    },
}

# Sources (sources/): the user's address books, calendars and mailboxes, synced this often
# (each source at its own minute within the interval); a failing one waits longer each time.
SOURCES_SYNC_MINUTES = env_int("SOURCES_SYNC_MINUTES", 15)
SOURCES_TIMEOUT_SECONDS = env_int("SOURCES_TIMEOUT_SECONDS", 20)
# How far back a calendar's meetings become touches (the first sync, a recurring event).
SOURCES_CALENDAR_LOOKBACK_DAYS = env_int("SOURCES_CALENDAR_LOOKBACK_DAYS", 90)
# Servers on private, loopback or link-local addresses are refused (a user could make our
# workers reach the LAN) unless their network is named here, e.g. "192.168.1.0/24" for a
# Nextcloud at home.
SOURCES_PRIVATE_NETWORKS = env_list("SOURCES_PRIVATE_NETWORKS")
CELERY_BEAT_SCHEDULE["sync-due-sources"] = {
    "task": "sources.tasks.sync_due_sources",
    "schedule": timedelta(minutes=1),
    "options": {"expires": 50},
}
# The passwords of sources are sealed with this key (Fernet: 32 bytes, base64url); lose
# it and the sources must be given their passwords again.
_sources_key = env_str("SOURCES_KEY")
if _sources_key:
    SOURCES_KEY = _sources_key.encode()
elif not DEBUG:
    raise ImproperlyConfigured(
        "SOURCES_KEY must be set when DEBUG is off (make one with "
        "`python3 -c 'import base64, os; "
        "print(base64.urlsafe_b64encode(os.urandom(32)).decode())'`)."
    )
elif (_dev_sources_key := read_dev_key(DATA_DIR, "SOURCES_KEY")) is not None:
    SOURCES_KEY = _dev_sources_key
else:
    EPHEMERAL_KEYS.append("SOURCES_KEY")
    SOURCES_KEY = new_sources_key()

# Phone numbers are stored in E.164; numbers typed without a country code are read
# as numbers of this region (ISO 3166 code).
PHONE_DEFAULT_REGION = env_str("PHONE_DEFAULT_REGION", "US").upper()

# Web push (VAPID). Development reads its key pair from the data folder.
# The subject is whom push services contact: this server's https address serves, and
# development falls back to a placeholder that Apple refuses (see project/vapid_subject).
VAPID_SUBJECT = env_str("VAPID_SUBJECT") or (
    PUBLIC_URL if PUBLIC_URL.startswith("https://") else "mailto:admin@localhost"
)
if not DEBUG and (_subject_problem := vapid_subject_problem(VAPID_SUBJECT)):
    raise ImproperlyConfigured(f"VAPID_SUBJECT: {_subject_problem}. {PLACEHOLDER_HELP}")
_vapid_private = env_str("VAPID_PRIVATE_KEY")
if _vapid_private:
    VAPID_PRIVATE_KEY_PEM = vapid_pem_from_text(_vapid_private)
elif not DEBUG:
    # DEBUG=true because these settings refuse to load without the key it makes.
    raise ImproperlyConfigured(
        "VAPID_PRIVATE_KEY must be set when DEBUG is off (make one with "
        "`DEBUG=true python3 manage.py generate_vapid_key`, and keep it: a new key "
        "invalidates every subscription)."
    )
elif (_dev_vapid_pem := read_dev_key(DATA_DIR, "VAPID_PRIVATE_KEY")) is not None:
    VAPID_PRIVATE_KEY_PEM = _dev_vapid_pem
else:
    EPHEMERAL_KEYS.append("VAPID_PRIVATE_KEY")
    VAPID_PRIVATE_KEY_PEM = new_vapid_pem()
VAPID_PUBLIC_KEY = vapid_public_key(VAPID_PRIVATE_KEY_PEM)
WEBPUSH_SETTINGS = {
    "VAPID_PUBLIC_KEY": VAPID_PUBLIC_KEY,
    "VAPID_PRIVATE_KEY": VAPID_PRIVATE_KEY_PEM.decode(),
    "VAPID_ADMIN_EMAIL": VAPID_SUBJECT.removeprefix("mailto:"),
}

# Origins besides the public push services that subscriptions may point at
# (a self-hosted push service; the tests' local receiver), e.g. http://127.0.0.1:8090
PUSH_EXTRA_ORIGINS = env_list("PUSH_EXTRA_ORIGINS")
# Requests in flight per batch (one event loop; `make bench` chose the default), and
# how long one push service may take to answer.
PUSH_CONCURRENCY = env_int("PUSH_CONCURRENCY", 256)
PUSH_TIMEOUT_SECONDS = env_int("PUSH_TIMEOUT_SECONDS", 10)
# A phone whose push service takes our pushes but that shows none (no receipt) for this
# long, or for this many pushes, is "silent": it has most likely lost its subscription.
PUSH_SILENT_AFTER_DAYS = env_int("PUSH_SILENT_AFTER_DAYS", 3)
PUSH_SILENT_AFTER_PUSHES = env_int("PUSH_SILENT_AFTER_PUSHES", 3)
# A callback push no phone showed within this many seconds (at most until the deadline)
# goes through the user's other channels (reach: Apprise URLs).
RECEIPT_WAIT_SECONDS = env_int("RECEIPT_WAIT_SECONDS", 600)
# The key that encrypts channel URLs (their credentials); SECRET_KEY if unset. Changing
# it makes the stored URLs unreadable: the channels must be added again.
CHANNEL_SECRET_KEY = env_str("CHANNEL_SECRET_KEY")
# Channel URLs may point at localhost or a private network only if the operator says so
# (a self-hosted ntfy or Gotify on the LAN): the URL is the user's, the request ours.
CHANNEL_ALLOW_PRIVATE_HOSTS = env_bool("CHANNEL_ALLOW_PRIVATE_HOSTS", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
