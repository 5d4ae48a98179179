"""Staff invite people of a customer account to the portal, see who has access and when they last
signed in, and revoke access."""

from django.urls import reverse

from fixloop.customers.models import PortalInvitation, PortalMembership
from fixloop.messaging.models import Message


def invite_url(customer):
    return reverse("backoffice:portal_invite", args=[customer.number])


def test_the_customer_page_offers_an_invitation_to_the_accounts_address(advisor_client, customer, shop):
    page = advisor_client.get(reverse("backoffice:customer", args=[customer.number])).content.decode()
    assert "Invite a person to the portal" in page
    assert 'value="anna@example.com"' in page
    assert "Nobody of this account uses the customer portal yet" in page


def test_an_advisor_invites_and_the_invitation_is_e_mailed(advisor_client, customer, advisor, shop):
    response = advisor_client.post(
        invite_url(customer), {"email": "einkauf@example.com", "name": "Eva Einkauf", "language": "de"}
    )
    assert response.status_code == 302
    invitation = PortalInvitation.objects.get()
    assert (invitation.email, invitation.name, invitation.language, invitation.created_by) == (
        "einkauf@example.com",
        "Eva Einkauf",
        "de",
        advisor,
    )
    message = Message.objects.get(kind="portal.invitation")
    assert message.recipient == "einkauf@example.com" and message.language == "de"
    page = advisor_client.get(reverse("backoffice:customer", args=[customer.number])).content.decode()
    assert "einkauf@example.com" in page and "Invitations not yet accepted" in page


def test_a_bad_address_is_refused_on_its_field_and_nothing_is_sent(advisor_client, customer, shop):
    response = advisor_client.post(invite_url(customer), {"email": "einkauf@", "name": "", "language": "en"})
    assert response.status_code == 422
    assert response.context["invitation_form"].errors["email"]
    assert not PortalInvitation.objects.exists() and not Message.objects.exists()


def test_a_technician_cannot_invite(technician_client, customer, shop):
    response = technician_client.post(invite_url(customer), {"email": "x@example.com", "language": "en"})
    assert response.status_code == 403
    assert not PortalInvitation.objects.exists()


def test_staff_see_the_last_sign_in_and_revoke_access(client, advisor_client, customer, portal_user):
    from tests.portal.accounts_fixtures import PASSWORD

    portal_client = client.__class__()
    portal_client.post("/portal/account/login/", {"login": portal_user.email, "password": PASSWORD})
    page = advisor_client.get(reverse("backoffice:customer", args=[customer.number])).content.decode()
    assert (
        portal_user.email in page
        and "never" not in page.split('id="portal-access"')[1].split("</section>")[0]
    )
    membership = PortalMembership.objects.get(user=portal_user)
    response = advisor_client.post(reverse("backoffice:portal_revoke", args=[customer.number, membership.pk]))
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.revoked_at is not None
    assert portal_client.get("/portal/").status_code in (302, 403)


def test_revoking_through_another_customers_page_gives_404(advisor_client, other_customer, portal_user):
    membership = PortalMembership.objects.get(user=portal_user)
    response = advisor_client.post(
        reverse("backoffice:portal_revoke", args=[other_customer.number, membership.pk])
    )
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.revoked_at is None
