"""The content of an invoice as the customer is asked to authorise it, and its hash: pure
calculation, no writes. A revision freezes it; the PDF and pages show the same figures."""

import hashlib
import json

from fixloop.invoicing.models import Invoice
from fixloop.invoicing.services.shared import vat_by_rate


def content(invoice: Invoice) -> dict:
    lines = list(invoice.lines.all())
    return {
        "currency": invoice.currency,
        "lines": [
            {
                "key": line.pk,
                "kind": line.kind,
                "part_number": line.part_number,
                "description": line.description,
                "quantity": str(line.quantity.normalize()),
                "unit_price": str(line.unit_price),
                "vat_rate": str(line.vat_percent),
                "net": str(line.net),
                "vat": str(line.vat),
                "gross": str(line.gross),
            }
            for line in lines
        ],
        "vat": [{key: str(value) for key, value in rate.items()} for rate in vat_by_rate(lines)],
        "total": {"net": str(invoice.net), "vat": str(invoice.vat), "gross": str(invoice.gross)},
    }


def content_hash(data: dict) -> str:
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    return hashlib.sha256(canonical).hexdigest()
