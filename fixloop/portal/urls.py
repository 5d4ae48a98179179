from django.urls import path

from fixloop.portal import estimate_views, home_views, invitation_views, views

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
    # The signed-in customer portal (sign-in pages: fixloop/portal/account_urls.py).
    path("portal/", home_views.home, name="home"),
    path("portal/invitation/<str:token>/", invitation_views.invitation, name="invitation"),
    *_pages("track/", ""),
    *_pages("embed/track/", "embed_", module_prefix="embed_"),
    # Estimates: one estimate behind its approval link, and an account's batch-approval page.
    path("estimate/<str:token>/", estimate_views.estimate, name="estimate"),
    path("estimate/<str:token>/decide/", estimate_views.estimate_decide, name="estimate_decide"),
    path("estimate/<str:token>/note/", estimate_views.estimate_note, name="estimate_note"),
    path("estimate/<str:token>/estimate.pdf", estimate_views.estimate_pdf, name="estimate_pdf"),
    path("approvals/<str:token>/", estimate_views.approvals, name="approvals"),
    path(
        "approvals/<str:token>/estimates/<int:pk>/",
        estimate_views.approvals_estimate,
        name="approvals_estimate",
    ),
    path(
        "approvals/<str:token>/estimates/<int:pk>/decide/",
        estimate_views.approvals_estimate_decide,
        name="approvals_estimate_decide",
    ),
    path(
        "approvals/<str:token>/estimates/<int:pk>/note/",
        estimate_views.approvals_estimate_note,
        name="approvals_estimate_note",
    ),
    path(
        "approvals/<str:token>/estimates/<int:pk>/estimate.pdf",
        estimate_views.approvals_estimate_pdf,
        name="approvals_estimate_pdf",
    ),
]
