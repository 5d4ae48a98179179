"""The demo's estimates: made through the services, in each state a shop sees, and the links
`fixloop rundemo` prints. (Seeding takes seconds, so each test checks one story whole.)"""

from django.db.models import Count, Q

from fixloop.customers.models import CustomerAccount
from fixloop.demo.management.commands.rundemo import Command
from fixloop.estimates.models import Decision, DisputeMessage, DisputeSubject, Estimate, RequiredWork
from fixloop.messaging.models import Message

State = Estimate.State
BASE = "http://127.0.0.1:8000"


def test_the_demo_has_estimates_awaiting_disputed_over_a_part_price_and_approved_as_work_required(demo):
    assert {State.AWAITING, State.DISPUTED, State.APPROVED} <= set(
        Estimate.objects.values_list("state", flat=True)
    )

    disputed = Estimate.objects.filter(state=State.DISPUTED).first()
    decision = disputed.current_version.decisions.get(decision=Decision.DISPUTED)
    assert decision.dispute_subject == DisputeSubject.PARTS
    assert next(job for job in disputed.current_version.jobs if job["key"] == decision.job_key)["parts"]
    thread = DisputeMessage.objects.filter(estimate=disputed)
    assert list(thread.values_list("side", flat=True)) == ["customer", "staff", "customer"]
    assert disputed.dispute_acknowledged_at is not None

    # (the approved repairs that went on to be invoiced are ready, not in progress)
    approved = Estimate.objects.filter(state=State.APPROVED, work_order__invoices__isnull=True).first()
    required = RequiredWork.objects.filter(work_order=approved.work_order, cancelled_at=None)
    assert sorted(required.values_list("job_key", flat=True)) == sorted(
        job["key"] for job in approved.current_version.jobs
    )
    assert approved.work_order.status.name_en == "Repair in progress"


def test_customers_were_told_their_estimate_is_ready_by_email_with_the_pdf(demo):
    sent = Message.objects.filter(kind="estimate_ready")
    assert sent.count() == Estimate.objects.count()
    emails = sent.filter(channel="email", state=Message.State.QUEUED)
    assert emails.exists()
    for message in emails:
        assert message.attachments.get().content_type == "application/pdf"
        assert f"{BASE}/estimate/" in message.body_text


def test_rundemo_prints_an_estimate_link_and_the_batch_link_of_a_customer_with_two_estimates(demo, client):
    awaiting = Count("work_orders__estimate", filter=Q(work_orders__estimate__state=State.AWAITING))
    assert CustomerAccount.objects.annotate(awaiting=awaiting).filter(awaiting__gte=2).exists()

    lines = Command()._example_estimates(BASE)

    text = "\n".join(lines)
    assert f"{BASE}/estimate/" in text
    assert f"{BASE}/approvals/" in text
    for line in lines[1:]:
        assert client.get(line.split(": ", 1)[1].removeprefix(BASE)).status_code == 200
