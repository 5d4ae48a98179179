"""Integration tokens: one per piece of shop software that drives Fixloop through the REST API.

The token itself is shown once when it is created; the database keeps its SHA-256 only
(`core/tokens.py: hash_token`) and the first characters, so staff can tell tokens apart.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The resource groups a token can be allowed to read or write. The names are part of the API.
RESOURCE_GROUPS = (
    "customers",
    "units",
    "work_orders",
    "tracking_links",
    "service_requests",
    "estimates",
    "bookings",
    "messages",
    "invoices",
    "webhooks",
)
ACCESS_LEVELS = ("read", "write")


def scope_name(group: str, access: str) -> str:
    return f"{group}:{access}"


ALL_SCOPES = tuple(scope_name(group, access) for group in RESOURCE_GROUPS for access in ACCESS_LEVELS)


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at=None)


class ApiToken(models.Model):
    name = models.CharField(_("integration"), max_length=80)
    prefix = models.CharField(_("token begins with"), max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    # "work_orders:read", "work_orders:write", …: write implies nothing; each is granted explicitly.
    scopes = models.JSONField(_("scopes"), default=list)
    # Requests per minute; None: the shop's default (FIXLOOP_API_RATE_LIMIT).
    rate_limit = models.PositiveIntegerField(_("requests per minute"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    last_used_ip = models.GenericIPAddressField(_("last used from"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def allows(self, group: str, access: str) -> bool:
        return scope_name(group, access) in self.scopes
