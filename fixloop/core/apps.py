from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fixloop.core"
    label = "core"
    verbose_name = "Core"
