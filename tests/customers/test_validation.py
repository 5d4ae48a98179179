"""Contact points are checked and normalised when a customer is saved; a bad one is refused on its
field and nothing is saved."""

import string

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from fixloop.customers.models import Channel, CustomerAccount, normalise_postal_code
from fixloop.customers.services import save_customer
from tests.factories import CustomerAccountFactory, ShopProfileFactory


def new_customer(**fields) -> CustomerAccount:
    fields.setdefault("name", "Anna Becker")
    return CustomerAccount(**fields)


def refused_fields(customer: CustomerAccount) -> set[str]:
    count = CustomerAccount.objects.count()
    with pytest.raises(ValidationError) as refused:
        save_customer(customer)
    assert CustomerAccount.objects.count() == count
    return set(refused.value.message_dict)


# e-mail


def test_an_email_address_is_stripped_and_its_domain_lower_cased(shop):
    customer = save_customer(new_customer(email="  Anna@Example.COM "))

    assert CustomerAccount.objects.get(pk=customer.pk).email == "Anna@example.com"


def test_an_internationalised_domain_is_kept_in_unicode(shop):
    customer = save_customer(new_customer(email="anna@MÜLLER.de"))

    assert customer.email == "anna@müller.de"


def test_no_email_address_is_allowed(shop):
    customer = save_customer(new_customer(email=""))

    assert customer.email == ""


@pytest.mark.parametrize(
    "email", ["anna@", "anna", "anna@@x.de", "@example.com", "anna@example", "anna becker@example.com"]
)
def test_an_invalid_email_address_is_refused_on_email(shop, email):
    assert refused_fields(new_customer(email=email)) == {"email"}


def test_an_email_address_on_a_reserved_domain_is_refused(shop):
    assert refused_fields(new_customer(email="anna@shop.invalid")) == {"email"}


# mobile and fax


def test_a_national_mobile_number_is_read_with_the_shops_country(shop):
    customer = save_customer(new_customer(mobile="0151 12345678"))

    assert CustomerAccount.objects.get(pk=customer.pk).mobile == "+4915112345678"


def test_another_shop_country_reads_national_numbers_as_that_countrys(db):
    ShopProfileFactory(country="AT")

    customer = save_customer(new_customer(mobile="0664 1234567"))

    assert customer.mobile == "+436641234567"


def test_a_number_with_a_country_prefix_ignores_the_shops_country(shop):
    customer = save_customer(new_customer(mobile="+44 7911 123456"))

    assert customer.mobile == "+447911123456"


def test_the_customers_own_country_is_used_when_set(shop):
    customer = save_customer(new_customer(country="us", mobile="(201) 555-0123"))

    assert (customer.country, customer.mobile) == ("US", "+12015550123")


def test_a_fax_number_is_stored_in_e164(shop):
    customer = save_customer(new_customer(fax="030 / 123 456-7"))

    assert customer.fax == "+49301234567"


@pytest.mark.parametrize("fax", ["030 1234567 Fax", "030-FAX-123", "Fax: 030 1234567"])
def test_a_fax_number_with_letters_is_refused_on_fax(shop, fax):
    assert refused_fields(new_customer(fax=fax)) == {"fax"}


def test_a_landline_number_given_as_mobile_is_refused_on_mobile(shop):
    assert refused_fields(new_customer(mobile="030 1234567")) == {"mobile"}


def test_a_landline_number_is_fine_as_fax(shop):
    assert save_customer(new_customer(fax="030 1234567")).fax == "+49301234567"


@pytest.mark.parametrize("mobile", ["0151", "12", "+49 151 1234567890123"])
def test_an_impossible_mobile_number_is_refused_on_mobile(shop, mobile):
    assert refused_fields(new_customer(mobile=mobile)) == {"mobile"}


def test_text_messages_as_channel_need_a_mobile_number(shop):
    assert refused_fields(new_customer(preferred_channel=Channel.SMS)) == {"mobile"}


def test_text_messages_as_channel_with_a_mobile_number_are_accepted(shop):
    customer = save_customer(new_customer(preferred_channel=Channel.SMS, mobile="0151 12345678"))

    assert customer.preferred_channel == Channel.SMS


def test_every_bad_contact_point_is_reported_at_once(shop):
    assert refused_fields(new_customer(email="anna@", mobile="030 1234567", fax="fax")) == {
        "email",
        "mobile",
        "fax",
    }


def test_an_unknown_country_is_refused_on_country(shop):
    assert "country" in refused_fields(new_customer(country="XX"))


# postal code


@pytest.mark.parametrize(("given", "stored"), [(" sw1a 1aa ", "SW1A1AA"), ("10 115", "10115"), ("", "")])
def test_a_postal_code_is_stored_without_spaces_in_capitals(shop, given, stored):
    customer = save_customer(new_customer(postal_code=given))

    assert CustomerAccount.objects.get(pk=customer.pk).postal_code == stored


@given(st.text(alphabet=string.ascii_letters + string.digits + " \t-", max_size=12))
def test_a_normalised_postal_code_has_no_spaces_or_small_letters_and_normalises_to_itself(value):
    normalised = normalise_postal_code(value)

    assert not any(character.isspace() or character.islower() for character in normalised)
    assert normalise_postal_code(normalised) == normalised


# numbers


def test_a_new_customer_gets_the_next_customer_number(shop):
    first = save_customer(new_customer())
    second = save_customer(new_customer(name="Bernd Schulz"))

    assert (first.number, second.number) == ("C10001", "C10002")


def test_a_given_customer_number_is_kept(shop):
    assert save_customer(new_customer(number="K-0815")).number == "K-0815"


def test_a_duplicate_customer_number_is_refused_on_number(shop):
    CustomerAccountFactory(number="K-0815")

    assert refused_fields(new_customer(number="K-0815")) == {"number"}


# head office


def test_a_branch_can_belong_to_a_head_office(shop):
    head_office = CustomerAccountFactory(name="Autohaus Nord")

    branch = save_customer(new_customer(name="Autohaus Nord, Filiale Kiel", head_office=head_office))

    assert list(head_office.branches.all()) == [branch]
    assert head_office.is_head_office is True


def test_an_account_cannot_be_its_own_head_office(shop):
    account = CustomerAccountFactory()
    account.head_office = account

    assert refused_fields(account) == {"head_office"}
    assert CustomerAccount.objects.get(pk=account.pk).head_office is None


def test_a_branch_cannot_be_chosen_as_a_head_office(shop):
    head_office = CustomerAccountFactory(name="Autohaus Nord")
    branch = CustomerAccountFactory(name="Filiale Kiel", head_office=head_office)

    assert refused_fields(new_customer(name="Filiale Lübeck", head_office=branch)) == {"head_office"}


def test_a_head_office_cannot_itself_belong_to_a_head_office(shop):
    head_office = CustomerAccountFactory(name="Autohaus Nord")
    CustomerAccountFactory(name="Filiale Kiel", head_office=head_office)
    head_office.head_office = CustomerAccountFactory(name="Holding")

    assert refused_fields(head_office) == {"head_office"}
    assert CustomerAccount.objects.get(pk=head_office.pk).head_office is None
