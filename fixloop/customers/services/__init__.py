"""Creating and changing customer accounts and units: validated in full, saved in one transaction."""

from django.db import IntegrityError, transaction

from fixloop.customers.models import CustomerAccount, Unit

CUSTOMER_NUMBER_PREFIX = "C"


def next_customer_number() -> str:
    last = CustomerAccount.objects.filter(number__startswith=CUSTOMER_NUMBER_PREFIX).order_by("-id").first()
    value = 10000
    if last and last.number[1:].isdigit():
        value = int(last.number[1:])
    while True:
        value += 1
        number = f"{CUSTOMER_NUMBER_PREFIX}{value}"
        if not CustomerAccount.objects.filter(number=number).exists():
            return number


@transaction.atomic
def save_customer(customer: CustomerAccount) -> CustomerAccount:
    """Validate (normalising e-mail, mobile and fax) and save; ValidationError names the fields.
    A new customer without a number gets the next free one; if a clerk saving at the same moment
    took it, the next one after that."""
    numbered_here = not customer.number
    if numbered_here:
        customer.number = next_customer_number()
    customer.full_clean()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                customer.save()
            return customer
        except IntegrityError:
            if not numbered_here or not CustomerAccount.objects.filter(number=customer.number).exists():
                raise
            customer.number = next_customer_number()
    raise IntegrityError("No free customer number found after 5 tries.")


@transaction.atomic
def save_unit(unit: Unit) -> Unit:
    unit.full_clean()
    unit.save()
    return unit
