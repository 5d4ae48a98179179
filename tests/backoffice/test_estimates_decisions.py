"""Staff record the customer's decision given by phone, fax, e-mail or in person; the dispute loop
(thread, acknowledge, reply, revise and send a new version with its differences); the versions list
with every decision per job; and the work required that approved jobs become."""

import zoneinfo
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from fixloop.backoffice.timeline import describe
from fixloop.estimates import services
from fixloop.estimates.models import (
    Decision,
    DecisionChannel,
    DisputeMessage,
    Estimate,
    JobDecision,
    Part,
    RequiredWork,
)
from fixloop.repairs.models import TimelineEntry
from tests.estimates.fixtures import decide_all, job_keys

HTMX = {"HX-Request": "true"}
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")  # the shop's time zone (ShopProfile's default)


def url(work_order, path: str = "") -> str:
    return f"/staff/work-orders/{work_order.number}/estimate/{path}"


def post(client, work_order, path: str, data: dict | None = None):
    return client.post(url(work_order, path), data or {}, headers=HTMX)


def decision_data(estimate, choices: dict, **extra) -> dict:
    version = estimate.current_version
    data = {
        "version_number": version.number,
        "version_hash": version.content_hash,
        "channel": "phone",
        "signed_name": "Anna Becker",
        "decided_at": "",
    }
    for key, choice in choices.items():
        data[f"job_{key}"] = choice
    data.update(extra)
    return data


def nothing_decided(estimate) -> bool:
    estimate.refresh_from_db()
    return estimate.state == Estimate.State.AWAITING and not JobDecision.objects.exists()


@pytest.fixture
def disputed_estimate(sent_estimate, customer_actor):
    """The customer disputed the display's part online and approved the fan cleaning."""
    display, fan = job_keys(sent_estimate)
    version = sent_estimate.current_version
    services.decide(
        sent_estimate,
        version_number=version.number,
        version_hash=version.content_hash,
        choices={
            display: services.Choice(
                Decision.DISPUTED, dispute_subject="parts", note="The part costs 32 euros online."
            ),
            fan: services.Choice(Decision.APPROVED),
        },
        signed_name="Anna Becker",
        authorised=True,
        by=customer_actor,
    )
    sent_estimate.refresh_from_db()
    return sent_estimate


# ----------------------------------------------------------------------------- decisions recorded by staff


def test_an_advisor_records_a_decision_received_by_phone(advisor_client, advisor, work_order, sent_estimate):
    display, fan = job_keys(sent_estimate)
    when = (timezone.now() - timedelta(hours=2)).astimezone(BERLIN).replace(second=0, microsecond=0)
    response = post(
        advisor_client,
        work_order,
        "decision/",
        decision_data(
            sent_estimate,
            {display: "approved", fan: "declined"},
            decided_at=when.strftime("%Y-%m-%dT%H:%M"),
        ),
    )
    assert response.status_code == 200
    sent_estimate.refresh_from_db()
    assert sent_estimate.state == Estimate.State.PARTLY_APPROVED
    decisions = {d.job_key: d for d in JobDecision.objects.all()}
    assert decisions[display].decision == Decision.APPROVED
    assert decisions[fan].decision == Decision.DECLINED
    for decision in decisions.values():
        assert decision.channel == DecisionChannel.PHONE
        assert decision.signed_name == "Anna Becker"
        assert decision.recorded_by == advisor
        assert decision.decided_at == when  # the local time typed, in the shop's time zone
    entry = TimelineEntry.objects.filter(work_order=work_order, data__event="decided").get()
    sentence = describe(entry, when.tzinfo)
    assert "Recorded by Anton Advisor on the customer's behalf: by phone, Anna Becker," in sentence
    assert when.strftime("%d %b %Y %H:%M") in sentence
    assert entry.user == advisor
    text = response.content.decode()
    assert "Partly approved" in text
    assert "By phone" in text and "Anton Advisor" in text
    # The approved job is now work required, with how it was approved.
    work = RequiredWork.objects.get(cancelled_at__isnull=True)
    assert work.description == "Replace the display"
    assert f'id="required-work-{work.pk}"' in text
    assert "recorded by Anton Advisor" in text


def test_the_decision_time_defaults_to_now(advisor_client, work_order, sent_estimate):
    choices = {key: "approved" for key in job_keys(sent_estimate)}
    before = timezone.now()
    response = post(advisor_client, work_order, "decision/", decision_data(sent_estimate, choices))
    assert response.status_code == 200
    for decision in JobDecision.objects.all():
        assert before <= decision.decided_at <= timezone.now()
        assert decision.ip == "127.0.0.1"


@pytest.mark.parametrize("channel", ["fax", "email", "in_person"])
def test_decisions_by_fax_e_mail_and_in_person_are_recorded_too(
    advisor_client, work_order, sent_estimate, channel
):
    choices = {key: "approved" for key in job_keys(sent_estimate)}
    data = decision_data(sent_estimate, choices, channel=channel)
    assert post(advisor_client, work_order, "decision/", data).status_code == 200
    assert set(JobDecision.objects.values_list("channel", flat=True)) == {channel}


def test_a_dispute_received_by_phone_opens_the_thread(advisor_client, work_order, sent_estimate):
    display, fan = job_keys(sent_estimate)
    data = decision_data(
        sent_estimate,
        {display: "disputed", fan: "approved"},
        **{f"subject_{display}": "parts", f"note_{display}": "Found the part cheaper."},
    )
    response = post(advisor_client, work_order, "decision/", data)
    assert response.status_code == 200
    sent_estimate.refresh_from_db()
    assert sent_estimate.state == Estimate.State.DISPUTED
    message = DisputeMessage.objects.get()
    assert (message.text, message.job_key) == ("Found the part cheaper.", display)
    assert "Found the part cheaper." in response.content.decode()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"job_{fan}": ""}, "job_{fan}", "Approve, decline or dispute this job."),
        ({"job_{fan}": "disputed"}, "job_{fan}", "Say what you dispute: labour, parts or both."),
        (
            {"job_{fan}": "disputed", "subject_{fan}": "labour"},
            "job_{fan}",
            "Tell us what you dispute in a short note.",
        ),
        ({"signed_name": " "}, "signed_name", "This field is required."),
        ({"channel": "online"}, "channel", "Select a valid choice."),
        ({"decided_at": "yesterday"}, "decided_at", "Enter a valid date/time."),
    ],
)
def test_an_incomplete_decision_is_refused_with_field_messages_and_nothing_recorded(
    advisor_client, work_order, sent_estimate, change, field, message
):
    display, fan = job_keys(sent_estimate)
    data = decision_data(sent_estimate, {display: "approved", fan: "approved"})
    data.update({name.format(fan=fan): value for name, value in change.items()})
    response = post(advisor_client, work_order, "decision/", data)
    assert response.status_code == 422
    errors = response.context["area"]["decision_form"].errors[field.format(fan=fan)]
    assert any(error.startswith(message) for error in errors)
    assert nothing_decided(sent_estimate)


def test_a_decision_in_the_future_is_refused(advisor_client, work_order, sent_estimate):
    later = (timezone.now() + timedelta(hours=3)).astimezone(BERLIN)
    data = decision_data(
        sent_estimate,
        {key: "approved" for key in job_keys(sent_estimate)},
        decided_at=later.strftime("%Y-%m-%dT%H:%M"),
    )
    response = post(advisor_client, work_order, "decision/", data)
    assert response.status_code == 422
    assert response.context["area"]["decision_form"].errors["decided_at"] == [
        "The time the customer decided cannot be in the future."
    ]
    assert nothing_decided(sent_estimate)


def test_a_decision_on_a_version_no_longer_current_is_refused(
    advisor_client, work_order, sent_estimate, staff_actor
):
    old = decision_data(sent_estimate, {key: "approved" for key in job_keys(sent_estimate)})
    part = Part.objects.get()
    services.save_part(
        sent_estimate,
        by=staff_actor,
        job=part.job,
        part=part,
        part_number="4711",
        description=part.description,
        quantity=Decimal("1"),
        unit_price=Decimal("32.00"),
        vat_rate=part.vat_rate,
    )
    services.submit(sent_estimate, by=staff_actor)
    response = post(advisor_client, work_order, "decision/", old)
    assert response.status_code == 422
    text = response.content.decode()
    assert "This estimate has changed since the page was opened." in text
    assert not JobDecision.objects.exists()
    # The form offered again is the one for the new version.
    assert response.context["area"]["decision_form"].initial["version_number"] == 2


def test_a_decided_estimate_offers_no_decision_form(
    advisor_client, work_order, sent_estimate, customer_actor
):
    decide_all(sent_estimate, customer_actor, Decision.APPROVED)
    area = advisor_client.get(url(work_order)).context["area"]
    assert "decision_form" not in area
    response = post(
        advisor_client,
        work_order,
        "decision/",
        decision_data(sent_estimate, {key: "declined" for key in job_keys(sent_estimate)}),
    )
    assert response.status_code == 422
    assert "This estimate has already been decided." in response.content.decode()


# ----------------------------------------------------------------------------- the versions list


def test_each_version_lists_the_decision_per_job_with_how_who_when_and_from_where(
    advisor_client, work_order, sent_estimate, customer_actor
):
    decide_all(sent_estimate, customer_actor, Decision.APPROVED)
    response = advisor_client.get(url(work_order))
    [version] = response.context["area"]["versions"]
    rows = {job["description"]: decision for job, decision in version.rows}
    decision = rows["Replace the display"]
    assert (decision.channel, decision.signed_name, decision.recorded_by) == ("online", "Anna Becker", None)
    text = response.content.decode()
    assert "Online, by the customer" in text
    assert decision.ip in text


# ----------------------------------------------------------------------------- the dispute loop


def test_the_dispute_thread_shows_the_customers_note_on_the_work_order_page(
    advisor_client, work_order, disputed_estimate
):
    text = advisor_client.get(f"/staff/work-orders/{work_order.number}/?tab=estimate").content.decode()
    assert "In dispute" in text
    assert "The part costs 32 euros online." in text
    assert "not acknowledged yet" in text
    assert "Acknowledge the dispute" in text


def test_acknowledging_a_dispute_with_a_note(advisor_client, advisor, work_order, disputed_estimate):
    response = post(
        advisor_client, work_order, "dispute/acknowledge/", {"note": "We are checking the price."}
    )
    assert response.status_code == 200
    disputed_estimate.refresh_from_db()
    assert disputed_estimate.dispute_acknowledged_at is not None
    reply = DisputeMessage.objects.get(side=DisputeMessage.Side.STAFF)
    assert (reply.text, reply.user) == ("We are checking the price.", advisor)
    text = response.content.decode()
    assert "We are checking the price." in text
    assert "The part costs 32 euros online." in text
    assert "acknowledged" in text and "Acknowledge the dispute" not in text
    assert TimelineEntry.objects.filter(work_order=work_order, data__event="dispute_acknowledged").exists()


def test_acknowledging_twice_is_refused(advisor_client, work_order, disputed_estimate, staff_actor):
    services.acknowledge_dispute(disputed_estimate, by=staff_actor)
    response = post(advisor_client, work_order, "dispute/acknowledge/", {"note": ""})
    assert response.status_code == 422
    assert "The dispute was already acknowledged." in response.content.decode()


def test_replying_in_the_dispute_thread(advisor_client, work_order, disputed_estimate):
    response = post(advisor_client, work_order, "dispute/reply/", {"text": "We can order it for 35 euros."})
    assert response.status_code == 200
    thread = list(DisputeMessage.objects.values_list("side", "text"))
    assert thread == [
        ("customer", "The part costs 32 euros online."),
        ("staff", "We can order it for 35 euros."),
    ]
    text = response.content.decode()
    assert text.index("The part costs 32 euros online.") < text.index("We can order it for 35 euros.")


def test_an_empty_reply_is_refused(advisor_client, work_order, disputed_estimate):
    response = post(advisor_client, work_order, "dispute/reply/", {"text": "   "})
    assert response.status_code == 422
    assert response.context["area"]["reply_form"].errors["text"] == ["This field is required."]
    assert DisputeMessage.objects.count() == 1


def test_replying_when_there_is_no_dispute_is_refused(advisor_client, work_order, sent_estimate):
    response = post(advisor_client, work_order, "dispute/reply/", {"text": "Hello"})
    assert response.status_code == 422
    assert "This estimate is not in dispute." in response.content.decode()
    assert not DisputeMessage.objects.exists()


def test_revising_a_disputed_estimate_shows_the_unsent_changes_and_the_new_versions_difference(
    advisor_client, work_order, disputed_estimate, vat_standard
):
    part = Part.objects.get()
    response = post(
        advisor_client,
        work_order,
        f"parts/{part.pk}/",
        {
            f"part-{part.pk}-job": part.job_id,
            f"part-{part.pk}-part_number": "4711",
            f"part-{part.pk}-description": "Part 4711",
            f"part-{part.pk}-quantity": "1",
            f"part-{part.pk}-unit_price": "35.00",
            f"part-{part.pk}-vat_rate": vat_standard.pk,
        },
    )
    assert response.status_code == 200
    area = response.context["area"]
    assert area["unsent"] is True
    assert [(c.what, c.before, c.after) for c in area["changes"] if c.what == "Part 4711"] == [
        ("Part 4711", "380.80", "41.65")
    ]
    text = response.content.decode()
    assert 'id="estimate-unsent"' in text
    assert "380.80" in text and "41.65" in text

    response = post(advisor_client, work_order, "send/", {"notify": "on"})
    assert response.status_code == 200
    disputed_estimate.refresh_from_db()
    assert disputed_estimate.state == Estimate.State.AWAITING
    assert disputed_estimate.current_version.number == 2
    area = response.context["area"]
    assert area["unsent"] is False
    newest, first = area["versions"]
    assert (newest.number, first.number) == (2, 1)
    assert ("Part 4711", "380.80", "41.65") in [(c.what, c.before, c.after) for c in newest.changes]
    assert first.changes is None
    text = response.content.decode()
    assert "Changes from version 1:" in text
    assert "unsent changes" not in text
    # The dispute of version 1 stays readable in the thread.
    assert "The part costs 32 euros online." in text


def test_a_job_approved_earlier_and_unchanged_stays_work_required_in_the_next_version(
    advisor_client, work_order, sent_estimate, customer_actor
):
    display, fan = job_keys(sent_estimate)
    version = sent_estimate.current_version
    services.decide(
        sent_estimate,
        version_number=version.number,
        version_hash=version.content_hash,
        choices={display: services.Choice(Decision.APPROVED), fan: services.Choice(Decision.DECLINED)},
        signed_name="Anna Becker",
        authorised=True,
        by=customer_actor,
    )
    assert (
        post(advisor_client, work_order, "note/", {"note": "Fan cleaning included for free."}).status_code
        == 200
    )
    response = post(advisor_client, work_order, "send/", {})
    assert response.status_code == 200
    area = response.context["area"]
    assert [work.description for work in area["required_work"]] == ["Replace the display"]
    assert "Unchanged from an earlier version" in response.content.decode()


def test_technicians_with_price_rights_see_the_dispute_thread_but_cannot_answer(
    shop, technician_client, work_order, disputed_estimate
):
    shop.technicians_see_prices = True
    shop.save()
    text = technician_client.get(f"/staff/work-orders/{work_order.number}/?tab=estimate").content.decode()
    assert "The part costs 32 euros online." in text
    assert "estimate-acknowledge-form" not in text
    assert "estimate-reply-form" not in text
    assert "estimate-decision-form" not in text
    assert post(technician_client, work_order, "dispute/reply/", {"text": "Hi"}).status_code == 403
    assert DisputeMessage.objects.count() == 1


def test_technicians_without_price_rights_do_not_see_the_dispute_thread(
    technician_client, work_order, disputed_estimate
):
    # the customer's notes can name amounts ("32 euros")
    text = technician_client.get(f"/staff/work-orders/{work_order.number}/?tab=estimate").content.decode()
    assert "The part costs 32 euros online." not in text
    assert 'id="estimate-state"' in text


def test_times_are_shown_in_the_shops_time_zone(advisor_client, work_order, sent_estimate, staff_actor):
    version = sent_estimate.current_version
    moment = (timezone.now() - timedelta(hours=3)).replace(second=0, microsecond=0)
    local = moment.astimezone(zoneinfo.ZoneInfo("Europe/Berlin"))
    services.decide(
        sent_estimate,
        version_number=version.number,
        version_hash=version.content_hash,
        choices={key: services.Choice(Decision.APPROVED) for key in job_keys(sent_estimate)},
        signed_name="Anna Becker",
        authorised=False,
        by=staff_actor,
        channel=DecisionChannel.PHONE,
        decided_at=moment,
    )
    text = advisor_client.get(url(work_order)).content.decode()
    assert local.strftime("%H:%M") in text
    assert f'datetime="{local.isoformat()}"' in text


# ----------------------------------------------------------------------------- the reader's language


def test_a_german_back_office_shows_the_estimate_and_its_timeline_in_german(
    advisor_client, work_order, disputed_estimate, vat_standard, staff_actor
):
    """The sentences are written when the page is shown, in the reader's language, from the facts
    the entries store: the same entries read in English on an English page."""
    advisor_client.cookies["django_language"] = "de"
    services.acknowledge_dispute(disputed_estimate, by=staff_actor)
    part = Part.objects.get()
    response = post(
        advisor_client,
        work_order,
        f"parts/{part.pk}/",
        {
            f"part-{part.pk}-job": part.job_id,
            f"part-{part.pk}-part_number": "4711",
            f"part-{part.pk}-description": "Part 4711",
            f"part-{part.pk}-quantity": "1",
            f"part-{part.pk}-unit_price": "1035.00",
            f"part-{part.pk}-vat_rate": vat_standard.pk,
        },
    )
    changes = [(c.before, c.after) for c in response.context["area"]["changes"]]
    assert ("380,80", "1.231,65") in changes  # German numbers in the difference
    post(advisor_client, work_order, "send/", {"notify": "on"})

    page = advisor_client.get(f"/staff/work-orders/{work_order.number}/?tab=timeline").content.decode()
    assert "Kostenvoranschlag Version 2 gesendet: " in page
    assert "Die Werkstatt hat den Eingang der Beanstandung bestätigt" in page
    assert "Estimate version" not in page and "acknowledged the dispute" not in page
    advisor_client.cookies["django_language"] = "en"
    page = advisor_client.get(f"/staff/work-orders/{work_order.number}/?tab=timeline").content.decode()
    assert "Estimate version 2 sent: " in page and "The shop acknowledged the dispute" in page
