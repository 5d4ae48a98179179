from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "fixloop.portal"
    label = "portal"
    verbose_name = _("Customer pages")

    def ready(self) -> None:
        from fixloop.portal import accounts

        accounts.connect()
