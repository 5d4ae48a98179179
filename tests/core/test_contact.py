import phonenumbers
import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from fixloop.core.contact import format_phone, is_country_code, normalise_email, normalise_phone

REGIONS = sorted(phonenumbers.SUPPORTED_REGIONS)
WRITTEN = [phonenumbers.PhoneNumberFormat.NATIONAL, phonenumbers.PhoneNumberFormat.INTERNATIONAL]


@st.composite
def example_numbers(draw, number_type=phonenumbers.PhoneNumberType.MOBILE):
    """(region, the number as a person would write it, its E.164 form) for a real example number."""
    region = draw(st.sampled_from(REGIONS))
    example = phonenumbers.example_number_for_type(region, number_type)
    assume(example is not None)
    written = phonenumbers.format_number(example, draw(st.sampled_from(WRITTEN)))
    return region, written, phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)


# e-mail


@pytest.mark.parametrize("value", ["", "   ", None])
def test_no_email_address_normalises_to_empty(value):
    assert normalise_email(value) == ""


def test_an_invalid_email_address_is_refused_with_the_reason():
    with pytest.raises(ValidationError, match=r"Enter a valid e-mail address \(.*@"):
        normalise_email("anna")


@given(st.emails())
def test_normalising_an_email_address_twice_changes_nothing(address):
    try:
        once = normalise_email(address)
    except ValidationError:
        assume(False)
    assert normalise_email(once) == once


@given(st.emails())
def test_a_normalised_email_address_has_a_lower_case_domain(address):
    try:
        normalised = normalise_email(address)
    except ValidationError:
        assume(False)
    domain = normalised.rpartition("@")[2]
    assert domain == domain.lower()
    assert normalised.rpartition("@")[0] == address.rpartition("@")[0]


# phone numbers


@pytest.mark.parametrize("value", ["", "  ", None])
def test_no_phone_number_normalises_to_empty(value):
    assert normalise_phone(value, "DE") == ""


def test_a_national_number_is_read_with_the_default_country():
    assert normalise_phone("030 1234567", "de") == "+49301234567"


@pytest.mark.parametrize(
    "value", ["030 1234567 Fax", "0800 FLOWERS", "Tel. 030 1234567", "030 1234567 ext 5"]
)
def test_a_number_with_letters_is_refused(value):
    with pytest.raises(ValidationError, match="digits"):
        normalise_phone(value, "DE")


def test_something_that_is_not_a_number_is_refused():
    with pytest.raises(ValidationError):
        normalise_phone("++--", "DE")


def test_a_number_too_short_to_exist_is_refused():
    with pytest.raises(ValidationError, match="not a valid phone number"):
        normalise_phone("0151", "DE")


def test_a_landline_number_is_refused_as_a_mobile_number():
    with pytest.raises(ValidationError, match="not a mobile number"):
        normalise_phone("030 1234567", "DE", mobile=True)


def test_a_number_that_may_be_mobile_is_accepted_as_mobile():
    # In the US, fixed and mobile numbers cannot be told apart.
    assert normalise_phone("(201) 555-0123", "US", mobile=True) == "+12015550123"


@given(example_numbers())
def test_a_written_mobile_number_normalises_to_its_e164_form(example):
    region, written, e164 = example

    assert normalise_phone(written, region, mobile=True) == e164


@given(example_numbers(), st.sampled_from(REGIONS))
def test_a_normalised_number_starts_with_plus_and_reads_the_same_from_any_country(example, other_region):
    region, written, _e164 = example

    normalised = normalise_phone(written, region)

    assert normalised.startswith("+")
    assert normalised[1:].isdigit()
    assert normalise_phone(normalised, other_region) == normalised


@given(example_numbers(phonenumbers.PhoneNumberType.FIXED_LINE))
def test_a_number_shown_for_display_normalises_back_to_itself(example):
    region, written, e164 = example

    assert normalise_phone(format_phone(normalise_phone(written, region)), "DE") == e164


def test_a_number_is_shown_in_international_format():
    assert format_phone("+4915112345678") == "+49 1511 2345678"


def test_an_empty_number_is_shown_as_empty():
    assert format_phone("") == ""


def test_something_that_is_not_a_number_is_shown_as_it_is():
    assert format_phone("unknown") == "unknown"


# countries


@pytest.mark.parametrize(
    ("code", "known"), [("DE", True), ("de", True), ("US", True), ("XX", False), ("", False)]
)
def test_country_codes_are_the_iso_codes_phone_numbers_know(code, known):
    assert is_country_code(code) is known
