"""The signed-in portal's estimates: the list, the decision and dispute pages and an account's batch
approval, with the authorisation record of the approval links and the person recorded as the one who
decided (a customer, never a staff member)."""

from django.test import Client

from fixloop.backoffice.timeline import describe
from fixloop.estimates.models import DecisionChannel, DisputeMessage, Estimate, JobDecision
from fixloop.repairs.models import TimelineEntry
from tests.estimates.fixtures import decide_all
from tests.factories import BROWSER, CUSTOMER_IP, customer_actor_for
from tests.portal.estimate_helpers import decision_data, open_work_order, send_estimate


def test_the_list_shows_what_awaits_a_decision_and_what_was_decided(
    portal_client, customer, unit, location, sent_estimate, staff_actor, vat_standard
):
    decided = send_estimate(open_work_order(customer, unit, location, staff_actor), staff_actor, vat_standard)
    decide_all(decided, customer_actor_for(), "declined")
    text = portal_client.get("/portal/estimates/").content.decode()
    awaiting, done = text.split('id="decided"', 1)
    assert f"/portal/estimates/{sent_estimate.pk}/" in awaiting
    assert f"/portal/estimates/{decided.pk}/" in done and "Declined" in done


def test_the_estimate_page_opens_signed_in_in_the_portals_frame(portal_client, sent_estimate):
    text = portal_client.get(f"/portal/estimates/{sent_estimate.pk}/").content.decode()
    assert "Replace the display" in text
    assert 'aria-label="Customer portal"' in text  # the portal's navigation
    assert 'name="csrfmiddlewaretoken"' in text
    assert 'href="/portal/estimates/"' in text  # back to all estimates


def test_a_decision_signed_in_records_the_person_and_the_authorisation(
    portal_client, portal_user, sent_estimate
):
    url = f"/portal/estimates/{sent_estimate.pk}/"
    response = portal_client.post(f"{url}decide/", decision_data(sent_estimate, name="Anna B. Becker"))
    assert response.status_code == 303
    assert response["Location"] == f"{url}?done=decided#decision-recorded"
    sent_estimate.refresh_from_db()
    assert sent_estimate.state == Estimate.State.APPROVED
    decisions = list(JobDecision.objects.filter(version=sent_estimate.current_version))
    assert decisions and all(
        d.channel == DecisionChannel.ONLINE
        and d.signed_name == "Anna B. Becker"
        and d.ip == CUSTOMER_IP
        and d.user_agent == BROWSER
        and d.recorded_by is None  # recorded by staff: no
        for d in decisions
    )
    entry = TimelineEntry.objects.filter(work_order=sent_estimate.work_order, data__event="decided").get()
    assert (entry.actor, entry.user, entry.actor_name) == ("customer", portal_user, "Anna Becker")
    assert (entry.ip, entry.user_agent) == (CUSTOMER_IP, BROWSER)
    assert "Authorised online by Anna B. Becker." in describe(entry)


def test_a_decision_without_the_tick_is_refused_and_records_nothing(portal_client, sent_estimate):
    response = portal_client.post(
        f"/portal/estimates/{sent_estimate.pk}/decide/", decision_data(sent_estimate, authorised=False)
    )
    assert response.status_code == 422
    assert "Tick the box to confirm your authorisation." in response.content.decode()
    assert not JobDecision.objects.exists()


def test_a_decision_signed_in_needs_the_csrf_token(portal_user, sent_estimate):
    client = Client(enforce_csrf_checks=True)
    client.force_login(portal_user, backend="fixloop.portal.accounts.PortalAuthenticationBackend")
    response = client.post(f"/portal/estimates/{sent_estimate.pk}/decide/", decision_data(sent_estimate))
    assert response.status_code == 403
    assert not JobDecision.objects.exists()


def test_a_dispute_note_signed_in_is_the_persons(portal_client, portal_user, sent_estimate):
    decide_all(sent_estimate, customer_actor_for(), "disputed", dispute_subject="parts", note="Too dear.")
    response = portal_client.post(f"/portal/estimates/{sent_estimate.pk}/note/", {"text": "Any news?"})
    assert response.status_code == 303
    message = DisputeMessage.objects.latest("pk")
    assert (message.side, message.user, message.author_name) == ("customer", portal_user, "Anna Becker")


def test_several_estimates_of_an_account_are_decided_at_once(
    portal_client, portal_user, customer, unit, location, sent_estimate, staff_actor, vat_standard
):
    second = send_estimate(open_work_order(customer, unit, location, staff_actor), staff_actor, vat_standard)
    listing = portal_client.get("/portal/estimates/").content.decode()
    url = f"/portal/estimates/approve/{customer.pk}/"
    assert url in listing
    page = portal_client.get(url).content.decode()
    assert f"/portal/estimates/{second.pk}/" in page and 'name="csrfmiddlewaretoken"' in page
    data = {"signed_name": "Anna Becker", "authorised": "on"}
    for estimate in (sent_estimate, second):
        version = estimate.current_version
        data |= {
            f"estimate_{estimate.pk}": "approved",
            f"version_{estimate.pk}": version.number,
            f"hash_{estimate.pk}": version.content_hash,
        }
    response = portal_client.post(url, data)
    assert response.status_code == 303 and response["Location"] == f"{url}?done=2#done"
    assert set(Estimate.objects.values_list("state", flat=True)) == {Estimate.State.APPROVED}
    entries = TimelineEntry.objects.filter(data__event="decided")
    assert entries.count() == 2 and {entry.user for entry in entries} == {portal_user}


def test_the_batch_page_without_the_tick_is_refused(portal_client, customer, sent_estimate):
    version = sent_estimate.current_version
    response = portal_client.post(
        f"/portal/estimates/approve/{customer.pk}/",
        {
            f"estimate_{sent_estimate.pk}": "approved",
            f"version_{sent_estimate.pk}": version.number,
            f"hash_{sent_estimate.pk}": version.content_hash,
            "signed_name": "Anna Becker",
        },
    )
    assert response.status_code == 422
    assert not JobDecision.objects.exists()


def test_the_list_refreshes_itself(portal_client, sent_estimate):
    text = portal_client.get("/portal/estimates/").content.decode()
    assert 'id="estimates-live"' in text and 'hx-trigger="every 20s"' in text
    part = portal_client.get(
        "/portal/estimates/", headers={"HX-Request": "true", "HX-Target": "estimates-live"}
    ).content.decode()
    assert part.startswith('<div id="estimates-live"') and f"/portal/estimates/{sent_estimate.pk}/" in part


def test_the_estimate_page_says_when_the_estimate_changed_since_it_was_opened(portal_client, sent_estimate):
    url = f"/portal/estimates/{sent_estimate.pk}/"
    text = portal_client.get(url).content.decode()
    seen = f"{sent_estimate.current_version.number}-awaiting"
    assert f'hx-get="{url}?seen={seen}"' in text
    headers = {"HX-Request": "true", "HX-Target": "estimate-live"}
    unchanged = portal_client.get(url, {"seen": seen}, headers=headers).content.decode()
    assert unchanged.startswith('<div id="estimate-live"') and "has changed" not in unchanged
    decide_all(sent_estimate, customer_actor_for(), "declined")
    changed = portal_client.get(url, {"seen": seen}, headers=headers).content.decode()
    assert "This estimate has changed since you opened this page." in changed
    assert "hx-trigger" not in changed  # asks no more
