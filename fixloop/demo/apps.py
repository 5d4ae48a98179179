from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "fixloop.demo"
    label = "demo"
    verbose_name = "Demo data"
