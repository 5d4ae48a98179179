"""A signed-in customer's booking requests: the list (grouped by what they wait for), a new request,
one request with the history both sides see and the answers its state allows (accept one of the
shop's times, propose others, withdraw), its calendar file once confirmed, and its photos.

Every request comes from request.portal.service_requests(): another customer's answers 404. Every
answer posts the version the page showed; bookings.services refuses a stale one (409, with the
request as it is now) and an answer its state does not allow (409, with the service's sentence).
Field mistakes answer 422 with the message on the field. The page polls its state (booking_state)
and swaps in the new one only when the version changed, so a staff answer shows without reload
and a half-written answer is not wiped for nothing.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fixloop.bookings import services
from fixloop.bookings.calendar import ics_for
from fixloop.bookings.models import BookingSlot
from fixloop.core.actor import Actor
from fixloop.core.forms import apply_errors
from fixloop.portal.forms.bookings import (
    NEW_UNIT_FIELDS,
    AcceptForm,
    CounterForm,
    PortalBookingForm,
    WithdrawForm,
    upload_limit,
)
from fixloop.portal.http import INVALID, oversized, see_other
from fixloop.portal.links import booking_path
from fixloop.portal.signed_in import portal_login_required
from fixloop.portal.slot_picker import bookable_locations, picker_from
from fixloop.portal.views.booking_pages import detail_context, group_requests

CONFLICT = 409
POLL_SECONDS = 15


def scoped_requests(scope):
    """The person's booking requests with what the pages show, in a fixed number of queries."""
    return (
        scope.service_requests()
        .select_related("customer", "unit", "preferred_location", "work_order")
        .prefetch_related(
            Prefetch("booking_slots", queryset=BookingSlot.objects.select_related("location")),
            "booking_steps",
            "booking_photos",
        )
    )


def _get(request, pk):
    return get_object_or_404(scoped_requests(request.portal), pk=pk)


# ----------------------------------------------------------------------------- the list


@require_GET
@portal_login_required
def bookings(request):
    requests = scoped_requests(request.portal).order_by("-created_at", "-id")
    context = {"groups": group_requests(requests), "several_accounts": request.portal.several_accounts}
    return render(request, "portal/bookings/list.html", context)


# ----------------------------------------------------------------------------- a new request


def _new_page(request, form, *, status=200, data=None):
    data = data or {}
    locations = list(bookable_locations())
    chosen = next((place for place in locations if str(place.pk) == data.get("location")), None)
    chosen = chosen or (locations[0] if locations else None)
    context = {
        "form": form,
        "locations": locations,
        "picker": picker_from(chosen, data) if chosen else None,
        "slots_url": reverse("portal:book_slots"),
        "several_accounts": request.portal.several_accounts,
    }
    return render(request, "portal/bookings/new.html", context, status=status)


@require_http_methods(["GET", "POST"])
@portal_login_required
def booking_new(request):
    scope = request.portal
    if request.method == "GET":
        return _new_page(request, PortalBookingForm(scope=scope))
    if oversized(request, upload_limit()):
        return render(request, "portal/bookings/too_large.html", {"back": request.path}, status=413)
    if "week" in request.POST:  # paging the slot picker without JavaScript: show the form again
        return _new_page(
            request, PortalBookingForm(scope=scope, initial=request.POST.dict()), data=request.POST
        )
    form = PortalBookingForm(request.POST, request.FILES, scope=scope)
    if form.is_valid():
        data = form.cleaned_data
        try:
            created = services.submit(
                customer=data["customer"],
                location=data["location"],
                problem_description=data["problem_description"],
                slots=data["slots"],
                by=Actor.portal(request),
                unit=data["unit"],
                new_unit=data["new_unit"],
                photos=data["photos"],
            )
        except ValidationError as error:
            _apply_booking_errors(form, error)
        else:
            messages.success(
                request, _("Your request is with the shop. We will e-mail you when they answer.")
            )
            return see_other(booking_path(created.pk))
    return _new_page(request, form, status=INVALID, data=request.POST)


def _apply_booking_errors(form, error: ValidationError) -> None:
    """The service's messages on the form's fields (a new unit's fields are new_…)."""
    if hasattr(error, "error_dict"):
        error = ValidationError(
            {NEW_UNIT_FIELDS.get(name, name): errors for name, errors in error.error_dict.items()}
        )
    apply_errors(form, error)


# ----------------------------------------------------------------------------- one request


def _page(request, service_request, *, status=200, notice="", **forms):
    context = detail_context(request, service_request, **forms)
    context.update(notice=notice, poll_seconds=POLL_SECONDS)
    with timezone.override(service_request.preferred_location.zone):
        return render(request, "portal/bookings/detail.html", context, status=status)


@require_GET
@portal_login_required
def booking(request, pk):
    return _page(request, _get(request, pk))


@require_GET
@portal_login_required
def booking_state(request, pk):
    """The changing part of the page, polled: 204 (nothing to swap) while the version is the one
    the page shows."""
    service_request = _get(request, pk)
    if request.GET.get("version") == str(service_request.version):
        return HttpResponse(status=204)
    context = detail_context(request, service_request)
    context.update(poll_seconds=POLL_SECONDS, notice=_("The request has changed; here is its current state."))
    with timezone.override(service_request.preferred_location.zone):
        return render(request, "portal/bookings/_live.html", context)


def _answer(request, pk, form_name: str, form, perform, done: str):
    """Run one of the customer's answers: a changed request or a refused step answers 409 with the
    request as it is now, a field mistake 422, success a redirect to the page."""
    service_request = _get(request, pk)
    if form.is_valid():
        try:
            perform(service_request, form.cleaned_data, Actor.portal(request))
        except services.StaleRequest as error:
            return _page(request, _get(request, pk), status=CONFLICT, notice=error.message)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # the step does not fit the request's state
                return _page(request, _get(request, pk), status=CONFLICT, notice=" ".join(error.messages))
            apply_errors(form, error)
        else:
            messages.success(request, done)
            return see_other(booking_path(pk))
    return _page(request, service_request, status=INVALID, **{form_name: form})


@require_POST
@portal_login_required
def booking_accept(request, pk):
    return _answer(
        request,
        pk,
        "accept_form",
        AcceptForm(request.POST),
        lambda req, data, by: services.accept(
            req, version=data["version"], slot=data["slot"], message=data["message"], by=by
        ),
        _("Thank you: the shop will confirm the time you chose."),
    )


@require_POST
@portal_login_required
def booking_counter(request, pk):
    if "week" in request.POST:  # paging the slot picker without JavaScript
        service_request = _get(request, pk)
        return _page(request, service_request, counter_data=request.POST)
    return _answer(
        request,
        pk,
        "counter_form",
        CounterForm(request.POST),
        lambda req, data, by: services.counter(
            req, version=data["version"], slots=data["slots"], message=data["message"], by=by
        ),
        _("Thank you: the shop has your times and will answer."),
    )


@require_POST
@portal_login_required
def booking_withdraw(request, pk):
    return _answer(
        request,
        pk,
        "withdraw_form",
        WithdrawForm(request.POST),
        lambda req, data, by: services.withdraw(req, version=data["version"], reason=data["reason"], by=by),
        _("Your request is withdrawn."),
    )


@require_GET
@portal_login_required
def booking_ics(request, pk):
    service_request = _get(request, pk)
    if service_request.state != service_request.State.ACCEPTED:
        raise Http404(_("This request has no confirmed appointment."))
    try:
        content = ics_for(service_request)
    except ValueError:
        raise Http404(_("This request has no confirmed appointment.")) from None
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="appointment.ics"'
    return response


@require_GET
@portal_login_required
def booking_photo(request, pk, photo):
    found = next((item for item in _get(request, pk).booking_photos.all() if item.pk == photo), None)
    if found is None:
        raise Http404(_("No such photo."))
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("No such photo.")) from None
    return FileResponse(
        handle, as_attachment=True, filename=found.original_name, content_type=found.content_type
    )
