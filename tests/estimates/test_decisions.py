"""Sending versions, the customer's decisions, disputes, expiry and the work required."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from fixloop.backoffice.timeline import describe
from fixloop.estimates import services, signals
from fixloop.estimates.diff import diff
from fixloop.estimates.models import (
    Decision,
    DecisionChannel,
    DisputeMessage,
    Estimate,
    EstimateVersion,
    JobDecision,
    RequiredWork,
)
from fixloop.repairs.models import TimelineEntry
from tests.conftest import ListenerFailed
from tests.estimates.fixtures import decide_all, job_keys
from tests.factories import BROWSER, CUSTOMER_IP, STAFF_IP

State = Estimate.State


def _estimate_entries(work_order):
    return list(work_order.timeline.filter(kind=TimelineEntry.Kind.ESTIMATE).order_by("id"))


def _reprice_part(estimate, staff, price):
    part = estimate.jobs.first().parts.get()
    services.save_part(
        estimate,
        by=staff,
        job=part.job,
        part=part,
        part_number=part.part_number,
        description=part.description,
        quantity=part.quantity,
        unit_price=Decimal(price),
        vat_rate=part.vat_rate,
    )


# ----------------------------------------------------------------------------- submitting


def test_submitting_freezes_a_version_with_its_hash(estimate, staff_actor, work_order):
    version = services.submit(estimate, by=staff_actor)
    estimate.refresh_from_db()
    assert estimate.state == State.AWAITING and estimate.current_version == version
    assert version.number == 1 and len(version.content_hash) == 64
    assert version.content_hash == services.content_hash(version.content)
    assert (version.net, version.vat, version.gross) == (
        Decimal("465.00"),
        Decimal("85.35"),
        Decimal("550.35"),
    )
    [entry] = _estimate_entries(work_order)
    assert entry.public and entry.data["hash"] == version.content_hash and entry.ip == STAFF_IP
    assert (entry.data["total"], entry.text) == ("550.35", "")  # facts, not a sentence
    assert "550.35 EUR" in describe(entry)


def test_a_sent_version_is_never_edited(sent_estimate, staff_actor):
    version = sent_estimate.current_version
    version.content["jobs"] = []
    with pytest.raises(TypeError):
        version.save()
    with pytest.raises(TypeError):
        EstimateVersion.objects.filter(pk=version.pk).update(gross=0)
    with pytest.raises(TypeError):
        version.delete()
    _reprice_part(sent_estimate, staff_actor, "32.00")
    version.refresh_from_db()
    assert version.content["jobs"][0]["parts"][0]["unit_price"] == "320.00"


def test_an_estimate_without_jobs_cannot_be_sent(work_order, staff_actor):
    estimate = services.start_estimate(work_order, by=staff_actor)
    with pytest.raises(ValidationError, match="at least one job"):
        services.submit(estimate, by=staff_actor)
    assert not EstimateVersion.objects.exists()


def test_sending_the_same_content_twice_is_refused(sent_estimate, staff_actor):
    with pytest.raises(ValidationError, match="Nothing has changed since version 1"):
        services.submit(sent_estimate, by=staff_actor)
    assert sent_estimate.versions.count() == 1


def test_a_new_version_before_the_decision_replaces_the_pending_one(
    sent_estimate, staff_actor, customer_actor
):
    stale = sent_estimate.current_version
    _reprice_part(sent_estimate, staff_actor, "32.00")
    services.submit(sent_estimate, by=staff_actor)
    sent_estimate.refresh_from_db()
    assert sent_estimate.current_version.number == 2 and sent_estimate.state == State.AWAITING
    changes = diff(stale.content, sent_estimate.current_version.content)
    assert ("Part 4711", "380.80", "38.08") in [(c.what, c.before, c.after) for c in changes]


def test_a_failing_receiver_rolls_the_submit_back(estimate, staff_actor, fail_signal):
    fail_signal(signals.estimate_submitted)
    with pytest.raises(ListenerFailed):
        services.submit(estimate, by=staff_actor)
    estimate.refresh_from_db()
    assert estimate.state == State.DRAFT and not EstimateVersion.objects.exists()


# ----------------------------------------------------------------------------- deciding


def test_approving_every_job_records_who_when_and_from_where(
    sent_estimate, customer_actor, work_order, capture_signal
):
    calls = capture_signal(signals.estimate_decided)
    decide_all(sent_estimate, customer_actor, Decision.APPROVED)
    sent_estimate.refresh_from_db()
    assert sent_estimate.state == State.APPROVED
    decisions = JobDecision.objects.all()
    assert {(d.channel, d.signed_name, d.ip, d.user_agent) for d in decisions} == {
        (DecisionChannel.ONLINE, "Anna Becker", CUSTOMER_IP, BROWSER)
    }
    entry = _estimate_entries(work_order)[-1]
    assert entry.ip == CUSTOMER_IP and entry.user_agent == BROWSER and entry.public
    assert entry.data["hash"] == sent_estimate.current_version.content_hash
    assert "Authorised online by Anna Becker" in describe(entry)
    assert len(calls) == 1


def test_approved_jobs_become_work_required(sent_estimate, customer_actor, work_order):
    display, fan = job_keys(sent_estimate)
    version = sent_estimate.current_version
    services.decide(
        sent_estimate,
        version_number=1,
        version_hash=version.content_hash,
        choices={display: services.Choice(Decision.APPROVED), fan: services.Choice(Decision.DECLINED)},
        signed_name="Anna Becker",
        authorised=True,
        by=customer_actor,
    )
    sent_estimate.refresh_from_db()
    assert sent_estimate.state == State.PARTLY_APPROVED
    [work] = work_order.required_work.filter(cancelled_at__isnull=True)
    assert work.description == "Replace the display" and work.hours == Decimal("1.50")
    assert work.parts == [{"part_number": "4711", "description": "Part 4711", "quantity": "1"}]


def test_declining_everything(sent_estimate, customer_actor):
    decide_all(sent_estimate, customer_actor, Decision.DECLINED)
    sent_estimate.refresh_from_db()
    assert sent_estimate.state == State.DECLINED and not RequiredWork.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"signed_name": "  "}, "signed_name"),
        ({"authorised": False}, "authorised"),
    ],
)
def test_a_decision_needs_the_typed_name_and_the_tick(sent_estimate, customer_actor, kwargs, field):
    version = sent_estimate.current_version
    values = {"signed_name": "Anna Becker", "authorised": True, **kwargs}
    with pytest.raises(ValidationError) as error:
        services.decide(
            sent_estimate,
            version_number=1,
            version_hash=version.content_hash,
            choices={key: services.Choice(Decision.APPROVED) for key in job_keys(sent_estimate)},
            by=customer_actor,
            **values,
        )
    assert field in error.value.message_dict
    assert not JobDecision.objects.exists()


def test_every_job_needs_a_decision(sent_estimate, customer_actor):
    display, _fan = job_keys(sent_estimate)
    with pytest.raises(ValidationError) as error:
        services.decide(
            sent_estimate,
            version_number=1,
            version_hash=sent_estimate.current_version.content_hash,
            choices={display: services.Choice(Decision.APPROVED)},
            signed_name="Anna Becker",
            authorised=True,
            by=customer_actor,
        )
    assert len(error.value.message_dict) == 1
    assert not JobDecision.objects.exists()


def test_a_job_of_another_estimate_is_refused(sent_estimate, customer_actor):
    choices = {key: services.Choice(Decision.APPROVED) for key in job_keys(sent_estimate)}
    choices[999999] = services.Choice(Decision.APPROVED)
    with pytest.raises(ValidationError, match="not awaiting a decision"):
        services.decide(
            sent_estimate,
            version_number=1,
            version_hash=sent_estimate.current_version.content_hash,
            choices=choices,
            signed_name="Anna Becker",
            authorised=True,
            by=customer_actor,
        )
    assert not JobDecision.objects.exists()


def test_a_dispute_needs_a_subject_and_a_note(sent_estimate, customer_actor):
    for choice in (
        services.Choice(Decision.DISPUTED, note="Too much"),
        services.Choice(Decision.DISPUTED, "parts"),
    ):
        with pytest.raises(ValidationError, match=r"dispute|note"):
            decide_all(
                sent_estimate,
                customer_actor,
                choice.decision,
                dispute_subject=choice.dispute_subject,
                note=choice.note,
            )
    assert not JobDecision.objects.exists()


def test_a_decision_on_an_old_version_is_refused(sent_estimate, staff_actor, customer_actor):
    old = sent_estimate.current_version
    _reprice_part(sent_estimate, staff_actor, "32.00")
    services.submit(sent_estimate, by=staff_actor)
    with pytest.raises(ValidationError, match="changed since the page was opened"):
        services.decide(
            sent_estimate,
            version_number=old.number,
            version_hash=old.content_hash,
            choices={key: services.Choice(Decision.APPROVED) for key in job_keys(sent_estimate)},
            signed_name="Anna Becker",
            authorised=True,
            by=customer_actor,
        )
    assert not JobDecision.objects.exists()


def test_a_forged_hash_is_refused(sent_estimate, customer_actor):
    with pytest.raises(ValidationError, match="changed since"):
        services.decide(
            sent_estimate,
            version_number=1,
            version_hash="0" * 64,
            choices={key: services.Choice(Decision.APPROVED) for key in job_keys(sent_estimate)},
            signed_name="Anna Becker",
            authorised=True,
            by=customer_actor,
        )


def test_a_second_decision_is_told_it_was_already_decided(sent_estimate, customer_actor):
    version = sent_estimate.current_version
    stale_copy = Estimate.objects.get(pk=sent_estimate.pk)  # the second tab, opened before the first decided
    decide_all(sent_estimate, customer_actor, Decision.APPROVED)
    with pytest.raises(ValidationError, match="already been decided"):
        services.decide(
            stale_copy,
            version_number=version.number,
            version_hash=version.content_hash,
            choices={key: services.Choice(Decision.DECLINED) for key in job_keys(stale_copy)},
            signed_name="Anna Becker",
            authorised=True,
            by=customer_actor,
        )
    assert set(JobDecision.objects.values_list("decision", flat=True)) == {Decision.APPROVED}


# ----------------------------------------------------------------------------- expiry


def test_an_expired_estimate_cannot_be_approved_and_says_whom_to_call(
    sent_estimate, customer_actor, location
):
    location.phone = "+49301234567"
    location.save()
    with time_machine.travel(timezone.now() + timedelta(days=30)), pytest.raises(ValidationError) as error:
        decide_all(sent_estimate, customer_actor, Decision.APPROVED)
    assert (
        "expired" in str(error.value)
        and "+49301234567" in str(error.value)
        and "Berlin Mitte" in str(error.value)
    )
    assert not JobDecision.objects.exists()


def test_staff_extend_an_expired_estimate_and_the_customer_can_decide(
    sent_estimate, staff_actor, customer_actor
):
    later = timezone.now() + timedelta(days=30)
    with time_machine.travel(later):
        services.extend(sent_estimate, later.date() + timedelta(days=7), by=staff_actor)
        decide_all(sent_estimate, customer_actor, Decision.APPROVED)
    sent_estimate.refresh_from_db()
    assert sent_estimate.state == State.APPROVED


def test_a_decided_estimate_is_not_extended(sent_estimate, staff_actor, customer_actor):
    decide_all(sent_estimate, customer_actor, Decision.APPROVED)
    with pytest.raises(ValidationError, match="no longer be extended"):
        services.extend(sent_estimate, sent_estimate.valid_until + timedelta(days=3), by=staff_actor)


# ----------------------------------------------------------------------------- the dispute loop


def test_the_dispute_loop(sent_estimate, staff_actor, customer_actor, work_order):
    display, fan = job_keys(sent_estimate)
    services.decide(
        sent_estimate,
        version_number=1,
        version_hash=sent_estimate.current_version.content_hash,
        choices={
            display: services.Choice(Decision.DISPUTED, "parts", "Part 4711 costs 32 euros online."),
            fan: services.Choice(Decision.APPROVED),
        },
        signed_name="Anna Becker",
        authorised=True,
        by=customer_actor,
    )
    sent_estimate.refresh_from_db()
    assert sent_estimate.state == State.DISPUTED
    assert list(work_order.required_work.values_list("description", flat=True)) == ["Clean the fan"]

    services.acknowledge_dispute(
        sent_estimate, by=staff_actor, note="You are right, we will check the price."
    )
    with pytest.raises(ValidationError, match="already acknowledged"):
        services.acknowledge_dispute(sent_estimate, by=staff_actor)
    services.add_dispute_message(sent_estimate, "Thank you!", by=customer_actor)
    thread = list(DisputeMessage.objects.values_list("side", "text"))
    assert thread == [
        ("customer", "Part 4711 costs 32 euros online."),
        ("staff", "You are right, we will check the price."),
        ("customer", "Thank you!"),
    ]

    _reprice_part(sent_estimate, staff_actor, "32.00")
    services.submit(sent_estimate, by=staff_actor)
    sent_estimate.refresh_from_db()
    assert sent_estimate.state == State.AWAITING and sent_estimate.dispute_acknowledged_at is None
    version = sent_estimate.current_version
    # The unchanged, approved fan cleaning keeps its approval; only the revised job is asked again.
    assert [job["key"] for job in services.pending_jobs(version)] == [display]
    carried = version.decisions.get(job_key=fan)
    assert carried.channel == DecisionChannel.CARRIED_OVER
    decide_all(sent_estimate, customer_actor, Decision.APPROVED)
    sent_estimate.refresh_from_db()
    assert sent_estimate.state == State.APPROVED
    current = work_order.required_work.filter(cancelled_at__isnull=True)
    assert sorted(current.values_list("description", flat=True)) == ["Clean the fan", "Replace the display"]
    assert current.get(job_key=fan).version.number == 1  # the same authorisation, not a new one
    events = [entry.data["event"] for entry in _estimate_entries(work_order)]
    assert events == ["submitted", "decided", "dispute_acknowledged", "dispute_note", "submitted", "decided"]


def test_an_increase_of_approved_work_needs_the_customer_again(
    sent_estimate, staff_actor, customer_actor, work_order
):
    decide_all(sent_estimate, customer_actor, Decision.APPROVED)
    _reprice_part(sent_estimate, staff_actor, "400.00")
    services.submit(sent_estimate, by=staff_actor)
    sent_estimate.refresh_from_db()
    display, fan = job_keys(sent_estimate)
    assert sent_estimate.state == State.AWAITING
    assert [job["key"] for job in services.pending_jobs(sent_estimate.current_version)] == [display]
    # Until the customer says yes to the increase, the earlier authorisation stands.
    assert work_order.required_work.get(job_key=display, cancelled_at__isnull=True).version.number == 1
    decide_all(sent_estimate, customer_actor, Decision.DECLINED)
    sent_estimate.refresh_from_db()
    assert sent_estimate.state == State.PARTLY_APPROVED
    assert list(
        work_order.required_work.filter(cancelled_at__isnull=True).values_list("job_key", flat=True)
    ) == [fan]


def test_removing_only_declined_work_needs_no_new_decision(sent_estimate, staff_actor, customer_actor):
    display, fan = job_keys(sent_estimate)
    services.decide(
        sent_estimate,
        version_number=1,
        version_hash=sent_estimate.current_version.content_hash,
        choices={display: services.Choice(Decision.DECLINED), fan: services.Choice(Decision.APPROVED)},
        signed_name="Anna Becker",
        authorised=True,
        by=customer_actor,
    )
    services.remove_job(sent_estimate.jobs.get(pk=display), by=staff_actor)
    services.submit(sent_estimate, by=staff_actor)
    sent_estimate.refresh_from_db()
    assert sent_estimate.state == State.APPROVED


# ----------------------------------------------------------------------------- on the customer's behalf


def test_staff_record_a_decision_given_by_phone(sent_estimate, staff_actor, work_order):
    called_at = timezone.now() - timedelta(hours=2)
    decisions = services.decide(
        sent_estimate,
        version_number=1,
        version_hash=sent_estimate.current_version.content_hash,
        choices={key: services.Choice(Decision.APPROVED) for key in job_keys(sent_estimate)},
        signed_name="Anna Becker",
        authorised=False,
        by=staff_actor,
        channel=DecisionChannel.PHONE,
        decided_at=called_at,
    )
    assert {(d.channel, d.recorded_by.username, d.decided_at) for d in decisions} == {
        ("phone", "advisor", called_at)
    }
    entry = _estimate_entries(work_order)[-1]
    assert "Recorded by Anton Advisor on the customer's behalf: by phone, Anna Becker" in describe(entry)
    assert entry.data["channel"] == "phone" and entry.user.username == "advisor"


def test_a_customer_cannot_claim_a_phone_decision(sent_estimate, customer_actor):
    with pytest.raises(ValidationError) as error:
        services.decide(
            sent_estimate,
            version_number=1,
            version_hash=sent_estimate.current_version.content_hash,
            choices={key: services.Choice(Decision.APPROVED) for key in job_keys(sent_estimate)},
            signed_name="Anna Becker",
            authorised=True,
            by=customer_actor,
            channel=DecisionChannel.PHONE,
        )
    assert "channel" in error.value.message_dict


def test_a_phone_decision_cannot_be_in_the_future(sent_estimate, staff_actor):
    with pytest.raises(ValidationError) as error:
        services.decide(
            sent_estimate,
            version_number=1,
            version_hash=sent_estimate.current_version.content_hash,
            choices={key: services.Choice(Decision.APPROVED) for key in job_keys(sent_estimate)},
            signed_name="Anna Becker",
            authorised=False,
            by=staff_actor,
            channel=DecisionChannel.PHONE,
            decided_at=timezone.now() + timedelta(hours=1),
        )
    assert "decided_at" in error.value.message_dict


def test_a_phone_decision_cannot_be_before_the_version_was_sent(sent_estimate, staff_actor):
    with pytest.raises(ValidationError) as error:
        services.decide(
            sent_estimate,
            version_number=1,
            version_hash=sent_estimate.current_version.content_hash,
            choices={key: services.Choice(Decision.APPROVED) for key in job_keys(sent_estimate)},
            signed_name="Anna Becker",
            authorised=False,
            by=staff_actor,
            channel=DecisionChannel.PHONE,
            decided_at=sent_estimate.current_version.submitted_at - timedelta(minutes=5),
        )
    assert "decided_at" in error.value.message_dict
