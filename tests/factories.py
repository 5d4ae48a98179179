"""Model factories. They build valid rows directly; state changes in tests go through the services."""

from decimal import Decimal

import factory
from django.contrib.auth.models import Group
from django.test import RequestFactory

from fixloop.core.actor import Actor
from fixloop.customers.models import CustomerAccount, Unit
from fixloop.repairs.models import Phase, ServiceRequest, Status, WorkOrder
from fixloop.shop.models import Location, ProductGroup, Region, ShopProfile, User, VatRate

STAFF_IP = "192.0.2.10"
CUSTOMER_IP = "198.51.100.7"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Fixloop-Test/1.0"


class ShopProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShopProfile

    # ShopProfile.save() always writes row 1, so building one replaces the shop's profile.
    name = "Werkstatt Müller"
    country = "DE"
    default_language = "de"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"Region {n}")
    code = factory.Sequence(lambda n: f"region-{n}")


class ProductGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductGroup

    name = factory.Sequence(lambda n: f"Product group {n}")
    external_notice_en = "Back up your data before you hand in your device."


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    name = factory.Sequence(lambda n: f"Workshop {n}")
    code = factory.Sequence(lambda n: f"W{n}")
    address_line = "Hauptstraße 1"
    postal_code = "10115"
    city = "Berlin"
    country = "DE"
    time_zone = "Europe/Berlin"
    currency = "EUR"


class VatRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VatRate

    location = factory.SubFactory(LocationFactory)
    label = factory.Sequence(lambda n: f"Rate {n}")
    rate = Decimal("19.00")
    is_default = False


class StatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Status

    name_en = factory.Sequence(lambda n: f"Status {n}")
    name_de = factory.Sequence(lambda n: f"Status {n} (de)")
    phase = Phase.IN_PROGRESS
    visible_to_customers = True
    position = factory.Sequence(lambda n: n)
    active = True


class UserFactory(factory.django.DjangoModelFactory):
    """A member of staff; `role` puts them in that role's group (the groups exist after migrate)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = factory.Sequence(lambda n: f"Staff{n}")
    last_name = "Member"
    email = factory.LazyAttribute(lambda user: f"{user.username}@shop.example.com")
    is_staff = True
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        if create and extracted:
            user.groups.add(Group.objects.get(name=extracted))


class CustomerAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomerAccount

    number = factory.Sequence(lambda n: f"T{n:05d}")
    name = factory.Sequence(lambda n: f"Customer {n}")
    language = "en"
    postal_code = "10115"
    city = "Berlin"
    email = factory.Sequence(lambda n: f"customer{n}@example.com")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    customer = factory.SubFactory(CustomerAccountFactory)
    kind = Unit.Kind.DEVICE
    make = "Lenovo"
    model = "ThinkPad T14"
    serial_number = factory.Sequence(lambda n: f"SN{n:08d}")


class WorkOrderFactory(factory.django.DjangoModelFactory):
    """A work order row without its timeline: for tests that only need one to exist."""

    class Meta:
        model = WorkOrder

    number = factory.Sequence(lambda n: f"F-{n:05d}")
    customer = factory.SubFactory(CustomerAccountFactory)
    unit = factory.SubFactory(UnitFactory, customer=factory.SelfAttribute("..customer"))
    location = factory.SubFactory(LocationFactory)
    status = factory.SubFactory(StatusFactory, phase=Phase.OPEN)
    problem_description = "Does not switch on."


class ServiceRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceRequest

    customer = factory.SubFactory(CustomerAccountFactory)
    unit = None
    unit_description = ""
    problem_description = "The display stays dark."


def staff_actor_for(user, *, ip: str = STAFF_IP, user_agent: str = BROWSER) -> Actor:
    """The actor a back-office request by `user` would produce."""
    request = RequestFactory().post("/staff/", REMOTE_ADDR=ip, HTTP_USER_AGENT=user_agent)
    request.user = user
    return Actor.staff(request)


def customer_actor_for(
    name: str = "Anna Becker", *, ip: str = CUSTOMER_IP, user_agent: str = BROWSER
) -> Actor:
    """The actor a request from a customer's browser would produce."""
    request = RequestFactory().post("/track/", REMOTE_ADDR=ip, HTTP_USER_AGENT=user_agent)
    return Actor.customer(request, name=name)
