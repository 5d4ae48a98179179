"""The work order follows its estimate: each estimate event moves it to the status the shop chose
(StatusMoves), through the normal status change, in the event's transaction; nothing moves when the
shop chose nothing or the work order already has the status. The configuration page in the admin."""

import pytest
from django.db import transaction

from fixloop.estimates import services
from fixloop.estimates.models import Decision, DisputeSubject, JobDecision, StatusMoves
from fixloop.messaging.models import Event, Message
from fixloop.portal.links import tracking_link_path
from fixloop.repairs import services as repairs
from fixloop.repairs import signals as repair_signals
from fixloop.repairs.models import Phase, TimelineEntry
from tests.estimates.fixtures import decide_all, job_keys
from tests.factories import StatusFactory, customer_actor_for
from tests.messaging import notification_fixtures

region = notification_fixtures.region
notifying_region = notification_fixtures.notifying_region


@pytest.fixture
def moves(statuses) -> StatusMoves:
    """Sent → Waiting for customer, approved → In progress, partly approved → Waiting for parts,
    declined → Ready, disputed → "Estimate being clarified"."""
    clarifying = StatusFactory(name_en="Estimate being clarified", phase=Phase.IN_PROGRESS, position=27)
    moves = StatusMoves(
        when_sent=statuses[Phase.WAITING_FOR_CUSTOMER],
        when_approved=statuses[Phase.IN_PROGRESS],
        when_partly_approved=statuses[Phase.WAITING_FOR_PARTS],
        when_declined=statuses[Phase.READY],
        when_disputed=clarifying,
    )
    moves.save()
    return moves


def status_entries(work_order) -> list[TimelineEntry]:
    return list(work_order.timeline.filter(kind=TimelineEntry.Kind.STATUS).order_by("pk"))


def customer_decides(estimate, how: str) -> None:
    """The customer decides online: `how` is approved, declined, partly (the first job approved, the
    rest declined) or disputed."""
    if how == "partly":
        first, *rest = job_keys(estimate)
        version = estimate.current_version
        choices = {first: services.Choice(Decision.APPROVED)}
        choices.update({key: services.Choice(Decision.DECLINED) for key in rest})
        services.decide(
            estimate,
            version_number=version.number,
            version_hash=version.content_hash,
            choices=choices,
            signed_name="Anna Becker",
            authorised=True,
            by=customer_actor_for(),
        )
    elif how == Decision.DISPUTED:
        decide_all(
            estimate,
            customer_actor_for(),
            Decision.DISPUTED,
            dispute_subject=DisputeSubject.PARTS,
            note="Too dear.",
        )
    else:
        decide_all(estimate, customer_actor_for(), how)


def tracking_page(client, work_order, staff_actor) -> str:
    response = client.get(tracking_link_path(repairs.issue_link(work_order, by=staff_actor)))
    assert response.status_code == 200
    return response.content.decode()


def test_sending_an_estimate_moves_the_work_order_and_the_tracking_page_says_so(
    client, moves, estimate, statuses, staff_actor, advisor
):
    services.submit(estimate, by=staff_actor)

    work_order = estimate.work_order
    work_order.refresh_from_db()
    assert work_order.status == moves.when_sent
    [entry] = status_entries(work_order)
    assert entry.data == {"from": statuses[Phase.OPEN].pk, "to": moves.when_sent.pk}
    assert (entry.actor, entry.user) == ("staff", advisor)  # staff sent it
    assert entry.public
    assert 'id="current-status">Waiting for customer<' in tracking_page(client, work_order, staff_actor)


@pytest.mark.parametrize(
    ("how", "field", "shown"),
    [
        (Decision.APPROVED, "when_approved", "In progress"),
        ("partly", "when_partly_approved", "Waiting for parts"),
        (Decision.DECLINED, "when_declined", "Ready"),
        (Decision.DISPUTED, "when_disputed", "Estimate being clarified"),
    ],
)
def test_the_customers_decision_moves_the_work_order_and_the_tracking_page_says_so(
    client, moves, sent_estimate, staff_actor, how, field, shown
):
    customer_decides(sent_estimate, how)

    work_order = sent_estimate.work_order
    work_order.refresh_from_db()
    target = getattr(moves, field)
    assert work_order.status == target
    last = status_entries(work_order)[-1]
    assert last.data["to"] == target.pk
    assert (last.actor, last.user, last.actor_name) == ("customer", None, "Anna Becker")
    assert f'id="current-status">{shown}<' in tracking_page(client, work_order, staff_actor)


def test_nothing_moves_when_the_shop_chose_no_status(estimate, statuses, staff_actor):
    services.submit(estimate, by=staff_actor)
    estimate.refresh_from_db()
    customer_decides(estimate, Decision.APPROVED)

    work_order = estimate.work_order
    work_order.refresh_from_db()
    assert work_order.status == statuses[Phase.OPEN]
    assert status_entries(work_order) == []


def test_an_event_without_a_chosen_status_moves_nothing(moves, sent_estimate):
    moves.when_declined = None
    moves.save()
    before = sent_estimate.work_order.status_id

    customer_decides(sent_estimate, Decision.DECLINED)

    sent_estimate.work_order.refresh_from_db()
    assert sent_estimate.work_order.status_id == before


def test_nothing_moves_when_the_work_order_has_the_status_already(moves, estimate, staff_actor):
    repairs.change_status(estimate.work_order, moves.when_sent, by=staff_actor)

    services.submit(estimate, by=staff_actor)

    assert len(status_entries(estimate.work_order)) == 1  # the manual change only
    estimate.refresh_from_db()
    assert estimate.state == "awaiting"


def test_the_move_notifies_the_customer_as_a_manual_change_would(
    moves, sent_estimate, customer, notifying_region, staff_actor
):
    """'In progress' is a status the customer's region notifies; the approval moves the work order
    there and the customer gets the same status message a manual change sends."""
    customer.region = notifying_region
    customer.save()

    customer_decides(sent_estimate, Decision.APPROVED)

    [message] = Message.objects.filter(kind=Event.STATUS_CHANGED)
    assert message.work_order == sent_estimate.work_order
    assert message.subject == f"{sent_estimate.work_order.number}: In progress"
    assert message.state == Message.State.QUEUED


def test_a_failing_status_change_undoes_the_decision(moves, sent_estimate, fail_signal):
    """One transaction: the decision and the move it causes happen together or not at all."""
    fail_signal(repair_signals.status_changed)

    with pytest.raises(Exception, match="failed"), transaction.atomic():
        customer_decides(sent_estimate, Decision.APPROVED)

    assert not JobDecision.objects.filter(version__estimate=sent_estimate).exists()
    sent_estimate.refresh_from_db()
    assert sent_estimate.state == "awaiting"


def test_staff_recording_a_decision_by_phone_moves_the_work_order_as_them(
    moves, sent_estimate, staff_actor, advisor
):
    version = sent_estimate.current_version
    services.decide(
        sent_estimate,
        version_number=version.number,
        version_hash=version.content_hash,
        choices={key: services.Choice(Decision.APPROVED) for key in job_keys(sent_estimate)},
        signed_name="Anna Becker",
        authorised=False,
        by=staff_actor,
        channel="phone",
    )

    last = status_entries(sent_estimate.work_order)[-1]
    assert (last.data["to"], last.actor, last.user) == (moves.when_approved.pk, "staff", advisor)


# ----------------------------------------------------------------------------- the configuration page


def test_the_configuration_page_opens_the_shops_one_row(admin_client, statuses):
    response = admin_client.get("/admin/estimates/statusmoves/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/estimates/statusmoves/add/"

    response = admin_client.post(
        "/admin/estimates/statusmoves/add/", {"when_sent": statuses[Phase.WAITING_FOR_CUSTOMER].pk}
    )

    assert response.status_code == 302
    moves = StatusMoves.get()
    assert moves.when_sent == statuses[Phase.WAITING_FOR_CUSTOMER]
    assert moves.when_approved is None
    assert (
        admin_client.get("/admin/estimates/statusmoves/")["Location"]
        == "/admin/estimates/statusmoves/1/change/"
    )
    page = admin_client.get("/admin/estimates/statusmoves/1/change/").content.decode()
    assert "when the customer disputes the estimate" in page.lower()


@pytest.mark.parametrize("key", [Phase.CLOSED, Phase.CANCELLED, "inactive"])
def test_a_status_that_cannot_be_moved_to_is_refused(admin_client, statuses, key):
    response = admin_client.post("/admin/estimates/statusmoves/add/", {"when_approved": statuses[key].pk})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not StatusMoves.objects.exists()
