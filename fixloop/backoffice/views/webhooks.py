"""Webhook endpoints (Configuration › Integrations), for administrators: the list, a new endpoint
(its signing secret shown once), editing, rotating the secret, and the delivery log of each endpoint
with every attempt's answer and "send again"."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fixloop.api.models import WebhookDelivery, WebhookEndpoint
from fixloop.api.webhooks import services
from fixloop.api.webhooks.events import EVENT_TYPES
from fixloop.backoffice.access import staff_required
from fixloop.backoffice.forms.webhooks import EndpointForm
from fixloop.backoffice.views.shared import INVALID, paginate
from fixloop.core.forms import apply_errors
from fixloop.messaging.models import Attempt, Message

VIEW = "api.view_webhookendpoint"
CHANGE = "api.change_webhookendpoint"
NAV = {"nav": "webhooks"}
# A delivery that is over (received, refused, given up or cancelled) can be sent again.
SETTLED = {Message.State.SENT, Message.State.FAILED, Message.State.CANCELLED}


def event_labels(names: list[str]) -> list[str]:
    return [str(EVENT_TYPES[name].label) for name in names if name in EVENT_TYPES]


@staff_required(permission=VIEW)
@require_GET
def endpoint_list(request):
    endpoints = list(WebhookEndpoint.objects.all())
    for endpoint in endpoints:
        endpoint.event_labels = event_labels(endpoint.events)
    return render(request, "backoffice/webhooks/list.html", {**NAV, "endpoints": endpoints})


def _secret_page(request, endpoint, secret, *, rotated: bool):
    return render(
        request,
        "backoffice/webhooks/secret.html",
        {**NAV, "endpoint": endpoint, "secret": secret, "rotated": rotated},
    )


@staff_required(permission=CHANGE)
@require_http_methods(["GET", "POST"])
def endpoint_new(request):
    form = EndpointForm(request.POST or None, new=True)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint, secret = services.create_endpoint(
                name=form.cleaned_data["name"],
                url=form.cleaned_data["url"],
                events=form.cleaned_data["events"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _secret_page(request, endpoint, secret, rotated=False)
    status = INVALID if form.errors else 200
    return render(
        request, "backoffice/webhooks/edit.html", {**NAV, "form": form, "endpoint": None}, status=status
    )


@staff_required(permission=CHANGE)
@require_http_methods(["GET", "POST"])
def endpoint_edit(request, pk):
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    initial = {
        "name": endpoint.name,
        "url": endpoint.url,
        "events": endpoint.events,
        "active": endpoint.active,
    }
    form = EndpointForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_endpoint(endpoint, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("backoffice:webhook", pk=endpoint.pk)
    status = INVALID if form.errors else 200
    return render(
        request, "backoffice/webhooks/edit.html", {**NAV, "form": form, "endpoint": endpoint}, status=status
    )


@staff_required(permission=CHANGE)
@require_POST
def endpoint_rotate(request, pk):
    endpoint, secret = services.rotate_secret(get_object_or_404(WebhookEndpoint, pk=pk))
    return _secret_page(request, endpoint, secret, rotated=True)


@staff_required(permission=VIEW)
@require_GET
def endpoint_detail(request, pk):
    """The endpoint and its delivery log: each delivery's event, state and attempts, newest first."""
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    endpoint.event_labels = event_labels(endpoint.events)
    deliveries = (
        WebhookDelivery.objects.filter(endpoint=endpoint)
        .select_related("event", "message", "created_by")
        .prefetch_related(Prefetch("message__attempts", queryset=Attempt.objects.order_by("number")))
        .order_by("-created_at", "-id")
    )
    page = paginate(request, deliveries)
    for delivery in page:
        delivery.can_send_again = delivery.message.state in SETTLED
        delivery.event_label = (
            event_labels([delivery.event.type])[0] if delivery.event.type in EVENT_TYPES else ""
        )
    context = {**NAV, "endpoint": endpoint, "page": page, "can_change": request.user.has_perm(CHANGE)}
    return render(request, "backoffice/webhooks/detail.html", context)


@staff_required(permission=CHANGE)
@require_POST
def delivery_send_again(request, pk, delivery_pk):
    delivery = get_object_or_404(WebhookDelivery, pk=delivery_pk, endpoint_id=pk)
    try:
        services.send_again(delivery, by=request.user)
    except ValidationError as error:
        return render(
            request,
            "backoffice/webhooks/refused.html",
            {**NAV, "endpoint": delivery.endpoint, "errors": error.messages},
            status=INVALID,
        )
    return redirect("backoffice:webhook", pk=pk)
