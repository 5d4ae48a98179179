"""Estimates over the API: a draft with jobs and parts, its changes, submitting it, the versions with
the customer's decisions, the dispute thread and the approval links — with the scopes, 404s,
idempotent creates and field-naming problems every resource has, and the same effects as the back
office's estimate tab."""

from decimal import Decimal

import pytest

from fixloop.estimates import services
from fixloop.estimates.models import Estimate, EstimateVersion, Job, Part
from fixloop.messaging.models import Message
from fixloop.repairs import services as repair_services
from fixloop.repairs.models import TimelineEntry
from tests.estimates.fixtures import decide_all

DRAFT = {
    "note": "The display cable is worn.",
    "jobs": [
        {
            "description": "Replace the display",
            "pricing": "hourly",
            "hours": "1.50",
            "hourly_rate": "80.00",
            "parts": [
                {"part_number": "4711", "description": "Display", "quantity": "1", "unit_price": "320.00"}
            ],
        },
        {"description": "Clean the fan", "pricing": "fixed", "fixed_price": "25.00"},
    ],
}


def draft_for(work_order, **changes):
    return {"work_order_id": work_order.pk, **DRAFT, **changes}


@pytest.fixture
def second_work_order(customer, location, statuses, staff_actor):
    return repair_services.open_work_order(
        customer=customer, location=location, problem_description="No sound.", by=staff_actor
    )


def test_a_draft_is_started_with_its_jobs_and_parts(api, work_order):
    response = api.post("/estimates", draft_for(work_order))
    assert response.status_code == 201, response.content
    estimate = Estimate.objects.get(work_order=work_order)
    assert response.json()["id"] == estimate.pk
    assert [job.description for job in estimate.jobs.all()] == ["Replace the display", "Clean the fan"]
    assert Part.objects.get().job.description == "Replace the display"


def test_a_job_without_a_vat_rate_takes_the_locations_default(api, work_order, vat_standard):
    api.post("/estimates", draft_for(work_order))
    assert {job.vat_rate for job in Job.objects.all()} == {vat_standard}


def test_the_draft_is_read_with_its_jobs_and_parts(api, estimate):
    body = api.get(f"/estimates/{estimate.pk}").json()
    assert body["state"] == "draft"
    assert [job["description"] for job in body["jobs"]] == ["Replace the display", "Clean the fan"]
    assert body["jobs"][0]["parts"][0]["unit_price"] == "320.00"


def test_estimates_are_listed_by_work_order(api, estimate, second_work_order, staff_actor):
    services.start_estimate(second_work_order, by=staff_actor)
    body = api.get("/estimates", {"work_order_id": estimate.work_order_id}).json()
    assert [item["id"] for item in body["items"]] == [estimate.pk]


def test_reading_estimates_needs_the_estimates_read_scope(api_for, estimate):
    response = api_for(["work_orders:read"]).get(f"/estimates/{estimate.pk}")
    assert response.status_code == 403


def test_starting_an_estimate_needs_the_write_scope(api_for, work_order):
    response = api_for(["estimates:read"]).post("/estimates", draft_for(work_order))
    assert response.status_code == 403
    assert not Estimate.objects.exists()


def test_an_unknown_estimate_is_404(api, estimate):
    assert api.get(f"/estimates/{estimate.pk + 1000}").status_code == 404


def test_a_job_of_another_estimate_is_404_and_unchanged(
    api, estimate, second_work_order, staff_actor, vat_standard
):
    other = services.start_estimate(second_work_order, by=staff_actor)
    job = estimate.jobs.first()
    response = api.patch(f"/estimates/{other.pk}/jobs/{job.pk}", {"description": "Changed"})
    assert response.status_code == 404
    job.refresh_from_db()
    assert job.description == "Replace the display"


def test_a_part_of_another_estimate_cannot_be_removed(api, estimate, second_work_order, staff_actor):
    other = services.start_estimate(second_work_order, by=staff_actor)
    part = Part.objects.get(job__estimate=estimate)
    assert api.send("DELETE", f"/estimates/{other.pk}/parts/{part.pk}").status_code == 404
    assert Part.objects.filter(pk=part.pk).exists()


def test_the_same_key_starts_one_estimate_and_answers_the_same(api, work_order):
    key = {"Idempotency-Key": "estimate-1"}
    first = api.post("/estimates", draft_for(work_order), headers=key)
    again = api.post("/estimates", draft_for(work_order), headers=key)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Estimate.objects.count() == 1


def test_a_negative_amount_names_the_field_and_writes_nothing(api, work_order):
    body = draft_for(work_order, jobs=[{**DRAFT["jobs"][0], "hours": "-1"}])
    response = api.post("/estimates", body)
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["jobs.0.hours"]
    assert not Estimate.objects.exists()


def test_a_refused_part_names_its_place_and_writes_nothing(api, work_order):
    part = {"description": "", "quantity": "1", "unit_price": "5.00"}
    body = draft_for(work_order, jobs=[{**DRAFT["jobs"][1], "parts": [part]}])
    response = api.post("/estimates", body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "jobs.0.parts.0.description"
    assert not Estimate.objects.exists() and not Job.objects.exists()


def test_an_hourly_job_without_hours_names_the_field(api, work_order):
    job = {"description": "Diagnose", "pricing": "hourly", "hourly_rate": "80.00"}
    response = api.post("/estimates", draft_for(work_order, jobs=[job]))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "jobs.0.hours"


def test_a_vat_rate_of_another_location_names_the_field(api, work_order):
    from tests.factories import LocationFactory, VatRateFactory

    foreign = VatRateFactory(location=LocationFactory(name="Hamburg", code="HAM"), label="Standard")
    body = draft_for(work_order, jobs=[{**DRAFT["jobs"][1], "vat_rate_id": foreign.pk}])
    response = api.post("/estimates", body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "jobs.0.vat_rate_id"
    assert not Estimate.objects.exists()


def test_a_second_estimate_for_a_work_order_is_refused(api, estimate):
    response = api.post("/estimates", draft_for(estimate.work_order))
    assert response.status_code == 422
    assert Estimate.objects.count() == 1


def test_a_job_is_added_changed_and_removed(api, estimate):
    added = api.post(
        f"/estimates/{estimate.pk}/jobs",
        {"description": "Update BIOS", "pricing": "fixed", "fixed_price": "15"},
    )
    assert added.status_code == 201, added.content
    job_id = added.json()["id"]
    changed = api.patch(f"/estimates/{estimate.pk}/jobs/{job_id}", {"fixed_price": "18.00"})
    assert changed.json()["fixed_price"] == "18.00"
    assert api.send("DELETE", f"/estimates/{estimate.pk}/jobs/{job_id}").status_code == 204
    assert not Job.objects.filter(pk=job_id).exists()


def test_a_part_is_added_to_a_job_and_changed(api, estimate):
    job = estimate.jobs.get(description="Clean the fan")
    added = api.post(
        f"/estimates/{estimate.pk}/jobs/{job.pk}/parts",
        {"description": "Thermal paste", "quantity": "1", "unit_price": "4.50"},
    )
    assert added.status_code == 201, added.content
    changed = api.patch(f"/estimates/{estimate.pk}/parts/{added.json()['id']}", {"quantity": "2"})
    assert changed.status_code == 200, changed.content
    assert Part.objects.get(pk=added.json()["id"]).quantity == 2


def test_the_note_is_changed(api, estimate):
    response = api.patch(f"/estimates/{estimate.pk}", {"note": "Also dusty."})
    assert response.json()["note"] == "Also dusty."


def test_submitting_sends_the_first_version(api, estimate):
    response = api.post(f"/estimates/{estimate.pk}/submit", {})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"] == 1
    assert [job["description"] for job in body["content"]["jobs"]] == ["Replace the display", "Clean the fan"]
    estimate.refresh_from_db()
    assert estimate.state == Estimate.State.AWAITING


def test_submitting_an_empty_draft_is_refused(api, work_order, staff_actor):
    estimate = services.start_estimate(work_order, by=staff_actor)
    response = api.post(f"/estimates/{estimate.pk}/submit", {})
    assert response.status_code == 422
    assert not EstimateVersion.objects.exists()


def test_the_versions_carry_the_customers_decision_per_job(api, sent_estimate, customer_actor):
    decide_all(sent_estimate, customer_actor, "approved")
    body = api.get(f"/estimates/{sent_estimate.pk}/versions").json()
    decisions = body["items"][0]["decisions"]
    assert [decision["decision"] for decision in decisions] == ["approved", "approved"]
    assert {decision["job_key"] for decision in decisions} == set(
        sent_estimate.jobs.values_list("pk", flat=True)
    )
    assert decisions[0]["signed_name"] == "Anna Becker"


def test_one_version_is_read_by_its_number(api, sent_estimate):
    assert api.get(f"/estimates/{sent_estimate.pk}/versions/1").json()["number"] == 1
    assert api.get(f"/estimates/{sent_estimate.pk}/versions/2").status_code == 404


def test_the_dispute_thread_is_read(api, sent_estimate, customer_actor):
    decide_all(sent_estimate, customer_actor, "disputed", dispute_subject="parts", note="Too expensive.")
    body = api.get(f"/estimates/{sent_estimate.pk}/dispute-messages").json()
    assert (body["items"][0]["side"], body["items"][0]["text"]) == ("customer", "Too expensive.")
    assert body["items"][0]["version"] == 1


def test_an_approval_link_is_issued_for_a_sent_estimate(api, sent_estimate):
    response = api.post(f"/estimates/{sent_estimate.pk}/approval-link")
    assert response.status_code == 201, response.content
    assert "/" in response.json()["url"]


def test_a_draft_has_no_approval_link(api, estimate):
    assert api.post(f"/estimates/{estimate.pk}/approval-link").status_code == 409


def test_revoking_stops_the_links_and_is_on_the_timeline(api, sent_estimate):
    issued = services.links.link_for_estimate(sent_estimate, by=repair_services_actor())
    response = api.send("DELETE", f"/estimates/{sent_estimate.pk}/approval-link")
    assert response.json() == {"revoked": 1}
    issued.refresh_from_db()
    assert issued.revoked_at is not None
    entry = TimelineEntry.objects.filter(work_order=sent_estimate.work_order).latest("pk")
    assert (entry.data["event"], entry.actor, entry.actor_name) == (
        "links_revoked",
        "integration",
        "Dealer system",
    )


def repair_services_actor():
    from fixloop.core.actor import Actor

    return Actor.system("test")


# ----------------------------------------------------------------------------- same as the back office


OWN_IDS = ("estimate", "hash", "link", "replaces")  # each side's own estimate, content and links


def without_own_ids(data: dict) -> dict:
    return {key: "<own>" if key in OWN_IDS and value else value for key, value in data.items()}


def effects(work_order, after_entry_id: int):
    entries = TimelineEntry.objects.filter(work_order=work_order, pk__gt=after_entry_id).order_by("pk")
    messages = Message.objects.filter(work_order=work_order).order_by("pk")
    return (
        [(entry.kind, entry.public, entry.text, without_own_ids(entry.data)) for entry in entries],
        [(message.kind, message.channel, message.recipient, message.state) for message in messages],
    )


def test_submitting_writes_the_same_entry_and_message_as_the_back_office(
    client, advisor, api, work_order, second_work_order, staff_actor, vat_standard
):
    for each in (work_order, second_work_order):
        estimate = services.start_estimate(each, by=staff_actor)
        services.save_job(
            estimate,
            by=staff_actor,
            description="Clean",
            pricing="fixed",
            fixed_price=Decimal("25.00"),
            vat_rate=vat_standard,
        )
    marks = [
        TimelineEntry.objects.filter(work_order=each).latest("pk").pk
        for each in (work_order, second_work_order)
    ]
    client.force_login(advisor)
    staff = client.post(f"/staff/work-orders/{work_order.number}/estimate/send/", {"notify": "on"})
    assert staff.status_code == 302, staff.content
    api_response = api.post(f"/estimates/{second_work_order.estimate.pk}/submit", {"notify": True})
    assert api_response.status_code == 201, api_response.content
    by_staff, by_api = effects(work_order, marks[0]), effects(second_work_order, marks[1])
    assert by_staff == by_api
    assert by_staff[0] and by_staff[1], "submitting wrote no entry or no message"
