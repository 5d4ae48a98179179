"""Booking requests (the service requests of old, grown up) in the back office: the queue with its
sections, a request's page with its times, photos and history, and the shop's answers: decline,
suggest other times, confirm (optionally creating an estimate). Views parse input, call one
bookings service and render.

Every answer posts the version of the request the page showed. A request that changed meanwhile
answers 409 with its current state; an answer its state does not allow answers 409 with the
domain's reason; bad input answers 422 with the form's messages. In each case nothing changes.
Technicians see the queue and the pages; administrators and service advisors answer.
"""

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from fixloop.backoffice import booking_queue, slot_picker
from fixloop.backoffice.access import staff_required
from fixloop.backoffice.forms import service_requests as forms
from fixloop.backoffice.views.shared import INVALID, paginate
from fixloop.backoffice.work_order_page import ESTIMATE, work_order_url
from fixloop.bookings import machine, queries, services
from fixloop.bookings.machine import Event
from fixloop.bookings.models import BookingPhoto, BookingSlot
from fixloop.core.actor import Actor
from fixloop.core.forms import apply_errors
from fixloop.repairs.models import ServiceRequest

CONFLICT = 409  # the request changed meanwhile, or its state does not allow the answer
STOP_POLLING = 286  # htmx: swap this answer in and stop polling
VIEW = "repairs.view_servicerequest"
ANSWER = "repairs.change_servicerequest"
INLINE_IMAGES = ("image/jpeg", "image/png", "image/gif", "image/webp")
KINDS_OF_SECTION = {"today": "booked", "week": "booked", "later": "booked", "closed": "closed"}
TIMES_LABELS = {
    "new": gettext_lazy("Times asked for"),
    "waiting_shop": gettext_lazy("Times to confirm"),
    "waiting_customer": gettext_lazy("Times suggested"),
}


def describe(service_request: ServiceRequest) -> ServiceRequest:
    """Add what the pages show of a request from its prefetched slots and steps (no queries)."""
    slots = sorted(service_request.booking_slots.all(), key=lambda slot: (slot.starts_at, slot.pk))
    service_request.slots = slots
    service_request.open_slots = [slot for slot in slots if slot.state == BookingSlot.State.OPEN]
    service_request.booked_slot = next((s for s in slots if s.state == BookingSlot.State.CHOSEN), None)
    steps = list(service_request.booking_steps.all())
    service_request.latest_step = steps[-1] if steps else None
    customer = service_request.customer
    service_request.who = (customer.name if customer else "") or service_request.requester_name
    return service_request


# ----------------------------------------------------------------------------- the queue


@staff_required(permission=VIEW)
@require_GET
def service_request_list(request):
    key = request.GET.get("section")
    section = booking_queue.BY_KEY.get(key) or booking_queue.BY_KEY[booking_queue.DEFAULT]
    days = booking_queue.Days.around()
    page = paginate(request, booking_queue.requests_in(section.key, days))
    for service_request in page:
        describe(service_request)
    counts = booking_queue.counts(days)
    context = {
        "section": section,
        "kind": KINDS_OF_SECTION.get(section.key, "open"),
        "times_label": TIMES_LABELS.get(section.key, ""),
        "tabs": [{"section": each, "count": counts[each.key]} for each in booking_queue.SECTIONS],
        "page": page,
        "days": days,
    }
    template = (
        "backoffice/service_requests/_queue.html" if request.htmx else "backoffice/service_requests/list.html"
    )
    return render(request, template, context)


# ----------------------------------------------------------------------------- a request's page


def get_request(pk) -> ServiceRequest:
    """A request staff may see (not one still waiting for its e-mail confirmation), with its rows."""
    return get_object_or_404(queries.for_staff(), pk=pk)


def history(service_request: ServiceRequest) -> list:
    """The steps, oldest first, each with the times it offered and the time it picked."""
    offered = defaultdict(list)
    for slot in service_request.slots:
        offered[slot.step_id].append(slot)
    by_pk = {slot.pk: slot for slot in service_request.slots}
    steps = list(service_request.booking_steps.all())
    for step in steps:
        step.offered = offered.get(step.pk, [])
        step.picked = by_pk.get((step.data or {}).get("slot"))
    return steps


def photos(service_request: ServiceRequest) -> list:
    """The request's photos; `inline` for those a browser shows (not HEIC: those are offered as files)."""
    found = list(service_request.booking_photos.all())
    for photo in found:
        photo.inline = photo.content_type in INLINE_IMAGES
    return found


def allowed_answers(request, service_request: ServiceRequest) -> dict:
    if not request.user.has_perm(ANSWER):
        return {}
    state = service_request.state
    return {
        name: bool(machine.allowed(state, event))
        for name, event in (
            ("decline", Event.DECLINE),
            ("suggest", Event.SUGGEST),
            ("confirm", Event.CONFIRM),
        )
    }


def request_page(request, service_request: ServiceRequest, *, status=200, problem="", **bound_forms):
    """The request's page; a form in `bound_forms` (decline_form, suggest_form, confirm_form)
    replaces the blank one, `problem` is shown above everything (a conflict)."""
    describe(service_request)
    version = {"version": service_request.version}
    suggest_form = bound_forms.get("suggest_form")
    source = suggest_form.data if suggest_form is not None else request.GET
    answers = allowed_answers(request, service_request)
    context = {
        "service_request": service_request,
        "history": history(service_request),
        "photos": photos(service_request),
        "is_open": service_request.state in machine.OPEN_STATES,
        "answers": answers,
        "can_answer": request.user.has_perm(ANSWER),
        "problem": problem,
        "decline_form": bound_forms.get("decline_form") or forms.DeclineForm(initial=version),
        "suggest_form": suggest_form
        or forms.SuggestForm(initial={**version, "message": request.GET.get("message", "")}),
        "confirm_form": bound_forms.get("confirm_form")
        or forms.ConfirmForm(initial=version, open_slots=service_request.open_slots),
        "week": slot_picker.week_of(
            service_request.preferred_location,
            slot_picker.parse_week(source.get("week")),
            source.getlist("slots"),
        )
        if answers.get("suggest")
        else None,
    }
    return render(request, "backoffice/service_requests/detail.html", context, status=status)


@staff_required(permission=VIEW)
@require_GET
def service_request_detail(request, pk):
    return request_page(request, get_request(pk))


@staff_required(permission=VIEW)
@require_GET
def service_request_changed(request, pk):
    """Polled by the request's page: nothing (204) while the request is as shown, else a notice
    that stops the polling."""
    service_request = get_object_or_404(
        ServiceRequest.objects.exclude(state=ServiceRequest.State.UNCONFIRMED), pk=pk
    )
    if str(service_request.version) == request.GET.get("version"):
        return HttpResponse(status=204)
    return render(
        request,
        "backoffice/service_requests/_changed.html",
        {"service_request": service_request},
        status=STOP_POLLING,
    )


@staff_required(permission=VIEW)
@require_GET
def service_request_photo(request, pk, photo_pk):
    photo = get_object_or_404(
        BookingPhoto.objects.filter(request__in=queries.for_staff().filter(pk=pk).values("pk")), pk=photo_pk
    )
    try:
        handle = photo.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file is missing from storage.")) from None
    response = FileResponse(handle, filename=photo.original_name, content_type=photo.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response


# ----------------------------------------------------------------------------- the shop's answers


def answer(request, service_request, form_name: str, form, perform, done):
    """Shared flow of the answers: valid input → the bookings service → `done(result)`; a stale
    version or a refused transition → 409 and the current page; bad input → 422 and the form's
    messages. A refused service has rolled back: nothing changed."""
    if form.is_valid():
        try:
            result = perform(service_request, form.cleaned_data, Actor.staff(request))
        except services.StaleRequest as error:
            return request_page(
                request, get_request(service_request.pk), status=CONFLICT, problem=error.message
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                current = get_request(service_request.pk)
                return request_page(request, current, status=CONFLICT, problem=" ".join(error.messages))
            apply_errors(form, error)
        else:
            return done(result)
    return request_page(request, service_request, status=INVALID, **{form_name: form})


@staff_required(permission=ANSWER)
@require_POST
def service_request_reject(request, pk):
    """Decline, with the reason the customer is told."""
    service_request = get_request(pk)

    def done(result):
        messages.success(request, _("The booking request was declined; the customer is told why."))
        return redirect("backoffice:service_requests")

    return answer(
        request,
        service_request,
        "decline_form",
        forms.DeclineForm(request.POST),
        lambda sr, data, by: services.decline(sr, version=data["version"], reason=data["reason"], by=by),
        done,
    )


@staff_required(permission=ANSWER)
@require_POST
def service_request_suggest(request, pk):
    service_request = get_request(pk)

    def done(result):
        messages.success(request, _("Your suggestion was sent; the request now waits for the customer."))
        return redirect("backoffice:service_request", pk=pk)

    return answer(
        request,
        service_request,
        "suggest_form",
        forms.SuggestForm(request.POST),
        lambda sr, data, by: services.suggest(
            sr, version=data["version"], slots=data["slots"], message=data["message"], by=by
        ),
        done,
    )


@staff_required(permission=ANSWER)
@require_POST
def service_request_accept(request, pk):
    """Confirm one of the open times: the work order is opened; with the "and create an estimate"
    button, an estimate draft too, and the work order's page opens at its estimate editor."""
    service_request = get_request(pk)
    describe(service_request)
    create_estimate = "create_estimate" in request.POST

    def perform(sr, data, by):
        return services.confirm(
            sr,
            version=data["version"],
            slot=data["slot"],
            technician=data["technician"],
            promised_date=data["promised_date"],
            message=data["message"],
            create_estimate=create_estimate,
            by=by,
        )

    def done(result):
        number = result.work_order.number
        if create_estimate:
            messages.success(
                request,
                _("Booking confirmed: work order %(number)s opened. Write the estimate below.")
                % {"number": number},
            )
            return redirect(work_order_url(number, ESTIMATE))
        messages.success(request, _("Booking confirmed: work order %(number)s opened.") % {"number": number})
        return redirect("backoffice:work_order", number=number)

    form = forms.ConfirmForm(request.POST, open_slots=service_request.open_slots)
    return answer(request, service_request, "confirm_form", form, perform, done)
