"""The signed-in customer's estimates: the list (awaiting a decision, decided), one estimate with its
decision and dispute pages, and an account's batch approval. The estimate pages are the ones the
approval links open (estimate_pages.py, batch_pages.py) with the same authorisation record (typed
name and tick, address, browser, time); here every estimate comes from request.portal, and the
person signed in is recorded as the one who decided (Actor.portal). Pages are in the portal's
language; one estimate in its location's time zone. The list refreshes itself; an estimate's page
says when staff have changed the estimate since it was opened (its form is left alone).
"""

from collections import Counter
from functools import wraps

from django.core.paginator import Paginator
from django.db.models import Max
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fixloop.estimates import presentation, services
from fixloop.estimates.models import Estimate
from fixloop.portal.signed_in import POLL_SECONDS, live, portal_login_required
from fixloop.portal.views import batch_pages, estimate_pages

State = Estimate.State
DECIDED_PAGE_SIZE = 20
LIVE_PART = "estimate-live"


def _estimates(request):
    """The person's sent estimates, with what their pages show."""
    return request.portal.estimates().select_related(
        "work_order__customer", "work_order__location", "work_order__unit", "current_version"
    )


def _row(estimate: Estimate) -> dict:
    content = estimate.current_version.content if estimate.current_version else None
    return {
        "estimate": estimate,
        "work_order": estimate.work_order,
        "state_label": presentation.state_label(estimate),
        "total": presentation.shown_total(content) if content else "",
        "currency": content["currency"] if content else "",
        "expired": estimate.state == State.AWAITING and services.is_expired(estimate),
        "url": reverse("portal:estimate_detail", kwargs={"pk": estimate.pk}),
    }


@require_GET
@portal_login_required
def estimates(request):
    scope = _estimates(request)
    awaiting = list(scope.filter(state=State.AWAITING).order_by("valid_until", "pk"))
    decided = (
        scope.exclude(state=State.AWAITING)
        .annotate(decided_at=Max("current_version__decisions__decided_at"))
        .order_by("-updated_at", "-pk")
    )
    page = Paginator(decided, DECIDED_PAGE_SIZE).get_page(request.GET.get("page"))
    # Several decidable estimates of one account can be decided at once.
    per_account = Counter(
        estimate.work_order.customer for estimate in awaiting if not services.is_expired(estimate)
    )
    context = {
        "awaiting": [_row(estimate) for estimate in awaiting],
        "decided": [_row(estimate) for estimate in page.object_list],
        "page": page,
        "batches": [customer for customer, count in per_account.items() if count > 1],
        "several_accounts": request.portal.several_accounts,
    }
    return live(
        request,
        "portal/signed_in/estimates/list.html",
        context,
        part="estimates-live",
        part_template="portal/signed_in/estimates/_list_live.html",
    )


def signed_in_estimate(view):
    """/portal/estimates/<pk>/…: one of the person's sent estimates (else 404), as a Page."""

    @wraps(view)
    def wrapped(request, pk, **kwargs):
        scope = _estimates(request)
        estimate = get_object_or_404(scope, pk=pk)
        urls = estimate_pages.estimate_urls(
            reverse("portal:estimate_detail", kwargs={"pk": estimate.pk}), reverse("portal:estimates")
        )
        page = estimate_pages.Page(estimate, urls, scope.filter(pk=estimate.pk), signed_in=True)
        with timezone.override(estimate.work_order.location.zone):
            return view(request, page, **kwargs)

    return wrapped


@require_GET
@portal_login_required
@signed_in_estimate
def estimate_detail(request, page):
    if request.htmx and request.htmx.target == LIVE_PART:
        # The page's live part: has staff changed the estimate (a new version, a new state) since?
        estimate = page.estimate
        now = f"{estimate.current_version.number if estimate.current_version else 0}-{estimate.state}"
        seen = request.GET.get("seen", "")
        context = {"urls": page.urls, "seen": seen, "changed": seen != now, "poll_seconds": POLL_SECONDS}
        return render(request, "portal/signed_in/estimates/_estimate_live.html", context)
    return estimate_pages.show(request, page)


@require_POST
@portal_login_required
@signed_in_estimate
def estimate_detail_decide(request, page):
    return estimate_pages.decide(request, page)


@require_POST
@portal_login_required
@signed_in_estimate
def estimate_detail_note(request, page):
    return estimate_pages.note(request, page)


@require_GET
@portal_login_required
@signed_in_estimate
def estimate_detail_pdf(request, page):
    return estimate_pages.pdf(request, page)


@require_http_methods(["GET", "POST"])
@portal_login_required
def estimate_batch(request, customer_id):
    """Every estimate of one of the person's accounts awaiting a decision, decided several at once."""
    customer = get_object_or_404(request.portal.customers(), pk=customer_id)
    batch = batch_pages.Batch(
        scope=_estimates(request).filter(work_order__customer=customer),
        customer=customer,
        action=reverse("portal:estimate_batch", kwargs={"customer_id": customer.pk}),
        estimate_url=lambda pk: reverse("portal:estimate_detail", kwargs={"pk": pk}),
        signed_in=True,
    )
    if request.method == "GET":
        return batch_pages.show(request, batch)
    return batch_pages.submit(request, batch)
