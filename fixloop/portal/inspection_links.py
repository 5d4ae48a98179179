"""The addresses of inspection links: the domain (inspections/services/links.py) hands out links and
their tokens, and this turns them into the URLs that messages and staff show."""

from django.urls import reverse

from fixloop.inspections.models import InspectionLink
from fixloop.inspections.services import links
from fixloop.portal.links import absolute, path_with_token


def inspection_path(token: str) -> str:
    """The customer's page of an inspection behind its secret link."""
    return path_with_token("portal:inspection", token)


def inspection_url(token: str) -> str:
    return absolute(inspection_path(token))


def path_of(link: InspectionLink) -> str | None:
    """The path of the link's page; None when its token can no longer be made (the secret key it was
    made with is gone)."""
    token = links.token_of(link)
    return inspection_path(token) if token is not None else None


def url_of(link: InspectionLink) -> str | None:
    """The absolute address of the link's page, for messages and staff; None as above."""
    token = links.token_of(link)
    return inspection_url(token) if token is not None else None


def portal_inspection_path(pk: int) -> str:
    """A signed-in customer's page of one inspection."""
    return reverse("portal:inspection_detail", kwargs={"pk": pk})
