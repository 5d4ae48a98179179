"""What one create over the API costs: its SQL statements (counted, so they cannot silently grow)
and the browser middleware it skips (no session, no CSRF cookie)."""

import uuid

from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fixloop.repairs.models import TimelineEntry, WorkOrder

# Token; its last use (only when a minute old); the rate limit's counter; the key reserved;
# customer, location and initial status; the number; the work order; its "opened" entry; the
# notification decision (read, written); the answer kept with the key; on SQLite the row-based
# number counter and the savepoints of the nested transactions.
STATEMENTS_PER_CREATE = {"postgresql": 16, "sqlite": 18}


def create(api, customer):
    return api.post(
        "/work-orders",
        {"customer_id": customer.pk, "problem_description": "Brakes squeal."},
        headers={"Idempotency-Key": uuid.uuid4().hex},
    )


def test_one_create_makes_a_fixed_number_of_sql_statements(api, customer, location, statuses):
    create(api, customer)  # the token's last use is recorded once a minute, not on this one

    with CaptureQueriesContext(connection) as captured:
        answer = create(api, customer)

    assert answer.status_code == 201
    assert len(captured.captured_queries) == STATEMENTS_PER_CREATE[connection.vendor], "\n".join(
        query["sql"][:120] for query in captured.captured_queries
    )
    assert TimelineEntry.objects.filter(work_order__number=answer.json()["number"]).count() == 1


def test_an_api_create_starts_no_session_and_sets_no_cookie(api, customer, location, statuses):
    answer = create(api, customer)

    assert answer.status_code == 201
    assert not answer.cookies
    assert Session.objects.count() == 0
    assert WorkOrder.objects.count() == 1


def test_pages_outside_the_api_still_check_the_csrf_token(shop):
    client = Client(enforce_csrf_checks=True)

    answer = client.post(reverse("account_login"), {"login": "x", "password": "y"})

    assert answer.status_code == 403
