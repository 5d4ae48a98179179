from django.urls import path

from fixloop.portal import views

app_name = "portal"


def _pages(prefix: str, names: str, module_prefix: str = "") -> list:
    """The track & trace pages under `prefix`; the embeddable twins are the views named embed_…."""

    def view(name):
        return getattr(views, f"{module_prefix}{name}")

    return [
        path(f"{prefix}", view("lookup"), name=f"{names}lookup"),
        path(f"{prefix}t/<str:token>/", view("case"), name=f"{names}case"),
        path(f"{prefix}t/<str:token>/status/", view("case_status"), name=f"{names}case_status"),
        path(f"{prefix}t/<str:token>/files/<int:pk>/", view("case_file"), name=f"{names}case_file"),
        path(f"{prefix}t/<str:token>/contact/", view("case_contact"), name=f"{names}case_contact"),
        path(f"{prefix}t/<str:token>/question/", view("case_question"), name=f"{names}case_question"),
    ]


urlpatterns = [
    *_pages("track/", ""),
    *_pages("embed/track/", "embed_", module_prefix="embed_"),
]
