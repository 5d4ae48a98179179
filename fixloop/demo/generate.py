"""Plausible customers and units drawn from samples.py with a seeded random.Random, so the same
seed always gives the same people. Used both by the demo data and by the bulk generator."""

import random
from dataclasses import dataclass

from fixloop.customers.models import Channel, Unit
from fixloop.demo import samples

CITY_WEIGHTS = [40, 10, 25, 5, 20]  # Berlin, Potsdam, Hamburg, Lüneburg, Wien


@dataclass
class CustomerData:
    """The fields of a CustomerAccount, plus the city it lives in."""

    name: str
    language: str
    city: samples.City
    address_line: str
    postal_code: str
    contact_name: str = ""
    email: str = ""
    mobile: str = ""
    fax: str = ""
    preferred_channel: str = Channel.EMAIL
    wants_sms: bool = False

    def model_fields(self) -> dict:
        return {
            "name": self.name,
            "contact_name": self.contact_name,
            "language": self.language,
            "address_line": self.address_line,
            "postal_code": self.postal_code,
            "city": self.city.name,
            "country": self.city.country,
            "email": self.email,
            "mobile": self.mobile,
            "fax": self.fax,
            "preferred_channel": self.preferred_channel,
        }


@dataclass
class UnitData:
    group: str  # configuration.PRODUCT_GROUPS key
    kind: str
    make: str
    model: str
    serial_number: str = ""
    vin: str = ""
    plate: str = ""

    def model_fields(self) -> dict:
        return {
            "kind": self.kind,
            "make": self.make,
            "model": self.model,
            "serial_number": self.serial_number,
            "vin": self.vin,
            "plate": self.plate,
        }


def city(rng: random.Random) -> samples.City:
    return rng.choices(samples.CITIES, weights=CITY_WEIGHTS)[0]


def person(rng: random.Random, where: samples.City | None = None) -> CustomerData:
    where = where or city(rng)
    # Some Berliners and Hamburgers are English-speaking newcomers; everyone else gets German mail.
    english = where.country == "DE" and rng.random() < 0.2
    first = rng.choice(samples.ENGLISH_FIRST_NAMES if english else samples.GERMAN_FIRST_NAMES)
    last = rng.choice(samples.ENGLISH_LAST_NAMES if english else samples.GERMAN_LAST_NAMES)
    customer = CustomerData(
        name=f"{first} {last}",
        language="en" if english else "de",
        city=where,
        address_line=f"{rng.choice(where.streets)} {rng.randint(1, 180)}",
        postal_code=rng.choice(where.postal_codes),
    )
    if rng.random() < 0.9:
        suffix = str(rng.randint(1, 99)) if rng.random() < 0.3 else ""
        customer.email = (
            f"{samples.transliterate(first)}.{samples.transliterate(last)}{suffix}@"
            + rng.choice(samples.EMAIL_DOMAINS)
        )
    if where.country == "DE" and rng.random() < 0.4:
        customer.mobile = rng.choice(samples.DRAMA_MOBILE_NUMBERS)
        if rng.random() < 0.5:
            customer.preferred_channel, customer.wants_sms = Channel.SMS, True
    return customer


def company(rng: random.Random, where: samples.City | None = None) -> CustomerData:
    where = where or rng.choice([c for c in samples.CITIES if c.landline_prefix])
    owner = person(rng, where)
    last = owner.name.split()[-1]
    customer = CustomerData(
        name=f"{last} {rng.choice(samples.COMPANY_TRADES)} {rng.choice(samples.COMPANY_SUFFIXES)}",
        language="de",
        city=where,
        address_line=owner.address_line,
        postal_code=owner.postal_code,
        contact_name=owner.name,
        email=f"info@{samples.transliterate(last)}.example.com",
    )
    if where.landline_prefix:
        customer.fax = f"{where.landline_prefix}{rng.randint(0, 999):03d}"
    return customer


def device(rng: random.Random, group: str | None = None) -> UnitData:
    choices = [d for d in samples.DEVICES if group in (None, d.group)]
    picked = rng.choice(choices)
    serial = picked.serial_prefix + "".join(
        rng.choices(samples.SERIAL_CHARACTERS, k=12 - len(picked.serial_prefix))
    )
    return UnitData(picked.group, picked.kind, picked.make, picked.model, serial_number=serial)


def car(rng: random.Random, where: samples.City) -> UnitData:
    picked = rng.choice(samples.CARS)
    vin = picked.wmi + "".join(rng.choices(samples.VIN_CHARACTERS, k=14))
    letters = "".join(rng.choices("ABCDEFGHKLMNPRSTUVWXYZ", k=rng.randint(1, 2)))
    plate = f"{samples.PLATE_PREFIXES.get(where.name, 'B')}-{letters} {rng.randint(1, 9999)}"
    return UnitData("car_electronics", Unit.Kind.VEHICLE, picked.make, picked.model, vin=vin, plate=plate)


def unit_for(rng: random.Random, customer: CustomerData) -> UnitData:
    """Mostly laptops, phones and bikes; now and then a car for the car-electronics bench."""
    if customer.city.country == "DE" and rng.random() < 0.06:
        return car(rng, customer.city)
    return device(rng)
