"""Staff pages of the messaging engine: the deliveries log, a message with every attempt,
resend and cancel, the 24-hour counts, and the message templates with a live preview."""

from datetime import timedelta

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from fixloop.backoffice import forms
from fixloop.backoffice.access import staff_required
from fixloop.backoffice.common import INVALID, apply_errors, paginate
from fixloop.messaging import rendering, services
from fixloop.messaging.kinds import KINDS
from fixloop.messaging.models import Channel, Message, MessageTemplate
from fixloop.messaging.sms_text import count_segments

TEMPLATE_CHANNELS = [Channel.EMAIL, Channel.SMS]
LANGUAGES = ["en", "de"]


@staff_required(permission="messaging.view_message")
@require_GET
def message_list(request):
    form = forms.MessageFilterForm(request.GET or None)
    queryset = (
        Message.objects.select_related("customer", "work_order")
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
    counts = Message.objects.filter(created_at__gte=since).aggregate(
        sent=Count("id", filter=Q(state__in=["sent", "delivered"])),
        failed=Count("id", filter=Q(state__in=["failed", "bounced"])),
        suppressed=Count("id", filter=Q(state="suppressed")),
        waiting=Count("id", filter=Q(state__in=["queued", "sending", "retrying"])),
    )
    return render(request, "backoffice/messages/_stats.html", {"counts": counts})


def _message(pk) -> Message:
    return get_object_or_404(
        Message.objects.select_related("customer", "work_order", "resend_of", "created_by"), pk=pk
    )


@staff_required(permission="messaging.view_message")
@require_GET
def message_detail(request, pk):
    message = _message(pk)
    return render(
        request,
        "backoffice/messages/detail.html",
        {
            "message": message,
            "attempts": message.attempts.all(),
            "attachments": message.attachments.defer("content"),
            "resends": message.resends.order_by("created_at"),
        },
    )


@staff_required(permission="messaging.view_message")
@require_GET
def message_attachment(request, pk, attachment_pk):
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


# ----------------------------------------------------------------------------- templates


def _check_slot(kind: str, channel: str, language: str) -> None:
    if kind not in KINDS or channel not in TEMPLATE_CHANNELS or language not in LANGUAGES:
        raise Http404


@staff_required(permission="messaging.view_messagetemplate")
@require_GET
def template_list(request):
    own = set(MessageTemplate.objects.values_list("kind", "channel", "language"))
    rows = [
        {
            "kind": kind,
            "slots": [
                {"channel": channel, "language": language, "own": (kind.code, channel, language) in own}
                for channel in TEMPLATE_CHANNELS
                for language in LANGUAGES
            ],
        }
        for kind in KINDS.values()
    ]
    return render(request, "backoffice/templates/list.html", {"rows": rows})


def _template_page(request, kind, channel, language, form, status=200):
    subject, body = (
        (form.data.get("subject", ""), form.data.get("body", ""))
        if form.is_bound
        else (form.initial["subject"], form.initial["body"])
    )
    return render(
        request,
        "backoffice/templates/edit.html",
        {
            "kind": KINDS[kind],
            "channel": channel,
            "language": language,
            "form": form,
            "placeholders": KINDS[kind].all_placeholders,
            "is_own": MessageTemplate.objects.filter(kind=kind, channel=channel, language=language).exists(),
            "preview": _preview(kind, channel, language, subject, body),
            "can_edit": request.user.has_perm("messaging.change_messagetemplate"),
        },
        status=status,
    )


def _preview(kind, channel, language, subject, body) -> dict:
    try:
        rendering.check_template(kind, channel, subject, body)
    except ValidationError as error:
        return {"problems": [message for messages in error.message_dict.values() for message in messages]}
    rendered = rendering.render(
        kind, channel, language, rendering.sample_context(kind), subject=subject, body=body
    )
    segments, encoding = count_segments(rendered.text)
    return {"rendered": rendered, "segments": segments, "encoding": encoding}


@staff_required(permission="messaging.view_messagetemplate")
def template_edit(request, kind, channel, language):
    _check_slot(kind, channel, language)
    if request.method == "POST":
        if not request.user.has_perm("messaging.change_messagetemplate"):
            raise Http404
        form = forms.TemplateForm(request.POST)
        if form.is_valid():
            try:
                services.save_template(kind, channel, language, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                flash.success(request, _("Template saved."))
                return redirect("backoffice:template", kind=kind, channel=channel, language=language)
        return _template_page(request, kind, channel, language, form, status=INVALID)
    subject, body = rendering.template_source(kind, channel, language)
    return _template_page(
        request, kind, channel, language, forms.TemplateForm(initial={"subject": subject, "body": body})
    )


@staff_required(permission="messaging.view_messagetemplate")
@require_POST
def template_preview(request, kind, channel, language):
    _check_slot(kind, channel, language)
    preview = _preview(kind, channel, language, request.POST.get("subject", ""), request.POST.get("body", ""))
    return render(request, "backoffice/templates/_preview.html", {"preview": preview, "channel": channel})


@staff_required(permission="messaging.change_messagetemplate")
@require_POST
def template_reset(request, kind, channel, language):
    _check_slot(kind, channel, language)
    services.reset_template(kind, channel, language)
    flash.success(request, _("The shipped default is used again."))
    return redirect("backoffice:template", kind=kind, channel=channel, language=language)
