"""Finalising, submitting to the customer, authorisation, disputes, replies and revisions."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fixloop.invoicing import services, signals
from fixloop.invoicing.models import Authorisation, DisputeMessage, Invoice
from fixloop.repairs.models import TimelineEntry
from tests.factories import customer_actor_for

pytestmark = pytest.mark.django_db
State = Invoice.State


def events(invoice):
    return list(
        invoice.work_order.timeline.filter(kind=TimelineEntry.Kind.INVOICE)
        .order_by("id")
        .values_list("data__event", flat=True)
    )


def authorise(invoice, by, **overrides):
    values = {
        "revision": invoice.revision,
        "signed_name": "Anna Becker",
        "ticked": True,
        "by": by,
        **overrides,
    }
    return services.authorise(invoice, **values)


# ------------------------------------------------------------------ finalise directly


def test_finalising_numbers_the_invoice_and_dates_it(final_invoice):
    assert final_invoice.state == State.FINAL
    assert final_invoice.number.startswith("BER-")
    assert final_invoice.number.endswith("-000001")
    assert final_invoice.issue_date is not None


def test_finalising_is_recorded_and_announced(draft, staff_actor, capture_signal):
    calls = capture_signal(signals.invoice_finalised)
    services.finalise(draft, by=staff_actor)
    assert events(draft) == ["invoice_created", "invoice_finalised"]
    assert calls[0]["invoice"].number == draft.number


def test_a_customer_who_authorises_invoices_cannot_be_finalised_directly(
    draft, authorising_customer, staff_actor
):
    with pytest.raises(ValidationError) as refused:
        services.finalise(draft, by=staff_actor)
    assert refused.value.code == "needs_authorisation"
    draft.refresh_from_db()
    assert (draft.state, draft.number) == (State.DRAFT, None)


def test_finalising_twice_tells_the_second_clerk_it_is_final(final_invoice, staff_actor):
    stale = Invoice.objects.get(pk=final_invoice.pk)
    stale.state = State.DRAFT  # what the second clerk's page still shows
    with pytest.raises(ValidationError, match="final"):
        services.finalise(stale, by=staff_actor)
    assert Invoice.objects.get(pk=final_invoice.pk).number == final_invoice.number


def test_an_invoice_without_lines_cannot_be_finalised(draft, staff_actor):
    draft.lines.all().delete()
    with pytest.raises(ValidationError) as refused:
        services.finalise(draft, by=staff_actor)
    assert refused.value.code == "no_lines"


def test_a_cancelled_invoice_cannot_be_finalised(draft, staff_actor):
    services.cancel(draft, by=staff_actor)
    with pytest.raises(ValidationError, match="cancelled"):
        services.finalise(draft, by=staff_actor)


# ------------------------------------------------------------------ submit


def test_submitting_freezes_the_first_revision(submitted):
    revision = submitted.revisions.get()
    assert (submitted.state, submitted.revision, revision.number) == (State.SUBMITTED, 1, 1)
    assert revision.content["total"]["gross"] == "550.35"
    assert revision.content_hash == services.content_hash(revision.content)


def test_submitting_is_announced_with_its_revision(draft, authorising_customer, staff_actor, capture_signal):
    calls = capture_signal(signals.invoice_submitted)
    revision = services.submit(draft, by=staff_actor)
    assert calls[0]["revision"] == revision
    assert events(draft)[-1] == "invoice_submitted"


def test_a_customer_who_does_not_authorise_invoices_cannot_be_submitted_to(draft, staff_actor):
    with pytest.raises(ValidationError) as refused:
        services.submit(draft, by=staff_actor)
    assert refused.value.code == "no_authorisation"
    assert not draft.revisions.exists()


def test_a_submitted_invoice_cannot_be_finalised_by_staff(submitted, staff_actor):
    with pytest.raises(ValidationError):
        services.finalise(submitted, by=staff_actor)


def test_a_submitted_invoice_cannot_be_submitted_again(submitted, staff_actor):
    with pytest.raises(ValidationError):
        services.submit(submitted, by=staff_actor)
    assert submitted.revisions.count() == 1


# ------------------------------------------------------------------ authorise


def test_authorising_finalises_and_numbers_the_invoice(submitted, customer_actor, customer):
    authorise(submitted, customer_actor, customer=customer)
    submitted.refresh_from_db()
    assert submitted.state == State.FINAL
    assert submitted.number.endswith("-000001")


def test_an_authorisation_records_name_time_address_and_browser(submitted, customer_actor):
    authorisation = authorise(submitted, customer_actor)
    assert authorisation.signed_name == "Anna Becker"
    assert authorisation.ip == customer_actor.ip
    assert authorisation.user_agent == customer_actor.user_agent
    assert authorisation.revision.number == 1
    assert authorisation.authorised_at is not None


def test_an_authorisation_takes_the_given_address_and_browser(submitted, customer_actor):
    authorisation = authorise(submitted, customer_actor, ip="198.51.100.9", user_agent="Tablet")
    assert (authorisation.ip, authorisation.user_agent) == ("198.51.100.9", "Tablet")


def test_authorising_is_announced_and_recorded(submitted, customer_actor, capture_signal):
    authorised = capture_signal(signals.invoice_authorised)
    finalised = capture_signal(signals.invoice_finalised)
    authorise(submitted, customer_actor)
    assert authorised[0]["authorisation"].invoice == submitted
    assert finalised[0]["invoice"] == submitted
    assert events(submitted)[-2:] == ["invoice_finalised", "invoice_authorised"]


def test_authorising_without_the_tick_is_refused(submitted, customer_actor):
    with pytest.raises(ValidationError) as refused:
        authorise(submitted, customer_actor, ticked=False)
    assert "ticked" in refused.value.message_dict
    assert not Authorisation.objects.exists()


def test_authorising_without_a_name_is_refused(submitted, customer_actor):
    with pytest.raises(ValidationError) as refused:
        authorise(submitted, customer_actor, signed_name="  ")
    assert "signed_name" in refused.value.message_dict
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED


def test_authorising_an_old_revision_is_refused(submitted, customer_actor, staff_actor):
    services.dispute(submitted, revision=1, note="Too many hours", by=customer_actor)
    services.revise(submitted, by=staff_actor)
    services.submit(submitted, by=staff_actor)
    with pytest.raises(ValidationError) as refused:
        authorise(submitted, customer_actor, revision=1)
    assert refused.value.code == "old_revision"
    submitted.refresh_from_db()
    assert (submitted.state, submitted.revision) == (State.SUBMITTED, 2)


def test_another_customers_invoice_cannot_be_authorised(submitted, other_customer, customer_actor):
    with pytest.raises(ValidationError) as refused:
        authorise(submitted, customer_actor, customer=other_customer)
    assert refused.value.code == "not_yours"
    assert not Authorisation.objects.exists()


def test_a_draft_cannot_be_authorised(draft, authorising_customer, customer_actor):
    with pytest.raises(ValidationError, match="not waiting"):
        authorise(draft, customer_actor)


def test_a_final_invoice_cannot_be_authorised_again(submitted, customer_actor):
    authorise(submitted, customer_actor)
    with pytest.raises(ValidationError, match="already final"):
        authorise(submitted, customer_actor)
    assert Authorisation.objects.count() == 1


# ------------------------------------------------------------------ dispute, reply, revise


def test_a_dispute_returns_the_invoice_to_staff_with_the_note(submitted, customer_actor, capture_signal):
    calls = capture_signal(signals.invoice_disputed)
    line = submitted.lines.get(description="Part 4711")
    message = services.dispute(
        submitted, revision=1, note="We supplied this part", line=line, by=customer_actor
    )
    submitted.refresh_from_db()
    assert submitted.state == State.DISPUTED
    assert (message.side, message.line_key, message.line_description) == ("customer", line.pk, "Part 4711")
    assert calls[0]["message"] == message


def test_a_dispute_without_a_note_is_refused(submitted, customer_actor):
    with pytest.raises(ValidationError) as refused:
        services.dispute(submitted, revision=1, note="", by=customer_actor)
    assert "note" in refused.value.message_dict
    assert not DisputeMessage.objects.exists()


def test_a_dispute_of_another_invoices_line_is_refused(submitted, customer_actor):
    other = Invoice.objects.create(
        work_order=submitted.work_order,
        customer=submitted.customer,
        location=submitted.location,
        language="en",
        currency="EUR",
        state=State.CANCELLED,
    )
    foreign = other.lines.create(
        description="x",
        quantity=1,
        unit_price=1,
        vat_rate=submitted.lines.first().vat_rate,
        vat_percent=Decimal("19"),
        net=1,
        vat=0,
        gross=1,
    )
    with pytest.raises(ValidationError) as refused:
        services.dispute(submitted, revision=1, note="?", line=foreign, by=customer_actor)
    assert "line" in refused.value.message_dict


def test_another_customers_invoice_cannot_be_disputed(submitted, other_customer, customer_actor):
    with pytest.raises(ValidationError):
        services.dispute(submitted, revision=1, note="No", by=customer_actor, customer=other_customer)
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED


def test_an_old_revision_cannot_be_disputed(submitted, customer_actor, staff_actor):
    services.revise(submitted, by=staff_actor)
    services.submit(submitted, by=staff_actor)
    with pytest.raises(ValidationError) as refused:
        services.dispute(submitted, revision=1, note="No", by=customer_actor)
    assert refused.value.code == "old_revision"


def test_a_disputed_invoice_cannot_be_disputed_again(submitted, customer_actor):
    services.dispute(submitted, revision=1, note="No", by=customer_actor)
    with pytest.raises(ValidationError, match="already disputed"):
        services.dispute(submitted, revision=1, note="Still no", by=customer_actor)


def test_staff_reply_joins_the_thread_on_both_sides(submitted, customer_actor, staff_actor, capture_signal):
    calls = capture_signal(signals.invoice_dispute_reply)
    services.dispute(submitted, revision=1, note="Too many hours", by=customer_actor)
    services.reply(submitted, note="We will check the clock entries.", by=staff_actor)
    thread = list(submitted.dispute_messages.values_list("side", "text"))
    assert thread == [("customer", "Too many hours"), ("staff", "We will check the clock entries.")]
    assert calls[0]["message"].side == "staff"


def test_a_reply_outside_a_dispute_is_refused(submitted, staff_actor):
    with pytest.raises(ValidationError, match="not in dispute"):
        services.reply(submitted, note="Hello", by=staff_actor)


def test_a_revised_invoice_is_a_draft_again_and_can_be_edited(
    submitted, customer_actor, staff_actor, vat_standard
):
    services.dispute(submitted, revision=1, note="Too many hours", by=customer_actor)
    services.revise(submitted, by=staff_actor)
    line = submitted.lines.get(description="Replace the display")
    services.save_line(
        submitted,
        by=staff_actor,
        line=line,
        kind="labour",
        description=line.description,
        quantity=Decimal("1"),
        unit_price=line.unit_price,
        vat_rate=vat_standard,
    )
    revision = services.submit(submitted, by=staff_actor)
    assert revision.number == 2
    assert revision.content["total"]["gross"] == "502.75"


def test_the_whole_authorisation_path_is_on_the_timeline(submitted, customer_actor, staff_actor):
    services.dispute(submitted, revision=1, note="Too many hours", by=customer_actor)
    services.reply(submitted, note="Corrected", by=staff_actor)
    services.revise(submitted, by=staff_actor)
    services.submit(submitted, by=staff_actor)
    authorise(submitted, customer_actor_for("Anna Becker"))
    assert events(submitted) == [
        "invoice_created",
        "invoice_submitted",
        "invoice_disputed",
        "invoice_dispute_reply",
        "invoice_revised",
        "invoice_submitted",
        "invoice_finalised",
        "invoice_authorised",
    ]


# ------------------------------------------------------------------ send


def test_sending_a_final_invoice_is_announced(final_invoice, staff_actor, capture_signal):
    calls = capture_signal(signals.invoice_sent)
    services.send(final_invoice, by=staff_actor)
    assert calls[0]["invoice"] == final_invoice
    assert events(final_invoice)[-1] == "invoice_sent"


def test_a_draft_cannot_be_sent(draft, staff_actor):
    with pytest.raises(ValidationError, match="Only a final"):
        services.send(draft, by=staff_actor)


def test_a_customer_acting_for_several_accounts_may_authorise_any_of_theirs(
    submitted, customer, other_customer
):
    authorise(submitted, customer_actor_for("Anna Becker"), customer=[other_customer, customer])
    submitted.refresh_from_db()
    assert submitted.state == State.FINAL


def test_a_customer_acting_for_other_accounts_only_is_refused(submitted, other_customer, customer_actor):
    with pytest.raises(ValidationError) as refused:
        authorise(submitted, customer_actor, customer=[other_customer])
    assert refused.value.code == "not_yours"
