"""Validation and normalisation of e-mail addresses and phone numbers.

Not "contains an @" or "has digits": e-mail goes through email-validator (syntax and
normalisation, no DNS lookup at entry), phone and fax numbers through phonenumbers and
are stored in E.164, read with the shop's country as the default for national numbers.
"""

import functools
import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from email_validator import EmailNotValidError, validate_email


def normalise_email(value: str) -> str:
    """The normalised address, or ValidationError with a readable reason."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        return _normalised(value)
    except EmailNotValidError as error:
        raise ValidationError(
            _("Enter a valid e-mail address (%(reason)s).") % {"reason": str(error)}
        ) from None


@functools.lru_cache(maxsize=4096)
def _normalised(value: str) -> str:
    # An address is checked each time a message is drafted for it; the answer never changes (an
    # invalid one raises, and is not kept: its reason is worded in the language of the moment).
    return validate_email(value, check_deliverability=False).normalized


def normalise_phone(value: str, default_country: str, *, mobile: bool = False) -> str:
    """The number in E.164 (+4930123456), or ValidationError. `default_country` is an ISO
    3166 code used for numbers written without a country prefix."""
    value = (value or "").strip()
    if not value:
        return ""
    if re.search(r"[^\d\s+()./-]", value):
        # phonenumbers would read letters as a keypad word (0800-FLOWERS); a contact number has digits.
        raise ValidationError(_("Enter digits only, e.g. +49 30 1234567; letters are not allowed."))
    try:
        number = phonenumbers.parse(value, default_country.upper() or None)
    except phonenumbers.NumberParseException:
        raise ValidationError(_("Enter a phone number, e.g. +49 30 1234567.")) from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("This is not a valid phone number."))
    if mobile and phonenumbers.number_type(number) not in {
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    }:
        raise ValidationError(_("This is not a mobile number, so it cannot receive text messages."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(e164: str) -> str:
    """An E.164 number written the international way, for display."""
    if not e164:
        return ""
    try:
        return phonenumbers.format_number(
            phonenumbers.parse(e164), phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
    except phonenumbers.NumberParseException:
        return e164


def is_country_code(value: str) -> bool:
    return value.upper() in phonenumbers.SUPPORTED_REGIONS
