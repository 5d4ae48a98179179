"""The estimate PDF (Typst): lines, VAT and totals of the version sent, decisions, customer text kept
as text, the language, and the version's hash in the footer."""

import io
import re
from decimal import Decimal

import pypdf
import pytest

from fixloop.documents import estimate_pdf, pdf
from fixloop.estimates import services
from fixloop.estimates.models import Decision, DisputeSubject
from tests.estimates.fixtures import add_job, add_part, decide_all


def text_of(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    """The text with runs of white space as one space (table cells come out on lines of their own)."""
    return " ".join(text.split())


@pytest.fixture
def version(shop, sent_estimate):
    return sent_estimate.current_version


def test_the_estimate_shows_the_shop_customer_work_order_unit_and_dates(version):
    estimate = version.estimate
    work_order = estimate.work_order
    text = flat(text_of(estimate_pdf.render_estimate_pdf(version, "en")))
    assert "Werkstatt Müller" in text
    assert "Hauptstraße 1, 10115 Berlin" in text  # the location's address in the header
    assert "Estimate" in text
    assert f"Work order {work_order.number} · version 1" in text
    assert "Anna Becker" in text
    assert work_order.customer.number in text
    assert "Lenovo ThinkPad T14 · PF-11111" in text
    assert f"Valid until {estimate.valid_until:%d %b %Y}" in text
    assert f"Sent on {version.submitted_at.astimezone(work_order.location.zone):%d %b %Y}" in text
    assert "Estimate version 1" in text


def test_the_estimate_lists_each_job_its_labour_and_parts_with_amounts_including_vat(version):
    text = flat(text_of(estimate_pdf.render_estimate_pdf(version, "en")))
    assert "Prices in EUR, including VAT." in text
    # 1.5 h × 80.00 net is 95.20 an hour and 142.80 for the labour with 19 % VAT
    assert "1. Replace the display" in text
    assert "Labour (hours × rate) 1.5 h 95.20 19 % 142.80" in text
    assert "4711 Part 4711 1 380.80 19 % 380.80" in text
    assert "Job total 523.60" in text
    assert "2. Clean the fan" in text
    assert "Labour (fixed price) 1 26.75 7 % 26.75" in text
    assert "Job total 26.75" in text


def test_the_estimate_shows_vat_per_rate_and_the_totals(version):
    text = flat(text_of(estimate_pdf.render_estimate_pdf(version, "en")))
    assert "7 % 25.00 1.75 26.75" in text
    assert "19 % 440.00 83.60 523.60" in text
    assert "Total net 465.00 EUR" in text
    assert "VAT 85.35 EUR" in text
    assert "Total including VAT 550.35 EUR" in text


def test_net_prices_are_shown_when_the_location_shows_prices_without_vat(
    shop, estimate, location, staff_actor
):
    location.prices_include_vat = False
    location.save()
    version = services.submit(estimate, by=staff_actor, notify=False)
    text = flat(text_of(estimate_pdf.render_estimate_pdf(version, "en")))
    assert "Prices in EUR, excluding VAT." in text
    assert "Labour (hours × rate) 1.5 h 80.00 19 % 120.00" in text
    assert "4711 Part 4711 1 320.00 19 % 320.00" in text
    assert "Job total 440.00" in text
    assert "Total including VAT 550.35 EUR" in text


def test_the_footer_carries_the_short_content_hash_of_the_version(version):
    text = flat(text_of(estimate_pdf.render_estimate_pdf(version, "en")))
    short = version.content_hash[:12]
    assert re.fullmatch(r"[0-9a-f]{12}", short)
    assert f"estimate {version.estimate.work_order.number}, version 1 · {short}" in text


def test_a_later_version_prints_what_it_was_sent_with_even_after_the_draft_changed(
    shop, sent_estimate, staff_actor, vat_standard
):
    first = sent_estimate.current_version
    add_job(
        sent_estimate, staff_actor, vat_standard, description="Replace the keyboard", hours="1", rate="60"
    )
    second = services.submit(sent_estimate, by=staff_actor, notify=False)
    services.update_note(sent_estimate, "A note written after version 2 was sent.", by=staff_actor)

    first_text = flat(text_of(estimate_pdf.render_estimate_pdf(first, "en")))
    second_text = flat(text_of(estimate_pdf.render_estimate_pdf(second, "en")))
    assert "Replace the keyboard" not in first_text
    assert "3. Replace the keyboard" in second_text
    assert "version 2" in second_text and second.content_hash[:12] in second_text
    assert "A note written after" not in second_text


def test_the_note_is_shown(shop, work_order, staff_actor, vat_standard):
    estimate = services.start_estimate(
        work_order, by=staff_actor, note="The hinge is cracked as well; we can replace it later."
    )
    add_job(estimate, staff_actor, vat_standard)
    version = services.submit(estimate, by=staff_actor, notify=False)
    text = flat(text_of(estimate_pdf.render_estimate_pdf(version, "en")))
    assert "Note The hinge is cracked as well; we can replace it later." in text


def test_each_jobs_decision_is_shown_once_the_customer_decided(shop, sent_estimate, customer_actor):
    version = sent_estimate.current_version
    display, fan = (job["key"] for job in version.jobs)
    services.decide(
        sent_estimate,
        version_number=1,
        version_hash=version.content_hash,
        choices={
            display: services.Choice(Decision.APPROVED),
            fan: services.Choice(Decision.DISPUTED, DisputeSubject.PARTS, "Too expensive."),
        },
        signed_name="Anna Becker",
        authorised=True,
        by=customer_actor,
    )
    text = flat(text_of(estimate_pdf.render_estimate_pdf(version, "en")))
    assert re.search(r"1\. Replace the display Approved · \d\d [A-Z][a-z]{2} \d{4} · Anna Becker", text)
    assert re.search(r"2\. Clean the fan Disputed \(parts\) · \d\d [A-Z][a-z]{2} \d{4} · Anna Becker", text)


def test_an_undecided_version_shows_no_decision(version):
    text = text_of(estimate_pdf.render_estimate_pdf(version, "en"))
    assert "Approved" not in text and "Declined" not in text and "Disputed" not in text


def test_a_declined_estimate_shows_declined(shop, sent_estimate, customer_actor):
    decide_all(sent_estimate, customer_actor, Decision.DECLINED)
    text = text_of(estimate_pdf.render_estimate_pdf(sent_estimate.current_version, "en"))
    assert text.count("Declined") == 2


@pytest.mark.parametrize(
    "written", ['#panic("x")', "*bold* _italic_ $x^2$ <label> @ref", "#{1 + 1} = 2 \\ `raw`"]
)
def test_typst_markup_in_a_job_part_or_note_is_printed_as_written(
    shop, work_order, staff_actor, vat_standard, written
):
    estimate = services.start_estimate(work_order, by=staff_actor, note=f"Note: {written}")
    job = add_job(estimate, staff_actor, vat_standard, description=f"Job: {written}")
    services.save_part(
        estimate,
        by=staff_actor,
        job=job,
        part_number="X-1",
        description=f"Part: {written}",
        quantity=Decimal("2"),
        unit_price=Decimal("10.00"),
        vat_rate=vat_standard,
    )
    version = services.submit(estimate, by=staff_actor, notify=False)
    text = text_of(estimate_pdf.render_estimate_pdf(version, "en"))
    for expected in (f"Note: {written}", f"1. Job: {written}", f"Part: {written}"):
        assert expected in text


def test_the_estimate_in_german_has_german_labels_dates_and_numbers(shop, sent_estimate):
    version = sent_estimate.current_version
    data = estimate_pdf.estimate_pdf_data(version, "de")
    assert data["lang"] == "de"
    text = flat(text_of(estimate_pdf.compile_pdf(estimate_pdf.TEMPLATE, data)))
    assert "Kunde" in text and "Auftrag" in text and "Gerät" in text and "MwSt.-Satz" in text
    assert "Customer" not in text
    assert f"{sent_estimate.valid_until:%d.%m.%Y}" in text
    assert "1,5" in text and "95,20" in text and "550,35 EUR" in text


def test_amounts_of_a_thousand_and_more_are_grouped_in_the_documents_language(
    shop, work_order, staff_actor, vat_standard
):
    estimate = services.start_estimate(work_order, by=staff_actor)
    job = add_job(estimate, staff_actor, vat_standard, hours="10", rate="100")
    add_part(estimate, staff_actor, job, vat_standard, price="1000.00")
    version = services.submit(estimate, by=staff_actor, notify=False)
    assert "2,380.00 EUR" in text_of(estimate_pdf.render_estimate_pdf(version, "en"))
    assert "2.380,00 EUR" in text_of(estimate_pdf.render_estimate_pdf(version, "de"))


def test_a_long_estimate_runs_over_pages(shop, work_order, staff_actor, vat_standard):
    estimate = services.start_estimate(work_order, by=staff_actor)
    for number in range(12):
        job = add_job(estimate, staff_actor, vat_standard, description=f"Job number {number}")
        for part in range(4):
            add_part(estimate, staff_actor, job, vat_standard, number=f"P{number}-{part}", price="5.00")
    version = services.submit(estimate, by=staff_actor, notify=False)
    reader = pypdf.PdfReader(io.BytesIO(estimate_pdf.render_estimate_pdf(version, "en")))
    assert len(reader.pages) > 1
    assert version.content_hash[:12] in reader.pages[-1].extract_text()
    assert "Job number 11" in text_of(estimate_pdf.render_estimate_pdf(version, "en"))


def test_the_filename_names_the_work_order_and_version(version):
    assert estimate_pdf.estimate_filename(version) == (
        f"estimate-{version.estimate.work_order.number}-v{version.number}.pdf"
    )


def test_the_estimate_compiler_is_reused(version):
    estimate_pdf.render_estimate_pdf(version, "en")
    compiler = pdf._compilers[estimate_pdf.TEMPLATE]
    estimate_pdf.render_estimate_pdf(version, "de")
    assert pdf._compilers[estimate_pdf.TEMPLATE] is compiler
