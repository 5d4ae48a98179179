"""queue_message: one entry point, in the caller's transaction, suppression with reasons."""

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from fixloop.customers.models import CustomerAccount
from fixloop.messaging import services, states
from fixloop.messaging.models import Message, OptOut
from fixloop.messaging.tasks import deliver_messages


def queue(customer, **kwargs) -> Message:
    kwargs.setdefault("channel", "email")
    kwargs.setdefault("context", {"message": "Your battery has arrived."})
    return services.queue_message("workorder.message", customer=customer, **kwargs)


def delivery_tasks() -> int:
    return DBTaskResult.objects.filter(task_path=deliver_messages.module_path).count()


def test_a_message_is_rendered_in_the_customers_language(customer, work_order):
    customer.language = "de"
    customer.save()
    message = services.queue_message(
        "workorder.status_changed",
        channel="email",
        work_order=work_order,
        context={"previous_status": "Open"},
    )
    assert message.language == "de"
    assert message.subject == f"{work_order.number}: Open (de)"
    assert message.body_text.startswith("Guten Tag Anna Becker,")
    assert message.state == Message.State.QUEUED
    assert message.recipient == "anna@example.com"


def test_the_same_dedupe_key_twice_creates_one_message(customer):
    first = queue(customer, dedupe_key="wo-1:closed")
    second = queue(customer, dedupe_key="wo-1:closed")
    assert first.pk == second.pk
    assert Message.objects.count() == 1


def test_queueing_many_messages_adds_one_wake_up_task(customer):
    for n in range(5):
        queue(customer, dedupe_key=f"many-{n}")
    assert delivery_tasks() == 1


def test_a_rolled_back_change_sends_nothing(customer):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue(customer)
        raise RuntimeError("the change that caused the message failed")
    assert Message.objects.count() == 0
    assert delivery_tasks() == 0


def test_an_invalid_address_on_record_suppresses_with_the_reason(customer):
    CustomerAccount.objects.filter(pk=customer.pk).update(email="anna@")  # imported without validation
    customer.refresh_from_db()
    message = queue(customer)
    assert message.state == Message.State.SUPPRESSED
    assert "The e-mail address anna@ is not valid" in message.state_reason
    assert delivery_tasks() == 0


def test_no_address_on_record_suppresses_with_the_reason(customer):
    message = queue(customer, channel="sms")
    assert message.state == Message.State.SUPPRESSED
    assert message.state_reason == "No mobile number is on record."


def test_an_opted_out_number_is_not_texted(customer):
    customer.mobile = "+4915112345678"
    customer.save()
    OptOut.objects.create(channel="sms", address="+4915112345678", keyword="STOP")
    message = queue(customer, channel="sms")
    assert message.state == Message.State.SUPPRESSED
    assert "+4915112345678 opted out (STOP)" in message.state_reason


def test_an_sms_over_ten_segments_is_suppressed(customer):
    customer.mobile = "+4915112345678"
    customer.save()
    message = queue(customer, channel="sms", context={"message": "x" * 1600})
    assert message.state == Message.State.SUPPRESSED
    assert message.segments == 11
    assert "needs 11 SMS segments; at most 10" in message.state_reason


def test_sms_segments_and_encoding_are_recorded(customer):
    customer.mobile = "+4915112345678"
    customer.save()
    message = queue(customer, channel="sms", context={"message": "Ihr Gerät ist fertig 🎉"})
    assert (message.segments, message.encoding) == (1, "UCS-2")


def test_attachments_over_the_limit_are_suppressed(customer, settings):
    settings.MESSAGE_ATTACHMENTS_MAX_BYTES = 10
    message = queue(customer, attachments=[("big.pdf", "application/pdf", b"%PDF-" + b"0" * 20)])
    assert message.state == Message.State.SUPPRESSED
    assert "the limit is 10" in message.state_reason
    assert message.attachments.count() == 1  # kept, so staff see what it was


def test_a_stored_template_that_fails_to_render_suppresses_instead_of_losing_the_message(
    customer, monkeypatch
):
    from fixloop.messaging import rendering

    def broken(*args, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(rendering, "render", broken)
    message = queue(customer)
    assert message.state == Message.State.SUPPRESSED
    assert "The template could not be rendered: boom" in message.state_reason


def test_customer_text_in_placeholders_is_escaped_in_the_html_part(customer):
    message = queue(customer, context={"message": "<img src=x onerror=alert(1)>"})
    assert "<img" not in message.body_html
    assert "&lt;img src=x onerror=alert(1)&gt;" in message.body_html
    assert "<img src=x onerror=alert(1)>" in message.body_text


def test_resend_creates_a_new_message_linked_to_the_original(customer, advisor):
    original = queue(customer, attachments=[("a.pdf", "application/pdf", b"%PDF-1")])
    copy = services.resend(original, by=advisor)
    assert copy.pk != original.pk
    assert copy.resend_of == original
    assert (copy.subject, copy.body_text) == (original.subject, original.body_text)
    assert copy.created_by == advisor
    assert [bytes(a.content) for a in copy.attachments.all()] == [b"%PDF-1"]


def test_resend_goes_to_the_corrected_address(customer, advisor):
    CustomerAccount.objects.filter(pk=customer.pk).update(email="anna@")
    customer.refresh_from_db()
    original = queue(customer)
    customer.email = "anna.becker@example.com"
    customer.save()
    copy = services.resend(original, by=advisor)
    assert copy.state == Message.State.QUEUED
    assert copy.recipient == "anna.becker@example.com"


def test_a_queued_message_can_be_cancelled_but_a_sent_one_cannot(customer, advisor):
    message = queue(customer)
    cancelled = services.cancel(message, by=advisor)
    assert cancelled.state == Message.State.CANCELLED
    Message.objects.filter(pk=message.pk).update(state=Message.State.SENT)
    with pytest.raises(states.IllegalTransition):
        services.cancel(message, by=advisor)


def test_delivery_and_bounce_follow_the_transition_table(customer):
    message = queue(customer)
    with pytest.raises(states.IllegalTransition):
        services.mark_delivered(message)  # not sent yet
    Message.objects.filter(pk=message.pk).update(state=Message.State.SENT)
    assert services.mark_delivered(message).state == Message.State.DELIVERED
    assert services.mark_bounced(message, reason="Mailbox full").state == Message.State.BOUNCED
