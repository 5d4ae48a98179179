"""Django settings for Fixloop. Every value that differs between installations comes from
the environment (see README.md, "Configuration"); fixloop/config.py parses it strictly."""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from fixloop import config

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = config.env_path("FIXLOOP_DATA_DIR", BASE_DIR / "data")

DEBUG = config.env_bool("DEBUG", False)
SECRET_KEY = config.secret_key("SECRET_KEY", DATA_DIR)
SITE_URL = config.env_url("SITE_URL", "http://127.0.0.1:8000")
ALLOWED_HOSTS = config.env_hosts("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = [SITE_URL] if SITE_URL.startswith("https://") else []

DATABASES = {"default": config.database_config("DATABASE_URL", DATA_DIR / "fixloop.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "allauth",
    "allauth.account",
    "allauth.usersessions",
    "django_tasks",
    "django_tasks_db",
    "anymail",
    "fixloop.core",
    "fixloop.shop",
    "fixloop.customers",
    "fixloop.repairs",
    "fixloop.estimates",
    "fixloop.bookings",
    "fixloop.inspections",
    "fixloop.invoicing",
    "fixloop.documents",
    "fixloop.messaging",
    "fixloop.reports",
    "fixloop.portal",
    "fixloop.backoffice",
    "fixloop.api",
    "ninja",  # its interactive docs page with its own static files (no CDN)
    "fixloop.demo",
]

# fixloop.core.browser_middleware: the middleware only browsers need, skipped for /api/.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "fixloop.core.malformed.MalformedRequestMiddleware",  # 400 for NUL bytes, unreadable bodies
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "fixloop.core.browser_middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Not wrapped for browsers only: Django's deploy check wants it by name, and the API's views are
    # CSRF-exempt (bearer tokens), so it costs an API request next to nothing.
    "django.middleware.csrf.CsrfViewMiddleware",
    "fixloop.core.browser_middleware.AuthenticationMiddleware",
    "fixloop.core.browser_middleware.OTPMiddleware",
    "fixloop.core.browser_middleware.TwoFactorMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "fixloop.core.browser_middleware.UserSessionsMiddleware",
    "fixloop.shop.middleware.ShopTimeZoneMiddleware",
    "fixloop.core.browser_middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "fixloop.core.framing.FrameAncestorsMiddleware",
    "fixloop.core.csp.ContentSecurityPolicyMiddleware",
    "fixloop.core.browser_middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "fixloop.urls"
WSGI_APPLICATION = "fixloop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "fixloop" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fixloop.shop.context_processors.shop",
                "fixloop.backoffice.context_processors.backoffice",
            ],
        },
    },
]

AUTH_USER_MODEL = "shop.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "backoffice:login"
LOGIN_REDIRECT_URL = "backoffice:work_orders"
LOGOUT_REDIRECT_URL = "backoffice:login"

# Customer portal accounts (django-allauth; docs/architecture.md says why). Staff sign in with their
# username at /staff/ through Django's ModelBackend; customers with their e-mail address at /portal/
# through PortalAuthenticationBackend, which accepts only people with portal access.
AUTHENTICATION_BACKENDS = [
    "fixloop.backoffice.sign_in_limits.StaffSignInLimitBackend",  # django-axes; must come first
    "django.contrib.auth.backends.ModelBackend",
    "fixloop.portal.accounts.PortalAuthenticationBackend",
]
ACCOUNT_ADAPTER = "fixloop.portal.accounts.PortalAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"  # the invitation went to the address: it is verified
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 600
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS = {
    # Failed sign-ins: 10 a minute from one client address, 5 in 5 minutes for one account; then
    # that address or account waits for the rest of the window (HTTP 429 with a page saying so).
    "login_failed": "10/m/ip,5/5m/key",
    "login": "30/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "request_login_code": "20/m/ip,3/m/key",
}
USERSESSIONS_TRACK_ACTIVITY = True

# Staff sign-in limits (django-axes; fixloop/backoffice/sign_in_limits.py, docs/back-office.md): on
# /staff/sign-in/, its code step and /admin/login/, 5 failures for one username, or from one client
# address (REMOTE_ADDR), lock that username or address out for 15 minutes (HTTP 429). A successful
# sign-in clears its username's and address's failures; `fixloop axes_reset_username NAME` unlocks.
# The portal's sign-in is left to allauth's ACCOUNT_RATE_LIMITS above (not counted twice).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
# Either alone: per username stops guessing one account from many addresses, per address stops one
# client trying many usernames (the pair alone would stop neither).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the lock-out ends 15 minutes after the 5th
AXES_CLIENT_IP_CALLABLE = "fixloop.core.actor.client_ip"
AXES_WHITELIST_CALLABLE = "fixloop.backoffice.sign_in_limits.not_a_staff_sign_in"
AXES_HANDLER = "fixloop.backoffice.sign_in_limits.StaffSignInHandler"
AXES_LOCKOUT_CALLABLE = "fixloop.backoffice.sign_in_limits.locked_out"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_SENSITIVE_PARAMETERS = []  # the log names the username and address, as the portal's does
# Staff two-factor sign-in (django-otp, TOTP): fixloop/backoffice/two_factor.py.
OTP_TOTP_ISSUER = "Fixloop"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("de", _("German"))]
LOCALE_PATHS = [BASE_DIR / "fixloop" / "locale"]
# One date and one date-time format per language (fixloop/formats/<language>/formats.py).
FORMAT_MODULE_PATH = ["fixloop.formats"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Uploads: files are served only through permission-checked views, never from MEDIA_URL.
ATTACHMENT_MAX_BYTES = config.env_int("ATTACHMENT_MAX_MB", 10, minimum=1, maximum=512) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

CACHES = {
    # In the database, shared by every process and machine: the portal's sign-in limits (allauth;
    # Fixloop's own limits count in core.TryCounter, core/ratelimit.py); libraries that count in Django's default cache count for the whole site.
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "fixloop_shared_cache"},
    # Per process: the shop profile and rendered customer pages (a few KB each, keyed by what they
    # show, so a process never serves a stale one).
    "local": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": config.env_int("CACHE_MAX_ENTRIES", 5000, minimum=100)},
    },
}

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# Messaging. Without EMAIL_URL / TWILIO_ACCOUNT_SID / FAX_GATEWAY the local sink keeps every
# message readable in the back office and nothing leaves the machine.
EMAIL_TIMEOUT = config.env_int("EMAIL_TIMEOUT", 20, minimum=1, maximum=300)
_email = config.email_config("EMAIL_URL", timeout=EMAIL_TIMEOUT)
EMAIL_URL_SET = _email.pop("EMAIL_URL_SET")
globals().update(_email)  # EMAIL_PROVIDER ("smtp", "postmark", …), and EMAIL_BACKEND + ANYMAIL for a service
DEFAULT_FROM_EMAIL = config.env_email("EMAIL_FROM", "Fixloop <fixloop@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
globals().update(config.twilio_config())  # TWILIO_ACCOUNT_SID, _AUTH_TOKEN, _FROM, _API_BASE
FAX_GATEWAY = config.env_fax_gateway("FAX_GATEWAY")
# Bounces on plain SMTP (docs/messaging.md): the VERP envelope sender and the mailbox read for them.
BOUNCE_ADDRESS = config.env_bounce_address("BOUNCE_ADDRESS")
BOUNCE_MAILBOX = config.bounce_mailbox_config("BOUNCE_MAILBOX_URL")
MESSAGE_ATTACHMENTS_MAX_BYTES = (
    config.env_int("MESSAGE_ATTACHMENTS_MAX_MB", 10, minimum=1, maximum=50) * 1024 * 1024
)
SMS_MAX_SEGMENTS = 10
# How long a message is retried after transient failures before it is marked failed.
# REST API (docs/api.md): requests per minute and integration token, unless a token sets its own;
# creates sent with an Idempotency-Key keep their answer this many hours.
API_RATE_LIMIT = config.env_int("API_RATE_LIMIT", 600, minimum=1, maximum=100_000)
API_IDEMPOTENCY_HOURS = 24
MESSAGE_RETRY_HOURS = config.env_int("MESSAGE_RETRY_HOURS", 24, minimum=1, maximum=168)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = SITE_URL.startswith("https://")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# HTTPS in production (docs/security.md): with an https:// SITE_URL, plain HTTP is redirected (except
# the health check, for load balancers that probe over HTTP) and browsers are told to use HTTPS only.
# Behind a reverse proxy that terminates TLS, PROXY_SSL_HEADER names the header the proxy sets to
# "https" (e.g. X-Forwarded-Proto); only set it when the proxy overwrites that header on every request.
SECURE_SSL_REDIRECT = config.env_bool("SECURE_SSL_REDIRECT", SESSION_COOKIE_SECURE)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = config.env_int("HSTS_SECONDS", 31536000 if SESSION_COOKIE_SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = config.env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = config.env_bool("HSTS_PRELOAD", False)
SECURE_PROXY_SSL_HEADER = config.env_proxy_ssl_header("PROXY_SSL_HEADER")
# Joining the browsers' preload list is the domain owner's decision (hstspreload.org), not a default.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# The shop's own web sites that may show the track & trace look-up in an iframe (/embed/track/).
TRACKING_EMBED_ORIGINS = config.env_origins("TRACKING_EMBED_ORIGINS")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Outgoing webhooks (api/webhooks, docs/webhooks.md): plain http:// endpoints are allowed only to
# loopback and private addresses, and only when this is on (a receiver in the same network).
WEBHOOKS_ALLOW_HTTP = config.env_bool("WEBHOOKS_ALLOW_HTTP", DEBUG)
WEBHOOK_TIMEOUT_SECONDS = config.env_int("WEBHOOK_TIMEOUT_SECONDS", 10, minimum=1, maximum=60)
# After a rotation the previous signing secret still signs for this many hours.
WEBHOOK_ROTATION_GRACE_HOURS = config.env_int("WEBHOOK_ROTATION_GRACE_HOURS", 24, minimum=0, maximum=720)
