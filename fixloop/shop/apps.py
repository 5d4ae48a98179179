from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ShopConfig(AppConfig):
    name = "fixloop.shop"
    label = "shop"
    verbose_name = _("Shop")

    def ready(self) -> None:
        from fixloop.shop import checks  # noqa: F401  (registers system checks)
        from fixloop.shop.roles import ensure_roles

        post_migrate.connect(ensure_roles, dispatch_uid="fixloop-ensure-roles")
