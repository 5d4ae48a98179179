"""schemathesis against /api/v1/openapi.json (in-process, through the WSGI application): generated
valid and invalid requests for every operation, and stateful scenarios that follow the document's
links (create → read, change, status, comment, close, reopen…). No answer may be a server error or
break the document (status codes, content types, bodies and headers as documented). Bounded: a few
examples per operation, a few scenarios; it runs once in CI, on PostgreSQL."""

import hypothesis
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from fixloop.api.models import ALL_SCOPES
from fixloop.api.services import tokens

pytestmark = [pytest.mark.once, pytest.mark.django_db]

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
EXAMPLES = {GenerationMode.POSITIVE: 20, GenerationMode.NEGATIVE: 10}
SCENARIOS = 40
SETTINGS = dict(
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],
)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI application is called in-process: like Django's test client, keep the end of each
    request from closing the database connection the test's transaction lives in."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def auth(shop, owner, work_order, other_unit, submit):
    """A token with every scope, and some objects for the generated requests to find."""
    _row, token = tokens.create_token(
        name="schemathesis", scopes=list(ALL_SCOPES), by=owner, rate_limit=100_000
    )
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def schema(auth):
    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())

    @loaded.auth()
    class Token:
        """Every generated request carries the token (schemathesis still tries requests without it)."""

        def get(self, case, context):
            return auth["Authorization"]

        def set(self, case, data, context):
            case.headers = {**(case.headers or {}), "Authorization": data}

    return loaded


def test_no_operation_answers_a_server_error_or_breaks_the_document(schema, auth):
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode, examples in EXAMPLES.items():

            @hypothesis.settings(max_examples=examples, **SETTINGS)
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case):
                case.call_and_validate(headers=auth, checks=CHECKS)

            try:
                run()
            except Exception as error:  # collect every operation's failure, then report them all
                failures.append(f"{operation.label} ({mode.value}): {error}")
    assert not failures, "\n\n".join(failures)


def test_stateful_scenarios_along_the_links_find_no_failure(schema, auth):
    machine = schema.as_state_machine()

    class Scenario(machine):
        def get_call_kwargs(self, case):
            return {"headers": auth}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS)

    Scenario.run(settings=hypothesis.settings(max_examples=SCENARIOS, stateful_step_count=8, **SETTINGS))
