"""Gapless, unique numbers per location, year (in the location's time zone) and kind."""

import os
import subprocess
import sys
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection

from fixloop.core.actor import Actor
from fixloop.invoicing import services
from fixloop.invoicing.models import Invoice, InvoiceLine, NumberSeries
from tests.factories import LocationFactory, VatRateFactory, WorkOrderFactory

BERLIN = ZoneInfo("Europe/Berlin")


def bare_draft(work_order, location, vat_rate) -> Invoice:
    """A draft with one line, written directly (what is tested is the numbering, not the draft)."""
    invoice = Invoice.objects.create(
        work_order=work_order,
        customer=work_order.customer,
        location=location,
        language="en",
        currency="EUR",
    )
    InvoiceLine.objects.create(
        invoice=invoice,
        description="Fee",
        quantity=1,
        unit_price=Decimal("10.00"),
        vat_rate=vat_rate,
        vat_percent=vat_rate.rate,
        net=Decimal("10.00"),
        vat=Decimal("1.90"),
        gross=Decimal("11.90"),
    )
    Invoice.objects.filter(pk=invoice.pk).update(
        net=Decimal("10.00"), vat=Decimal("1.90"), gross=Decimal("11.90")
    )
    invoice.refresh_from_db()
    return invoice


@pytest.fixture
def drafts(db, customer, location, statuses, vat_standard):
    """make(n, location=…) -> n drafts, each of its own work order."""

    def make(count, where=None):
        where = where or location
        rate = vat_standard if where == location else where.vat_rates.get()
        return [
            bare_draft(
                WorkOrderFactory(customer=customer, location=where, status=statuses["ready"]), where, rate
            )
            for _ in range(count)
        ]

    return make


def finalise(invoice):
    return services.finalise(invoice, by=Actor.system()).number


def test_numbers_count_up_without_gaps(drafts):
    with time_machine.travel(datetime(2026, 6, 1, 12, tzinfo=BERLIN)):
        numbers = [finalise(invoice) for invoice in drafts(3)]
    assert numbers == ["BER-2026-000001", "BER-2026-000002", "BER-2026-000003"]


def test_a_cancelled_draft_takes_no_number(drafts):
    first, dropped, second = drafts(3)
    with time_machine.travel(datetime(2026, 6, 1, 12, tzinfo=BERLIN)):
        finalise(first)
        services.cancel(dropped, by=Actor.system())
        assert finalise(second) == "BER-2026-000002"


def test_a_new_year_starts_a_new_series_in_the_locations_time_zone(drafts):
    late, early = drafts(2)
    with time_machine.travel(datetime(2026, 12, 31, 23, 59, tzinfo=BERLIN)):
        assert finalise(late) == "BER-2026-000001"
    # 23:30 UTC on 31 December is already 2027 in Berlin
    with time_machine.travel(datetime(2026, 12, 31, 23, 30, tzinfo=ZoneInfo("UTC"))):
        assert finalise(early) == "BER-2027-000001"
    assert early.issue_date.isoformat() == "2027-01-01"


def test_each_location_has_its_own_series(drafts):
    hamburg = LocationFactory(name="Hamburg", code="HAM")
    VatRateFactory(location=hamburg, label="Standard", rate=Decimal("19.00"), is_default=True)
    with time_machine.travel(datetime(2026, 6, 1, 12, tzinfo=BERLIN)):
        berlin_numbers = [finalise(invoice) for invoice in drafts(2)]
        hamburg_numbers = [finalise(invoice) for invoice in drafts(1, hamburg)]
    assert berlin_numbers == ["BER-2026-000001", "BER-2026-000002"]
    assert hamburg_numbers == ["HAM-2026-000001"]


def test_credit_notes_have_their_own_series(drafts):
    with time_machine.travel(datetime(2026, 6, 1, 12, tzinfo=BERLIN)):
        invoice = services.finalise(drafts(1)[0], by=Actor.system())
        note = services.credit_note(invoice, reason="Goodwill", by=Actor.system())
        second = finalise(drafts(1)[0])
    assert (note.number, second) == ("BER-CN-2026-000001", "BER-2026-000002")


def test_a_failed_finalisation_gives_its_number_back(drafts, fail_signal):
    from fixloop.invoicing import signals
    from tests.conftest import ListenerFailed

    first = drafts(1)[0]
    fail_signal(signals.invoice_finalised)
    with pytest.raises(ListenerFailed):
        finalise(first)
    first.refresh_from_db()
    assert (first.state, first.number) == (Invoice.State.DRAFT, None)
    assert NumberSeries.objects.filter(last_value__gt=0).count() == 0


@pytest.mark.once
@pytest.mark.django_db(transaction=True)
def test_two_processes_finalising_200_invoices_at_once_number_them_1_to_200(drafts, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("two processes at once need a database server")
    ids = [invoice.pk for invoice in drafts(200)]
    database = connection.settings_dict
    environment = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}",
        "FIXLOOP_DATA_DIR": str(tmp_path),
        "DEBUG": "0",
    }
    start = tmp_path / "start"
    command = [sys.executable, "-m", "tests.invoicing.finalise_worker", str(start)]
    workers = [
        subprocess.Popen([*command, *map(str, order)], env=environment, stdout=subprocess.PIPE, text=True)
        for order in (ids, ids[::-1])
    ]
    start.touch()
    results = [worker.communicate(timeout=300) for worker in workers]
    assert all(worker.returncode == 0 for worker in workers)
    final, refused = (sum(int(out.split()[i]) for out, _err in results) for i in (0, 1))
    year = Invoice.objects.get(pk=ids[0]).issue_date.year
    numbers = sorted(Invoice.objects.filter(pk__in=ids).values_list("number", flat=True))
    assert numbers == [f"BER-{year}-{n:06d}" for n in range(1, 201)]
    assert (final, refused) == (200, 200)
    assert all(int(out.split()[0]) > 0 for out, _err in results), "both processes should finalise some"
