"""Work orders in the back office: the list, the work-order page and its actions (status, comment,
files, close, reopen, details, a message to the customer), a new work order for a customer and the
work-order report (PDF). Views parse input, call one service function and render."""

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from fixloop.backoffice.access import sees_prices, staff_required
from fixloop.backoffice.forms import work_orders as forms
from fixloop.backoffice.views.shared import (
    INVALID,
    get_work_order,
    paginate,
    run_action,
    timeline,
    work_order_page,
)
from fixloop.core.actor import Actor
from fixloop.core.forms import apply_errors
from fixloop.customers.models import CustomerAccount
from fixloop.documents.pdf import PDF_TYPE, DocumentError, report_filename, work_order_report
from fixloop.messaging import rules
from fixloop.messaging import services as messaging
from fixloop.messaging.models import Message
from fixloop.repairs import services
from fixloop.repairs.models import Attachment, WorkOrder


@staff_required
@require_GET
def work_order_list(request):
    form = forms.WorkOrderFilterForm(request.GET or {"state": "open"})
    queryset = WorkOrder.objects.with_related().select_related("inspection")  # the overview's badge
    queryset = form.filter(queryset) if form.is_valid() else queryset.none()
    context = {"form": form, "page": paginate(request, queryset)}
    template = "backoffice/work_orders/_results.html" if request.htmx else "backoffice/work_orders/list.html"
    return render(request, template, context)


@staff_required
@require_GET
def work_order_detail(request, number):
    return work_order_page(request, get_work_order(request, number))


@staff_required
@require_GET
def work_order_timeline(request, number):
    work_order = get_work_order(request, number)
    return render(
        request,
        "backoffice/work_order/_timeline.html",
        {"work_order": work_order, "timeline": timeline(work_order, prices=sees_prices(request.user))},
    )


@staff_required(permission="repairs.change_workorder_status")
@require_POST
def work_order_status(request, number):
    work_order = get_work_order(request, number)
    form = forms.StatusForm(request.POST, work_order=work_order)
    return run_action(
        request,
        work_order,
        "status_form",
        form,
        lambda wo, data, by: services.change_status(wo, data["status"], by=by),
    )


@staff_required(permission="repairs.add_timelineentry")
@require_POST
def work_order_comment(request, number):
    return run_action(
        request,
        get_work_order(request, number),
        "comment_form",
        forms.CommentForm(request.POST),
        lambda wo, data, by: services.add_comment(wo, data["text"], public=data["public"], by=by),
    )


@staff_required(permission="repairs.add_attachment")
@require_POST
def work_order_attach(request, number):
    return run_action(
        request,
        get_work_order(request, number),
        "attachment_form",
        forms.AttachmentForm(request.POST, request.FILES),
        lambda wo, data, by: services.attach_file(
            wo, data["file"], public=data["public"], note=data["note"], by=by
        ),
    )


@staff_required(permission="repairs.change_workorder")
@require_POST
def work_order_close(request, number):
    return run_action(
        request,
        get_work_order(request, number),
        "close_form",
        forms.CloseForm(request.POST),
        lambda wo, data, by: services.close(wo, status=data["status"], note=data["note"], by=by),
    )


@staff_required(permission="repairs.change_workorder")
@require_POST
def work_order_reopen(request, number):
    return run_action(
        request,
        get_work_order(request, number),
        "reopen_form",
        forms.ReopenForm(request.POST),
        lambda wo, data, by: services.reopen(wo, reason=data["reason"], status=data["status"], by=by),
    )


@staff_required(permission="repairs.change_workorder")
@require_POST
def work_order_details(request, number):
    return run_action(
        request,
        get_work_order(request, number),
        "details_form",
        forms.DetailsForm(request.POST),
        lambda wo, data, by: services.update_details(
            wo, technician=data["technician"], promised_date=data["promised_date"], by=by
        ),
    )


@staff_required(permission="messaging.add_message")
@require_POST
def work_order_send_message(request, number):
    def send(work_order, data, by):
        message = messaging.send_staff_message(
            work_order, channel=data["channel"], text=data["message"], by=by
        )
        if message.state == Message.State.SUPPRESSED:
            raise ValidationError(_("Not sent: %(reason)s") % {"reason": message.state_reason})

    return run_action(
        request,
        get_work_order(request, number),
        "send_message_form",
        forms.SendMessageForm(request.POST),
        send,
    )


@staff_required(permission="repairs.view_attachment")
@require_GET
def work_order_file(request, number, pk):
    attachment = get_object_or_404(Attachment, pk=pk, work_order__number=number)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file is missing from storage.")) from None
    return FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )


@staff_required(permission="repairs.add_workorder")
def work_order_new(request, number):
    customer = get_object_or_404(CustomerAccount, number=number)
    form = forms.NewWorkOrderForm(request.POST or None, customer=customer)
    if request.method == "POST" and form.is_valid():
        try:
            work_order = services.open_work_order(
                customer=customer, by=Actor.staff(request), **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("backoffice:work_order", number=work_order.number)
    status = INVALID if form.errors else 200
    return render(
        request, "backoffice/work_orders/new.html", {"form": form, "customer": customer}, status=status
    )


# ----------------------------------------------------------------------------- the work-order report


@staff_required(permission="repairs.view_workorder")
@require_GET
def work_order_report_pdf(request, number):
    work_order = get_work_order(request, number)
    language = request.GET.get("language")
    try:
        pdf = work_order_report(work_order, language if language in rules.LANGUAGES else None)
    except DocumentError as error:
        flash.error(request, _("The report could not be made: %(error)s") % {"error": error})
        return redirect("backoffice:work_order", number=work_order.number)
    response = HttpResponse(pdf, content_type=PDF_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{report_filename(work_order)}"'
    return response
