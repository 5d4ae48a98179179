"""An account's batch approval link, /approvals/<token>/: every estimate awaiting a decision, approved
or declined several at once (all or nothing), and the ones decided recently (batch_pages.py, shared
with the signed-in portal); /approvals/<token>/estimates/<id>/ shows one of them as its own link does
(estimate_pages.py).

Every estimate is found through links.estimates_for(link), the one scoping helper: an id the link
may not see is a 404 like an unknown one. Pages are in the customer's language, times in the
location's time zone (the batch list in the shop's).

CSRF: these views are exempt, as track & trace (tracking.py). Every form posts to a URL containing the
link's secret token, which a forging site does not know (the Referrer-Policy keeps it from leaking
to other sites); customers open these links from e-mail apps whose browsers may not keep cookies.
"""

from functools import wraps

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from fixloop.estimates.models import ApprovalLink
from fixloop.estimates.services import links
from fixloop.portal.http import as_customer, finish
from fixloop.portal.views import batch_pages, estimate_pages


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
        scope = links.estimates_for(link)
        estimate = scope.filter(pk=pk).first()
        if estimate is None:
            with as_customer(request, link.customer):
                response = render(request, "portal/estimates/not_found.html", {"back": back}, status=404)
                return finish(request, response)
        urls = estimate_pages.estimate_urls(
            reverse("portal:approvals_estimate", kwargs={"token": token, "pk": estimate.pk}), back
        )
        work_order = estimate.work_order
        with as_customer(request, work_order.customer, work_order.location.zone):
            return finish(request, view(request, estimate_pages.Page(estimate, urls, scope), **kwargs))

    return wrapped


approvals_estimate, approvals_estimate_decide, approvals_estimate_note, approvals_estimate_pdf = (
    estimate_pages.link_page_views(batch_estimate)
)


# ----------------------------------------------------------------------------- the batch page


def _batch(link: ApprovalLink, token: str) -> batch_pages.Batch:
    return batch_pages.Batch(
        scope=links.estimates_for(link),
        customer=link.customer,
        action=reverse("portal:approvals", kwargs={"token": token}),
        estimate_url=lambda pk: reverse("portal:approvals_estimate", kwargs={"token": token, "pk": pk}),
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def approvals(request, token):
    link = _batch_link(token)
    if link is None:
        return estimate_pages.gone(request)
    with as_customer(request, link.customer):
        if request.method == "GET":
            return finish(request, batch_pages.show(request, _batch(link, token)))
        return finish(request, batch_pages.submit(request, _batch(link, token)))
