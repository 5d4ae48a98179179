"""The customer decides on the estimate page: approve, decline or dispute per job, with their typed
name and the authorisation tick; a stale page, a second tab and an expired estimate are refused, and
a refused decision changes nothing."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fixloop.backoffice.timeline import describe
from fixloop.estimates import services
from fixloop.estimates.models import (
    DecisionChannel,
    DisputeMessage,
    Estimate,
    Job,
    JobDecision,
    RequiredWork,
)
from fixloop.portal.views.estimate_pages import FIELDS_MAX_BYTES
from fixloop.repairs.models import Attachment, TimelineEntry
from tests.factories import BROWSER, CUSTOMER_IP
from tests.portal.conftest import png_bytes
from tests.portal.estimate_helpers import decide_all, decision_data, job_keys

DECIDED = "?done=decided#decision-recorded"


def snapshot(estimate) -> tuple:
    estimate.refresh_from_db()
    return (
        estimate.state,
        estimate.current_version_id,
        JobDecision.objects.count(),
        TimelineEntry.objects.count(),
        DisputeMessage.objects.count(),
        Attachment.objects.count(),
        RequiredWork.objects.count(),
    )


def last_estimate_entry(work_order) -> TimelineEntry:
    return work_order.timeline.filter(kind=TimelineEntry.Kind.ESTIMATE).latest("created_at", "id")


def decide(client, path, data):
    return client.post(f"{path}decide/", data)


def test_approving_every_job_is_recorded_with_name_address_and_version(
    customer_client, sent_estimate, estimate_path
):
    version = sent_estimate.current_version
    response = decide(customer_client, estimate_path, decision_data(sent_estimate))
    assert response.status_code == 303
    assert response["Location"] == f"{estimate_path}{DECIDED}"
    sent_estimate.refresh_from_db()
    assert sent_estimate.state == Estimate.State.APPROVED
    decisions = list(version.decisions.all())
    assert len(decisions) == 2
    for decision in decisions:
        assert decision.decision == "approved"
        assert decision.channel == DecisionChannel.ONLINE
        assert decision.signed_name == "Anna Becker"
        assert decision.ip == CUSTOMER_IP
        assert decision.user_agent == BROWSER
    entry = last_estimate_entry(sent_estimate.work_order)
    assert entry.actor == "customer"
    assert entry.actor_name == "Anna Becker"
    assert entry.ip == CUSTOMER_IP
    assert entry.user_agent == BROWSER
    assert entry.public
    assert entry.data["event"] == "decided"
    assert entry.data["version"] == 1
    assert entry.data["hash"] == version.content_hash
    assert "Authorised online by Anna Becker." in describe(entry)
    assert RequiredWork.objects.filter(work_order=sent_estimate.work_order).count() == 2


def test_the_confirmation_shows_the_outcome(customer_client, sent_estimate, estimate_path):
    decide(customer_client, estimate_path, decision_data(sent_estimate))
    text = customer_client.get(f"{estimate_path}?done=decided").content.decode()
    assert "Thank you: we have received your decision." in text
    assert "The estimate is now: Approved." in text
    assert "We will carry out the work you approved." in text
    assert 'id="decision-form"' not in text


def test_declining_every_job(customer_client, sent_estimate, estimate_path):
    keys = job_keys(sent_estimate)
    data = decision_data(sent_estimate, dict.fromkeys(keys, "declined"))
    assert decide(customer_client, estimate_path, data).status_code == 303
    sent_estimate.refresh_from_db()
    assert sent_estimate.state == Estimate.State.DECLINED
    assert not RequiredWork.objects.exists()
    text = customer_client.get(f"{estimate_path}?done=decided").content.decode()
    assert "The estimate is now: Declined." in text


def test_one_job_approved_and_one_declined(customer_client, sent_estimate, estimate_path):
    display, fan = job_keys(sent_estimate)
    data = decision_data(sent_estimate, {display: "approved", fan: "declined"})
    assert decide(customer_client, estimate_path, data).status_code == 303
    sent_estimate.refresh_from_db()
    assert sent_estimate.state == Estimate.State.PARTLY_APPROVED
    assert list(RequiredWork.objects.values_list("description", flat=True)) == ["Replace the display"]


def test_disputing_a_job_with_a_note_and_a_photo(customer_client, media_root, sent_estimate, estimate_path):
    display, fan = job_keys(sent_estimate)
    photo = SimpleUploadedFile("quote.png", png_bytes(b"quote"), content_type="image/png")
    data = decision_data(
        sent_estimate,
        {display: "disputed", fan: "approved"},
        **{
            f"job_{display}_subject": "parts",
            f"job_{display}_note": "Another shop quoted 200 for this part.",
            f"job_{display}_photo": photo,
        },
    )
    assert decide(customer_client, estimate_path, data).status_code == 303
    sent_estimate.refresh_from_db()
    assert sent_estimate.state == Estimate.State.DISPUTED
    disputed = JobDecision.objects.get(job_key=display)
    assert disputed.decision == "disputed"
    assert disputed.dispute_subject == "parts"
    assert disputed.note == "Another shop quoted 200 for this part."
    message = DisputeMessage.objects.get()
    assert message.side == DisputeMessage.Side.CUSTOMER
    assert message.author_name == "Anna Becker"
    assert message.ip == CUSTOMER_IP
    assert message.job_key == display
    assert message.photo.original_name == "quote.png"
    assert not message.photo.public
    text = customer_client.get(f"{estimate_path}?done=decided").content.decode()
    assert "The estimate is now: In dispute." in text
    assert "Another shop quoted 200 for this part." in text
    assert "Photo: quote.png" in text
    assert 'id="note-form"' in text


@pytest.mark.parametrize(
    ("name", "authorised", "field", "message"),
    [
        ("", True, "signed_name", "This field is required."),
        ("   ", True, "signed_name", "This field is required."),
        ("Anna Becker", False, "authorised", "Tick the box to confirm your authorisation."),
    ],
)
def test_without_the_name_or_the_tick_nothing_is_saved(
    customer_client, sent_estimate, estimate_path, name, authorised, field, message
):
    before = snapshot(sent_estimate)
    response = decide(
        customer_client, estimate_path, decision_data(sent_estimate, name=name, authorised=authorised)
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert f'<p class="error" role="alert">{message}</p>' in text
    assert 'id="decision-form"' in text
    assert snapshot(sent_estimate) == before


def test_the_field_messages_stand_next_to_their_fields(customer_client, sent_estimate, estimate_path):
    response = decide(customer_client, estimate_path, decision_data(sent_estimate, name="", authorised=False))
    text = response.content.decode()
    name_at = text.index('name="signed_name"')
    assert text.index("This field is required.", name_at) < text.index('name="authorised"')
    assert text.index("Tick the box to confirm your authorisation.") > text.index('name="authorised"')


def test_a_job_left_undecided_is_named_and_nothing_is_saved(customer_client, sent_estimate, estimate_path):
    display, fan = job_keys(sent_estimate)
    before = snapshot(sent_estimate)
    response = decide(customer_client, estimate_path, decision_data(sent_estimate, {display: "approved"}))
    assert response.status_code == 422
    text = response.content.decode()
    fan_at = text.index(f'id="job-{fan}"')
    assert text.index("Approve, decline or dispute this job.") > fan_at
    assert f'name="job_{display}" value="approved" id="id_job_{display}_0" checked' in text
    assert snapshot(sent_estimate) == before


def test_a_dispute_needs_a_note(customer_client, sent_estimate, estimate_path):
    display, fan = job_keys(sent_estimate)
    before = snapshot(sent_estimate)
    data = decision_data(
        sent_estimate, {display: "disputed", fan: "approved"}, **{f"job_{display}_subject": "labour"}
    )
    response = decide(customer_client, estimate_path, data)
    assert response.status_code == 422
    assert "Tell us what you dispute in a short note." in response.content.decode()
    assert snapshot(sent_estimate) == before


def test_a_photo_of_the_wrong_kind_is_refused_and_nothing_is_stored(
    customer_client, media_root, sent_estimate, estimate_path
):
    display, fan = job_keys(sent_estimate)
    before = snapshot(sent_estimate)
    fake = SimpleUploadedFile("photo.png", b"MZ\x90\x00 not a picture", content_type="image/png")
    data = decision_data(
        sent_estimate,
        {display: "disputed", fan: "approved"},
        **{
            f"job_{display}_subject": "parts",
            f"job_{display}_note": "Too dear.",
            f"job_{display}_photo": fake,
        },
    )
    response = decide(customer_client, estimate_path, data)
    assert response.status_code == 422
    assert "does not match its name ending .png" in response.content.decode()
    assert snapshot(sent_estimate) == before
    assert not any(media_root.rglob("*.png"))


def test_a_stale_page_is_refused_and_the_new_version_is_shown(
    customer_client, sent_estimate, estimate_path, staff_actor
):
    stale = decision_data(sent_estimate)
    job = Job.objects.get(description="Clean the fan")
    services.save_job(
        sent_estimate,
        by=staff_actor,
        job=job,
        description=job.description,
        pricing=Job.Pricing.FIXED,
        fixed_price=Decimal("15.00"),
        vat_rate=job.vat_rate,
    )
    version = services.submit(sent_estimate, by=staff_actor)
    before = snapshot(sent_estimate)
    response = decide(customer_client, estimate_path, stale)
    assert response.status_code == 409
    text = response.content.decode()
    assert "This estimate has changed since the page was opened." in text
    assert "What changed since version 1" in text
    assert 'name="version" value="2"' in text
    assert f'name="version_hash" value="{version.content_hash}"' in text
    assert 'value="Anna Becker"' in text  # the typed name is kept
    assert snapshot(sent_estimate) == before


def test_a_forged_version_hash_is_refused(customer_client, sent_estimate, estimate_path):
    before = snapshot(sent_estimate)
    response = decide(customer_client, estimate_path, decision_data(sent_estimate, version_hash="0" * 64))
    assert response.status_code == 409
    assert snapshot(sent_estimate) == before


@pytest.mark.parametrize("version", ["", "x", "99999999999999999999", "-1"])
def test_a_missing_or_garbled_version_is_refused_as_stale(
    customer_client, sent_estimate, estimate_path, version
):
    before = snapshot(sent_estimate)
    response = decide(customer_client, estimate_path, decision_data(sent_estimate, version=version))
    assert response.status_code == 409
    assert "This estimate has changed since the page was opened." in response.content.decode()
    assert snapshot(sent_estimate) == before


def test_the_second_tab_is_told_it_was_already_decided(customer_client, sent_estimate, estimate_path):
    first = decision_data(sent_estimate)
    second = decision_data(sent_estimate, dict.fromkeys(job_keys(sent_estimate), "declined"))
    assert decide(customer_client, estimate_path, first).status_code == 303
    before = snapshot(sent_estimate)
    response = decide(customer_client, estimate_path, second)
    assert response.status_code == 409
    text = response.content.decode()
    assert "This estimate has already been decided." in text
    assert 'id="decision-form"' not in text
    assert snapshot(sent_estimate) == before
    assert set(JobDecision.objects.values_list("decision", flat=True)) == {"approved"}


def test_an_expired_estimate_refuses_a_decision(customer_client, sent_estimate, estimate_path):
    Estimate.objects.filter(pk=sent_estimate.pk).update(
        valid_until=services.local_today(sent_estimate) - timedelta(days=1)
    )
    before = snapshot(sent_estimate)
    response = decide(customer_client, estimate_path, decision_data(sent_estimate))
    assert response.status_code == 409
    text = response.content.decode()
    assert "can no longer be approved" in text
    assert 'id="decision-form"' not in text
    assert snapshot(sent_estimate) == before


def test_the_decision_url_takes_only_posts(customer_client, estimate_path):
    assert customer_client.get(f"{estimate_path}decide/").status_code == 405


def test_an_oversized_decision_is_refused_before_it_is_read(
    customer_client, settings, sent_estimate, estimate_path
):
    settings.ATTACHMENT_MAX_BYTES = 1024
    before = snapshot(sent_estimate)
    data = decision_data(sent_estimate, **{"padding": "x" * (FIELDS_MAX_BYTES + 4096)})
    response = decide(customer_client, estimate_path, data)
    assert response.status_code == 413
    assert snapshot(sent_estimate) == before


# ----------------------------------------------------------------------------- the dispute thread


@pytest.fixture
def disputed(sent_estimate, customer_actor):
    decide_all(sent_estimate, customer_actor, "disputed", dispute_subject="labour", note="Too many hours.")
    sent_estimate.refresh_from_db()
    return sent_estimate


def test_a_note_in_the_dispute_reaches_the_thread_and_the_timeline(customer_client, disputed, estimate_path):
    response = customer_client.post(f"{estimate_path}note/", {"text": "Can you do it in one hour?"})
    assert response.status_code == 303
    assert response["Location"] == f"{estimate_path}?done=note#dispute"
    message = DisputeMessage.objects.latest("id")
    assert message.text == "Can you do it in one hour?"
    assert message.side == DisputeMessage.Side.CUSTOMER
    assert message.author_name == "Anna Becker"
    assert message.ip == CUSTOMER_IP
    entry = last_estimate_entry(disputed.work_order)
    assert entry.data["event"] == "dispute_note"
    assert entry.ip == CUSTOMER_IP
    assert entry.user_agent == BROWSER
    text = customer_client.get(f"{estimate_path}?done=note").content.decode()
    assert "Thank you: your note has been sent to us." in text
    assert "Can you do it in one hour?" in text


def test_an_empty_note_is_refused(customer_client, disputed, estimate_path):
    before = snapshot(disputed)
    response = customer_client.post(f"{estimate_path}note/", {"text": "  "})
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    assert snapshot(disputed) == before


def test_a_note_is_refused_when_there_is_no_dispute(customer_client, sent_estimate, estimate_path):
    before = snapshot(sent_estimate)
    response = customer_client.post(f"{estimate_path}note/", {"text": "Hello?"})
    assert response.status_code == 409
    assert "This estimate is not in dispute." in response.content.decode()
    assert snapshot(sent_estimate) == before


# ----------------------------------------------------------------------------- the PDF


def test_the_estimate_pdf_downloads_through_the_link(client, sent_estimate, estimate_path):
    response = client.get(f"{estimate_path}estimate.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    number = sent_estimate.work_order.number
    assert response["Content-Disposition"] == f'inline; filename="estimate-{number}-v1.pdf"'
    assert response["Cache-Control"] == "private, no-store"


def test_after_a_dispute_the_new_version_asks_only_for_what_changed(
    customer_client, sent_estimate, estimate_path, customer_actor, staff_actor
):
    display, fan = job_keys(sent_estimate)
    version = sent_estimate.current_version
    services.decide(
        sent_estimate,
        version_number=version.number,
        version_hash=version.content_hash,
        choices={
            display: services.Choice("disputed", dispute_subject="parts", note="Too dear."),
            fan: services.Choice("approved"),
        },
        signed_name="Anna Becker",
        authorised=True,
        by=customer_actor,
    )
    part = Job.objects.get(pk=display).parts.get()
    services.save_part(
        sent_estimate,
        by=staff_actor,
        job=part.job,
        part=part,
        part_number=part.part_number,
        description=part.description,
        quantity=part.quantity,
        unit_price=Decimal("250.00"),
        vat_rate=part.vat_rate,
    )
    services.submit(sent_estimate, by=staff_actor)
    sent_estimate.refresh_from_db()
    text = customer_client.get(estimate_path).content.decode()
    assert 'id="estimate-state">Waiting for your decision<' in text
    assert "unchanged from an earlier version" in text
    assert f'name="job_{display}"' in text
    assert f'name="job_{fan}"' not in text
    assert "Too dear." in text  # the thread stays visible
    response = decide(customer_client, estimate_path, decision_data(sent_estimate, {display: "approved"}))
    assert response.status_code == 303
    sent_estimate.refresh_from_db()
    assert sent_estimate.state == Estimate.State.APPROVED


def test_the_pdf_is_in_the_customers_language(client, customer, estimate_path):
    customer.language = "de"
    customer.save()
    response = client.get(f"{estimate_path}estimate.pdf")
    assert response.status_code == 200
    assert response["Content-Language"] == "de"
    assert response.content.startswith(b"%PDF-")


def test_a_pdf_that_cannot_be_made_gets_a_page_not_an_error(client, estimate_path, monkeypatch):
    from fixloop.documents import estimate_pdf
    from fixloop.documents.pdf import DocumentError

    def broken(version, language):
        raise DocumentError("the template is broken")

    monkeypatch.setattr(estimate_pdf, "render_estimate_pdf", broken)
    response = client.get(f"{estimate_path}estimate.pdf")
    assert response.status_code == 503
    assert "The PDF could not be made just now." in response.content.decode()
