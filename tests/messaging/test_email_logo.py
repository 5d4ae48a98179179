"""Customer e-mails carry the shop's logo in their HTML header: an absolute address on the shop's own
site (SITE_URL), which stays right in the kept HTML that staff read and resend (messaging/context.py)."""

import re
from urllib.parse import urlsplit

from fixloop.messaging import services
from fixloop.messaging.tasks import deliver_due
from tests.shop.logo_files import give_the_shop_a_logo, image_bytes


def send_one(work_order) -> None:
    services.queue_message(
        "workorder.message",
        channel="email",
        work_order=work_order,
        context={"message": "Your battery has arrived."},
    )
    assert deliver_due() == {"sent": 1}


def test_a_customer_e_mail_shows_the_logo_from_the_shops_site(
    smtp_server, settings, client, media_root, work_order
):
    settings.SITE_URL = "https://service.werkstatt.example"
    content = image_bytes("PNG", (600, 100))
    shop = give_the_shop_a_logo(content, name="Werkstatt Müller")
    send_one(work_order)

    [received] = smtp_server.received
    html = received.email.get_body(("html",)).get_content()
    url = f"https://service.werkstatt.example/logo/?v={shop.logo_version}"
    # 600 × 100 fits the header's 200 × 48 box as 200 × 33.
    assert re.search(
        rf'<img src="{re.escape(url)}" alt="Werkstatt Müller" width="200" height="33" style="[^"]+">', html
    )
    assert "Your battery has arrived." in html
    assert "/logo/" not in received.email.get_body(("plain",)).get_content()
    response = client.get(f"{urlsplit(url).path}?{urlsplit(url).query}")  # the address answers with the logo
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content


def test_without_a_logo_the_e_mail_has_the_name_alone(smtp_server, work_order):
    send_one(work_order)
    [received] = smtp_server.received
    html = received.email.get_body(("html",)).get_content()
    assert "<img" not in html
    assert re.search(r'font-weight:700;">[^<]+</div>', html)


def test_the_header_text_on_a_light_brand_colour_is_dark(smtp_server, shop, work_order):
    shop.brand_colour = "#ffd400"
    shop.save()
    send_one(work_order)
    [received] = smtp_server.received
    assert "background:#ffd400;color:#1d2327;" in received.email.get_body(("html",)).get_content()
