"""The "estimate ready" message: sent when staff submit an estimate version with notify, through a
real SMTP server on loopback, with the customer's link and the estimate PDF, in their language."""

import io
from datetime import UTC, datetime

import pypdf
import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from fixloop.documents import estimate_pdf
from fixloop.documents.pdf import DocumentError
from fixloop.estimates import services
from fixloop.estimates.models import Decision, DisputeSubject
from fixloop.messaging import estimates as estimate_messages
from fixloop.messaging import rules
from fixloop.messaging.kinds import KINDS
from fixloop.messaging.models import Message
from fixloop.messaging.tasks import deliver_due
from fixloop.portal import approval_links
from tests.estimates.fixtures import add_job, decide_all
from tests.factories import RegionFactory

KIND = "estimate_ready"


def submit(estimate, by, **kwargs):
    version = services.submit(estimate, by=by, **kwargs)
    estimate.refresh_from_db()
    return version


def ready_messages():
    return Message.objects.filter(kind=KIND)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def plain_body(email) -> str:
    return email.get_body(("plain",)).get_content().replace("\r\n", "\n")


def subject(email) -> str:
    return " ".join(str(email["Subject"]).split())


def test_submitting_with_notify_emails_the_customer_the_link_and_the_pdf(
    shop, smtp_server, estimate, staff_actor
):
    version = submit(estimate, staff_actor)

    assert deliver_due() == {"sent": 1}
    [received] = smtp_server.received
    email = received.email
    number = estimate.work_order.number
    assert received.rcpt_tos == ["anna@example.com"]
    assert subject(email) == f"Your estimate for work order {number}"
    body = plain_body(email)
    link = approval_links.url_of(estimate.links.get())
    assert link and link.startswith("http")
    assert link in body
    assert link in email.get_body(("html",)).get_content()
    assert body.startswith(
        "Hello Anna Becker,\n\nour estimate (version 1) for Lenovo ThinkPad T14 · PF-11111"
    )
    assert "550.35 EUR incl. VAT" in body
    assert f"valid until {estimate.valid_until:%d %b %Y}" in body
    [attachment] = list(email.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == f"estimate-{number}-v1.pdf"
    printed = pdf_text(attachment.get_content())
    assert "Replace the display" in printed and version.content_hash[:12] in printed


def test_the_message_is_in_the_customers_language(shop, smtp_server, estimate, customer, staff_actor):
    customer.language = "de"
    customer.save()
    submit(estimate, staff_actor)

    deliver_due()
    email = smtp_server.received[0].email
    assert subject(email) == f"Ihr Kostenvoranschlag zu Auftrag {estimate.work_order.number}"
    body = plain_body(email)
    assert body.startswith("Guten Tag Anna Becker,\n\nunser Kostenvoranschlag (Version 1)")
    assert "550,35 EUR" in body
    assert f"gilt bis {estimate.valid_until:%d.%m.%Y}" in body
    [attachment] = list(email.iter_attachments())
    assert "Kunde" in pdf_text(attachment.get_content())


def test_submitting_without_notify_sends_nothing(shop, smtp_server, estimate, staff_actor):
    submit(estimate, staff_actor, notify=False)

    assert not ready_messages().exists()
    assert deliver_due() == {}
    assert smtp_server.received == []


class Boom(Exception):
    pass


def test_a_rolled_back_submit_sends_nothing(shop, smtp_server, estimate, staff_actor):
    with pytest.raises(Boom), transaction.atomic():
        services.submit(estimate, by=staff_actor)
        assert ready_messages().count() == 1  # queued inside the transaction …
        raise Boom

    assert not ready_messages().exists()  # … and gone with it
    assert deliver_due() == {}
    assert smtp_server.received == []


def test_each_version_is_announced_once(shop, estimate, staff_actor, vat_standard):
    first = submit(estimate, staff_actor)
    add_job(estimate, staff_actor, vat_standard, description="Replace the keyboard", hours="1", rate="60")
    second = submit(estimate, staff_actor)

    by_version = {message.dedupe_key: message for message in ready_messages()}
    assert set(by_version) == {f"{KIND}:{first.pk}", f"{KIND}:{second.pk}"}
    assert "(version 2)" in by_version[f"{KIND}:{second.pk}"].body_text
    again = estimate_messages.send_estimate_ready(estimate, second, by=staff_actor)
    assert again == by_version[f"{KIND}:{second.pk}"]
    assert ready_messages().count() == 2


def test_a_version_approved_as_it_is_sent_asks_nothing_and_is_not_announced(
    shop, estimate, staff_actor, customer_actor
):
    submit(estimate, staff_actor)
    decide_all(estimate, customer_actor, Decision.APPROVED)
    services.remove_job(estimate.jobs.last(), by=staff_actor)  # the display keeps its approval
    submit(estimate, staff_actor)

    assert estimate.state == estimate.State.APPROVED
    assert ready_messages().count() == 1


def test_both_versions_carry_the_same_link(shop, estimate, staff_actor, vat_standard):
    submit(estimate, staff_actor)
    add_job(estimate, staff_actor, vat_standard, description="Replace the keyboard", hours="1", rate="60")
    submit(estimate, staff_actor)

    link = approval_links.url_of(estimate.links.get())
    assert all(link in message.body_text for message in ready_messages())


def test_the_customers_decisions_and_dispute_notes_send_them_nothing(
    shop, estimate, staff_actor, customer_actor
):
    submit(estimate, staff_actor)
    decide_all(
        estimate, customer_actor, Decision.DISPUTED, dispute_subject=DisputeSubject.PARTS, note="Too dear."
    )
    services.add_dispute_message(estimate, "The part costs 250 elsewhere.", by=customer_actor)

    assert Message.objects.filter(customer=estimate.work_order.customer).count() == 1


def test_a_customer_who_prefers_text_messages_gets_one_with_the_link_and_no_pdf(
    shop, estimate, customer, staff_actor
):
    customer.preferred_channel = "sms"
    customer.mobile = "+4915112345678"
    customer.sms_consent_at = timezone.now()
    customer.save()
    with time_machine.travel(datetime(2026, 11, 23, 10, 0, tzinfo=UTC), tick=False):
        submit(estimate, staff_actor)

    [message] = ready_messages()
    assert (message.channel, message.recipient, message.state) == ("sms", "+4915112345678", "queued")
    assert approval_links.url_of(estimate.links.get()) in message.body_text
    assert "550.35 EUR incl. VAT" in message.body_text
    assert not message.attachments.exists()


def test_a_text_message_submitted_at_night_waits_for_the_morning(shop, estimate, customer, staff_actor):
    customer.preferred_channel = "sms"
    customer.mobile = "+4915112345678"
    customer.sms_consent_at = timezone.now()
    customer.save()
    with time_machine.travel(datetime(2026, 11, 23, 22, 30, tzinfo=UTC), tick=False):  # 23:30 in Berlin
        submit(estimate, staff_actor)

    [message] = ready_messages()
    assert message.send_after == datetime(2026, 11, 24, 7, 0, tzinfo=UTC)  # 08:00 in Berlin


def test_without_consent_to_text_messages_the_customer_gets_an_email(shop, estimate, customer, staff_actor):
    customer.preferred_channel = "sms"
    customer.mobile = "+4915112345678"
    customer.save()
    submit(estimate, staff_actor)

    [message] = ready_messages()
    assert (message.channel, message.recipient) == ("email", "anna@example.com")
    assert message.attachments.get().content_type == "application/pdf"


def test_a_customer_who_prefers_fax_gets_the_pdf_by_fax(shop, settings, estimate, customer, staff_actor):
    settings.FAX_GATEWAY = "{number}@fax.example"
    customer.preferred_channel = "fax"
    customer.fax = "+49 30 1234567"
    customer.save()
    submit(estimate, staff_actor)

    [message] = ready_messages()
    assert (message.channel, message.state) == ("fax", "queued")
    assert message.attachments.get().filename == estimate_pdf.estimate_filename(estimate.current_version)


def test_replies_and_links_follow_the_regions_settings_and_else_the_location(
    shop, settings, estimate, customer, location, staff_actor, owner
):
    location.email = "berlin@werkstatt.example"
    location.save()
    submit(estimate, staff_actor)
    assert ready_messages().get().reply_to == "berlin@werkstatt.example"

    region = RegionFactory(name="Berlin", code="berlin")
    rules.save_settings(
        region,
        active=False,
        reply_to="service@werkstatt.example",
        portal_url="https://service.werkstatt.example/",
        flip_flop_hours=12,
        by=owner,
    )
    customer.region = region
    customer.save()
    add_job(estimate, staff_actor, estimate.work_order.location.vat_rates.first(), description="More work")
    version = submit(estimate, staff_actor)

    message = ready_messages().get(dedupe_key=f"{KIND}:{version.pk}")
    assert message.reply_to == "service@werkstatt.example"
    path = approval_links.url_of(estimate.links.get()).removeprefix(settings.SITE_URL.rstrip("/"))
    assert path.startswith("/")
    assert f"https://service.werkstatt.example{path}" in message.body_text


def test_when_the_pdf_cannot_be_made_the_customer_still_gets_the_link(
    shop, monkeypatch, estimate, staff_actor
):
    def broken(version, language):
        raise DocumentError("the template is broken")

    monkeypatch.setattr(estimate_messages, "render_estimate_pdf", broken)
    submit(estimate, staff_actor)

    [message] = ready_messages()
    assert message.state == "queued"
    assert approval_links.url_of(estimate.links.get()) in message.body_text
    assert not message.attachments.exists()


def test_the_kind_has_wording_in_both_languages_for_email_and_sms():
    kind = KINDS[KIND]
    assert set(kind.defaults) == {("email", "en"), ("email", "de"), ("sms", "en"), ("sms", "de")}
    for name in (
        "estimate_link",
        "estimate_total",
        "valid_until",
        "estimate_version",
        "work_order_number",
        "unit",
    ):
        assert name in kind.all_placeholders


def test_the_template_editor_lists_the_kind_and_opens_it(shop, client, owner):
    client.force_login(owner)
    page = client.get("/staff/templates/").content.decode()
    for channel in ("email", "sms"):
        for language in ("en", "de"):
            assert f"/staff/templates/{KIND}/{channel}/{language}/" in page
    edit = client.get(f"/staff/templates/{KIND}/email/de/")
    assert edit.status_code == 200
    assert "estimate_link" in edit.content.decode()
