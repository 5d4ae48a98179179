"""The page the previous e-mail address or mobile number opens from the notice that the customer's
contact details were changed: GET asks to confirm, POST reports "this wasn't me" and undoes it."""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_http_methods

from fixloop.core.actor import Actor
from fixloop.customers.services import contact_changes
from fixloop.portal.http import private
from fixloop.repairs import services

TEMPLATE = "portal/contact_change.html"


@require_http_methods(["GET", "POST"])
def contact_change(request, token):
    change = contact_changes.find(token)
    language = change.customer.language if change else translation.get_language()
    with translation.override(language):
        problem = contact_changes.problem(change)
        if problem:
            return private(
                render(request, TEMPLATE, {"problem": problem}, status=404 if change is None else 410)
            )
        if request.method == "POST":
            try:
                restored = services.report_contact_change(token, by=Actor.customer(request))
            except ValidationError as error:  # used or expired meanwhile
                return private(render(request, TEMPLATE, {"problem": error.messages[0]}, status=410))
            return private(render(request, TEMPLATE, {"done": True, "restored": restored}))
        fields = [contact_changes.label(field) for field in change.changes]
        return private(render(request, TEMPLATE, {"change": change, "fields": fields}))
