"""Which methods a report goes by: validation of the addresses and prioritisation."""

import pytest

from fixloop.reports.models import ReportSubscription
from fixloop.reports.selection import select_methods
from tests.factories import CustomerAccountFactory

BOTH = ReportSubscription.Methods.BOTH


@pytest.fixture
def account(shop):
    return CustomerAccountFactory(email="anna@example.com", fax="+49 30 1234567")


def test_the_subscription_is_off_by_default(account):
    assert ReportSubscription.objects.create(customer=account).active is False


def test_email_only(account, subscribe):
    selection = select_methods(subscribe(account))
    assert selection.methods == ["email"]
    assert selection.reason == ""


def test_both_methods(account, subscribe):
    assert select_methods(subscribe(account, methods=BOTH)).methods == ["email", "fax"]


def test_an_address_without_a_domain_is_skipped_with_the_reason(account, subscribe):
    account.email = "anna@"
    account.save()
    selection = select_methods(subscribe(account))
    assert selection.methods == []
    assert "anna@" in selection.reason
    assert "not valid" in selection.reason


def test_a_missing_address_is_skipped_with_the_reason(account, subscribe):
    account.email = ""
    account.save()
    selection = select_methods(subscribe(account))
    assert selection.methods == []
    assert selection.reason == "No e-mail address is on record."


def test_a_fax_number_with_letters_is_skipped(account, subscribe):
    account.fax = "030 FAX-1234"
    account.save()
    selection = select_methods(subscribe(account, methods=ReportSubscription.Methods.FAX))
    assert selection.methods == []
    assert "letters are not allowed" in selection.reason


def test_both_invalid_gives_both_reasons(account, subscribe):
    account.email, account.fax = "anna.example.com", "12ab"
    account.save()
    selection = select_methods(subscribe(account, methods=BOTH))
    assert selection.methods == []
    assert "anna.example.com" in selection.reason
    assert "letters are not allowed" in selection.reason


def test_both_methods_with_one_invalid_sends_the_other(account, subscribe):
    account.fax = "12ab"
    account.save()
    selection = select_methods(subscribe(account, methods=BOTH))
    assert selection.methods == ["email"]
    assert "letters are not allowed" in selection.reason


def test_prioritised_sends_only_the_email_when_it_is_valid(account, subscribe):
    assert select_methods(subscribe(account, methods=BOTH, prioritise=True)).methods == ["email"]


def test_prioritised_falls_back_to_the_fax(account, subscribe):
    account.email = "anna@"
    account.save()
    selection = select_methods(subscribe(account, methods=BOTH, prioritise=True))
    assert selection.methods == ["fax"]
    assert "Sent by fax because the e-mail address cannot be used" in selection.reason


def test_prioritised_with_both_invalid_is_skipped(account, subscribe):
    account.email, account.fax = "", "FAX"
    account.save()
    selection = select_methods(subscribe(account, methods=BOTH, prioritise=True))
    assert selection.methods == []
    assert "No e-mail address is on record." in selection.reason
