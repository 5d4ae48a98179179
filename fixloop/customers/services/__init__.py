"""Creating and changing customer accounts and units: validated in full, saved in one transaction."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from fixloop.customers.models import CustomerAccount, Unit

CUSTOMER_NUMBER_PREFIX = "C"
# The contact details a customer may correct themselves (on the tracking page).
CONTACT_FIELDS = ("email", "mobile", "address_line", "postal_code", "city")


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


@transaction.atomic
def change_contact_details(customer_id: int, changes: dict) -> tuple[CustomerAccount, dict[str, list[str]]]:
    """Set the customer's contact details given in `changes` (any of CONTACT_FIELDS), validated and
    normalised exactly as when staff enter them, under a row lock. Returns the customer and what
    changed ({field: [old, new]}; nothing is saved when that is empty). ValidationError names the
    fields and changes nothing."""
    unknown = set(changes) - set(CONTACT_FIELDS)
    if unknown:
        raise ValueError(f"Not customer-editable: {sorted(unknown)}")
    customer = CustomerAccount.objects.select_for_update().get(pk=customer_id)
    before = {field: getattr(customer, field) for field in CONTACT_FIELDS}
    for field, value in changes.items():
        setattr(customer, field, (value or "").strip())
    try:
        customer.full_clean()
    except ValidationError as error:
        # Only what the customer can correct counts: an old, invalid fax number on record must not
        # stop them from fixing their e-mail address (it is left as it is: only CONTACT_FIELDS are saved).
        relevant = {
            field: messages for field, messages in error.message_dict.items() if field in CONTACT_FIELDS
        }
        if relevant:
            raise ValidationError(relevant) from None
    after = {field: getattr(customer, field) for field in CONTACT_FIELDS}
    changed = {
        field: [before[field], after[field]] for field in CONTACT_FIELDS if before[field] != after[field]
    }
    if changed:
        customer.save(update_fields=[*changed, "updated_at"])
    return customer, changed
