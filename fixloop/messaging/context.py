"""The placeholders of a message as a plain dict of strings: templates never see model objects."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from fixloop.core.actor import Actor
from fixloop.core.contact import format_phone
from fixloop.core.formats import date_text
from fixloop.portal.links import tracking_link_url
from fixloop.repairs import services as repairs
from fixloop.shop.logo import display_size
from fixloop.shop.models import ShopProfile

EMAIL_LOGO_BOX = (200, 48)  # width, height: the most the logo takes in an e-mail's header


def customer_context(customer) -> dict:
    shop = ShopProfile.get()
    return {
        "shop_name": shop.name,
        "brand_colour": shop.brand_colour,
        **logo_context(shop),
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


def logo_context(shop) -> dict:
    """The logo in e-mails: its absolute address on the shop's own site (SITE_URL + /logo/?v=…), not an
    inline (CID) part. An e-mail's HTML is rendered once, when it is queued, and kept: staff read it in
    the back office, resend it, and e-mail services get it as it is. An address stays right in all of
    these and adds nothing to each e-mail, where an inline copy would add up to 1 MB to every message
    and need the file again at each send. Mail programs that hold back remote images show the shop's
    name instead (the image's alt text)."""
    if not shop.logo_shown:
        return {"logo_url": "", "logo_width": "", "logo_height": ""}
    width, height = display_size(
        shop.logo_width, shop.logo_height, max_width=EMAIL_LOGO_BOX[0], max_height=EMAIL_LOGO_BOX[1]
    )
    site = settings.SITE_URL.rstrip("/")
    return {
        "logo_url": f"{site}{reverse('shop_logo')}?v={shop.logo_version}",
        "logo_width": str(width),
        "logo_height": str(height),
    }
