import pytest

from fixloop.customers.services import next_customer_number
from tests.factories import CustomerAccountFactory


@pytest.mark.django_db
def test_the_first_customer_number_is_c10001():
    assert next_customer_number() == "C10001"


@pytest.mark.django_db
def test_the_next_customer_number_follows_the_last_one_given():
    CustomerAccountFactory(number="C10041")

    assert next_customer_number() == "C10042"


@pytest.mark.django_db
def test_a_number_already_taken_is_skipped():
    CustomerAccountFactory(number="C10041")
    CustomerAccountFactory(number="C10042")
    CustomerAccountFactory(number="K-1")  # imported, another scheme

    assert next_customer_number() == "C10043"
