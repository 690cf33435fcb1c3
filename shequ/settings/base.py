"""Base settings, read from the environment (see .env.example)."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DATA_DIR = Path(env.str("SHEQU_DATA_DIR", default=str(BASE_DIR / "var")))
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """Use SHEQU_SECRET_KEY, else a key generated once into the data directory."""
    key = env.str("SHEQU_SECRET_KEY", default="")
    if key:
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        import secrets

        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env.bool("SHEQU_DEBUG", default=False)
ALLOWED_HOSTS = env.list("SHEQU_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "treebeard",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "shequ.core",
    "shequ.accounts",
    "shequ.territory",
    "shequ.people",
    "shequ.sheets",
    "shequ.cases",
    "shequ.admission",
    "shequ.party",
    "shequ.deliberation",
    "shequ.pb",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "shequ.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "shequ.accounts.middleware.PasswordChangeRequiredMiddleware",
    "shequ.accounts.middleware.SessionRefreshMiddleware",
    "shequ.core.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "shequ.urls"
WSGI_APPLICATION = "shequ.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "shequ" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'shequ.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + IMMEDIATE transactions + a busy timeout: concurrent writers wait instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
# Persistent connections (seconds; 0 = one per request), checked before reuse.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("SHEQU_DB_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "shequ_cache",
        }
    }

# One task API (django-tasks): the database queue by default, Redis (RQ) when REDIS_URL is set.
if REDIS_URL:
    # django_rq: required by the RQ backend's system check; provides `shequ rqworker`.
    INSTALLED_APPS += ["django_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "shequ.accounts.backends.PolicyModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Chinese public-sector defaults (等保), each configurable from the environment.
SHEQU_PASSWORD_MIN_LENGTH = env.int("SHEQU_PASSWORD_MIN_LENGTH", default=8)
SHEQU_PASSWORD_MIN_CLASSES = env.int("SHEQU_PASSWORD_MIN_CLASSES", default=3)
SHEQU_LOCKOUT_FAILURES = env.int("SHEQU_LOCKOUT_FAILURES", default=5)
SHEQU_LOCKOUT_MINUTES = env.int("SHEQU_LOCKOUT_MINUTES", default=30)
SHEQU_IP_FAILURES_PER_HOUR = env.int("SHEQU_IP_FAILURES_PER_HOUR", default=50)
SHEQU_IDLE_TIMEOUT_MINUTES = env.int("SHEQU_IDLE_TIMEOUT_MINUTES", default=30)
# API tokens expire this many hours after issue, and on password change or lockout.
SHEQU_TOKEN_TTL_HOURS = env.int("SHEQU_TOKEN_TTL_HOURS", default=12)
# Number of trusted reverse proxies in front of the platform (0: use REMOTE_ADDR).
SHEQU_PROXY_COUNT = env.int("SHEQU_PROXY_COUNT", default=0)
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": SHEQU_PASSWORD_MIN_LENGTH},
    },
    {
        "NAME": "shequ.accounts.passwords.CharacterClassValidator",
        "OPTIONS": {"min_classes": SHEQU_PASSWORD_MIN_CLASSES},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]
# Idle timeout: the session expires SHEQU_IDLE_TIMEOUT_MINUTES after the last request.
SESSION_COOKIE_AGE = SHEQU_IDLE_TIMEOUT_MINUTES * 60
# Sliding, but written at most once per refresh interval (accounts.middleware).
SESSION_SAVE_EVERY_REQUEST = False
SHEQU_SESSION_REFRESH_SECONDS = env.int("SHEQU_SESSION_REFRESH_SECONDS", default=60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "shequ" / "static",
    # Only what the pages use: the whole dist has CSS pointing at files it does not ship.
    ("vendor/tabler/css", NODE_MODULES / "@tabler" / "core" / "dist" / "css"),
    ("vendor/tabler/js", NODE_MODULES / "@tabler" / "core" / "dist" / "js"),
    ("vendor/tabler/img", NODE_MODULES / "@tabler" / "core" / "dist" / "img"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Field encryption (R-PPL-3). SHEQU_DATA_KEY: base64 of 32 bytes; generated into the data
# directory on first run when absent. SHEQU_DATA_KEYS_OLD: earlier keys kept for reading
# during rotation (docs/operations.md).
SHEQU_DATA_KEY = env.str("SHEQU_DATA_KEY", default="")
SHEQU_DATA_KEYS_OLD = env.list("SHEQU_DATA_KEYS_OLD", default=[])
SHEQU_DATA_KEY_FILE = DATA_DIR / "data_key"
# Sealed (encrypted) uploads and exports waiting for download; sheets hold ID numbers.
SHEQU_SPOOL_DIR = Path(env.str("SHEQU_SPOOL_DIR", default=str(DATA_DIR / "spool")))
# xlsxwriter's scratch files while an export is built (rows in clear): memory-backed tmpfs.
# They are made with tempfile.TemporaryFile (private, unlinked at once), hence the noqa.
_SHM = "/dev/shm"  # noqa: S108
SHEQU_EXPORT_TMPDIR = env.str("SHEQU_EXPORT_TMPDIR", default=_SHM if Path(_SHM).is_dir() else None)
# Finished exports wait this many hours for their download, sealed, then are deleted.
SHEQU_EXPORT_KEEP_HOURS = env.int("SHEQU_EXPORT_KEEP_HOURS", default=24)
# The largest sheet a worker may upload, in MiB.
SHEQU_UPLOAD_MAX_MB = env.int("SHEQU_UPLOAD_MAX_MB", default=200)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Community size class by households (R-ORG-1): upper bounds of small / medium; above is large.
SHEQU_COMMUNITY_SIZE_BOUNDS = env.list(
    "SHEQU_COMMUNITY_SIZE_BOUNDS", cast=int, default=[1000, 3000]
)
SHEQU_ELDERLY_AGE = env.int("SHEQU_ELDERLY_AGE", default=60)
# Rows an import writes per transaction (a killed import loses at most one such batch).
SHEQU_IMPORT_BATCH = env.int("SHEQU_IMPORT_BATCH", default=2000)

# Time limits (R-CASE-3): office windows of a working day, for limits in working hours.
SHEQU_WORK_HOURS = env.str("SHEQU_WORK_HOURS", default="09:00-12:00,13:30-17:30")
# Default limits of a case whose category sets none (unit: work_days, work_hours or hours).
SHEQU_CASE_DEFAULT_LIMITS = {
    "unit": env.str("SHEQU_CASE_LIMIT_UNIT", default="work_days"),
    "accept": env.int("SHEQU_CASE_ACCEPT_LIMIT", default=1),
    "contact": env.int("SHEQU_CASE_CONTACT_LIMIT", default=1),
    "resolve": env.int("SHEQU_CASE_RESOLVE_LIMIT", default=5),
}
# A case is "due soon" this many hours before its limit; an overdue case goes one level up
# the territory tree (督办) for every this many working days it stays overdue.
SHEQU_CASE_DUE_SOON_HOURS = env.int("SHEQU_CASE_DUE_SOON_HOURS", default=24)
SHEQU_CASE_ESCALATE_EVERY_DAYS = env.int("SHEQU_CASE_ESCALATE_EVERY_DAYS", default=1)
# The platform's address as residents reach it: links in SMS messages (the rating link).
SHEQU_SITE_URL = env.str("SHEQU_SITE_URL", default="http://127.0.0.1:8000")
# Days a rating link sent to a requester stays valid.
SHEQU_RATING_LINK_DAYS = env.int("SHEQU_RATING_LINK_DAYS", default=30)
# The public figures page (/cases/public/): the months it covers, and the fewest cases a
# published figure may count (smaller ones are withheld so that nobody is recognisable).
SHEQU_PUBLIC_FIGURES_MONTHS = env.int("SHEQU_PUBLIC_FIGURES_MONTHS", default=12)
SHEQU_PUBLIC_FIGURES_MIN_CASES = env.int("SHEQU_PUBLIC_FIGURES_MIN_CASES", default=5)
# Attachments of cases (photos, PDFs) under MEDIA_ROOT, served only through the case page
# (no MEDIA_URL): each file up to this many MiB, at most this many files per case.
MEDIA_ROOT = Path(env.str("SHEQU_MEDIA_ROOT", default=str(DATA_DIR / "media")))
SHEQU_CASE_ATTACHMENT_MAX_MB = env.int("SHEQU_CASE_ATTACHMENT_MAX_MB", default=10)
SHEQU_CASE_ATTACHMENTS_MAX = env.int("SHEQU_CASE_ATTACHMENTS_MAX", default=9)
# Routing of requests: a model once this many closed cases exist (the newest up to the
# maximum), keyword rules before; likely duplicates within the window above the similarity.
SHEQU_ROUTING_MIN_CASES = env.int("SHEQU_ROUTING_MIN_CASES", default=50)
SHEQU_ROUTING_MAX_CASES = env.int("SHEQU_ROUTING_MAX_CASES", default=50_000)
# Web workers load the word dictionary and the routing model as they start, not on the first call.
SHEQU_ROUTING_PRELOAD = env.bool("SHEQU_ROUTING_PRELOAD", default=True)
SHEQU_DUPLICATE_WINDOW_DAYS = env.int("SHEQU_DUPLICATE_WINDOW_DAYS", default=7)
SHEQU_DUPLICATE_THRESHOLD = env.float("SHEQU_DUPLICATE_THRESHOLD", default=0.5)
# Open311 GeoReport v2 (docs/open311.md): contact and key service shown by discovery, the
# most requests one answer lists, decimals of published coordinates (3 ≈ 100 m).
SHEQU_OPEN311_CONTACT = env.str("SHEQU_OPEN311_CONTACT", default="")
SHEQU_OPEN311_KEY_SERVICE = env.str("SHEQU_OPEN311_KEY_SERVICE", default="")
SHEQU_OPEN311_MAX_REQUESTS = env.int("SHEQU_OPEN311_MAX_REQUESTS", default=1000)
SHEQU_OPEN311_COORDINATE_PLACES = env.int("SHEQU_OPEN311_COORDINATE_PLACES", default=3)
# Notifications: SMS through an HTTP gateway (none: SMS messages are recorded as not sent).
SHEQU_SMS_GATEWAY_URL = env.str("SHEQU_SMS_GATEWAY_URL", default="")
SHEQU_SMS_GATEWAY_TOKEN = env.str("SHEQU_SMS_GATEWAY_TOKEN", default="")
SHEQU_SMS_BACKEND = env.str("SHEQU_SMS_BACKEND", default="shequ.core.notify.HttpSmsGateway")
# Periodic jobs enqueued by `shequ scheduler` once per slot of their period.
# Party building's numbers (R-ORG-3, R-PM-*): a TOML file overriding party/config.py DEFAULTS.
SHEQU_PARTY_CONFIG = env.str("SHEQU_PARTY_CONFIG", default="")
# Residents decide (R-DLB-*, R-ORG-7) and micro-projects (R-PB-*): TOML files overriding
# deliberation/config.py and pb/config.py DEFAULTS.
SHEQU_DELIBERATION_CONFIG = env.str("SHEQU_DELIBERATION_CONFIG", default="")
SHEQU_PB_CONFIG = env.str("SHEQU_PB_CONFIG", default="")

SHEQU_PERIODIC_JOBS = {
    "cases.sweep": {
        "task": "shequ.cases.tasks.case_sweep",
        "every_minutes": env.int("SHEQU_CASE_SWEEP_MINUTES", default=15),
    },
    "admission.expire": {
        "task": "shequ.admission.tasks.work_item_expire_sweep",
        "every_minutes": env.int("SHEQU_WORK_ITEM_SWEEP_MINUTES", default=60),
    },
    # 四知四访 (R-PM-6): overdue care visits climb the 四联四包 chain.
    "party.care_sweep": {
        "task": "shequ.party.tasks.care_visit_sweep",
        "every_minutes": env.int("SHEQU_CARE_SWEEP_MINUTES", default=60),
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "shequ.core.api.auth.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "shequ.core.api.pagination.KeysetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "shequ.core.api.errors.exception_handler",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_RATES": {"login": "20/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Shequ API",
    "DESCRIPTION": "社区党建与社区治理平台 API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Tags and operation ids from the resource ("persons_list"), not the version prefix.
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    # No online validator badge: Swagger UI would fetch it from validator.swagger.io.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # One enum component per choice set, whatever the field is called.
    "ENUM_NAME_OVERRIDES": {
        "NodeKindEnum": "shequ.territory.choices.NodeKind",
        "NodeChangeKindEnum": "shequ.territory.choices.NodeChangeKind",
        "ResidenceKindEnum": "shequ.people.choices.ResidenceKind",
        "ResidenceEndEnum": "shequ.people.choices.ResidenceEnd",
        "PersonStatusEnum": "shequ.people.choices.PersonStatus",
        "PartyOrgKindEnum": "shequ.party.choices.OrgKind",
        "MembershipStageEnum": "shequ.party.choices.MembershipStage",
        "MemberStateEnum": "shequ.party.choices.MemberState",
        "TransferDirectionEnum": "shequ.party.choices.TransferDirection",
        "RecruitStageEnum": "shequ.party.models.recruitment.RecruitStage",
        "CareVisitStatusEnum": "shequ.party.models.care.VisitStatus",
        "ChainKindEnum": "shequ.party.models.chain.ChainKind",
        "DuesEntryKindEnum": "shequ.party.models.dues.DuesEntryKind",
        "MeetingKindEnum": "shequ.party.models.meetings.MeetingKind",
        "MeetingStatusEnum": "shequ.party.models.meetings.MeetingStatus",
        "AttendanceStatusEnum": "shequ.party.models.meetings.AttendanceStatus",
        "EvaluationRoundStatusEnum": "shequ.party.models.evaluation.RoundStatus",
        "EvaluationGradeEnum": "shequ.party.models.evaluation.Grade",
        "TeamActivityKindEnum": "shequ.party.models.engagement.ActivityKind",
        "ServiceRecordStatusEnum": "shequ.party.models.reportin.ServiceRecordStatus",
        "ProposalStatusEnum": "shequ.deliberation.models.proposals.ProposalStatus",
        "ProposalKindEnum": "shequ.deliberation.models.proposals.ProposalKind",
        "TopicStateEnum": "shequ.deliberation.models.topics.TopicState",
        "TopicOriginEnum": "shequ.deliberation.models.topics.TopicOrigin",
        "BodyMeetingStatusEnum": "shequ.deliberation.models.meetings.MeetingStatus",
        "BodyKindEnum": "shequ.deliberation.choices.BodyKind",
        "SeatEndEnum": "shequ.deliberation.choices.SeatEnd",
        "PbAcceptanceResultEnum": "shequ.pb.models.implementation.AcceptanceResult",
        "PbSpendingKindEnum": "shequ.pb.models.implementation.SpendingKind",
        "PbProjectCategoryEnum": "shequ.pb.choices.Category",
        "PbProjectStatusEnum": "shequ.pb.choices.ProjectStatus",
        "PbPhaseEnum": "shequ.pb.choices.Phase",
        "PartyMemberCategoryEnum": "shequ.party.choices.MemberCategory",
        "FeedbackGradeEnum": "shequ.party.models.reportin.FeedbackGrade",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_pii": {"()": "shequ.core.logging.MaskPIIFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_pii"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
