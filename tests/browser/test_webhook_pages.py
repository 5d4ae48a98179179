"""The webhook endpoint pages with a delivery log full of long words (an address, ids, a receiver's
2 KB answer) do not scroll sideways on a phone and pass axe-core, as the administrator sees them."""

import pytest

from fixloop.api.webhooks import services as webhooks
from fixloop.messaging.tasks import deliver_due
from fixloop.repairs import services as repairs
from tests.api.webhooks.receiver import Receiver
from tests.browser.conftest import STAFF_PASSWORD, assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def endpoint_with_log(settings, owner, work_order, statuses, staff_actor):
    settings.WEBHOOKS_ALLOW_HTTP = True
    receiver = Receiver().start()
    receiver.answers = [(500, "Traceback:" + "x" * 3000), (200, '{"received":true}')]
    endpoint, _secret = webhooks.create_endpoint(
        name="Dealer system",
        url=receiver.url + "/" + "a-very-long-path-segment" * 8,
        events=["work_order.status_changed.v1"],
        by=owner,
    )
    repairs.change_status(work_order, statuses["in_progress"], by=staff_actor)
    repairs.change_status(work_order, statuses["ready"], by=staff_actor)
    deliver_due()
    yield endpoint
    receiver.stop()


def sign_in(page, base: str, user) -> None:
    user.set_password(STAFF_PASSWORD)
    user.save()
    page.goto(f"{base}/staff/sign-in/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/staff/")


def paths(endpoint) -> list[str]:
    base = "/staff/integrations/webhooks/"
    return [base, f"{base}new/", f"{base}{endpoint.pk}/", f"{base}{endpoint.pk}/edit/"]


def test_the_webhook_pages_fit_a_phone_and_pass_axe(live_server, phone_page, owner, endpoint_with_log):
    sign_in(phone_page, live_server.url, owner)
    for path in paths(endpoint_with_log):
        response = phone_page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= phone_page.evaluate("window.innerWidth"), f"{path} is {width} px wide"
        assert_accessible(phone_page)


def test_the_webhook_pages_pass_axe_on_a_desktop(live_server, desktop_page, owner, endpoint_with_log):
    sign_in(desktop_page, live_server.url, owner)
    for path in paths(endpoint_with_log):
        desktop_page.goto(f"{live_server.url}{path}")
        assert_accessible(desktop_page)
