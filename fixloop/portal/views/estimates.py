"""One estimate behind its own approval link, /estimate/<token>/: the page (every job of the current
version with its prices, what changed since the previous version, the decision form — approve,
decline or dispute per job; typed name and authorisation —, the decisions once made, and the dispute
thread), the decision, a dispute note and the PDF. The page and its actions are estimate_pages.py,
shared with the batch link's view of one estimate (approvals.py).

The estimate is found through links.estimates_for(link), the one scoping helper. Pages are in the
customer's language, times in the location's time zone.

CSRF: these views are exempt, as track & trace (tracking.py). Every form posts to a URL containing the
link's secret token, which a forging site does not know (the Referrer-Policy keeps it from leaking
to other sites); customers open these links from e-mail apps whose browsers may not keep cookies.
"""

from functools import wraps

from django.urls import reverse

from fixloop.estimates.services import links
from fixloop.portal.http import as_customer, finish
from fixloop.portal.views import estimate_pages


def estimate_link(view):
    """/estimate/<token>/…: a per-estimate link, and the estimate it may show."""

    @wraps(view)
    def wrapped(request, token, **kwargs):
        link = links.find_link(token)
        estimate = scope = None
        if link is not None and link.estimate_id is not None:
            scope = links.estimates_for(link)
            estimate = scope.first()
        if estimate is None:
            return estimate_pages.gone(request)
        urls = estimate_pages.estimate_urls(reverse("portal:estimate", kwargs={"token": token}))
        work_order = estimate.work_order
        with as_customer(request, work_order.customer, work_order.location.zone):
            return finish(request, view(request, estimate_pages.Page(estimate, urls, scope), **kwargs))

    return wrapped


estimate, estimate_decide, estimate_note, estimate_pdf = estimate_pages.link_page_views(estimate_link)
