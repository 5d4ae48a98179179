"""The staff side of estimates on the work-order page: create, edit the draft with live totals, send,
extend; bad input refused field by field with nothing saved; who may do what; the polling refresh;
the version PDF and the list of estimates."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from fixloop.estimates import services
from fixloop.estimates.models import Decision, Estimate, EstimateVersion, Job, Part
from fixloop.repairs import services as repair_services
from fixloop.repairs.models import TimelineEntry
from tests.estimates.fixtures import decide_all
from tests.factories import LocationFactory, VatRateFactory

HTMX = {"HX-Request": "true"}


def url(work_order, path: str = "") -> str:
    return f"/staff/work-orders/{work_order.number}/estimate/{path}"


def post(client, work_order, path: str, data: dict | None = None):
    return client.post(url(work_order, path), data or {}, headers=HTMX)


def job_data(vat_rate, **changes) -> dict:
    data = {
        "description": "Replace the battery",
        "pricing": "hourly",
        "hours": "0.75",
        "hourly_rate": "80.00",
        "fixed_price": "",
        "vat_rate": vat_rate.pk,
    }
    data.update(changes)
    return {f"new-job-{name}": value for name, value in data.items()}


def part_data(for_job, vat_rate, **changes) -> dict:
    data = {
        "job": for_job.pk,
        "part_number": "BAT-55",
        "description": "Battery",
        "quantity": "2",
        "unit_price": "49.90",
        "vat_rate": vat_rate.pk,
    }
    data.update(changes)
    return {f"new-part-{name}": value for name, value in data.items()}


@pytest.fixture
def draft(work_order, staff_actor):
    """An estimate with nothing on it yet."""
    return services.start_estimate(work_order, by=staff_actor)


@pytest.fixture
def foreign_rate(db):
    return VatRateFactory(
        location=LocationFactory(name="Wien", code="VIE"), label="AT", rate=Decimal("20.00")
    )


def saved_state(estimate) -> tuple:
    estimate.refresh_from_db()
    return (
        estimate.updated_at,
        list(Job.objects.values_list("pk", "description", "hours", "hourly_rate", "fixed_price", "vat_rate")),
        list(Part.objects.values_list("pk", "description", "quantity", "unit_price", "vat_rate")),
    )


# ----------------------------------------------------------------------------- the section


def test_a_work_order_without_an_estimate_offers_to_create_one(advisor_client, work_order):
    text = advisor_client.get(f"/staff/work-orders/{work_order.number}/?tab=estimate").content.decode()
    assert 'id="estimate"' in text
    assert "Create estimate" in text
    assert 'id="work-required"' in text
    assert "Nothing approved yet." in text


def test_an_advisor_creates_an_estimate_with_validity_and_note(advisor_client, work_order):
    valid_until = timezone.localdate() + timedelta(days=10)
    response = post(
        advisor_client,
        work_order,
        "start/",
        {"valid_until": valid_until.isoformat(), "note": "The display cable is torn."},
    )
    assert response.status_code == 200
    estimate = Estimate.objects.get(work_order=work_order)
    assert estimate.valid_until == valid_until
    assert estimate.note == "The display cable is torn."
    assert estimate.state == Estimate.State.DRAFT
    text = response.content.decode()
    assert 'id="estimate-area"' in text
    assert "Add a job" in text


def test_creating_without_javascript_redirects_to_the_estimate_section(advisor_client, work_order):
    response = advisor_client.post(url(work_order, "start/"), {"valid_until": "", "note": ""})
    assert response.status_code == 302
    assert response["Location"] == f"/staff/work-orders/{work_order.number}/?tab=estimate"
    assert Estimate.objects.filter(work_order=work_order).exists()


def test_a_validity_date_in_the_past_is_refused_and_nothing_is_created(advisor_client, work_order):
    yesterday = timezone.localdate() - timedelta(days=1)
    response = post(advisor_client, work_order, "start/", {"valid_until": yesterday.isoformat()})
    assert response.status_code == 422
    assert "Choose today or a later date." in response.content.decode()
    assert not Estimate.objects.exists()


def test_an_estimate_cannot_be_created_twice(advisor_client, work_order, draft):
    response = post(advisor_client, work_order, "start/", {})
    assert response.status_code == 422
    assert "already has an estimate" in response.content.decode()
    assert Estimate.objects.count() == 1


# ----------------------------------------------------------------------------- the draft editor


def test_adding_a_job_shows_its_amounts_and_the_totals(advisor_client, work_order, draft, vat_standard):
    response = post(advisor_client, work_order, "jobs/", job_data(vat_standard))
    assert response.status_code == 200
    job = draft.jobs.get()
    assert (job.description, job.hours, job.hourly_rate) == (
        "Replace the battery",
        Decimal("0.75"),
        Decimal("80"),
    )
    text = response.content.decode()
    # 0.75 h × 80.00 = 60.00 net, 11.40 VAT (19 %), 71.40 gross
    assert "60.00" in text and "11.40" in text and "71.40 EUR" in text
    assert 'id="estimate-totals"' in text


def test_adding_a_fixed_price_job(advisor_client, work_order, draft, vat_reduced):
    data = job_data(vat_reduced, pricing="fixed", hours="", hourly_rate="", fixed_price="25.00")
    response = post(advisor_client, work_order, "jobs/", data)
    assert response.status_code == 200
    job = draft.jobs.get()
    assert (job.pricing, job.fixed_price, job.hours) == ("fixed", Decimal("25.00"), None)
    assert "26.75 EUR" in response.content.decode()  # 25.00 + 7 %


def test_adding_a_part_to_a_job_updates_the_totals(advisor_client, work_order, estimate, vat_standard):
    job = estimate.jobs.get(description="Clean the fan")
    response = post(advisor_client, work_order, "parts/", part_data(job, vat_standard))
    assert response.status_code == 200
    part = job.parts.get()
    assert (part.part_number, part.quantity, part.unit_price) == ("BAT-55", Decimal("2"), Decimal("49.90"))
    text = response.content.decode()
    assert "BAT-55 · Battery" in text
    # 2 × 49.90 = 99.80 net + 18.96 VAT = 118.76; estimate 550.35 + 118.76 = 669.11
    assert "118.76" in text
    assert "669.11 EUR" in text
    assert services.snapshot(estimate)["total"]["gross"] == "669.11"


def test_editing_a_job_and_a_part(advisor_client, work_order, estimate, vat_standard):
    job = estimate.jobs.get(description="Replace the display")
    part = job.parts.get()
    response = post(
        advisor_client,
        work_order,
        f"jobs/{job.pk}/",
        {
            f"job-{job.pk}-description": "Replace the display (OLED)",
            f"job-{job.pk}-pricing": "hourly",
            f"job-{job.pk}-hours": "2",
            f"job-{job.pk}-hourly_rate": "80.00",
            f"job-{job.pk}-vat_rate": vat_standard.pk,
        },
    )
    assert response.status_code == 200
    job.refresh_from_db()
    assert (job.description, job.hours) == ("Replace the display (OLED)", Decimal("2"))
    response = post(
        advisor_client,
        work_order,
        f"parts/{part.pk}/",
        {
            f"part-{part.pk}-job": job.pk,
            f"part-{part.pk}-part_number": "4711",
            f"part-{part.pk}-description": "OLED panel",
            f"part-{part.pk}-quantity": "1",
            f"part-{part.pk}-unit_price": "300.00",
            f"part-{part.pk}-vat_rate": vat_standard.pk,
        },
    )
    assert response.status_code == 200
    part.refresh_from_db()
    assert (part.description, part.unit_price) == ("OLED panel", Decimal("300.00"))


def test_removing_a_part_and_a_job(advisor_client, work_order, estimate):
    job = estimate.jobs.get(description="Replace the display")
    assert post(advisor_client, work_order, f"parts/{job.parts.get().pk}/remove/").status_code == 200
    assert not Part.objects.exists()
    assert post(advisor_client, work_order, f"jobs/{job.pk}/remove/").status_code == 200
    assert list(estimate.jobs.values_list("description", flat=True)) == ["Clean the fan"]


def test_the_note_for_the_customer_is_saved(advisor_client, work_order, draft):
    response = post(advisor_client, work_order, "note/", {"note": "We found water damage."})
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.note == "We found water damage."


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"hours": "-1"}, "hours", "Enter an amount of zero or more."),
        ({"hourly_rate": "eighty"}, "hourly_rate", "Enter a number."),
        ({"hours": ""}, "hours", "Enter an amount."),
        ({"pricing": "fixed", "fixed_price": "-5"}, "fixed_price", "Enter an amount of zero or more."),
        ({"description": "  "}, "description", "This field is required."),
    ],
)
def test_a_job_with_bad_input_is_refused_with_field_messages_and_nothing_saved(
    advisor_client, work_order, estimate, vat_standard, changes, field, message
):
    before = saved_state(estimate)
    response = post(advisor_client, work_order, "jobs/", job_data(vat_standard, **changes))
    assert response.status_code == 422
    form = response.context["area"]["job_form"]
    assert message in form.errors[field]
    assert message in response.content.decode().replace("&#x27;", "'")
    assert saved_state(estimate) == before


def test_a_job_with_another_locations_vat_rate_is_refused(advisor_client, work_order, estimate, foreign_rate):
    before = saved_state(estimate)
    response = post(advisor_client, work_order, "jobs/", job_data(foreign_rate))
    assert response.status_code == 422
    assert response.context["area"]["job_form"].errors["vat_rate"] == [
        "Choose one of the VAT rates of this work order's location."
    ]
    assert saved_state(estimate) == before


def test_a_changed_job_with_bad_input_keeps_its_old_values(
    advisor_client, work_order, estimate, vat_standard
):
    job = estimate.jobs.get(description="Replace the display")
    before = saved_state(estimate)
    response = post(
        advisor_client,
        work_order,
        f"jobs/{job.pk}/",
        {
            f"job-{job.pk}-description": "Replace the display",
            f"job-{job.pk}-pricing": "hourly",
            f"job-{job.pk}-hours": "-2",
            f"job-{job.pk}-hourly_rate": "80.00",
            f"job-{job.pk}-vat_rate": vat_standard.pk,
        },
    )
    assert response.status_code == 422
    [edited] = [row for row in response.context["area"]["jobs"] if row["content"]["key"] == job.pk]
    assert edited["form"].errors["hours"] == ["Enter an amount of zero or more."]
    assert saved_state(estimate) == before


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"quantity": "-1"}, "quantity", "Enter an amount of zero or more."),
        ({"quantity": "two"}, "quantity", "Enter a number."),
        ({"quantity": "0"}, "quantity", "Enter a quantity above zero."),
        ({"unit_price": "-0.01"}, "unit_price", "Enter an amount of zero or more."),
        ({"unit_price": "12,50 €"}, "unit_price", "Enter a number."),
        ({"job": ""}, "job", "Choose the job this part is for."),
    ],
)
def test_a_part_with_bad_input_is_refused_with_field_messages_and_nothing_saved(
    advisor_client, work_order, estimate, vat_standard, changes, field, message
):
    job = estimate.jobs.get(description="Clean the fan")
    before = saved_state(estimate)
    response = post(advisor_client, work_order, "parts/", part_data(job, vat_standard, **changes))
    assert response.status_code == 422
    assert message in response.context["area"]["part_form"].errors[field]
    assert saved_state(estimate) == before


def test_a_part_with_another_locations_vat_rate_is_refused(
    advisor_client, work_order, estimate, foreign_rate
):
    job = estimate.jobs.get(description="Clean the fan")
    before = saved_state(estimate)
    response = post(advisor_client, work_order, "parts/", part_data(job, foreign_rate))
    assert response.status_code == 422
    assert "vat_rate" in response.context["area"]["part_form"].errors
    assert saved_state(estimate) == before


def test_a_part_cannot_be_put_on_another_estimates_job(
    advisor_client, work_order, estimate, vat_standard, other_customer, location, staff_actor
):
    other_order = repair_services.open_work_order(
        customer=other_customer, location=location, problem_description="Cracked case.", by=staff_actor
    )
    other_estimate = services.start_estimate(other_order, by=staff_actor)
    other_job = services.save_job(
        other_estimate,
        by=staff_actor,
        description="Replace the case",
        pricing=Job.Pricing.FIXED,
        fixed_price=Decimal("40.00"),
        vat_rate=vat_standard,
    )
    before = saved_state(estimate)
    response = post(advisor_client, work_order, "parts/", part_data(other_job, vat_standard))
    assert response.status_code == 422
    assert "job" in response.context["area"]["part_form"].errors
    assert saved_state(estimate) == before
    # Nor changed or removed through this work order's address.
    assert post(advisor_client, work_order, f"jobs/{other_job.pk}/remove/").status_code == 404
    assert Job.objects.filter(pk=other_job.pk).exists()


def test_bad_input_without_javascript_shows_the_page_again_with_the_messages(
    advisor_client, work_order, estimate, vat_standard
):
    before = saved_state(estimate)
    response = advisor_client.post(url(work_order, "jobs/"), job_data(vat_standard, hours="-1"))
    assert response.status_code == 422
    text = response.content.decode()
    assert "Not saved:" in text
    assert "<html" in text and f'Work order <span class="wo-number">{work_order.number}</span>' in text
    assert "Enter an amount of zero or more." in text
    assert saved_state(estimate) == before


# ----------------------------------------------------------------------------- sending and validity


def test_sending_the_estimate_makes_version_one_and_awaits_the_customer(
    advisor_client, work_order, estimate, capture_signal
):
    from fixloop.estimates import signals

    sent = capture_signal(signals.estimate_submitted)
    response = post(advisor_client, work_order, "send/", {"notify": "on"})
    assert response.status_code == 200
    estimate.refresh_from_db()
    assert estimate.state == Estimate.State.AWAITING
    assert estimate.current_version.number == 1
    assert sent[0]["notify"] is True
    text = response.content.decode()
    assert "Awaiting the customer" in text
    assert "Version 1" in text
    assert "Record the customer&#x27;s decision" in text or "Record the customer's decision" in text
    assert TimelineEntry.objects.filter(
        work_order=work_order, kind="estimate", data__event="submitted", data__version=1
    ).exists()


def test_sending_without_notifying_the_customer(advisor_client, work_order, estimate, capture_signal):
    from fixloop.estimates import signals

    sent = capture_signal(signals.estimate_submitted)
    assert post(advisor_client, work_order, "send/", {}).status_code == 200
    assert sent[0]["notify"] is False


def test_sending_an_empty_estimate_is_refused_with_the_services_message(advisor_client, work_order, draft):
    response = post(advisor_client, work_order, "send/", {"notify": "on"})
    assert response.status_code == 422
    assert "Add at least one job before sending the estimate." in response.content.decode()
    assert not EstimateVersion.objects.exists()


def test_sending_an_unchanged_estimate_again_is_refused(advisor_client, work_order, sent_estimate):
    response = post(advisor_client, work_order, "send/", {"notify": "on"})
    assert response.status_code == 422
    assert "Nothing has changed since version 1 was sent." in response.content.decode()
    assert EstimateVersion.objects.count() == 1


def test_extending_the_validity(advisor_client, work_order, sent_estimate):
    new_date = sent_estimate.valid_until + timedelta(days=7)
    response = post(advisor_client, work_order, "extend/", {"valid_until": new_date.isoformat()})
    assert response.status_code == 200
    sent_estimate.refresh_from_db()
    assert sent_estimate.valid_until == new_date
    assert TimelineEntry.objects.filter(work_order=work_order, data__event="extended").exists()


def test_extending_to_the_same_date_is_refused(advisor_client, work_order, sent_estimate):
    response = post(
        advisor_client, work_order, "extend/", {"valid_until": sent_estimate.valid_until.isoformat()}
    )
    assert response.status_code == 422
    assert "The estimate is already valid until this date." in response.content.decode()


def test_staff_get_the_customers_link_to_copy(advisor_client, work_order, sent_estimate, settings):
    settings.SITE_URL = "https://repairs.example.com"
    area = advisor_client.get(url(work_order)).context["area"]
    assert area["customer_link"]["url"].startswith("https://repairs.example.com/")
    assert f'value="{area["customer_link"]["url"]}"' in advisor_client.get(url(work_order)).content.decode()


def test_a_draft_has_no_customer_link(advisor_client, work_order, estimate):
    assert "customer_link" not in advisor_client.get(url(work_order)).context["area"]


def test_the_pdf_of_a_version_is_downloaded(advisor_client, work_order, sent_estimate):
    response = advisor_client.get(url(work_order, "versions/1/estimate.pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert advisor_client.get(url(work_order, "versions/2/estimate.pdf")).status_code == 404


# ----------------------------------------------------------------------------- who may do what


MANAGING_PATHS = [
    "start/",
    "note/",
    "jobs/",
    "jobs/{job}/",
    "jobs/{job}/remove/",
    "parts/",
    "parts/{part}/",
    "parts/{part}/remove/",
    "send/",
    "extend/",
    "decision/",
    "dispute/acknowledge/",
    "dispute/reply/",
]


@pytest.mark.parametrize("path", MANAGING_PATHS)
def test_technicians_cannot_change_an_estimate(technician_client, work_order, estimate, vat_standard, path):
    job = estimate.jobs.get(description="Replace the display")
    before = saved_state(estimate)
    response = post(
        technician_client,
        work_order,
        path.format(job=job.pk, part=job.parts.get().pk),
        {"note": "x", "notify": "on", **job_data(vat_standard)},
    )
    assert response.status_code == 403
    assert saved_state(estimate) == before
    assert not EstimateVersion.objects.exists()


def test_technicians_see_the_estimate_and_the_work_required_without_forms(
    technician_client, work_order, sent_estimate, customer_actor
):
    decide_all(sent_estimate, customer_actor, Decision.APPROVED)
    response = technician_client.get(f"/staff/work-orders/{work_order.number}/?tab=estimate")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Replace the display" in text and "Part 4711" in text
    assert 'id="work-required"' in text
    assert 'id="required-work-' in text
    for form in ("estimate-job-form", "estimate-part-form", "estimate-send-form", "estimate-extend-form"):
        assert form not in text
    assert "customer_link" not in response.context["area"]


def test_technicians_can_open_the_list_of_estimates(technician_client, sent_estimate):
    assert technician_client.get("/staff/estimates/").status_code == 200


def test_signed_out_visitors_are_sent_to_sign_in(client, work_order, estimate):
    response = client.post(url(work_order, "send/"))
    assert response.status_code == 302
    assert "/staff/sign-in/" in response["Location"]
    assert client.get(url(work_order)).status_code == 302


# ----------------------------------------------------------------------------- the polling refresh


def test_the_poll_answers_no_content_while_nothing_changed(advisor_client, work_order, sent_estimate):
    stamp = advisor_client.get(url(work_order)).context["area"]["stamp"]
    response = advisor_client.get(url(work_order), {"stamp": stamp})
    assert response.status_code == 204
    assert response.content == b""


def test_the_poll_returns_the_new_state_after_the_customer_decided(
    advisor_client, work_order, sent_estimate, customer_actor
):
    stamp = advisor_client.get(url(work_order)).context["area"]["stamp"]
    decide_all(sent_estimate, customer_actor, Decision.APPROVED)
    response = advisor_client.get(url(work_order), {"stamp": stamp}, headers=HTMX)
    assert response.status_code == 200
    text = response.content.decode()
    assert '<span class="state state-sent" id="estimate-state">Approved</span>' in text
    assert "Online, by the customer" in text
    assert 'id="required-work-' in text
    assert response.context["area"]["stamp"] != stamp


def test_the_poll_notices_an_estimate_made_by_someone_else(advisor_client, work_order, staff_actor):
    assert advisor_client.get(url(work_order), {"stamp": "none"}).status_code == 204
    services.start_estimate(work_order, by=staff_actor)
    response = advisor_client.get(url(work_order), {"stamp": "none"})
    assert response.status_code == 200
    assert "Add a job" in response.content.decode()


def test_the_poll_of_an_unknown_work_order_is_not_found(advisor_client, db):
    assert advisor_client.get("/staff/work-orders/NOPE/estimate/", {"stamp": "none"}).status_code == 404


def test_the_page_polls_with_the_current_stamp(advisor_client, work_order, sent_estimate):
    response = advisor_client.get(f"/staff/work-orders/{work_order.number}/?tab=estimate")
    stamp = response.context["area"]["stamp"]
    assert f'hx-get="{url(work_order)}?stamp={stamp}"' in response.content.decode()
    # paused while a form is open (static/backoffice/fixloop.js; no eval under the Content-Security-Policy)
    assert (
        'hx-trigger="every 5s" data-poll-paused-by="#estimate-area details[open] form'
        in response.content.decode()
    )


# ----------------------------------------------------------------------------- the list


@pytest.fixture
def second_estimate(other_customer, location, staff_actor, vat_standard):
    """Another customer's estimate, sent and awaiting a decision."""
    work_order = repair_services.open_work_order(
        customer=other_customer, location=location, problem_description="No sound.", by=staff_actor
    )
    estimate = services.start_estimate(work_order, by=staff_actor)
    services.save_job(
        estimate,
        by=staff_actor,
        description="Replace the speaker",
        pricing=Job.Pricing.FIXED,
        fixed_price=Decimal("60.00"),
        vat_rate=vat_standard,
    )
    services.submit(estimate, by=staff_actor)
    return estimate


def listed(response) -> set[str]:
    return {estimate.work_order.number for estimate in response.context["page"].object_list}


def test_the_list_shows_sent_estimates_and_drafts_only_when_asked(advisor_client, estimate, second_estimate):
    assert listed(advisor_client.get("/staff/estimates/")) == {second_estimate.work_order.number}
    assert listed(advisor_client.get("/staff/estimates/", {"state": "draft"})) == {estimate.work_order.number}
    assert listed(advisor_client.get("/staff/estimates/", {"state": "all"})) == {
        estimate.work_order.number,
        second_estimate.work_order.number,
    }


def test_the_list_filters_estimates_in_dispute_and_awaiting(
    advisor_client, sent_estimate, second_estimate, customer_actor
):
    decide_all(sent_estimate, customer_actor, Decision.DISPUTED, dispute_subject="parts", note="Too dear.")
    disputed = advisor_client.get("/staff/estimates/", {"state": "disputed"})
    assert listed(disputed) == {sent_estimate.work_order.number}
    assert "not acknowledged" in disputed.content.decode()
    assert listed(advisor_client.get("/staff/estimates/", {"state": "awaiting"})) == {
        second_estimate.work_order.number
    }
    counts = advisor_client.get("/staff/estimates/").context["counts"]
    assert counts == {"awaiting": 1, "disputed": 1, "unacknowledged": 1}


@pytest.mark.parametrize("query", ["number", "Anna Beck", "customer_number"])
def test_the_list_is_searched_by_work_order_number_or_customer(
    advisor_client, sent_estimate, second_estimate, query
):
    work_order = sent_estimate.work_order
    query = {"number": work_order.number, "customer_number": work_order.customer.number}.get(query, query)
    assert listed(advisor_client.get("/staff/estimates/", {"q": query})) == {work_order.number}


def test_the_list_answers_htmx_with_the_results_only(advisor_client, sent_estimate):
    response = advisor_client.get("/staff/estimates/", {"state": "awaiting"}, headers=HTMX)
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert response.templates[0].name == "backoffice/estimates/_results.html"


def test_the_menu_links_to_the_estimates(advisor_client, work_order):
    text = advisor_client.get("/staff/estimates/").content.decode()
    assert '<a href="/staff/estimates/" aria-current="page">Estimates</a>' in text


def test_an_advisor_revokes_the_customers_link_and_a_new_one_is_shown(
    advisor_client, work_order, sent_estimate
):
    from fixloop.estimates.services import links
    from fixloop.portal import approval_links
    from fixloop.repairs.models import TimelineEntry

    old_url = approval_links.url_of(links.link_for_estimate(sent_estimate, by=_system()))
    response = post(advisor_client, work_order, "link/revoke/")
    assert response.status_code == 200
    text = response.content.decode()
    assert old_url not in text
    token = old_url.rstrip("/").rsplit("/", 1)[1]
    assert links.find_link(token) is None
    new_link = sent_estimate.links.current().get()
    assert approval_links.url_of(new_link) in text
    entry = TimelineEntry.objects.filter(work_order=work_order, data__event="links_revoked").get()
    assert not entry.public and entry.user.username == "advisor"


def test_a_technician_cannot_revoke_the_link(technician_client, work_order, sent_estimate):
    from fixloop.estimates.services import links

    link = links.link_for_estimate(sent_estimate, by=_system())
    assert post(technician_client, work_order, "link/revoke/").status_code == 403
    link.refresh_from_db()
    assert link.revoked_at is None


def _system():
    from fixloop.core.actor import Actor

    return Actor.system("test")


def test_amounts_follow_the_staff_members_language(client, advisor, work_order, estimate):
    client.force_login(advisor)
    text = client.get(
        f"/staff/work-orders/{work_order.number}/?tab=estimate", headers={"accept-language": "de"}
    ).content.decode()
    assert "380,80" in text and "380.80" not in text
