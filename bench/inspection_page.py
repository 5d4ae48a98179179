"""The weight of the customer's inspection page: the bytes of its first view (HTML, CSS, JS; photos
aside) for an inspection of 20 items, uncompressed and gzip-compressed (as whitenoise serves the
static files and a front proxy the page).

    python bench/inspection_page.py [--items 20] [--language en]

Creates a scratch database (BENCH_DATABASE_URL names the server, default
postgres://postgres@127.0.0.1:5432), a shop, a work order with an inspection of N items across the
four categories (each with a technician's note, a photo on every third), sends it, opens its link
with production settings (DEBUG off, hashed static files) and adds up the page and every stylesheet
and script it loads. Budget (issue "Diagnostic overview"): the first view under 100 KB.
"""

import argparse
import gzip
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scratch import scratch_site

DATABASE = "fixloop_bench_inspection_page"
BUDGET = 100 * 1024
PASSWORD = "Bench-password-2026"  # noqa: S105 (a scratch database)
CATEGORIES = ["scheduled", "necessary", "necessary", "recommended", "recommended", "ok"]


def seed(count: int, language: str) -> str:
    """The path of the sent inspection's link."""
    import io
    from decimal import Decimal

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from fixloop.core.actor import Actor
    from fixloop.customers.models import CustomerAccount, Unit
    from fixloop.inspections.services import items, links, media, sending
    from fixloop.portal.inspection_links import path_of
    from fixloop.repairs import services as repairs
    from fixloop.repairs.models import Phase, Status
    from fixloop.shop.models import Location, ShopProfile, User, VatRate

    ShopProfile.objects.get_or_create(pk=1, defaults={"name": "Werkstatt Becker", "country": "DE"})
    location = Location.objects.create(
        name="Berlin",
        code="BER",
        address_line="Hauptstraße 1",
        postal_code="10115",
        city="Berlin",
        country="DE",
    )
    VatRate.objects.create(location=location, label="Standard", rate=Decimal("19.00"), is_default=True)
    for phase in Phase:
        Status.objects.create(name_en=str(phase.label), name_de=str(phase.label), phase=phase)
    advisor = User.objects.create_user("bench-advisor", password=PASSWORD, is_staff=True)
    by = Actor.staff_user(advisor)
    customer = CustomerAccount.objects.create(
        number="C1", name="Claire Dupont", email="claire@example.com", postal_code="10115", language=language
    )
    unit = Unit.objects.create(
        customer=customer, kind=Unit.Kind.VEHICLE, make="Volkswagen", model="Golf VIII", plate="B-CD 1234"
    )
    work_order = repairs.open_work_order(
        customer=customer, unit=unit, location=location, problem_description="Annual service", by=by
    )
    inspection = items.start(work_order, by=by)
    items.set_note_for_customer(
        inspection,
        "Hello Ms Dupont, here is what we found during the annual service. Call us with any question.",
        by=by,
    )
    for number in range(count):
        category = CATEGORIES[number % len(CATEGORIES)]
        item = items.add_item(
            inspection,
            by=by,
            category=category,
            description=f"Check point {number + 1}: front brake pads and discs",
            technician_note="Pads worn to 3 mm, discs scored on the inside; replace both sides.",
            labour=Decimal("84.00"),
            parts=Decimal("129.90"),
        )
        if number % 3 == 0:
            out = io.BytesIO()
            Image.new("RGB", (1200, 900), (120, 60, 30)).save(out, "JPEG")
            media.add_media(item, SimpleUploadedFile("photo.jpg", out.getvalue(), "image/jpeg"), by=by)
    sending.send(inspection, by=by, emails=["claire@example.com"])
    return path_of(links.link_for(inspection, by=by))


def static_bytes(url: str) -> bytes:
    from django.conf import settings

    return (Path(settings.STATIC_ROOT) / url.removeprefix(settings.STATIC_URL)).read_bytes()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--language", default="en")
    options = parser.parse_args()
    with scratch_site(DATABASE, smtp=False):
        from django.core.management import call_command
        from django.test import Client

        call_command("collectstatic", interactive=False, verbosity=0)
        path = seed(options.items, options.language)
        response = Client(SERVER_NAME="localhost").get(path)
        if response.status_code != 200:
            raise SystemExit(f"the page answered {response.status_code}")
        html = response.content
        page = html.decode()
        styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
        scripts = re.findall(r'<script src="([^"]+)"', page)
        rows = [("HTML", html)]
        rows += [(f"CSS {url.rsplit('/', 1)[-1]}", static_bytes(url)) for url in styles]
        rows += [(f"JS  {url.rsplit('/', 1)[-1]}", static_bytes(url)) for url in scripts]
        print(f"First view of an inspection of {options.items} items ({options.language}), photos aside:")
        print(f"{'':34} {'bytes':>9} {'gzip':>9}")
        total = total_gzip = 0
        for label, body in rows:
            packed = len(gzip.compress(body, 6))
            total += len(body)
            total_gzip += packed
            print(f"{label:34} {len(body):9,} {packed:9,}")
        print(f"{'total':34} {total:9,} {total_gzip:9,}")
        print(f"budget {BUDGET:,} bytes: {'within' if total < BUDGET else 'OVER'} (uncompressed)")


if __name__ == "__main__":
    main()
