"""The demo shop's configuration: profile, locations, regions, product groups, workflow statuses, the
automatic status changes on estimate events and staff logins.

Everything is looked up by its natural key and created only when missing, so seeding again (or
seeding a database someone already configured) never overwrites what is there.
"""

from dataclasses import dataclass
from datetime import time
from decimal import Decimal

from django.contrib.auth.models import Group
from django.db import transaction

from fixloop.demo.logins import DEMO_LOGINS
from fixloop.estimates.models import StatusMoves
from fixloop.repairs.models import Phase, Status
from fixloop.shop.models import (
    Location,
    OpeningHours,
    ProductGroup,
    Region,
    Role,
    ShopProfile,
    User,
    VatRate,
)
from fixloop.shop.roles import ensure_roles

SHOP_NAME = "Funke & Speiche Reparaturen"
DEFAULT_SHOP_NAME = ShopProfile._meta.get_field("name").default

LOCATIONS = [
    # code, name, street, postal code, city, country, phone, [(label, rate, default)]
    (
        "BER",
        "Berlin-Kreuzberg",
        "Oranienstraße 163",
        "10999",
        "Berlin",
        "DE",
        "+49 30 23125 100",
        [("Standard", "19", True), ("Reduced", "7", False)],
    ),
    (
        "HAM",
        "Hamburg-Sternschanze",
        "Schulterblatt 58",
        "20357",
        "Hamburg",
        "DE",
        "+49 40 66969 100",
        [("Standard", "19", True), ("Reduced", "7", False)],
    ),
    (
        "VIE",
        "Wien-Neubau",
        "Neubaugasse 26",
        "1070",
        "Wien",
        "AT",
        "",
        [("Standard", "20", True), ("Reduced", "10", False)],
    ),
]
REGIONS = [
    ("berlin", "Berlin & Brandenburg"),
    ("north", "Hamburg & Norddeutschland"),
    ("austria", "Österreich"),
]
PRODUCT_GROUPS = {
    "laptops": (
        "Laptops",
        "Please back up your data before handing in your device, and tell us a password we can test with "
        "or remove it.",
        "Bitte sichern Sie Ihre Daten, bevor Sie uns Ihr Gerät bringen, und nennen Sie uns ein Passwort "
        "zum Testen oder entfernen Sie es.",
    ),
    "phones": (
        "Smartphones & tablets",
        "Please back up your phone and switch off 'Find my' before handing it in.",
        "Bitte sichern Sie Ihr Telefon und schalten Sie „Wo ist?“ bzw. den Geräteschutz aus, bevor Sie es "
        "abgeben.",
    ),
    "ebikes": (
        "E-bikes",
        "Please bring the charger and the battery key. Remove child seats and bags.",
        "Bitte bringen Sie Ladegerät und Akkuschlüssel mit und nehmen Sie Kindersitz und Taschen ab.",
    ),
    "bikes": ("Bicycles", "", ""),
    "car_electronics": (
        "Car electronics",
        "Please leave the car key and the radio or navigation PIN at the counter.",
        "Bitte geben Sie den Fahrzeugschlüssel und die Radio- bzw. Navi-PIN am Tresen ab.",
    ),
}
# key: (English, German, phase, visible to customers, active)
# key: staff name (English, German), phase, visible to customers, active, and the name customers
# read (English, German).
STATUSES = {
    "received": ("Received", "Eingegangen", Phase.OPEN, True, True, "Received", "Eingegangen"),
    "diagnosis": (
        "Diagnosis",
        "Fehlersuche",
        Phase.IN_PROGRESS,
        True,
        True,
        "We are finding the fault",
        "Wir suchen den Fehler",
    ),
    "repair": (
        "Repair in progress",
        "In Reparatur",
        Phase.IN_PROGRESS,
        True,
        True,
        "Being repaired",
        "Wird repariert",
    ),
    "approval": (
        "Waiting for approval",
        "Wartet auf Freigabe",
        Phase.WAITING_FOR_CUSTOMER,
        True,
        True,
        "Waiting for your approval",
        "Wartet auf Ihre Freigabe",
    ),
    # Where a disputed estimate puts the work order (STATUS_MOVES): the shop has to answer.
    "clarification": (
        "Estimate being clarified",
        "Kostenvoranschlag in Klärung",
        Phase.IN_PROGRESS,
        True,
        True,
        "We are clarifying your questions about the estimate",
        "Wir klären Ihre Fragen zum Kostenvoranschlag",
    ),
    "parts": (
        "Waiting for parts",
        "Wartet auf Ersatzteile",
        Phase.WAITING_FOR_PARTS,
        True,
        True,
        "Waiting for parts",
        "Wartet auf Ersatzteile",
    ),
    "quality": ("Quality check", "Qualitätskontrolle", Phase.IN_PROGRESS, False, True, "", ""),
    "ready": (
        "Ready for pick-up",
        "Abholbereit",
        Phase.READY,
        True,
        True,
        "Ready for you to pick up",
        "Bereit zur Abholung",
    ),
    "picked_up": ("Picked up", "Abgeholt", Phase.CLOSED, True, True, "Picked up", "Abgeholt"),
    "cancelled": ("Cancelled", "Storniert", Phase.CANCELLED, True, True, "Cancelled", "Storniert"),
    # The shop stopped sending repairs to manufacturers; old work orders keep this status.
    "manufacturer": (
        "Sent to manufacturer",
        "Beim Hersteller",
        Phase.IN_PROGRESS,
        True,
        False,
        "At the manufacturer",
        "Beim Hersteller",
    ),
}


# The demo's automatic status changes on estimate events (StatusMoves field -> STATUSES key).
STATUS_MOVES = {
    "when_sent": "approval",
    "when_approved": "repair",
    "when_partly_approved": "repair",
    "when_declined": "ready",
    "when_disputed": "clarification",
}


@dataclass
class DemoShop:
    locations: dict[str, Location]  # by code
    regions: dict[str, Region]  # by code
    product_groups: dict[str, ProductGroup]  # by PRODUCT_GROUPS key
    statuses: dict[str, Status]  # by STATUSES key
    staff: dict[str, User]  # by username

    def staff_with_role(self, role: Role) -> list[User]:
        return [self.staff[login.username] for login in DEMO_LOGINS if login.role == role]


@transaction.atomic
def ensure_shop() -> DemoShop:
    profile = ShopProfile.objects.filter(pk=1).first()
    if profile is None or profile.name == DEFAULT_SHOP_NAME:
        profile = profile or ShopProfile()
        profile.name = SHOP_NAME
        profile.brand_colour = "#c2410c"
        profile.country = "DE"
        profile.default_language = "de"
        profile.full_clean()
        profile.save()

    statuses = {key: _status(position, *values) for position, (key, values) in enumerate(STATUSES.items())}
    _status_moves(statuses)
    return DemoShop(
        locations={code: _location(code, *rest) for code, *rest in LOCATIONS},
        regions={
            code: Region.objects.get_or_create(code=code, defaults={"name": name})[0]
            for code, name in REGIONS
        },
        product_groups={
            key: ProductGroup.objects.get_or_create(
                name=name, defaults={"external_notice_en": notice_en, "external_notice_de": notice_de}
            )[0]
            for key, (name, notice_en, notice_de) in PRODUCT_GROUPS.items()
        },
        statuses=statuses,
        staff=_staff(),
    )


def _location(code, name, street, postal_code, city, country, phone, vat_rates) -> Location:
    location = Location.objects.filter(code=code).first()
    if location is not None:
        return location
    location = Location(
        code=code,
        name=name,
        address_line=street,
        postal_code=postal_code,
        city=city,
        country=country,
        phone=phone,
        email=f"{code.lower()}@funke-speiche.example.com",
        time_zone="Europe/Vienna" if country == "AT" else "Europe/Berlin",
        currency="EUR",
    )
    location.booking_capacity = 2
    location.full_clean()
    location.save()
    for label, rate, is_default in vat_rates:
        VatRate.objects.create(location=location, label=label, rate=Decimal(rate), is_default=is_default)
    # Online booking: weekdays with a lunch break, Saturday mornings; two appointments an hour.
    OpeningHours.objects.bulk_create(
        [
            *(
                OpeningHours(location=location, weekday=day, opens=time(8), closes=time(12))
                for day in range(5)
            ),
            *(
                OpeningHours(location=location, weekday=day, opens=time(13), closes=time(18))
                for day in range(5)
            ),
            OpeningHours(location=location, weekday=5, opens=time(9), closes=time(13)),
        ]
    )
    return location


def _status(position, name_en, name_de, phase, visible, active, customer_en, customer_de) -> Status:
    status, _created = Status.objects.get_or_create(
        name_en=name_en,
        defaults={
            "name_de": name_de,
            "customer_name_en": customer_en,
            "customer_name_de": customer_de,
            "phase": phase,
            "visible_to_customers": visible,
            "position": (position + 1) * 10,
            "active": active,
        },
    )
    return status


def _status_moves(statuses: dict[str, Status]) -> None:
    """The demo's work orders follow their estimates (made only when the shop has no choice yet)."""
    if not StatusMoves.objects.exists():
        StatusMoves(**{field: statuses[key] for field, key in STATUS_MOVES.items()}).save()


def _staff() -> dict[str, User]:
    ensure_roles()
    staff = {}
    for login in DEMO_LOGINS:
        user, created = User.objects.get_or_create(username=login.username)
        if created:  # an existing account keeps its password and roles
            user.first_name, user.last_name = login.first_name, login.last_name
            user.email = f"{login.username}@funke-speiche.example.com"
            user.is_staff = login.is_staff
            user.set_password(login.password)
            user.save()
            user.groups.add(Group.objects.get(name=login.role))
        staff[login.username] = user
    return staff
