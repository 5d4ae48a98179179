"""The service board (every job by where it stands, live) and the technician's view (their jobs,
clock on and off, notes, "Unit ready"). Views parse, call one service or query, render."""

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from fixloop.backoffice import service_board as columns_of
from fixloop.backoffice import technician
from fixloop.backoffice.access import sees_prices, staff_required
from fixloop.backoffice.forms.board import (
    BoardFilterForm,
    JobNoteForm,
    RemarkVisibilityForm,
    TechnicianLocationForm,
)
from fixloop.backoffice.views.shared import INVALID, get_work_order
from fixloop.backoffice.work_order_page import TRACKING, work_order_url
from fixloop.core.actor import Actor
from fixloop.repairs import services
from fixloop.repairs.models import CustomerNote, WorkshopSettings
from fixloop.repairs.services import clock

VIEW = "repairs.view_workorder"
CLOCK = "repairs.add_timeentry"
COLUMN_PAGE_SIZE = 50
COLUMN_ROWS = 500  # a column's own page lists its first 500 rows


def _filters(request) -> BoardFilterForm:
    return BoardFilterForm(request.GET or None)


def _filter_values(form) -> dict:
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return {"location": data.get("location"), "technician": data.get("technician")}


@staff_required(permission=VIEW)
@require_GET
def service_board(request):
    form = _filters(request)
    filters = _filter_values(form)
    invalid = form.is_bound and not form.is_valid()
    data = form.cleaned_data if not invalid and form.is_bound else {}
    query = data.get("q", "")
    # a search shows the work orders found, not the columns: what is looked for answers at once
    context = {
        "form": form,
        "columns": []
        if invalid or query
        else columns_of.board(**filters, estimates_show=data.get("estimates", "")),
        "query": query,
        "found": columns_of.search(query, **filters) if query else None,
        "filter_query": request.GET.urlencode(),
    }
    template = "backoffice/board/_results.html" if request.htmx else "backoffice/board/board.html"
    return render(request, template, context, status=INVALID if invalid else 200)


@staff_required(permission=VIEW)
@require_GET
def board_column(request, column):
    """One column of the board in full (the "and N more" link), with the board's filters."""
    function = columns_of.COLUMNS.get(column)
    if function is None:
        raise Http404
    form = _filters(request)
    filters = _filter_values(form)
    if column == columns_of.ESTIMATES:
        data = form.cleaned_data if form.is_bound and form.is_valid() else {}
        found = function(**filters, limit=COLUMN_ROWS, show=data.get("estimates", ""))
    else:
        found = function(**filters, limit=COLUMN_ROWS)
    page = Paginator(found.rows, COLUMN_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "backoffice/board/column.html",
        {"column": found, "page": page, "form": form, "filter_query": request.GET.urlencode()},
    )


# ----------------------------------------------------------------------------- the technician's view


def _technician_page(request, status=200, failed=None):
    location_form = TechnicianLocationForm(request.GET or None)
    location = location_form.cleaned_data.get("location") if location_form.is_valid() else None
    zone = timezone.get_current_timezone()
    now = timezone.now()
    jobs = technician.jobs(request.user, location, zone=zone, now=now)
    context = {
        "jobs": jobs,
        "location_form": location_form,
        "seconds_today": clock.seconds_today(request.user, zone, now),
        "running": list(clock.open_entries(request.user).select_related("work_order")),
        "note_form": JobNoteForm(),
        "failed": failed,
        "show_prices": sees_prices(request.user),
        "can_mark_ready": request.user.has_perm("repairs.change_workorder_status"),
        "ready_status": WorkshopSettings.current().ready_status,
    }
    return render(request, "backoffice/technician/home.html", context, status=status)


@staff_required(permission=VIEW)
@require_GET
def technician_home(request):
    return _technician_page(request)


def _job_action(request, number, perform, done):
    """Run one service for the job; back to the view with a message, or the view with the refusal
    (HTTP 422, nothing changed)."""
    work_order = get_work_order(request, number)
    try:
        perform(work_order, Actor.staff(request))
    except ValidationError as error:
        message = " ".join(error.messages)
        if request.htmx:
            return _technician_page(request, status=INVALID, failed={"number": number, "message": message})
        flash.error(request, message)
        return redirect(_back(request))
    flash.success(request, done % {"number": number})
    return redirect(_back(request, number))


def _back(request, number: str = "") -> str:
    path = reverse("backoffice:technician")
    location = request.POST.get("location", "")
    query = f"?location={location}" if location.isdigit() else ""
    return f"{path}{query}#job-{number}" if number else f"{path}{query}"


@staff_required(permission=CLOCK)
@require_POST
def technician_clock_on(request, number):
    return _job_action(
        request,
        number,
        lambda work_order, by: services.clock_on(work_order, request.user, by=by),
        _("Clocked on %(number)s."),
    )


@staff_required(permission=CLOCK)
@require_POST
def technician_clock_off(request, number):
    return _job_action(
        request,
        number,
        lambda work_order, by: services.clock_off(work_order, request.user, by=by),
        _("Clocked off %(number)s."),
    )


@staff_required(permission="repairs.change_workorder_status")
@require_POST
def technician_ready(request, number):
    return _job_action(
        request,
        number,
        lambda work_order, by: services.mark_ready(work_order, by=by),
        _("%(number)s is marked ready."),
    )


@staff_required(permission="repairs.add_timelineentry")
@require_POST
def technician_note(request, number):
    form = JobNoteForm(request.POST)
    if not form.is_valid():
        work_order = get_work_order(request, number)
        message = " ".join(error for errors in form.errors.values() for error in errors)
        flash.error(request, _("Note not saved: %(reason)s") % {"reason": message})
        response = _technician_page(
            request, status=INVALID, failed={"number": work_order.number, "message": message}
        )
        return response
    return _job_action(
        request,
        number,
        lambda work_order, by: services.add_comment(
            work_order, form.cleaned_data["text"], public=False, by=by
        ),
        _("Note saved on %(number)s."),
    )


@staff_required(permission="repairs.change_workorder")
@require_POST
def customer_note_technician(request, pk):
    """Staff show a customer's remark to the technicians, or hide it again (work-order page)."""
    note = get_object_or_404(CustomerNote.objects.select_related("work_order"), pk=pk)
    form = RemarkVisibilityForm(request.POST)
    form.is_valid()
    services.show_to_technician(note, bool(form.cleaned_data.get("visible")), by=Actor.staff(request))
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)  # the section the remark was shown in (the inspection's)
    return redirect(work_order_url(note.work_order.number, TRACKING))
