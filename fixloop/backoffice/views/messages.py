"""Staff pages of the messaging engine: the deliveries log, a message with every attempt,
resend and cancel, and the 24-hour counts."""

from datetime import timedelta

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from fixloop.backoffice.access import sees_prices, staff_required
from fixloop.backoffice.forms import messages as forms
from fixloop.backoffice.views.shared import paginate
from fixloop.core.csp import email_styles
from fixloop.messaging import services
from fixloop.messaging.delivery_rates import DAYS, delivery_rates
from fixloop.messaging.models import PEOPLE_CHANNELS, Message


@staff_required(permission="messaging.view_message")
@require_GET
def message_list(request):
    form = forms.MessageFilterForm(request.GET or None)
    queryset = (
        Message.objects.filter(channel__in=PEOPLE_CHANNELS)
        .select_related("customer", "work_order")
        .annotate(attempts_made=Count("attempts"))
        .order_by("-created_at", "-id")
    )
    if form.is_bound:
        queryset = form.filter(queryset) if form.is_valid() else queryset.none()
    context = {"form": form, "page": paginate(request, queryset)}
    template = "backoffice/messages/_results.html" if request.htmx else "backoffice/messages/list.html"
    return render(request, template, context)


@staff_required(permission="messaging.view_message")
@require_GET
def message_stats(request):
    """Counts of the last 24 hours, polled by the dashboard."""
    since = timezone.now() - timedelta(hours=24)
    counts = Message.objects.filter(created_at__gte=since, channel__in=PEOPLE_CHANNELS).aggregate(
        sent=Count("id", filter=Q(state__in=["sent", "delivered"])),
        failed=Count("id", filter=Q(state__in=["failed", "bounced"])),
        suppressed=Count("id", filter=Q(state="suppressed")),
        waiting=Count("id", filter=Q(state__in=["queued", "sending", "retrying"])),
    )
    return render(request, "backoffice/messages/_stats.html", {"counts": counts})


def _message(pk) -> Message:
    return get_object_or_404(
        Message.objects.select_related("customer", "work_order", "resend_of", "created_by"),
        pk=pk,
        channel__in=PEOPLE_CHANNELS,  # a webhook delivery is read in its endpoint's log
    )


@staff_required(permission="messaging.view_message")
@require_GET
@email_styles  # shows e-mails, styled inline
def message_detail(request, pk):
    message = _message(pk)
    return render(
        request,
        "backoffice/messages/detail.html",
        {
            "message": message,
            "attempts": message.attempts.all(),
            "events": message.events.all(),
            "attachments": message.attachments.defer("content"),
            "resends": message.resends.order_by("created_at"),
        },
    )


@staff_required(permission="messaging.view_message")
@require_GET
def message_attachment(request, pk, attachment_pk):
    if not sees_prices(request.user):  # e.g. an estimate's PDF
        raise PermissionDenied
    attachment = get_object_or_404(_message(pk).attachments, pk=attachment_pk)
    response = HttpResponse(bytes(attachment.content), content_type=attachment.content_type)
    response["Content-Disposition"] = f'attachment; filename="{attachment.filename}"'
    return response


@staff_required(permission="messaging.change_message")
@require_POST
def message_resend(request, pk):
    copy = services.resend(_message(pk), by=request.user)
    flash.success(request, _("A new message was queued."))
    return redirect("backoffice:message", pk=copy.pk)


@staff_required(permission="messaging.change_message")
@require_POST
def message_cancel(request, pk):
    message = _message(pk)
    try:
        services.cancel(message, by=request.user)
    except ValidationError as error:
        flash.error(request, " ".join(error.messages))
    return redirect("backoffice:message", pk=message.pk)


@staff_required(permission="messaging.view_message")
@require_GET
def delivery_rate_list(request):
    """Per kind of message, how much of the last 30 days' mail arrived (all customers)."""
    return render(
        request, "backoffice/messages/delivery_rates.html", {"rates": delivery_rates(), "days": DAYS}
    )
