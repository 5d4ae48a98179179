"""The messages customers send from their tracking page: the list (unread first by default) and
marking one as read."""

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from fixloop.backoffice.access import staff_required
from fixloop.backoffice.views.shared import paginate
from fixloop.core.actor import Actor
from fixloop.repairs import services
from fixloop.repairs.models import CustomerNote


@staff_required(permission="repairs.view_workorder")
@require_GET
def customer_note_list(request):
    show = "all" if request.GET.get("show") == "all" else "unread"
    notes = CustomerNote.objects.select_related("entry", "work_order__customer", "read_by")
    if show == "unread":
        notes = notes.filter(read_at__isnull=True)
    template = (
        "backoffice/customer_notes/_results.html" if request.htmx else "backoffice/customer_notes/list.html"
    )
    return render(
        request, template, {"page": paginate(request, notes.order_by("-created_at", "-id")), "show": show}
    )


@staff_required(permission="repairs.change_workorder")
@require_POST
def customer_note_read(request, pk):
    note = get_object_or_404(CustomerNote, pk=pk)
    services.mark_read(note, by=Actor.staff(request))
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("backoffice:customer_notes")
