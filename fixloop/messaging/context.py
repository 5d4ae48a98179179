"""The placeholders of a message as a plain dict of strings: templates never see model objects."""

from django.utils import translation

from fixloop.core.actor import Actor
from fixloop.core.contact import format_phone
from fixloop.core.formats import date_text
from fixloop.portal.links import tracking_link_url
from fixloop.repairs import services as repairs
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
        promised = date_text(work_order.promised_date) if work_order.promised_date else ""
    return {
        "work_order_number": work_order.number,
        "unit": str(unit) if unit else "",
        "status": work_order.status.customer_name(language),
        "problem_description": work_order.problem_description,
        "promised_date": promised,
        "location_name": work_order.location.name,
        "location_phone": format_phone(work_order.location.phone),
        "tracking_link": tracking_link(work_order),
        "portal_link": "",
    }


def tracking_link(work_order) -> str:
    """The `tracking_link` placeholder: the address of the work order's tracking page (its link is
    issued on first use), or "" when there is none (staff revoked it or it expired)."""
    link = repairs.link_for_customer(work_order, by=Actor.system("messaging"))
    return (tracking_link_url(link) or "") if link is not None else ""
