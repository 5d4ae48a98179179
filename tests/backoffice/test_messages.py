"""The deliveries log, a message's page, resend and cancel, the 24-hour counts and templates."""

import html
import re
from datetime import timedelta

import time_machine
from django.utils import timezone

from fixloop.customers.models import CustomerAccount
from fixloop.messaging import services
from fixloop.messaging.models import Message, MessageTemplate
from fixloop.messaging.tasks import deliver_due
from fixloop.shop.models import ShopProfile


def queue(customer, **kwargs) -> Message:
    kwargs.setdefault("channel", "email")
    kwargs.setdefault("context", {"message": "Your battery has arrived."})
    return services.queue_message("workorder.message", customer=customer, **kwargs)


def listed(response) -> set[int]:
    return {message.pk for message in response.context["page"].object_list}


def test_the_log_filters_by_state_channel_customer_and_work_order(
    advisor_client, customer, other_customer, work_order
):
    sent = queue(customer, work_order=work_order)
    deliver_due()
    CustomerAccount.objects.filter(pk=other_customer.pk).update(email="")
    other_customer.refresh_from_db()
    suppressed = queue(other_customer)
    sms = queue(customer, channel="sms")
    assert listed(advisor_client.get("/staff/messages/", {"state": "sent"})) == {sent.pk}
    assert listed(advisor_client.get("/staff/messages/", {"state": "suppressed"})) == {suppressed.pk, sms.pk}
    assert listed(advisor_client.get("/staff/messages/", {"channel": "sms"})) == {sms.pk}
    assert listed(advisor_client.get("/staff/messages/", {"customer": other_customer.number})) == {
        suppressed.pk
    }
    assert listed(advisor_client.get("/staff/messages/", {"work_order": work_order.number})) == {sent.pk}
    assert listed(advisor_client.get("/staff/messages/", {"kind": "workorder.message"})) == {
        sent.pk,
        suppressed.pk,
        sms.pk,
    }


def test_the_log_filters_by_date(advisor_client, customer):
    with time_machine.travel(timezone.now() - timedelta(days=3)):
        old = queue(customer)
    new = queue(customer)
    today = timezone.localdate().isoformat()
    assert listed(advisor_client.get("/staff/messages/", {"since": today})) == {new.pk}
    assert listed(
        advisor_client.get(
            "/staff/messages/", {"until": (timezone.localdate() - timedelta(days=1)).isoformat()}
        )
    ) == {old.pk}


def test_a_suppressed_message_shows_its_reason(advisor_client, customer):
    message = queue(customer, channel="sms")
    page = advisor_client.get(f"/staff/messages/{message.pk}/").content.decode()
    assert "No mobile number is on record." in page
    assert "No attempt was made" in page


def test_the_message_page_shows_the_content_and_every_attempt(advisor_client, customer):
    message = queue(customer, context={"message": "<script>alert(1)</script>"})
    deliver_due()
    page = advisor_client.get(f"/staff/messages/{message.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert 'sandbox title="E-mail as sent" srcdoc="' in page
    assert "Accepted by the provider" in page


def test_resend_queues_a_copy_linked_to_the_original(advisor_client, advisor, customer):
    original = queue(customer)
    response = advisor_client.post(f"/staff/messages/{original.pk}/resend/")
    copy = Message.objects.get(resend_of=original)
    assert response["Location"] == f"/staff/messages/{copy.pk}/"
    assert copy.created_by == advisor


def test_cancel_stops_a_queued_message(advisor_client, customer):
    message = queue(customer)
    advisor_client.post(f"/staff/messages/{message.pk}/cancel/")
    message.refresh_from_db()
    assert message.state == Message.State.CANCELLED
    assert deliver_due() == {}


def test_a_technician_sees_messages_but_cannot_resend(technician_client, customer):
    message = queue(customer)
    assert technician_client.get(f"/staff/messages/{message.pk}/").status_code == 200
    assert technician_client.post(f"/staff/messages/{message.pk}/resend/").status_code == 403
    assert Message.objects.count() == 1


def test_the_counts_of_the_last_24_hours(advisor_client, customer):
    queue(customer)
    deliver_due()
    queue(customer, channel="sms")
    with time_machine.travel(timezone.now() - timedelta(hours=25)):
        queue(customer, channel="sms")
    response = advisor_client.get("/staff/messages/last-24-hours/")
    assert response.context["counts"] == {"sent": 1, "failed": 0, "suppressed": 1, "waiting": 0}


def test_staff_send_a_message_from_the_work_order(advisor_client, advisor, work_order):
    response = advisor_client.post(
        f"/staff/work-orders/{work_order.number}/messages/",
        {"channel": "email", "message": "Ready tomorrow."},
    )
    assert response.status_code == 302
    message = Message.objects.get(work_order=work_order)
    assert "Ready tomorrow." in message.body_text
    assert message.created_by == advisor
    page = advisor_client.get(f"/staff/work-orders/{work_order.number}/?tab=messages").content.decode()
    assert f"/staff/messages/{message.pk}/" in page


def test_a_message_that_cannot_be_sent_says_why(advisor_client, work_order):
    response = advisor_client.post(
        f"/staff/work-orders/{work_order.number}/messages/", {"channel": "sms", "message": "Ready."}
    )
    assert response.status_code == 422
    assert "Not sent: No mobile number is on record." in response.content.decode()
    assert Message.objects.get(work_order=work_order).state == Message.State.SUPPRESSED


def test_templates_list_every_kind_in_both_languages(owner, client):
    client.force_login(owner)
    page = client.get("/staff/templates/").content.decode()
    assert "/staff/templates/workorder.closed/email/de/" in page
    assert "/staff/templates/workorder.closed/sms/en/" in page


def test_a_template_with_an_unknown_placeholder_cannot_be_saved(owner, client):
    client.force_login(owner)
    response = client.post(
        "/staff/templates/workorder.closed/email/en/", {"subject": "Done", "body": "Hello {{ customer_nam }}"}
    )
    assert response.status_code == 422
    assert "Unknown placeholder: customer_nam" in response.content.decode()
    assert not MessageTemplate.objects.exists()


def test_a_saved_template_is_used_for_the_next_message(owner, client, work_order):
    client.force_login(owner)
    response = client.post(
        "/staff/templates/workorder.closed/email/en/",
        {"subject": "All done, {{ customer_name }}", "body": "{{ work_order_number }} is ready."},
    )
    assert response.status_code == 302
    message = services.queue_message("workorder.closed", channel="email", work_order=work_order)
    assert (message.subject, message.body_text) == ("All done, Anna Becker", f"{work_order.number} is ready.")


def test_the_preview_renders_sample_data_or_lists_problems(owner, client):
    client.force_login(owner)
    ok = client.post(
        "/staff/templates/workorder.closed/sms/de/preview/", {"body": "Hallo {{ customer_name }}"}
    )
    assert "Hallo Anna Becker" in ok.content.decode()
    assert "1 SMS segment" in ok.content.decode()
    bad = client.post(
        "/staff/templates/workorder.closed/sms/de/preview/", {"body": "{% for x in y %}{% endfor %}"}
    )
    assert "This template cannot be saved" in bad.content.decode()


def _preview_document(page: str) -> str:
    """The HTML document of the preview's iframe, as the browser reads it from `srcdoc`."""
    frames = re.findall(r'<iframe class="mail-preview"[^>]*\ssrcdoc="([^"]*)"', page)
    assert len(frames) == 1, page
    return html.unescape(frames[0])


def test_the_email_preview_shows_the_whole_email_in_the_shops_name_and_colour(owner, client):
    ShopProfile.objects.update_or_create(
        pk=1, defaults={"name": 'Repair "Café" & Co', "brand_colour": "#7c3aed"}
    )
    client.force_login(owner)
    page = client.get("/staff/templates/workorder.closed/email/en/").content.decode()
    document = _preview_document(page)
    assert document.startswith("<!doctype html>")
    assert document.rstrip().endswith("</html>")
    assert "Thank you for your trust." in document  # the last sentence before the signature
    assert "Repair &quot;Café&quot; &amp; Co</div>" in document  # the shop's name, escaped once
    assert "background:#7c3aed" in document
    typed = client.post(
        "/staff/templates/workorder.closed/email/en/preview/",
        {"subject": "Done", "body": 'Hello "{{ customer_name }}",\n\nSee you <soon> at {{ shop_name }}.'},
    ).content.decode()
    assert "See you &lt;soon&gt; at Repair &quot;Café&quot; &amp; Co." in _preview_document(typed)


def test_a_service_advisor_cannot_change_templates(advisor_client):
    response = advisor_client.post("/staff/templates/workorder.closed/sms/en/", {"body": "Hi"})
    assert response.status_code == 404
    assert not MessageTemplate.objects.exists()


def test_reset_goes_back_to_the_default(owner, client):
    MessageTemplate.objects.create(kind="workorder.closed", channel="sms", language="en", body="Mine")
    client.force_login(owner)
    client.post("/staff/templates/workorder.closed/sms/en/reset/")
    assert not MessageTemplate.objects.exists()


def test_an_unknown_template_slot_is_404(owner, client):
    client.force_login(owner)
    assert client.get("/staff/templates/no.such.kind/email/en/").status_code == 404
    assert client.get("/staff/templates/workorder.closed/pigeon/en/").status_code == 404
