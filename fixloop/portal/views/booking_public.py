"""The public request-service form for people without an account, at /book/ with the shop's header
and at /embed/book/ without it (for an iframe on the shop's site, like the track & trace look-up),
the week of free times both booking forms load, and the e-mailed confirmation link.

A request from this form reaches the shop only once its e-mail address is confirmed
(bookings.services.submit_public, confirm_email). Against bots: a trap field hidden from people and
screen readers, a minimum time to fill the form in (a signed stamp of when it was shown), and at most
PER_ADDRESS.tries requests an hour per client address (HTTP 429 saying when to try again). A bot that
trips the trap or is too fast is told "check your e-mail" like everybody and nothing is written.

CSRF: the form is exempt, as the look-up is (tracking.py): in an iframe on the shop's site Django's
CSRF cookie would be a third-party cookie that browsers don't send. It creates nothing anybody sees
until the e-mailed link is opened, and it is rate-limited. The confirmation page is a first-party
page and keeps Django's CSRF check; its GET changes nothing.
"""

from functools import wraps

from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from fixloop.bookings import presentation, queries, services
from fixloop.bookings.models import BookingSlot
from fixloop.core.actor import Actor, client_ip
from fixloop.core.forms import apply_errors
from fixloop.core.framing import embeddable
from fixloop.core.ratelimit import Limit, address_key, count_try
from fixloop.portal.forms.bookings import AUTOMATED, MIN_FILL_TIME, STALE, PublicBookingForm, upload_limit
from fixloop.portal.http import INVALID, oversized, private, see_other
from fixloop.portal.slot_picker import bookable_locations, picker_from

PER_ADDRESS = Limit("book-address", tries=5, seconds=3600)
GONE = "portal/bookings/public/link_gone.html"


def _names(embed: bool) -> str:
    return "portal:embed_" if embed else "portal:"


def _form_page(request, embed: bool, form, *, status=200, data=None):
    data = data if data is not None else QueryDict()
    locations = list(bookable_locations())
    chosen = next((place for place in locations if str(place.pk) == data.get("location")), None)
    chosen = chosen or (locations[0] if locations else None)
    context = {
        "embed": embed,
        "form": form,
        "locations": locations,
        "picker": picker_from(chosen, data) if chosen else None,
        "slots_url": reverse("portal:book_slots"),
        "action": reverse(f"{_names(embed)}book"),
    }
    return private(render(request, "portal/bookings/public/form.html", context, status=status))


def _too_many(request, embed: bool, retry_after: int):
    minutes = max(1, (retry_after + 59) // 60)
    response = render(
        request, "portal/bookings/public/too_many.html", {"embed": embed, "minutes": minutes}, status=429
    )
    response["Retry-After"] = str(retry_after)
    return private(response)


def _again(form, message: str = ""):
    """The form shown again with the entries made; the stamp of when it was first shown is kept
    (or, when it was not ours, one old enough that sending again right away counts as a person)."""
    data = form.data.copy()
    if message:
        data["started"] = PublicBookingForm.stamp(earlier=MIN_FILL_TIME)
        form.add_error(None, message)
    form.data = data
    return form


@csrf_exempt
@require_http_methods(["GET", "POST"])
def book(request, embed=False):
    if request.method == "GET":
        if request.GET.get("sent"):
            return private(render(request, "portal/bookings/public/sent.html", {"embed": embed}))
        return _form_page(request, embed, PublicBookingForm(initial={"started": PublicBookingForm.stamp()}))
    if oversized(request, upload_limit()):
        back = reverse(f"{_names(embed)}book")
        return render(request, "portal/bookings/too_large.html", {"embed": embed, "back": back}, status=413)
    if "week" in request.POST:  # paging the slot picker without JavaScript: show the form again
        return _form_page(request, embed, PublicBookingForm(initial=request.POST.dict()), data=request.POST)
    form = PublicBookingForm(request.POST, request.FILES)
    check = form.fill_check()
    if check != AUTOMATED and (not form.is_valid() or check == STALE):
        message = _("Please check your entries and send the form again.") if check == STALE else ""
        return _form_page(request, embed, _again(form, message), status=INVALID, data=request.POST)
    verdict = count_try(PER_ADDRESS, address_key(client_ip(request)))
    if not verdict.allowed:
        return _too_many(request, embed, verdict.retry_after)
    sent = see_other(f"{reverse(f'{_names(embed)}book')}?sent=1")
    if check == AUTOMATED:
        return sent  # told what a person is told; nothing is written
    data = form.cleaned_data
    try:
        services.submit_public(
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            location=data["location"],
            unit_description=data["unit_description"],
            problem_description=data["problem_description"],
            slots=data["slots"],
            photos=data["photos"],
            by=Actor.customer(request),
            language=translation.get_language(),
        )
    except ValidationError as error:
        apply_errors(form, error)
        return _form_page(request, embed, _again(form), status=INVALID, data=request.POST)
    return sent


@require_GET
def book_slots(request):
    """The week of free times of a location, for the slot picker of both booking forms (htmx)."""
    wanted = request.GET.get("location", "")
    location = (
        bookable_locations().filter(pk=int(wanted)).first() if wanted.isdigit() and len(wanted) < 10 else None
    )
    if location is None:
        raise Http404(_("This location does not take bookings."))
    context = {"picker": picker_from(location, request.GET), "slots_url": reverse("portal:book_slots")}
    return private(render(request, "portal/bookings/_slot_picker.html", context))


# ----------------------------------------------------------------------------- the e-mailed link


def _confirmation_page(request, confirmation, template: str, *, status=200, problem=""):
    """A page of the confirmation link, in the language the request was made in."""
    service_request = confirmation.request if confirmation is not None else None
    language = (service_request.language if service_request is not None else "") or translation.get_language()
    with translation.override(language):
        context = {"problem": problem, "booking": service_request, "times": []}
        if service_request is not None:
            slots = service_request.booking_slots.filter(state=BookingSlot.State.OPEN).select_related(
                "location"
            )
            context["times"] = [presentation.when(slot.starts_at, slot.location) for slot in slots]
        response = render(request, template, context, status=status)
        response.headers.setdefault("Content-Language", language)
    return private(response)


@require_http_methods(["GET", "POST"])
def book_confirm(request, token):
    """GET shows the request and a button; POST confirms (single use)."""
    confirmation = queries.find_confirmation(token)
    problem = queries.confirmation_problem(confirmation)
    if problem:
        status = 404 if confirmation is None else 410
        return _confirmation_page(request, confirmation, GONE, status=status, problem=problem)
    if request.method == "GET":
        return _confirmation_page(request, confirmation, "portal/bookings/public/confirm.html")
    try:
        services.confirm_email(token, by=Actor.customer(request))
    except ValidationError as error:
        reasons = error.message_dict.get("token", []) if hasattr(error, "error_dict") else error.messages
        return _confirmation_page(request, confirmation, GONE, status=410, problem=" ".join(reasons))
    return _confirmation_page(request, confirmation, "portal/bookings/public/confirmed.html")


# ----------------------------------------------------------------------------- the embeddable twin


def _embedded(view):
    @embeddable
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return view(request, *args, embed=True, **kwargs)

    return csrf_exempt(wrapped)


embed_book = _embedded(book)
