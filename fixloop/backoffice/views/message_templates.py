"""Staff pages of the message templates: every kind with its own and shipped wordings, editing one
with a live preview, and going back to the shipped default."""

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from fixloop.backoffice.access import staff_required
from fixloop.backoffice.forms import message_templates as forms
from fixloop.backoffice.views.shared import INVALID
from fixloop.core.csp import email_styles
from fixloop.core.forms import apply_errors
from fixloop.messaging import rendering, services
from fixloop.messaging.kinds import for_people
from fixloop.messaging.models import Channel, MessageTemplate
from fixloop.messaging.sms_text import count_segments

TEMPLATE_CHANNELS = [Channel.EMAIL, Channel.SMS]
LANGUAGES = ["en", "de"]


def _check_slot(kind: str, channel: str, language: str) -> None:
    if kind not in for_people() or channel not in TEMPLATE_CHANNELS or language not in LANGUAGES:
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
        for kind in for_people().values()
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
            "kind": for_people()[kind],
            "channel": channel,
            "language": language,
            "form": form,
            "placeholders": for_people()[kind].all_placeholders,
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
        kind, channel, language, rendering.preview_context(kind), subject=subject, body=body
    )
    segments, encoding = count_segments(rendered.text)
    return {"rendered": rendered, "segments": segments, "encoding": encoding}


@staff_required(permission="messaging.view_messagetemplate")
@email_styles  # shows e-mails, styled inline
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
@email_styles  # shows e-mails, styled inline
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
