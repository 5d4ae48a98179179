from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "fixloop.api"
    label = "api"
    verbose_name = _("API and webhooks")

    def ready(self) -> None:
        from fixloop.api.webhooks import listeners, transport  # events as webhooks, and how they are sent

        listeners.connect()
        transport.register()
