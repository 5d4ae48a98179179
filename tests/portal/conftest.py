"""Fixtures for track & trace: links, files, and a second work order of the same customer."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fixloop.estimates.services import links
from fixloop.portal.links import tracking_link_path
from fixloop.repairs import services
from tests.factories import BROWSER, CUSTOMER_IP
from tests.portal.estimate_helpers import path_of, send_estimate


def png_bytes(marker: bytes = b"") -> bytes:
    return b"\x89PNG\r\n\x1a\n" + marker + b"\x00" * 64


def attach(work_order, name: str, *, public: bool, by, content: bytes | None = None, note: str = ""):
    upload = SimpleUploadedFile(name, content or png_bytes(name.encode()), content_type="image/png")
    return services.attach_file(work_order, upload, public=public, note=note, by=by)


@pytest.fixture
def link(work_order, staff_actor):
    return services.issue_link(work_order, by=staff_actor)


@pytest.fixture
def case_path(link) -> str:
    return tracking_link_path(link)


@pytest.fixture
def second_work_order(customer, unit, location, statuses, staff_actor):
    """Another repair of the same customer."""
    return services.open_work_order(
        customer=customer,
        unit=unit,
        location=location,
        problem_description="The keyboard misses keys.",
        by=staff_actor,
    )


@pytest.fixture
def second_case_path(second_work_order, staff_actor) -> str:
    return tracking_link_path(services.issue_link(second_work_order, by=staff_actor))


@pytest.fixture
def other_work_order(other_customer, other_unit, location, statuses, staff_actor):
    return services.open_work_order(
        customer=other_customer,
        unit=other_unit,
        location=location,
        problem_description="Cracked display.",
        by=staff_actor,
    )


@pytest.fixture
def other_case_path(other_work_order, staff_actor) -> str:
    return tracking_link_path(services.issue_link(other_work_order, by=staff_actor))


@pytest.fixture
def customer_client(client):
    """A browser as the customer's: its address and user agent are what the timeline records."""
    client.defaults.update({"REMOTE_ADDR": CUSTOMER_IP, "HTTP_USER_AGENT": BROWSER})
    return client


def without_csrf(html: str) -> str:
    """A page's text without the per-response CSRF token and style nonce, so two answers can be compared."""
    return re.sub(r' nonce="[^"]*"', "", re.sub(r'"X-CSRFToken": "[^"]*"', "", html))


# ----------------------------------------------------------------------------- estimates


@pytest.fixture
def estimate_link(sent_estimate, staff_actor):
    return links.link_for_estimate(sent_estimate, by=staff_actor)


@pytest.fixture
def estimate_path(estimate_link) -> str:
    return path_of(estimate_link)


@pytest.fixture
def other_estimate(other_work_order, staff_actor, vat_standard):
    """Another customer's sent estimate."""
    return send_estimate(other_work_order, staff_actor, vat_standard, description="Replace the glass")


@pytest.fixture
def other_estimate_link(other_estimate, staff_actor):
    return links.link_for_estimate(other_estimate, by=staff_actor)


@pytest.fixture
def batch_link(customer, staff_actor):
    return links.link_for_account(customer, by=staff_actor)


@pytest.fixture
def approvals_path(batch_link) -> str:
    return path_of(batch_link)


# ----------------------------------------------------------------------------- the signed-in portal's pages


@pytest.fixture
def portal_client(client, portal_user):
    """A browser signed in to the portal as `portal_user` (of `customer`), with the address and user
    agent the timeline records."""
    client.defaults.update({"REMOTE_ADDR": CUSTOMER_IP, "HTTP_USER_AGENT": BROWSER})
    client.force_login(portal_user, backend="fixloop.portal.accounts.PortalAuthenticationBackend")
    return client


@pytest.fixture
def head_office(customer, staff_actor, shop):
    """A head office whose member is `customer`, and a person with portal access to the head office."""
    from fixloop.customers.models import CustomerAccount
    from fixloop.customers.services import portal_access
    from tests.factories import CustomerAccountFactory
    from tests.portal.accounts_fixtures import PASSWORD, invite

    office = CustomerAccountFactory(name="Fleet Head Office", email="fleet@example.com", postal_code="20095")
    CustomerAccount.objects.filter(pk=customer.pk).update(head_office=office)
    token = invite(office, "hanna@example.com", staff_actor)
    office.person = portal_access.accept_invitation(token, password=PASSWORD, name="Hanna Hoffmann")
    return office


@pytest.fixture
def head_office_client(client, head_office):
    client.defaults.update({"REMOTE_ADDR": CUSTOMER_IP, "HTTP_USER_AGENT": BROWSER})
    client.force_login(head_office.person, backend="fixloop.portal.accounts.PortalAuthenticationBackend")
    return client
