"""The repair status listing PDF: every repair of one account that is open, plus those closed within
the account's chosen number of days. The data goes to Typst as JSON only (see pdf.py)."""

import functools
import re
from datetime import date

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fixloop.core.formats import date_text
from fixloop.documents.pdf import brand_colour, compile_pdf
from fixloop.estimates import presentation, summaries
from fixloop.repairs.history import seen_statuses
from fixloop.repairs.models import Status
from fixloop.shop.models import ShopProfile


def status_report_filename(customer, report_date: date) -> str:
    number = re.sub(r"[^A-Za-z0-9._-]", "_", customer.number)
    return f"status-report-{number}-{report_date.isoformat()}.pdf"


@functools.lru_cache(maxsize=2048)
def _short_date(value: date, language: str) -> str:
    # The repairs of a run share few dates; formatting one takes longer than looking it up.
    with translation.override(language):
        return date_text(value)


def _estimate_text(summary) -> str:
    return presentation.summary_text(summary) if summary is not None else ""


def _status_name(status, language: str) -> str:
    return status.customer_name(language) if status is not None else ""


def status_report_data(
    customer,
    work_orders,
    report_date: date,
    language: str,
    message: str = "",
    *,
    statuses: dict | None = None,
    seen: dict | None = None,
    estimates: dict | None = None,
) -> dict:
    """Everything the report shows, as plain strings: the JSON handed to Typst. `statuses` ({id:
    Status}), `seen` (seen_statuses of these work orders) and `estimates` (summaries.for_work_orders)
    let a caller that reports on many accounts load them once."""
    shop = ShopProfile.get()
    colour = brand_colour(shop)
    if statuses is None:
        statuses = {status.pk: status for status in Status.objects.all()}
    if seen is None:
        seen = seen_statuses(work_orders, statuses)
    if estimates is None:
        estimates = summaries.for_work_orders(work_order.pk for work_order in work_orders)
    with translation.override(language):

        def day(value) -> str:
            return _short_date(value, language) if value else ""

        repairs = []
        for work_order in work_orders:
            unit = work_order.unit
            zone = work_order.location.zone
            repairs.append(
                {
                    "number": work_order.number,
                    "unit": f"{unit.make} {unit.model}".strip() if unit else "",
                    "serial": (unit.serial_number or unit.vin or unit.plate) if unit else "",
                    "received": day(timezone.localtime(work_order.opened_at, zone).date()),
                    "status": _status_name(statuses.get(seen[work_order.pk]), language),
                    "promised": day(work_order.promised_date),
                    "estimate": _estimate_text(estimates.get(work_order.pk)),
                    "closed": work_order.closed_at is not None,
                }
            )
        report_day = day(report_date)
        show_estimates = any(row["estimate"] for row in repairs)
        return {
            "lang": "de" if language == "de" else "en",
            "title": _("Repair status report %(date)s") % {"date": report_day},
            "heading": _("Repair status report"),
            "report_date_line": _("As of %(date)s") % {"date": report_day},
            "account": f"{customer.name} · {customer.number}",
            "shop": {"name": shop.name, "colour": colour},
            "message": message,
            "repairs": repairs,
            "show_estimates": show_estimates,
            "labels": {
                "columns": [
                    _("Order"),
                    _("Unit"),
                    _("Serial number"),
                    _("Received"),
                    _("Status"),
                    _("Promised"),
                    *([_("Estimate")] if show_estimates else []),
                ],
                "empty": _("You have no open repairs with us."),
            },
            "footer": _("%(shop)s · status report for %(account)s")
            % {"shop": shop.name, "account": customer.number},
        }


def status_report_pdf(customer, work_orders, report_date: date, language: str, message: str = "") -> bytes:
    return render_status_report(status_report_data(customer, work_orders, report_date, language, message))


def render_status_report(data: dict) -> bytes:
    return compile_pdf("status_report.typ", data)


def open_by_status(data: dict) -> str:
    """ "Open: 2 · In progress: 1": the open repairs counted by the status the customer sees."""
    counts: dict[str, int] = {}
    for row in data["repairs"]:
        if not row["closed"]:
            counts[row["status"] or "—"] = counts.get(row["status"] or "—", 0) + 1
    return " · ".join(f"{status}: {count}" for status, count in counts.items())
