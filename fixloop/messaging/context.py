"""The placeholders of a message as a plain dict of strings: templates never see model objects."""

from django.utils import formats, translation

from fixloop.core.contact import format_phone
from fixloop.repairs import tracking
from fixloop.shop.models import ShopProfile


def customer_context(customer) -> dict:
    shop = ShopProfile.get()
    return {
        "shop_name": shop.name,
        "brand_colour": shop.brand_colour,
        "customer_name": (customer.contact_name or customer.name) if customer else "",
        "customer_number": customer.number if customer else "",
    }


def work_order_context(work_order, language: str) -> dict:
    unit = work_order.unit
    with translation.override(language):
        promised = (
            formats.date_format(work_order.promised_date, "SHORT_DATE_FORMAT")
            if work_order.promised_date
            else ""
        )
    return {
        "work_order_number": work_order.number,
        "unit": str(unit) if unit else "",
        "status": work_order.status.name(language),
        "problem_description": work_order.problem_description,
        "promised_date": promised,
        "location_name": work_order.location.name,
        "location_phone": format_phone(work_order.location.phone),
        # The work order's tracking page; issued on first use (repairs.tracking.message_link).
        "tracking_link": tracking.message_link(work_order),
        "portal_link": "",
    }
