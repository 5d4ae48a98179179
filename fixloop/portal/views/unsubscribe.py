"""The one-click unsubscribe link of recurring mail (List-Unsubscribe, RFC 8058).

A mail client's "unsubscribe" button POSTs `List-Unsubscribe=One-Click` to the link without
cookies, so this view alone is exempt from CSRF: the secret in the link is what proves the request
(optouts.unsubscribe_token_valid), and all it can do is stop mail. A GET (someone opening the link,
or a link checker) changes nothing and shows a page with the button."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from fixloop.core.actor import Actor
from fixloop.customers.models import CustomerAccount
from fixloop.messaging.kinds import KINDS
from fixloop.messaging.optouts import opt_out_of_kind, unsubscribe_token_valid
from fixloop.portal.http import private
from fixloop.shop.models import ShopProfile

TEMPLATE = "portal/unsubscribe.html"


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, customer_id: int, kind: str, token: str):
    if kind not in KINDS or not KINDS[kind].periodic or not unsubscribe_token_valid(customer_id, kind, token):
        raise Http404
    customer = get_object_or_404(CustomerAccount, pk=customer_id)
    language = customer.language or ShopProfile.get().default_language
    with translation.override(language):
        context = {"kind": KINDS[kind].label, "shop": ShopProfile.get(), "done": False}
        if request.method == "POST":
            opt_out_of_kind(customer, kind, by=Actor.customer(request, name=customer.name))
            context["done"] = True
        return private(render(request, TEMPLATE, context))
