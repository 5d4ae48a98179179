from fixloop.backoffice import booking_queue
from fixloop.backoffice.access import is_staff_member, sees_prices
from fixloop.repairs.models import CustomerNote

LIVE_SECONDS = 15  # how often lists and the menu's counts refresh themselves

SECTIONS = {
    "customers": "customers",
    "service-requests": "service_requests",
    "messages": "messages",
    "templates": "messages",
    "customer-messages": "customer_notes",
    "my-alerts": "my_alerts",
    "board": "board",
    "technician": "technician",
}


def backoffice(request) -> dict:
    """The menu's current section, the number of booking requests waiting for the shop (new ones and
    customers' answers), the number of unread messages from customers and how often live parts
    refresh."""
    if not request.path.startswith("/staff/") or not is_staff_member(request.user):
        return {}
    first = request.path.removeprefix("/staff/").split("/", 1)[0]
    return {
        "nav": SECTIONS.get(first, "work_orders"),
        "booking_requests_for_us": booking_queue.needs_the_shop(),
        "unread_customer_notes": CustomerNote.objects.filter(read_at__isnull=True).count(),
        "live_seconds": LIVE_SECONDS,
        "sees_prices": sees_prices(request.user),
    }
