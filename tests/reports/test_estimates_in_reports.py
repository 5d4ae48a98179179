"""Status reports show each repair's estimate, and lead to the page where the customer decides on
every waiting estimate at once."""

import io
import re
from datetime import date

from pypdf import PdfReader

from fixloop.documents.status_report import status_report_pdf
from fixloop.messaging.tasks import deliver_due
from fixloop.repairs import services as repairs
from fixloop.reports import services
from tests.estimates.fixtures import add_job, decide_all

TODAY = date(2026, 11, 23)


def _report_texts(smtp_server) -> list[str]:
    """The plain text of every status report e-mail received (estimate-ready e-mails aside)."""
    return [
        received.email.get_body(("plain",)).get_content().replace("\r\n", "\n")
        for received in smtp_server.received
        if received.email["Subject"].startswith(("Repair status report", "Reparaturstatus"))
    ]


def _pdf_text(pdf: bytes) -> str:
    """The PDF's words, one space apart (a cell's text may wrap within its column)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def test_the_pdf_shows_each_repairs_estimate_amount_and_state(shop, customer, sent_estimate, work_order):
    text = _pdf_text(status_report_pdf(customer, [work_order], TODAY, "en"))
    assert "550.35 EUR" in text and "Awaiting the customer" in text


def test_the_report_leads_to_the_batch_approval_page(
    shop,
    smtp_server,
    client,
    customer,
    subscribe,
    sent_estimate,
    location,
    staff_actor,
    vat_standard,
    customer_actor,
):
    second_order = repairs.open_work_order(
        customer=customer, unit=None, location=location, problem_description="Battery", by=staff_actor
    )
    from fixloop.estimates import services as estimates

    second = estimates.start_estimate(second_order, by=staff_actor)
    add_job(second, staff_actor, vat_standard, description="Replace the battery", hours="1", rate="50")
    estimates.submit(second, by=staff_actor)
    subscribe(customer)
    services.run_reports(TODAY)
    deliver_due()
    [text] = _report_texts(smtp_server)
    assert "Estimates awaiting your decision: 2 (609.85 EUR incl. VAT)." in text  # 550.35 + 59.50
    approvals_url = re.search(r"http://127\.0\.0\.1:8000(/approvals/[^/\s]+/)", text).group(1)
    page = client.get(approvals_url).content.decode()
    assert sent_estimate.work_order.number in page and second_order.number in page

    # Once decided, the next report no longer asks for a decision.
    decide_all(sent_estimate, customer_actor, "approved")
    second.refresh_from_db()
    decide_all(second, customer_actor, "declined")
    services.run_reports(date(2026, 11, 24))
    deliver_due()
    later = _report_texts(smtp_server)[1]
    assert "/approvals/" not in later and "awaiting your decision" not in later


def test_the_german_report_totals_in_german(shop, smtp_server, customer, subscribe, sent_estimate):
    customer.language = "de"
    customer.save()
    subscribe(customer)
    services.run_reports(TODAY)
    deliver_due()
    [text] = _report_texts(smtp_server)
    assert "Kostenvoranschläge, die auf Ihre Entscheidung warten: 1 (550,35 EUR inkl. MwSt.)" in text


def test_without_estimates_the_pdf_has_no_estimate_column(shop, customer, work_order):
    text = _pdf_text(status_report_pdf(customer, [work_order], TODAY, "en"))
    assert work_order.number in text and "Estimate" not in text
