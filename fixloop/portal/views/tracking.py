"""Track & trace for customers: the look-up by number and postal code, the case page behind a
tracking link, its files, and the customer's corrections and questions. Every page exists twice: at
/track/… with the shop's header and at /embed/track/… without it, for an iframe on the shop's site.

CSRF: these views are exempt. The look-up changes nothing a forged request could abuse (and is
rate-limited), and every form that changes something posts to a URL containing the tracking
token, which a forging site does not know. In an iframe on the shop's site Django's CSRF cookie
would be a third-party cookie that browsers don't send, so checking it would break the embed.
"""

from dataclasses import dataclass
from functools import wraps

from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fixloop.core.actor import Actor, client_ip
from fixloop.core.contact import format_phone
from fixloop.core.forms import apply_errors
from fixloop.core.framing import embeddable
from fixloop.core.ratelimit import Limit, address_key, count_try
from fixloop.customers.services import CONTACT_FIELDS
from fixloop.estimates.models import Estimate
from fixloop.estimates.services import links as estimate_links
from fixloop.portal import approval_links
from fixloop.portal.forms.tracking import ContactForm, LookupForm, QuestionForm
from fixloop.portal.http import (
    INVALID,
    as_customer,
    download,
    finish,
    oversized,
    private,
    see_other,
)
from fixloop.portal.links import tracking_link_path, tracking_path
from fixloop.repairs import services, tracking
from fixloop.repairs.history import customer_history

PER_ADDRESS = Limit("track-lookup-address", tries=10, seconds=60)
PER_ORDER = Limit("track-lookup-order", tries=20, seconds=3600)
# A contact form or a question of the longest allowed length fits easily; anything bigger is refused
# before it is read.
SELF_SERVICE_MAX_BYTES = 32 * 1024
POLL_SECONDS = 30


def _names(embed: bool) -> str:
    return "portal:embed_" if embed else "portal:"


# ----------------------------------------------------------------------------- look-up


def _lookup_page(request, embed: bool, form, *, not_found=False, status=200):
    context = {
        "embed": embed,
        "form": form,
        "not_found": not_found,
        "action": reverse(f"{_names(embed)}lookup"),
    }
    return render(request, "portal/lookup.html", context, status=status)


def _too_many(request, embed: bool, retry_after: int):
    response = render(
        request,
        "portal/too_many.html",
        {"embed": embed, "minutes": max(1, (retry_after + 59) // 60)},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


@csrf_exempt
@require_http_methods(["GET", "POST"])
def lookup(request, embed=False):
    if request.method == "GET":
        return private(_lookup_page(request, embed, LookupForm()))
    verdict = count_try(PER_ADDRESS, address_key(client_ip(request)))
    if not verdict.allowed:
        return private(_too_many(request, embed, verdict.retry_after))
    form = LookupForm(request.POST)
    if not form.is_valid():
        return private(_lookup_page(request, embed, form, status=INVALID))
    number = form.cleaned_data["number"]
    verdict = count_try(PER_ORDER, services.typed_number_key(number))
    if not verdict.allowed:
        return private(_too_many(request, embed, verdict.retry_after))
    link = services.lookup(number, form.cleaned_data["postal_code"], by=Actor.customer(request))
    path = tracking_link_path(link, embed=embed) if link is not None else None
    if path is None:
        # Unknown number, wrong postal code, revoked or expired: one answer for all.
        return private(_lookup_page(request, embed, LookupForm(), not_found=True, status=404))
    return see_other(path)


# ----------------------------------------------------------------------------- pages behind a link


def _gone(request, embed: bool):
    """The answer for an unknown, expired or revoked link: the same page, with the look-up form."""
    context = {"embed": embed, "form": LookupForm(), "action": reverse(f"{_names(embed)}lookup")}
    return private(render(request, "portal/gone.html", context, status=404))


def with_link(view):
    """Resolve the token to a valid link (else the 'link not valid' page) and run the view in the
    customer's language and the location's time zone."""

    @wraps(view)
    def wrapped(request, token, embed=False, **kwargs):
        link = tracking.find_link(token)
        if link is None or not tracking.is_valid(link):
            return _gone(request, embed)
        link.presented_token = token
        work_order = link.work_order
        with as_customer(request, work_order.customer, work_order.location.zone):
            return finish(request, view(request, link, embed, **kwargs))

    return wrapped


@dataclass(frozen=True)
class CaseUrls:
    case: str
    status: str
    contact: str
    question: str
    files: str  # + "<pk>/"
    lookup: str


def _urls(token: str, embed: bool) -> CaseUrls:
    names = _names(embed)
    case = tracking_path(token, embed=embed)
    return CaseUrls(
        case=case,
        status=f"{case}status/",
        contact=f"{case}contact/",
        question=f"{case}question/",
        files=f"{case}files/",
        lookup=reverse(f"{names}lookup"),
    )


def _pending_answers(work_order) -> list:
    """Links to things waiting for the customer's answer (the estimate; later the diagnostic
    overview), each with a label and a url."""
    estimate = Estimate.objects.filter(
        work_order=work_order, state__in=[Estimate.State.AWAITING, Estimate.State.DISPUTED]
    ).first()
    if estimate is None:
        return []
    url = approval_links.url_of(estimate_links.link_for_estimate(estimate, by=Actor.system("track & trace")))
    if url is None:
        return []
    label = (
        _("Your estimate is waiting for your decision")
        if estimate.state == Estimate.State.AWAITING
        else _("Your estimate: dispute")
    )
    return [{"label": label, "url": url}]


def _case_context(request, link, embed: bool, **forms_given) -> dict:
    work_order = link.work_order
    language = translation.get_language()
    token = link.presented_token
    history = customer_history(work_order, language)
    unit = work_order.unit
    customer = work_order.customer
    notice = unit.product_group.external_notice(language) if unit and unit.product_group else ""
    return {
        "embed": embed,
        "work_order": work_order,
        "unit": unit,
        "current_status": history.current,
        "current_status_name": history.current_name,
        "steps": history.steps[::-1],  # newest first
        "files": list(work_order.attachments.filter(public=True)),
        "notice": notice,
        "location": work_order.location,
        "location_phone": format_phone(work_order.location.phone),
        "pending_answers": _pending_answers(work_order),
        "urls": _urls(token, embed),
        "poll_seconds": POLL_SECONDS,
        "contact_form": forms_given.get("contact_form")
        or ContactForm(initial={field: getattr(customer, field) for field in CONTACT_FIELDS}),
        "question_form": forms_given.get("question_form") or QuestionForm(),
        "done": request.GET.get("done", ""),
    }


PAGE_CACHE_SECONDS = 60


def cached_page(view):
    """Serve a case page from the cache while nothing it shows has changed, else render it.

    The key holds what changes the page (tracking.page_stamp: the work order's and the customer's
    last change and the newest timeline entry), the language and the frame; configuration (status
    names, notices, branding) shows within PAGE_CACHE_SECONDS. A page with a query string (e.g. a
    confirmation) is never cached. The pages hold nothing per visitor: their forms post to the
    token's URL and need no CSRF cookie. Customers' pages poll, so most views are served from here."""
    render_page = with_link(view)

    @wraps(view)
    def cached(request, token, embed=False, **kwargs):
        stamp = tracking.page_stamp(token)
        if stamp is None:
            return _gone(request, embed)
        if request.GET:
            return render_page(request, token, embed, **kwargs)
        language = stamp.language or translation.get_language()
        key = f"case-page:{view.__name__}:{stamp.link_id}:{embed}:{language}:{stamp.version}"
        page = caches["local"].get(key)
        if page is None:
            response = render_page(request, token, embed, **kwargs)
            if response.status_code == 200:
                nonce = getattr(request, "csp_nonce", "")
                caches["local"].set(
                    key, (response.content, response["Content-Type"], nonce), PAGE_CACHE_SECONDS
                )
            return response
        # The page carries the style nonce it was rendered with (core/csp.py): its policy must name it.
        request.csp_nonce = page[2]
        response = HttpResponse(page[0], content_type=page[1])
        response.headers["Content-Language"] = language
        return private(response)

    return cached


@csrf_exempt
@require_GET
@cached_page
def case(request, link, embed):
    return render(request, "portal/case.html", _case_context(request, link, embed))


@csrf_exempt
@require_GET
@cached_page
def case_status(request, link, embed):
    """The part of the case page that refreshes itself (htmx polling)."""
    context = _case_context(request, link, embed)
    return render(request, "portal/_case_status.html", context)


@csrf_exempt
@require_GET
@with_link
def case_file(request, link, embed, pk):
    attachment = link.work_order.attachments.filter(pk=pk, public=True).first()
    if attachment is None:
        raise Http404(_("No such file."))
    return download(attachment)


def _too_large(request, embed: bool):
    back = request.path.rstrip("/").rsplit("/", 1)[0] + "/"  # …/t/<token>/contact/ → …/t/<token>/
    return render(
        request,
        "portal/too_large.html",
        {"embed": embed, "limit_kb": SELF_SERVICE_MAX_BYTES // 1024, "back": back},
        status=413,
    )


def _self_service(request, link, embed, form_name: str, form, perform, done: str):
    result = None
    if form.is_valid():
        try:
            result = perform(form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
    if form.errors:
        context = _case_context(request, link, embed, **{form_name: form})
        return render(request, "portal/case.html", context, status=INVALID)
    if result is None:
        done = "unchanged"
    return see_other(f"{_urls(link.presented_token, embed).case}?done={done}#self-service")


@csrf_exempt
@require_POST
@with_link
def case_contact(request, link, embed):
    if oversized(request, SELF_SERVICE_MAX_BYTES):  # before request.POST reads the body
        return _too_large(request, embed)
    customer_name = link.work_order.customer.name
    return _self_service(
        request,
        link,
        embed,
        "contact_form",
        ContactForm(request.POST),
        lambda data: services.correct_contact_details(
            link,
            {field: data[field] for field in CONTACT_FIELDS},
            by=Actor.customer(request, name=customer_name),
        ),
        "contact",
    )


@csrf_exempt
@require_POST
@with_link
def case_question(request, link, embed):
    if oversized(request, SELF_SERVICE_MAX_BYTES):
        return _too_large(request, embed)
    customer_name = link.work_order.customer.name
    return _self_service(
        request,
        link,
        embed,
        "question_form",
        QuestionForm(request.POST),
        lambda data: services.ask_question(
            link, data["text"], by=Actor.customer(request, name=customer_name)
        ),
        "question",
    )


# ----------------------------------------------------------------------------- the embeddable twins


def _embedded(view):
    @embeddable
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return view(request, *args, embed=True, **kwargs)

    return csrf_exempt(wrapped)


embed_lookup = _embedded(lookup)
embed_case = _embedded(case)
embed_case_status = _embedded(case_status)
embed_case_file = _embedded(case_file)
embed_case_contact = _embedded(case_contact)
embed_case_question = _embedded(case_question)
