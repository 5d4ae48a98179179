from fixloop.backoffice.access import is_staff_member
from fixloop.repairs.models import ServiceRequest

SECTIONS = {
    "customers": "customers",
    "service-requests": "service_requests",
    "messages": "messages",
    "templates": "messages",
}


def backoffice(request) -> dict:
    """The menu's current section and the number of service requests waiting for a decision."""
    if not request.path.startswith("/staff/") or not is_staff_member(request.user):
        return {}
    first = request.path.removeprefix("/staff/").split("/", 1)[0]
    return {
        "nav": SECTIONS.get(first, "work_orders"),
        "pending_service_requests": ServiceRequest.objects.filter(state=ServiceRequest.State.PENDING).count(),
    }
