"""Fixtures shared by the whole suite: the shop, staff in each role, two customers, a work order."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.core.cache import caches
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from fixloop.repairs import services
from fixloop.repairs.models import Phase
from fixloop.shop.models import Role
from tests.factories import (
    CustomerAccountFactory,
    LocationFactory,
    ShopProfileFactory,
    StatusFactory,
    UnitFactory,
    UserFactory,
    VatRateFactory,
    customer_actor_for,
    staff_actor_for,
)

# No example database in the work tree, and no deadline: the first call of a library may load data.
hypothesis_settings.register_profile("fixloop", database=None, deadline=None)
hypothesis_settings.load_profile("fixloop")

# The estimate fixtures (estimate, sent_estimate, vat_standard, …) for every test folder.
pytest_plugins = [
    "tests.estimates.fixtures",
    "tests.portal.accounts_fixtures",
    "tests.bookings.fixtures",
    "tests.backoffice.workshop_fixtures",
    "tests.portal.invoice_fixtures",
    "tests.messaging.inspection_fixtures",
    "tests.portal.inspection_fixtures",
]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The shop profile and customer pages are cached; no test may see another test's. (Look-up
    counts live in a database table and roll back with each test's transaction.)"""
    caches["local"].clear()
    yield
    caches["local"].clear()


@pytest.fixture(autouse=True)
def _default_language():
    """A page a test asked for in German leaves German active in the thread; the next test starts
    in the default language (text worded when shown depends on it)."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Staff users are made in most tests; production-strength hashing would dominate the run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def media_root(settings, tmp_path):
    """Stored files go to a folder of this test's own; returns that folder."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def shop(db):
    return ShopProfileFactory(country="DE")


@pytest.fixture
def location(db):
    location = LocationFactory(name="Berlin Mitte", code="BER")
    VatRateFactory(location=location, label="Standard", rate=Decimal("19.00"), is_default=True)
    VatRateFactory(location=location, label="Reduced", rate=Decimal("7.00"))
    return location


@pytest.fixture
def statuses(db) -> dict:
    """One active, customer-visible status per phase (keyed by the phase's value), plus
    "internal" (active, hidden from customers) and "inactive" (no longer in use)."""
    by_key = {
        phase.value: StatusFactory(
            name_en=str(phase.label), name_de=f"{phase.label} (de)", phase=phase, position=10 * i
        )
        for i, phase in enumerate(Phase, start=1)
    }
    by_key["internal"] = StatusFactory(
        name_en="Quality check", phase=Phase.IN_PROGRESS, visible_to_customers=False, position=25
    )
    by_key["inactive"] = StatusFactory(
        name_en="Old: on hold", phase=Phase.IN_PROGRESS, active=False, position=26
    )
    return by_key


@pytest.fixture
def owner(db):
    return UserFactory(username="owner", first_name="Olga", last_name="Owner", role=Role.ADMINISTRATOR)


@pytest.fixture
def admin_user(owner):
    """An administrator by role (not a superuser): what pytest-django's admin_client logs in."""
    return owner


@pytest.fixture
def advisor(db):
    return UserFactory(username="advisor", first_name="Anton", last_name="Advisor", role=Role.SERVICE_ADVISOR)


@pytest.fixture
def technician(db):
    return UserFactory(username="technician", first_name="Tina", last_name="Technician", role=Role.TECHNICIAN)


@pytest.fixture
def customer(db):
    customer = CustomerAccountFactory(name="Anna Becker", email="anna@example.com", postal_code="10115")
    UnitFactory(customer=customer, make="Lenovo", model="ThinkPad T14", serial_number="PF-11111")
    return customer


@pytest.fixture
def unit(customer):
    return customer.units.get()


@pytest.fixture
def other_customer(db):
    customer = CustomerAccountFactory(name="Bernd Schulz", email="bernd@example.org", postal_code="80331")
    UnitFactory(customer=customer, make="Apple", model="iPhone 13", serial_number="DX-22222")
    return customer


@pytest.fixture
def other_unit(other_customer):
    return other_customer.units.get()


@pytest.fixture
def staff_actor(advisor):
    """The service advisor acting through a back-office request (with IP address and user agent)."""
    return staff_actor_for(advisor)


@pytest.fixture
def customer_actor():
    """A customer acting through their browser (no staff user)."""
    return customer_actor_for("Anna Becker")


@pytest.fixture
def work_order(customer, unit, location, statuses, staff_actor):
    return services.open_work_order(
        customer=customer,
        unit=unit,
        location=location,
        problem_description="The screen flickers after ten minutes.",
        by=staff_actor,
    )


@pytest.fixture
def capture_signal():
    """capture_signal(signal) -> a list that receives the kwargs of every send while the test runs."""
    connected = []

    def capture(signal):
        calls = []

        def receiver(sender, **kwargs):
            calls.append({"sender": sender, **kwargs})

        signal.connect(receiver, weak=False)
        connected.append((signal, receiver))
        return calls

    yield capture
    for signal, receiver in connected:
        signal.disconnect(receiver)


class ListenerFailed(Exception):
    """Raised by a receiver that fail_signal() connects."""


@pytest.fixture
def fail_signal():
    """fail_signal(signal): every send of `signal` raises ListenerFailed while the test runs."""
    connected = []

    def fail(signal):
        def receiver(sender, **kwargs):
            raise ListenerFailed(f"a receiver of {sender.__name__} failed")

        signal.connect(receiver, weak=False)
        connected.append((signal, receiver))

    yield fail
    for signal, receiver in connected:
        signal.disconnect(receiver)


@pytest.fixture(autouse=True)
def _static_files_without_manifest(settings):
    """Production serves hashed static files from `collectstatic`'s manifest; tests render pages
    without running collectstatic."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
