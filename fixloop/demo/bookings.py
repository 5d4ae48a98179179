"""Demo booking requests in every state, and a customer portal login, made through the services as a
customer and staff would: the history of each request is what the product writes."""

import random
from datetime import timedelta

from django.utils import timezone

from fixloop.bookings import services as bookings
from fixloop.bookings.slots import free_slots
from fixloop.core.actor import Actor, ActorKind
from fixloop.customers.models import CustomerAccount
from fixloop.customers.services import portal_access
from fixloop.demo import samples
from fixloop.demo.configuration import DemoShop
from fixloop.demo.logins import DEMO_PORTAL_LOGIN
from fixloop.shop.models import Location


def portal_login(shop: DemoShop, customer: CustomerAccount, advisor: Actor) -> None:
    """The demo portal person, invited by the advisor and signed up, for `customer`."""
    token = portal_access.invite(customer, DEMO_PORTAL_LOGIN.email, by=advisor, language="en")
    portal_access.accept_invitation(token, password=DEMO_PORTAL_LOGIN.password, name=DEMO_PORTAL_LOGIN.name)


def _customer_actor(rng: random.Random, customer: CustomerAccount, index: int) -> Actor:
    return Actor(
        ActorKind.CUSTOMER,
        ip=samples.customer_ip(index),
        user_agent=rng.choice(samples.USER_AGENTS),
        name=customer.contact_name or customer.name,
    )


def _slots(location: Location, days_ahead: int, count: int) -> list:
    """`count` free start times a few days ahead, in the location's opening hours."""
    start = timezone.localdate() + timedelta(days=days_ahead)
    return [slot.starts_at for slot in free_slots(location, start, 7)[: count * 3 : 3]]


def seed_bookings(rng: random.Random, shop: DemoShop, owners, portal_customer, advisor: Actor) -> None:
    """One booking request in each state of the date negotiation (besides those `_service_requests`
    makes): the portal customer has one to answer and one confirmed."""
    location = shop.locations["BER"]
    problem = "Brakes squeal when cold; please also do the annual service."

    def submit(customer, unit, index, days_ahead):
        return bookings.submit(
            customer=customer,
            location=location,
            unit=unit,
            problem_description=problem,
            slots=_slots(location, days_ahead, 2),
            by=_customer_actor(rng, customer, index),
        )

    portal_unit = portal_customer.units.first()
    to_answer = submit(portal_customer, portal_unit, 40, 2)
    bookings.suggest(
        to_answer,
        version=to_answer.version,
        slots=_slots(location, 4, 2),
        by=advisor,
        message="Both of your times are taken; could you come on one of these instead?",
    )
    confirmed = submit(portal_customer, portal_unit, 41, 6)
    bookings.confirm(
        confirmed,
        version=confirmed.version,
        slot=confirmed.booking_slots.order_by("starts_at").first(),
        by=advisor,
        message="See you then.",
    )

    (customer, unit), (customer2, unit2) = rng.sample(owners[:10], 2)
    countered = submit(customer, unit, 42, 3)
    bookings.suggest(countered, version=countered.version, slots=_slots(location, 5, 1), by=advisor)
    bookings.counter(
        countered,
        version=countered.version,
        slots=_slots(location, 8, 2),
        by=_customer_actor(rng, customer, 42),
        message="That day I am away; one of these would suit me.",
    )
    withdrawn = submit(customer2, unit2, 43, 2)
    bookings.withdraw(
        withdrawn,
        version=withdrawn.version,
        by=_customer_actor(rng, customer2, 43),
        reason="Fixed it myself after all, thank you.",
    )
    bookings.submit_public(
        name="Jana Vogt",
        email="jana.vogt@example.net",
        location=location,
        unit_description="Bosch washing machine WAN28K40",
        problem_description="The drum does not turn any more; it hums.",
        slots=_slots(location, 3, 1),
        by=Actor(ActorKind.CUSTOMER, ip=samples.customer_ip(44), name="Jana Vogt"),
        language="de",
    )
