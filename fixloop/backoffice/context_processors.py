from fixloop.backoffice.access import is_staff_member
from fixloop.repairs.models import CustomerNote, ServiceRequest

SECTIONS = {
    "customers": "customers",
    "service-requests": "service_requests",
    "messages": "messages",
    "templates": "messages",
    "customer-messages": "customer_notes",
}


def backoffice(request) -> dict:
    """The menu's current section, the number of service requests waiting for a decision and the
    number of unread messages from customers."""
    if not request.path.startswith("/staff/") or not is_staff_member(request.user):
        return {}
    first = request.path.removeprefix("/staff/").split("/", 1)[0]
    return {
        "nav": SECTIONS.get(first, "work_orders"),
        "pending_service_requests": ServiceRequest.objects.filter(state=ServiceRequest.State.PENDING).count(),
        "unread_customer_notes": CustomerNote.objects.filter(read_at__isnull=True).count(),
    }
