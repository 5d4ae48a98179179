"""The account's batch-approval page: every estimate awaiting the customer's decision, decided
several at once, all or nothing; and each of them opened from there."""

from datetime import timedelta

import pytest

from fixloop.estimates import services
from fixloop.estimates.models import Estimate, JobDecision
from fixloop.estimates.services import links
from fixloop.repairs.models import TimelineEntry
from tests.factories import BROWSER, CUSTOMER_IP
from tests.portal.estimate_helpers import add_job, decide_all, decision_data, open_work_order, send_estimate


@pytest.fixture
def three(customer, unit, location, staff_actor, vat_standard, statuses) -> list[Estimate]:
    """Three sent estimates of the customer, on three work orders."""
    estimates = []
    for number, (description, hours) in enumerate(
        [("Replace the battery", "1.00"), ("Replace the keyboard", "2.00"), ("Clean the fan", "0.50")]
    ):
        work_order = open_work_order(customer, unit, location, staff_actor, problem=f"Problem {number}")
        estimates.append(
            send_estimate(work_order, staff_actor, vat_standard, description=description, hours=hours)
        )
    return estimates


def batch_data(decisions: dict, *, name="Anna Becker", authorised=True, **extra) -> dict:
    """decisions: {estimate: "approved" | "declined" | "leave"}, with each one's current version."""
    data = {"signed_name": name}
    if authorised:
        data["authorised"] = "on"
    for estimate, decision in decisions.items():
        version = estimate.current_version
        data[f"estimate_{estimate.pk}"] = decision
        data[f"version_{estimate.pk}"] = str(version.number)
        data[f"hash_{estimate.pk}"] = version.content_hash
    data.update(extra)
    return data


def snapshot(*estimates) -> tuple:
    for estimate in estimates:
        estimate.refresh_from_db()
    return (
        tuple(estimate.state for estimate in estimates),
        JobDecision.objects.count(),
        TimelineEntry.objects.count(),
    )


def test_the_page_lists_every_estimate_awaiting_a_decision(
    client, customer, three, other_estimate, approvals_path, work_order, staff_actor
):
    services.start_estimate(work_order, by=staff_actor)  # a draft: not shown
    response = client.get(approvals_path)
    assert response.status_code == 200
    text = response.content.decode()
    for estimate in three:
        assert f'id="estimate-{estimate.pk}"' in text
        assert f'Repair <span class="wo-number">{estimate.work_order.number}</span>' in text
        assert f"{approvals_path}estimates/{estimate.pk}/" in text
        assert f'name="estimate_{estimate.pk}" value="leave"' in text
    # 1 h × 60.00 + 19 % = 71.40; 2 h = 142.80; 0.5 h = 35.70
    for total in ("71.40 EUR", "142.80 EUR", "35.70 EUR"):
        assert total in text
    assert "Lenovo ThinkPad T14" in text
    assert other_estimate.work_order.number not in text
    assert "Replace the glass" not in text
    assert f'id="estimate-{work_order.estimate.pk}"' not in text
    assert "Nothing is waiting for your decision" not in text


def test_three_work_orders_are_decided_in_one_submit(customer_client, three, approvals_path):
    battery, keyboard, fan = three
    response = customer_client.post(
        approvals_path, batch_data({battery: "approved", keyboard: "declined", fan: "approved"})
    )
    assert response.status_code == 303
    assert response["Location"] == f"{approvals_path}?done=3#done"
    assert snapshot(battery, keyboard, fan)[0] == ("approved", "declined", "approved")
    for estimate in three:
        decision = estimate.current_version.decisions.get()
        assert decision.signed_name == "Anna Becker"
        assert decision.ip == CUSTOMER_IP
        assert decision.user_agent == BROWSER
        entry = estimate.work_order.timeline.filter(kind=TimelineEntry.Kind.ESTIMATE).latest("id")
        assert entry.data["event"] == "decided"
        assert entry.data["hash"] == estimate.current_version.content_hash
        assert entry.ip == CUSTOMER_IP
    text = customer_client.get(f"{approvals_path}?done=3").content.decode()
    assert "Thank you: we have received your decisions on 3 estimates." in text
    assert "Nothing is waiting for your decision" in text
    assert 'id="recent"' in text
    for estimate in three:
        assert estimate.work_order.number in text


def test_an_estimate_left_for_now_stays_waiting(customer_client, three, approvals_path):
    battery, keyboard, fan = three
    response = customer_client.post(
        approvals_path, batch_data({battery: "approved", keyboard: "leave", fan: "leave"})
    )
    assert response.status_code == 303
    assert snapshot(battery, keyboard, fan)[0] == ("approved", "awaiting", "awaiting")
    text = customer_client.get(approvals_path).content.decode()
    assert f'id="estimate-{keyboard.pk}"' in text
    assert f'id="estimate-{battery.pk}"' not in text


def test_another_customers_estimate_in_the_post_refuses_everything(
    customer_client, three, other_estimate, approvals_path
):
    before = snapshot(*three, other_estimate)
    data = batch_data({three[0]: "approved", three[1]: "approved", other_estimate: "approved"})
    response = customer_client.post(approvals_path, data)
    assert response.status_code == 422
    text = response.content.decode()
    assert "This estimate was not found." in text
    assert other_estimate.work_order.number not in text
    assert snapshot(*three, other_estimate) == before


@pytest.mark.parametrize("name", ["estimate_abc", "estimate_", "estimate_99999999999999999999999"])
def test_a_garbled_estimate_field_refuses_everything(customer_client, three, approvals_path, name):
    before = snapshot(*three)
    response = customer_client.post(approvals_path, batch_data({three[0]: "approved"}, **{name: "approved"}))
    assert response.status_code == 422
    assert "This estimate was not found." in response.content.decode()
    assert snapshot(*three) == before


@pytest.mark.parametrize(
    ("name", "authorised", "message"),
    [
        ("", True, "This field is required."),
        ("Anna Becker", False, "Tick the box to confirm your authorisation."),
    ],
)
def test_without_the_name_or_the_tick_nothing_is_saved(
    customer_client, three, approvals_path, name, authorised, message
):
    before = snapshot(*three)
    data = batch_data(dict.fromkeys(three, "approved"), name=name, authorised=authorised)
    response = customer_client.post(approvals_path, data)
    assert response.status_code == 422
    assert f'<p class="error" role="alert">{message}</p>' in response.content.decode()
    assert snapshot(*three) == before


def test_choosing_nothing_is_refused(customer_client, three, approvals_path):
    before = snapshot(*three)
    response = customer_client.post(approvals_path, batch_data(dict.fromkeys(three, "leave")))
    assert response.status_code == 422
    assert "Choose approve or decline for at least one estimate." in response.content.decode()
    assert snapshot(*three) == before


def test_a_changed_estimate_is_named_in_its_row_and_nothing_is_saved(
    customer_client, three, approvals_path, staff_actor, vat_standard
):
    _battery, keyboard, fan = three
    stale = batch_data(dict.fromkeys(three, "approved"))
    add_job(keyboard, staff_actor, vat_standard, description="Replace a key cap", hours="0.25")
    services.submit(keyboard, by=staff_actor)
    before = snapshot(*three)
    response = customer_client.post(approvals_path, stale)
    assert response.status_code == 422
    text = response.content.decode()
    row = text.index(f'id="estimate-{keyboard.pk}"')
    assert text.index("This estimate has changed since the page was opened.") > row
    assert text.index("This estimate has changed since the page was opened.") < text.index(
        f'id="estimate-{fan.pk}"'
    )
    assert snapshot(*three) == before


def test_a_second_tab_is_refused_and_changes_nothing(customer_client, three, approvals_path):
    first = batch_data(dict.fromkeys(three, "approved"))
    second = batch_data(dict.fromkeys(three, "declined"))
    assert customer_client.post(approvals_path, first).status_code == 303
    before = snapshot(*three)
    response = customer_client.post(approvals_path, second)
    assert response.status_code == 422
    text = response.content.decode()
    for estimate in three:
        assert f"Repair {estimate.work_order.number}: This estimate has already been decided." in text
    assert snapshot(*three) == before


def test_an_expired_estimate_is_listed_with_the_reason_and_cannot_be_chosen(
    customer_client, location, three, approvals_path
):
    battery = three[0]
    Estimate.objects.filter(pk=battery.pk).update(
        valid_until=services.local_today(battery) - timedelta(days=1)
    )
    text = customer_client.get(approvals_path).content.decode()
    assert f'id="estimate-{battery.pk}"' in text
    assert "can no longer be approved" in text
    assert f'name="estimate_{battery.pk}"' not in text
    before = snapshot(*three)
    response = customer_client.post(approvals_path, batch_data({battery: "approved", three[1]: "approved"}))
    assert response.status_code == 422
    assert snapshot(*three) == before


def test_nothing_waiting(client, customer, approvals_path):
    response = client.get(approvals_path)
    assert response.status_code == 200
    assert "Nothing is waiting for your decision" in response.content.decode()
    assert 'id="batch-form"' not in response.content.decode()


def test_recently_decided_estimates_are_listed_with_the_outcome(
    client, three, approvals_path, customer_actor
):
    decide_all(three[0], customer_actor, "declined")
    text = client.get(approvals_path).content.decode()
    recent = text[text.index('id="recent"') :]
    assert three[0].work_order.number in recent
    assert "Declined" in recent


def test_the_batch_page_is_in_the_customers_language(client, customer, three, approvals_path):
    customer.language = "de"
    customer.save()
    response = client.get(approvals_path, headers={"accept-language": "en"})
    assert response["Content-Language"] == "de"
    assert '<html lang="de">' in response.content.decode()
    assert "71,40 EUR" in response.content.decode()


def test_the_batch_page_is_private(client, approvals_path):
    response = client.get(approvals_path)
    assert response["Cache-Control"] == "private, no-store"
    assert "noindex" in response["X-Robots-Tag"]


# ----------------------------------------------------------------------------- one estimate from the batch page


def test_an_estimate_opens_from_the_batch_page(client, three, approvals_path):
    path = f"{approvals_path}estimates/{three[1].pk}/"
    response = client.get(path)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Replace the keyboard" in text
    assert f'href="{approvals_path}"' in text  # back to every estimate
    assert f'action="{path}decide/"' in text
    assert f'href="{path}estimate.pdf"' in text


def test_an_estimate_is_decided_from_the_batch_page(customer_client, three, approvals_path):
    keyboard = three[1]
    path = f"{approvals_path}estimates/{keyboard.pk}/"
    response = customer_client.post(f"{path}decide/", decision_data(keyboard))
    assert response.status_code == 303
    assert response["Location"].startswith(path)
    keyboard.refresh_from_db()
    assert keyboard.state == Estimate.State.APPROVED
    assert keyboard.current_version.decisions.get().ip == CUSTOMER_IP


def test_the_pdf_opens_from_the_batch_page(client, three, approvals_path):
    response = client.get(f"{approvals_path}estimates/{three[0].pk}/estimate.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")


def test_a_per_estimate_link_does_not_open_the_batch_page(client, estimate_link, sent_estimate):
    token = links.token_of(estimate_link)
    assert client.get(f"/approvals/{token}/").status_code == 404
    assert client.get(f"/approvals/{token}/estimates/{sent_estimate.pk}/").status_code == 404


def test_a_batch_link_does_not_open_the_per_estimate_page(client, batch_link, three):
    token = links.token_of(batch_link)
    assert client.get(f"/estimate/{token}/").status_code == 404
