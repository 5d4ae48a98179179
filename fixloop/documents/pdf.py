"""PDF documents rendered with Typst.

Templates are .typ files next to this module; the data goes in as one JSON string through
`sys_inputs` and nothing else, so customer text (a comment like `#panic("x")` or `*bold*`) is
printed as written and never read as Typst markup. Every label is translated here, in the
document's language, so the templates hold no words of their own.

One compiler per template and process is kept and reused (it caches fonts and the parsed
template); a lock makes it safe for threaded servers.
"""

import json
import os
import re
import threading
from pathlib import Path

# Typst would start a thread per core to lay out each document. Documents here are a page or two,
# and a report run keeps every core busy with one worker each: the threads only added CPU time (about
# a tenth of a render, measured with bench/status_reports.py). Set RAYON_NUM_THREADS to change it.
os.environ.setdefault("RAYON_NUM_THREADS", "1")

import typst  # reads RAYON_NUM_THREADS when it first lays out a document
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fixloop.core.contact import format_phone
from fixloop.core.formats import date_text, datetime_text
from fixloop.repairs.history import customer_history
from fixloop.repairs.models import TimelineEntry, WorkOrder
from fixloop.shop.models import ShopProfile

TEMPLATES = Path(__file__).resolve().parent / "templates"
DEFAULT_COLOUR = "#0b6e4f"
PDF_TYPE = "application/pdf"

_compilers: dict[str, typst.Compiler] = {}
_lock = threading.Lock()


class DocumentError(Exception):
    """A document could not be rendered (a broken template or a Typst failure)."""


def compile_pdf(template: str, data: dict) -> bytes:
    """Render `template` (a file name in templates/) with `data` as its only input."""
    payload = json.dumps(data, ensure_ascii=False)
    with _lock:
        compiler = _compilers.get(template)
        if compiler is None:
            compiler = _compilers[template] = typst.Compiler(str(TEMPLATES / template))
        try:
            return compiler.compile(sys_inputs={"data": payload})
        except typst.TypstError as error:
            raise DocumentError(str(error)) from error


def brand_colour(shop: ShopProfile) -> str:
    """The shop's colour for its documents, if it is a valid #rrggbb; else Fixloop's."""
    return shop.brand_colour if re.fullmatch(r"#[0-9a-fA-F]{6}", shop.brand_colour or "") else DEFAULT_COLOUR


def location_line(location) -> str:
    """The location's name, address, phone and e-mail in one line, for a document's head."""
    return " · ".join(
        part
        for part in (
            location.name,
            f"{location.address_line}, {location.postal_code} {location.city}",
            format_phone(location.phone),
            location.email,
        )
        if part
    )


# ----------------------------------------------------------------------------- the work-order report


def report_filename(work_order: WorkOrder) -> str:
    # Work-order numbers are letters, digits, "-", "_" and "." (repairs.services.NUMBER_PATTERN).
    return f"work-order-{re.sub(r'[^A-Za-z0-9._-]', '_', work_order.number)}.pdf"


def work_order_report(work_order: WorkOrder, language: str | None = None) -> bytes:
    """The work-order report in `language` (default: the customer's)."""
    language = language or work_order.customer.language or ShopProfile.get().default_language
    return compile_pdf("work_order_report.typ", work_order_report_data(work_order, language))


def _when(moment, zone) -> str:
    return datetime_text(moment, zone)


def _work_done(work_order: WorkOrder, language: str, zone) -> list[dict]:
    """The customer's history of the work (repairs.history), oldest first."""
    work = []
    for step in customer_history(work_order, language).steps:
        entry = step.entry
        title, text = str(entry.get_kind_display()), entry.text
        if step.kind == "status":
            if entry.kind == TimelineEntry.Kind.OPENED:
                title = _("Opened with status %(status)s") % {"status": step.text}
            else:
                title = f"{title}: {step.text}"
        elif step.kind == "file":
            title = f"{title}: {step.attachment.original_name}"
        elif step.kind == "promised_date":
            if step.day is None:  # a withdrawn date is not work done
                continue
            title = _("New promised date: %(date)s") % {"date": date_text(step.day)}
        work.append({"when": _when(entry.created_at, zone), "title": title, "text": text})
    return work


def work_order_report_data(work_order: WorkOrder, language: str) -> dict:
    """Everything the report shows, as plain strings: the JSON handed to Typst."""
    shop = ShopProfile.get()
    customer, location, unit = work_order.customer, work_order.location, work_order.unit
    zone = location.zone
    colour = brand_colour(shop)
    with translation.override(language):
        facts = [
            (_("Customer"), f"{customer.name} · {customer.number}"),
        ]
        address = ", ".join(
            part
            for part in (customer.address_line, f"{customer.postal_code} {customer.city}".strip())
            if part
        )
        if address:
            facts.append((_("Address"), address))
        if unit is not None:
            facts.append((_("Unit"), str(unit)))
        facts.append((_("Status"), work_order.status.customer_name(language)))
        facts.append((_("Opened"), _when(work_order.opened_at, zone)))
        if work_order.promised_date:
            facts.append((_("Promised date"), date_text(work_order.promised_date)))
        if work_order.closed_at:
            facts.append((_("Closed"), _when(work_order.closed_at, zone)))
        facts.append((_("Location"), location.name))
        return {
            "lang": "de" if language == "de" else "en",
            "title": _("Work-order report %(number)s") % {"number": work_order.number},
            "heading": _("Work-order report"),
            "subheading": _("Work order %(number)s") % {"number": work_order.number},
            "shop": {"name": shop.name, "colour": colour},
            "location_line": location_line(location),
            "facts": [[label, value] for label, value in facts],
            "problem": work_order.problem_description,
            "work": _work_done(work_order, language, zone),
            "labels": {
                "problem": _("Problem description"),
                "work": _("Work done"),
                "no_work": _("Nothing recorded yet."),
                "when": _("When"),
                "what": _("What"),
            },
            "footer": _("%(shop)s · work order %(number)s · printed %(when)s")
            % {"shop": shop.name, "number": work_order.number, "when": _when(timezone.now(), zone)},
        }
