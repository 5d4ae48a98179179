"""An account's batch approval link, /approvals/<token>/: every estimate awaiting a decision, approved
or declined several at once (all or nothing), and the ones decided recently;
/approvals/<token>/estimates/<id>/ shows one of them as its own link does (estimate_pages.py).

Every estimate is found through links.estimates_for(link), the one scoping helper: an id the link
may not see is a 404 like an unknown one. Pages are in the customer's language, times in the
location's time zone (the batch list in the shop's).

CSRF: these views are exempt, as track & trace (tracking.py). Every form posts to a URL containing the
link's secret token, which a forging site does not know (the Referrer-Policy keeps it from leaking
to other sites); customers open these links from e-mail apps whose browsers may not keep cookies.
"""

from dataclasses import dataclass, field
from functools import wraps

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fixloop.core.actor import Actor
from fixloop.estimates import presentation, services
from fixloop.estimates.models import ApprovalLink, Estimate
from fixloop.estimates.services import links
from fixloop.portal.forms.estimates import BatchForm
from fixloop.portal.http import INVALID, as_customer, finish, oversized, see_other
from fixloop.portal.views import estimate_pages

State = Estimate.State
RECENT_COUNT = 10


def _batch_link(token: str) -> ApprovalLink | None:
    link = links.find_link(token)
    if link is None or link.customer_id is None:
        return None
    return link


def batch_estimate(view):
    """/approvals/<token>/estimates/<pk>/…: one estimate of the batch link's account, or 404."""

    @wraps(view)
    def wrapped(request, token, pk, **kwargs):
        link = _batch_link(token)
        if link is None:
            return estimate_pages.gone(request)
        back = reverse("portal:approvals", kwargs={"token": token})
        estimate = links.estimates_for(link).filter(pk=pk).first()
        if estimate is None:
            with as_customer(request, link.customer):
                response = render(request, "portal/estimates/not_found.html", {"back": back}, status=404)
                return finish(request, response)
        urls = estimate_pages.estimate_urls(
            reverse("portal:approvals_estimate", kwargs={"token": token, "pk": estimate.pk}), back
        )
        work_order = estimate.work_order
        with as_customer(request, work_order.customer, work_order.location.zone):
            return finish(request, view(request, estimate_pages.Page(link, estimate, urls), **kwargs))

    return wrapped


@csrf_exempt
@require_GET
@batch_estimate
def approvals_estimate(request, page):
    return estimate_pages.show(request, page)


@csrf_exempt
@require_POST
@batch_estimate
def approvals_estimate_decide(request, page):
    return estimate_pages.decide(request, page)


@csrf_exempt
@require_POST
@batch_estimate
def approvals_estimate_note(request, page):
    return estimate_pages.note(request, page)


@csrf_exempt
@require_GET
@batch_estimate
def approvals_estimate_pdf(request, page):
    return estimate_pages.pdf(request, page)


# ----------------------------------------------------------------------------- the batch page


@dataclass
class BatchRow:
    estimate: Estimate
    number: str
    unit: str
    total: str
    currency: str
    prices_include_vat: bool
    valid_until: object
    expired_message: str
    url: str
    version_number: int
    version_hash: str
    choice: object = None  # the approve / decline / leave field, while it can be decided
    errors: list = field(default_factory=list)


def _unit_text(unit) -> str:
    if unit is None:
        return ""
    return " ".join(part for part in (unit.make, unit.model) if part)


def _batch_page(request, link: ApprovalLink, token: str, *, form=None, status: int = 200):
    scope = links.estimates_for(link)
    awaiting = list(scope.filter(state=State.AWAITING).order_by("valid_until", "pk"))
    if form is None:
        form = BatchForm(estimates=awaiting, shop_name=estimate_pages.shop_name())
    rows = []
    for estimate in awaiting:
        version = estimate.current_version
        content = version.content
        expired = services.is_expired(estimate)
        name = f"estimate_{estimate.pk}"
        rows.append(
            BatchRow(
                estimate=estimate,
                number=estimate.work_order.number,
                unit=_unit_text(estimate.work_order.unit),
                total=presentation.shown_total(content),
                currency=content["currency"],
                prices_include_vat=content["prices_include_vat"],
                valid_until=estimate.valid_until,
                expired_message=presentation.expired_message(estimate) if expired else "",
                url=reverse("portal:approvals_estimate", kwargs={"token": token, "pk": estimate.pk}),
                version_number=version.number,
                version_hash=version.content_hash,
                choice=form[name] if name in form.fields and not expired else None,
                errors=list(form.errors.get(name, [])),
            )
        )
    recent = (
        scope.exclude(state=State.AWAITING)
        .annotate(decided_at=Max("current_version__decisions__decided_at"))
        .order_by("-updated_at", "-pk")[:RECENT_COUNT]
    )
    recent_rows = [
        {
            "number": estimate.work_order.number,
            "unit": _unit_text(estimate.work_order.unit),
            "state": estimate.state,
            "state_label": estimate.get_state_display(),
            "decided_at": estimate.decided_at,
            "url": reverse("portal:approvals_estimate", kwargs={"token": token, "pk": estimate.pk}),
        }
        for estimate in recent
    ]
    done = request.GET.get("done", "")
    context = {
        "form": form,
        "rows": rows,
        "decidable": any(row.choice is not None for row in rows),
        "recent": recent_rows,
        "customer": link.customer,
        "action": reverse("portal:approvals", kwargs={"token": token}),
        "done": int(done) if done.isdigit() and len(done) < 5 else None,
    }
    return render(request, "portal/estimates/approvals.html", context, status=status)


def _apply_batch_errors(form, error: ValidationError, scope) -> None:
    """An error on an estimate shown on the page goes to its row; on one no longer shown (decided
    in another tab) to the top, with its work-order number; on one the link may not see, to the top
    as the service words it, which says nothing about that estimate."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    # The service names an estimate's errors "estimate_<id>", from the ids it was given.
    hidden = {
        name: int(name.removeprefix("estimate_"))
        for name in error.error_dict
        if name not in form.fields and name.startswith("estimate_") and name[9:].isdecimal()
    }
    numbers = (
        dict(scope.filter(pk__in=hidden.values()).values_list("pk", "work_order__number")) if hidden else {}
    )
    for name, errors in error.error_dict.items():
        number = numbers.get(hidden.get(name))
        if name in form.fields:
            form.add_error(name, errors)
        elif number is not None:
            for message in ValidationError(errors).messages:
                form.add_error(
                    None, _("Repair %(number)s: %(message)s") % {"number": number, "message": message}
                )
        else:
            form.add_error(None, errors)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def approvals(request, token):
    link = _batch_link(token)
    if link is None:
        return estimate_pages.gone(request)
    with as_customer(request, link.customer):
        if request.method == "GET":
            return finish(request, _batch_page(request, link, token))
        if oversized(request, estimate_pages.FIELDS_MAX_BYTES):
            return finish(request, estimate_pages.too_large(request, request.path))
        scope = links.estimates_for(link)
        awaiting = list(scope.filter(state=State.AWAITING))
        form = BatchForm(request.POST, estimates=awaiting, shop_name=estimate_pages.shop_name())
        if not form.is_valid():
            return finish(request, _batch_page(request, link, token, form=form, status=INVALID))
        signed_name = form.cleaned_data["signed_name"]
        try:
            decided = services.decide_batch(
                scope,
                form.items(),
                signed_name=signed_name,
                authorised=form.cleaned_data["authorised"],
                by=Actor.customer(request, name=signed_name),
            )
        except ValidationError as error:
            _apply_batch_errors(form, error, scope)
            return finish(request, _batch_page(request, link, token, form=form, status=INVALID))
        path = reverse("portal:approvals", kwargs={"token": token})
        return finish(request, see_other(f"{path}?done={len(decided)}#done"))
