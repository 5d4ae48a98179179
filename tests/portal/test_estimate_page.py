"""The estimate behind its approval link: the lines and totals as sent, what changed, the state of
each job, the expired page, the customer's language, and hostile text shown inert."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils.formats import date_format

from fixloop.estimates import services
from fixloop.estimates.models import Estimate, Job
from fixloop.estimates.services import links
from fixloop.repairs.models import Attachment
from tests.portal.estimate_helpers import add_job, add_part, decide_all, decision_data, job_keys, path_of


def page(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_page_shows_every_line_and_the_totals_incl_vat(client, shop, estimate_path, sent_estimate):
    text = page(client, estimate_path)
    assert f"Estimate for repair {sent_estimate.work_order.number}" in text
    assert "Lenovo ThinkPad T14" in text
    assert "Berlin Mitte" in text
    assert shop.name in text
    assert f'id="valid-until">{date_format(sent_estimate.valid_until, "DATE_FORMAT")}<' in text
    # Replace the display: 1.5 h × 80.00 (95.20 incl. 19 % VAT) = 142.80; part 4711 at 380.80.
    assert "Replace the display" in text
    assert '<td class="num" data-label="Quantity">1.5 h</td>' in text
    assert '<td class="num" data-label="Unit price">95.20</td>' in text
    assert '<td class="num" data-label="Amount">142.80</td>' in text
    assert '<td data-label="Part number">4711</td>' in text
    assert '<td class="num" data-label="Amount">380.80</td>' in text
    assert "<strong>523.60</strong>" in text
    # Clean the fan: fixed 25.00 at 7 % = 26.75.
    assert "Clean the fan" in text
    assert "<strong>26.75</strong>" in text
    assert "All prices in EUR, including VAT." in text
    assert 'id="total-net">465.00 EUR<' in text
    assert "VAT 7 % on 25.00" in text
    assert "VAT 19 % on 440.00" in text
    assert 'id="total-vat">85.35 EUR<' in text
    assert "<strong>550.35 EUR</strong>" in text
    assert 'id="shown-total">550.35 EUR<' in text
    assert 'id="estimate-state">Waiting for your decision<' in text


def test_prices_excl_vat_are_labelled_so(client, location, work_order, staff_actor, vat_standard):
    location.prices_include_vat = False
    location.save()
    draft = services.start_estimate(work_order, by=staff_actor)
    job = add_job(draft, staff_actor, vat_standard)
    add_part(draft, staff_actor, job, vat_standard)
    services.submit(draft, by=staff_actor)
    text = page(client, path_of(links_for(draft, staff_actor)))
    assert "All prices in EUR, excluding VAT." in text
    assert '<td class="num" data-label="Unit price">80.00</td>' in text
    assert '<td class="num" data-label="Amount">120.00</td>' in text
    assert 'id="shown-total">440.00 EUR<' in text
    assert "excl. VAT" in text
    assert 'id="total-gross"><strong>523.60 EUR</strong>' in text


def links_for(estimate, by):
    return links.link_for_estimate(estimate, by=by)


def test_the_note_and_the_validity_date_are_shown(
    client, work_order, staff_actor, vat_standard, time_machine
):
    valid_until = date(2026, 12, 24)
    time_machine.move_to("2026-12-01 10:00:00+00:00", tick=False)
    draft = services.start_estimate(
        work_order, by=staff_actor, note="The display cable is torn as well.", valid_until=valid_until
    )
    add_job(draft, staff_actor, vat_standard)
    services.submit(draft, by=staff_actor)
    text = page(client, path_of(links_for(draft, staff_actor)))
    assert '<p class="prewrap">The display cable is torn as well.</p>' in text
    assert 'id="valid-until">24 Dec 2026<' in text


def test_a_new_version_shows_what_changed(client, sent_estimate, estimate_path, staff_actor):
    part = Job.objects.get(description="Replace the display").parts.get()
    services.save_part(
        sent_estimate,
        by=staff_actor,
        job=part.job,
        part=part,
        part_number="4711",
        description=part.description,
        quantity=part.quantity,
        unit_price=Decimal("32.00"),
        vat_rate=part.vat_rate,
    )
    services.submit(sent_estimate, by=staff_actor)
    text = page(client, estimate_path)
    assert "What changed since version 1" in text
    assert "<del>380.80</del> → <ins>38.08</ins>" in text
    assert 'id="version-number">2 ' in text


def test_the_first_version_has_no_changes_section(client, estimate_path):
    assert 'id="changes"' not in page(client, estimate_path)


def test_the_form_carries_the_version_and_its_hash(client, shop, sent_estimate, estimate_path):
    text = page(client, estimate_path)
    version = sent_estimate.current_version
    assert 'enctype="multipart/form-data"' in text
    assert 'name="version" value="1"' in text
    assert f'name="version_hash" value="{version.content_hash}"' in text
    for key in job_keys(sent_estimate):
        for decision in ("approved", "declined", "disputed"):
            assert f'name="job_{key}" value="{decision}"' in text
        assert f'name="job_{key}_subject"' in text
        assert f'name="job_{key}_note"' in text
        assert f'name="job_{key}_photo"' in text
    assert 'name="signed_name"' in text
    assert 'name="authorised"' in text
    assert "I authorise Werkstatt Müller to carry out the approved work at the prices shown." in text


def test_a_decided_estimate_shows_each_decision_and_no_form(
    customer_client, sent_estimate, estimate_path, customer_actor
):
    keys = job_keys(sent_estimate)
    version = sent_estimate.current_version
    services.decide(
        sent_estimate,
        version_number=version.number,
        version_hash=version.content_hash,
        choices={keys[0]: services.Choice("approved"), keys[1]: services.Choice("declined")},
        signed_name="Anna Becker",
        authorised=True,
        by=customer_actor,
    )
    text = page(customer_client, estimate_path)
    assert 'id="decision-form"' not in text
    assert 'id="estimate-state">Partly approved<' in text
    assert f'id="decision-{keys[0]}"><span class="status decision-approved">Approved</span>' in text
    assert f'id="decision-{keys[1]}"><span class="status decision-declined">Declined</span>' in text
    assert text.count("· Anna Becker") == 2


def test_a_disputed_estimate_shows_the_thread_in_the_locations_time_zone(
    customer_client, sent_estimate, estimate_path, customer_actor, advisor, staff_actor, time_machine
):
    time_machine.move_to("2026-03-02 09:15:00+00:00", tick=False)  # 10:15 in Berlin
    decide_all(
        sent_estimate, customer_actor, "disputed", dispute_subject="parts", note="The part is too dear."
    )
    time_machine.move_to("2026-03-02 13:40:00+00:00", tick=False)
    services.add_dispute_message(sent_estimate, "We checked the price again.", by=staff_actor)
    text = page(customer_client, estimate_path)
    assert 'id="estimate-state">In dispute<' in text
    assert 'id="dispute"' in text
    assert "The part is too dear." in text
    assert "We checked the price again." in text
    assert "02 Mar 2026 10:15" in text
    assert "02 Mar 2026 14:40" in text
    assert "<strong>Customer</strong> · Anna Becker" in text
    assert "<strong>Shop</strong> · Anton Advisor" in text
    assert 'id="note-form"' in text
    assert 'id="decision-form"' not in text


def test_an_expired_estimate_says_why_and_whom_to_call_and_has_no_form(
    client, location, sent_estimate, estimate_path
):
    location.phone = "+493012345678"
    location.save()
    Estimate.objects.filter(pk=sent_estimate.pk).update(
        valid_until=services.local_today(sent_estimate) - timedelta(days=1)
    )
    text = page(client, estimate_path)
    assert 'id="expired"' in text
    assert "can no longer be approved" in text
    assert "Please call Berlin Mitte at +493012345678" in text
    assert 'href="tel:+493012345678"' in text
    assert 'id="decision-form"' not in text
    assert "Replace the display" in text  # the estimate itself is still shown


def test_the_page_is_private_and_not_indexed(client, estimate_path):
    response = client.get(estimate_path)
    assert response["Cache-Control"] == "private, no-store"
    assert "noindex" in response["X-Robots-Tag"]
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_the_page_is_in_the_customers_language_not_the_browsers(client, customer, estimate_path):
    customer.language = "de"
    customer.save()
    response = client.get(estimate_path, headers={"accept-language": "en"})
    text = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == "de"
    assert '<html lang="de">' in text
    assert "Auftragsnummer" in text  # "Work order number"
    assert "So erreichen Sie uns" in text  # "Your contact at the shop"
    # German number format: 550,35 and 1.234,00
    assert 'id="total-gross"><strong>550,35 EUR</strong>' in text
    assert '<td class="num" data-label="Betrag">142,80</td>' in text


def test_an_english_customer_gets_english_with_a_german_browser(client, estimate_path):
    response = client.get(estimate_path, headers={"accept-language": "de"})
    assert '<html lang="en">' in response.content.decode()


def test_large_amounts_are_grouped(client, work_order, staff_actor, vat_standard):
    draft = services.start_estimate(work_order, by=staff_actor)
    add_job(draft, staff_actor, vat_standard, hours="100.00", rate="100.00")
    services.submit(draft, by=staff_actor)
    text = page(client, path_of(links_for(draft, staff_actor)))
    assert 'id="total-net">10,000.00 EUR<' in text


def test_hostile_text_is_shown_inert(
    customer_client, media_root, shop, location, work_order, unit, staff_actor, vat_standard
):
    script = "<script>alert(1)</script>"
    unit.make = "<img src=x onerror=alert(2)>"
    unit.save()
    location.name = "<b onmouseover=alert(3)>Mitte</b>"
    location.save()
    shop.name = "<i>Shop</i>"
    shop.save()
    draft = services.start_estimate(work_order, by=staff_actor, note=f"Note {script}")
    job = add_job(draft, staff_actor, vat_standard, description=f"Job {script}")
    services.save_part(
        draft,
        by=staff_actor,
        job=job,
        part_number="<u>47</u>",
        description=f"Part {script}",
        quantity=Decimal(1),
        unit_price=Decimal(10),
        vat_rate=vat_standard,
    )
    services.submit(draft, by=staff_actor)
    draft.refresh_from_db()
    path = path_of(links_for(draft, staff_actor))
    version = draft.current_version
    key = version.jobs[0]["key"]
    response = customer_client.post(
        f"{path}decide/",
        decision_data(
            draft,
            {key: "disputed"},
            name=f"Mallory {script}",
            **{f"job_{key}_subject": "labour", f"job_{key}_note": f"Dispute {script}"},
        ),
    )
    assert response.status_code == 303
    text = page(customer_client, path)
    for hostile in (script, "<img src=x", "<b onmouseover", "<i>Shop", "<u>47"):
        assert hostile not in text
    assert "Note &lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "Job &lt;script&gt;" in text
    assert "Part &lt;script&gt;" in text
    assert "Dispute &lt;script&gt;" in text
    assert "Mallory &lt;script&gt;" in text
    assert "&lt;img src=x onerror=alert(2)&gt;" in text
    assert "&lt;b onmouseover=alert(3)&gt;" in text
    assert Attachment.objects.count() == 0


@pytest.mark.parametrize("prefix", ["/estimate/", "/approvals/"])
def test_an_unknown_or_malformed_token_gets_the_same_page(client, db, prefix):
    for token in ("A" * 43, "short", "A" * 44, "%00" * 20):
        response = client.get(f"{prefix}{token}/")
        assert response.status_code == 404
        assert "This link is not valid" in response.content.decode()
