"""Building the working draft: jobs and parts, and the bad input the services refuse."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fixloop.estimates import services
from fixloop.estimates.models import Estimate, Job, Part
from tests.estimates.fixtures import add_job, add_part
from tests.factories import LocationFactory, VatRateFactory


def test_a_work_order_has_one_estimate(estimate, work_order, staff_actor):
    with pytest.raises(ValidationError, match="already has an estimate"):
        services.start_estimate(work_order, by=staff_actor)
    assert Estimate.objects.count() == 1


def test_a_closed_work_order_gets_no_estimate(work_order, staff_actor):
    from fixloop.repairs import services as repairs

    repairs.close(work_order, by=staff_actor)
    with pytest.raises(ValidationError, match="closed"):
        services.start_estimate(work_order, by=staff_actor)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("hours", Decimal("-1"), "zero or more"),
        ("hours", None, "Enter an amount"),
        ("hours", "two", "Enter a number"),
        ("hourly_rate", Decimal("NaN"), "Enter a number"),
        ("hourly_rate", Decimal("100000000"), "smaller amount"),
    ],
)
def test_a_job_with_a_bad_number_is_refused(estimate, staff_actor, vat_standard, field, value, message):
    values = {"hours": Decimal("1"), "hourly_rate": Decimal("80"), field: value}
    with pytest.raises(ValidationError) as error:
        services.save_job(
            estimate,
            by=staff_actor,
            description="Diagnose",
            pricing=Job.Pricing.HOURLY,
            vat_rate=vat_standard,
            **values,
        )
    assert message in str(error.value.message_dict[field])
    assert estimate.jobs.count() == 2


def test_a_fixed_price_job_needs_its_price(estimate, staff_actor, vat_standard):
    with pytest.raises(ValidationError) as error:
        services.save_job(
            estimate, by=staff_actor, description="Diagnose", pricing=Job.Pricing.FIXED, vat_rate=vat_standard
        )
    assert "fixed_price" in error.value.message_dict


def test_a_vat_rate_the_location_does_not_have_is_refused(estimate, staff_actor):
    elsewhere = VatRateFactory(location=LocationFactory(), rate=Decimal("20"))
    with pytest.raises(ValidationError) as error:
        add_job(estimate, staff_actor, elsewhere)
    assert "VAT rates of this work order's location" in str(error.value.message_dict["vat_rate"])
    job = estimate.jobs.first()
    with pytest.raises(ValidationError):
        add_part(estimate, staff_actor, job, elsewhere)
    assert Part.objects.count() == 1


def test_a_part_needs_a_job_of_this_estimate(
    estimate, staff_actor, vat_standard, other_customer, location, statuses
):
    with pytest.raises(ValidationError) as error:
        add_part(estimate, staff_actor, None, vat_standard)
    assert "Choose the job" in str(error.value.message_dict["job"])
    from fixloop.repairs import services as repairs

    other_order = repairs.open_work_order(
        customer=other_customer, unit=None, location=location, problem_description="Broken", by=staff_actor
    )
    other_estimate = services.start_estimate(other_order, by=staff_actor)
    foreign_job = add_job(other_estimate, staff_actor, vat_standard)
    with pytest.raises(ValidationError) as error:
        add_part(estimate, staff_actor, foreign_job, vat_standard)
    assert "another estimate" in str(error.value.message_dict["job"])
    assert Part.objects.count() == 1


@pytest.mark.parametrize(("quantity", "message"), [("0", "above zero"), ("-2", "zero or more")])
def test_a_part_quantity_must_be_positive(estimate, staff_actor, vat_standard, quantity, message):
    job = estimate.jobs.first()
    with pytest.raises(ValidationError) as error:
        add_part(estimate, staff_actor, job, vat_standard, quantity=quantity)
    assert message in str(error.value.message_dict["quantity"])


def test_a_part_with_a_negative_price_is_refused(estimate, staff_actor, vat_standard):
    with pytest.raises(ValidationError) as error:
        add_part(estimate, staff_actor, estimate.jobs.first(), vat_standard, price="-5")
    assert "unit_price" in error.value.message_dict


def test_the_snapshot_has_line_and_total_amounts(estimate):
    content = services.snapshot(estimate)
    display, fan = content["jobs"]
    assert display["labour"] == {"net": "120.00", "vat": "22.80", "gross": "142.80"}
    assert display["parts"][0]["amounts"] == {"net": "320.00", "vat": "60.80", "gross": "380.80"}
    assert display["total"]["gross"] == "523.60"
    assert fan["labour"] == {"net": "25.00", "vat": "1.75", "gross": "26.75"}
    assert content["vat"] == [
        {"rate": "7.00", "net": "25.00", "vat": "1.75", "gross": "26.75"},
        {"rate": "19.00", "net": "440.00", "vat": "83.60", "gross": "523.60"},
    ]
    assert content["total"] == {"net": "465.00", "vat": "85.35", "gross": "550.35"}
    assert content["prices_include_vat"] is True and content["currency"] == "EUR"


def test_removing_a_job_removes_its_parts(estimate, staff_actor):
    services.remove_job(estimate.jobs.first(), by=staff_actor)
    assert Part.objects.count() == 0
    assert [job["description"] for job in services.snapshot(estimate)["jobs"]] == ["Clean the fan"]


def test_validity_must_be_within_a_year(work_order, staff_actor):
    from datetime import date, timedelta

    with pytest.raises(ValidationError):
        services.start_estimate(work_order, by=staff_actor, valid_until=date.today() - timedelta(days=2))
    with pytest.raises(ValidationError):
        services.start_estimate(work_order, by=staff_actor, valid_until=date.today() + timedelta(days=400))
    assert not Estimate.objects.exists()


def test_more_decimals_than_a_price_has_are_refused(estimate, staff_actor, vat_standard):
    with pytest.raises(ValidationError) as error:
        add_part(estimate, staff_actor, estimate.jobs.first(), vat_standard, price="0.125", quantity="1.2345")
    assert set(error.value.message_dict) == {"unit_price", "quantity"}
