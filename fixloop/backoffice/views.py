"""The staff back office. Views parse input, call one service function and render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from fixloop.backoffice import forms
from fixloop.backoffice.access import staff_required
from fixloop.backoffice.common import INVALID, apply_errors, paginate
from fixloop.core.actor import Actor
from fixloop.customers import services as customer_services
from fixloop.customers.models import CustomerAccount, Unit
from fixloop.messaging import services as messaging
from fixloop.messaging.models import Message
from fixloop.repairs import services
from fixloop.repairs.models import Attachment, ServiceRequest, Status, WorkOrder

# ----------------------------------------------------------------------------- work orders


@staff_required
@require_GET
def work_order_list(request):
    form = forms.WorkOrderFilterForm(request.GET or {"state": "open"})
    queryset = WorkOrder.objects.with_related()
    queryset = form.filter(queryset) if form.is_valid() else queryset.none()
    context = {"form": form, "page": paginate(request, queryset)}
    template = "backoffice/work_orders/_results.html" if request.htmx else "backoffice/work_orders/list.html"
    return render(request, template, context)


def _work_order(request, number: str) -> WorkOrder:
    return get_object_or_404(WorkOrder.objects.with_related(), number=number)


CHANGED_FIELD_LABELS = {
    "technician": gettext_lazy("Technician"),
    "promised_date": gettext_lazy("Promised date"),
    "problem_description": gettext_lazy("Problem description"),
}
SYSTEM_EVENT_LABELS = {"service_request_accepted": gettext_lazy("Opened from the customer's service request")}


def _timeline(work_order: WorkOrder) -> list:
    """Newest first, with statuses and labels looked up in memory: the number of queries does not
    grow with the length of the timeline."""
    statuses = {status.pk: status for status in Status.objects.all()}
    entries = list(work_order.timeline.select_related("user", "attachment").order_by("-created_at", "-id"))
    for entry in entries:
        entry.status_from = statuses.get(entry.status_from_id)
        entry.status_to = statuses.get(entry.status_to_id)
        if entry.kind == entry.Kind.UPDATED:
            entry.changes = [
                (CHANGED_FIELD_LABELS.get(field, field), *values)
                for field, values in entry.changed_fields.items()
            ]
        entry.event_label = SYSTEM_EVENT_LABELS.get(entry.event, entry.event)
    return entries


def _work_order_page(request, work_order: WorkOrder, status=200, **bound_forms):
    user = request.user
    can_manage = user.has_perm("repairs.change_workorder")
    context = {
        "work_order": work_order,
        "timeline": _timeline(work_order),
        "attachments": work_order.attachments.all(),
        "can_change_status": user.has_perm("repairs.change_workorder_status"),
        "can_manage": can_manage,
        "status_form": bound_forms.get("status_form") or forms.StatusForm(work_order=work_order),
        "comment_form": bound_forms.get("comment_form") or forms.CommentForm(),
        "attachment_form": bound_forms.get("attachment_form") or forms.AttachmentForm(),
        "close_form": bound_forms.get("close_form") or forms.CloseForm(),
        "reopen_form": bound_forms.get("reopen_form") or forms.ReopenForm(),
        "send_message_form": bound_forms.get("send_message_form") or forms.SendMessageForm(),
        "messages_sent": work_order.messages.order_by("-created_at")[:50],
        "details_form": bound_forms.get("details_form")
        or forms.DetailsForm(
            initial={"technician": work_order.technician_id, "promised_date": work_order.promised_date}
        ),
    }
    context["failed_form"] = next(iter(bound_forms.values()), None)
    template = "backoffice/work_order/_body.html" if request.htmx else "backoffice/work_order/detail.html"
    return render(request, template, context, status=status)


@staff_required
@require_GET
def work_order_detail(request, number):
    return _work_order_page(request, _work_order(request, number))


@staff_required
@require_GET
def work_order_timeline(request, number):
    work_order = _work_order(request, number)
    return render(
        request,
        "backoffice/work_order/_timeline.html",
        {"work_order": work_order, "timeline": _timeline(work_order)},
    )


def _work_order_action(request, work_order, form_name, form, perform):
    """Shared flow of the work-order page's forms: valid input → service → fresh page; otherwise
    the page again with the form's messages (HTTP 422), nothing changed."""
    if form.is_valid():
        try:
            perform(work_order, form.cleaned_data, Actor.staff(request))
        except ValidationError as error:
            apply_errors(form, error)
    if form.errors:
        return _work_order_page(request, work_order, status=INVALID, **{form_name: form})
    if not request.htmx:
        return redirect("backoffice:work_order", number=work_order.number)
    return _work_order_page(request, _work_order(request, work_order.number))


@staff_required(permission="repairs.change_workorder_status")
@require_POST
def work_order_status(request, number):
    work_order = _work_order(request, number)
    form = forms.StatusForm(request.POST, work_order=work_order)
    return _work_order_action(
        request,
        work_order,
        "status_form",
        form,
        lambda wo, data, by: services.change_status(wo, data["status"], by=by),
    )


@staff_required(permission="repairs.add_timelineentry")
@require_POST
def work_order_comment(request, number):
    return _work_order_action(
        request,
        _work_order(request, number),
        "comment_form",
        forms.CommentForm(request.POST),
        lambda wo, data, by: services.add_comment(wo, data["text"], public=data["public"], by=by),
    )


@staff_required(permission="repairs.add_attachment")
@require_POST
def work_order_attach(request, number):
    return _work_order_action(
        request,
        _work_order(request, number),
        "attachment_form",
        forms.AttachmentForm(request.POST, request.FILES),
        lambda wo, data, by: services.attach_file(
            wo, data["file"], public=data["public"], note=data["note"], by=by
        ),
    )


@staff_required(permission="repairs.change_workorder")
@require_POST
def work_order_close(request, number):
    return _work_order_action(
        request,
        _work_order(request, number),
        "close_form",
        forms.CloseForm(request.POST),
        lambda wo, data, by: services.close(wo, status=data["status"], note=data["note"], by=by),
    )


@staff_required(permission="repairs.change_workorder")
@require_POST
def work_order_reopen(request, number):
    return _work_order_action(
        request,
        _work_order(request, number),
        "reopen_form",
        forms.ReopenForm(request.POST),
        lambda wo, data, by: services.reopen(wo, reason=data["reason"], status=data["status"], by=by),
    )


@staff_required(permission="repairs.change_workorder")
@require_POST
def work_order_details(request, number):
    return _work_order_action(
        request,
        _work_order(request, number),
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
        message = messaging.queue_message(
            "workorder.message",
            channel=data["channel"],
            work_order=work_order,
            context={"message": data["message"]},
            created_by=by.user,
        )
        if message.state == Message.State.SUPPRESSED:
            raise ValidationError(_("Not sent: %(reason)s") % {"reason": message.state_reason})

    return _work_order_action(
        request, _work_order(request, number), "send_message_form", forms.SendMessageForm(request.POST), send
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


# ----------------------------------------------------------------------------- customers


@staff_required(permission="customers.view_customeraccount")
@require_GET
def customer_list(request):
    query = " ".join(request.GET.get("q", "").split())[:100]
    queryset = CustomerAccount.objects.select_related("region").order_by("name", "id")
    if query:
        queryset = queryset.filter(
            Q(number__iexact=query)
            | Q(name__icontains=query)
            | Q(email__icontains=query)
            | Q(postal_code__iexact=query.replace(" ", ""))
        )
    context = {"query": query, "page": paginate(request, queryset)}
    template = "backoffice/customers/_results.html" if request.htmx else "backoffice/customers/list.html"
    return render(request, template, context)


@staff_required(permission="customers.view_customeraccount")
@require_GET
def customer_detail(request, number):
    customer = get_object_or_404(
        CustomerAccount.objects.select_related("region", "head_office"), number=number
    )
    work_orders = customer.work_orders.with_related().order_by("-opened_at")[:100]
    return render(
        request,
        "backoffice/customers/detail.html",
        {
            "customer": customer,
            "units": customer.units.select_related("product_group"),
            "branches": customer.branches.order_by("name"),
            "work_orders": work_orders,
            "service_requests": customer.service_requests.order_by("-created_at")[:20],
            "customer_messages": customer.messages.select_related("work_order").order_by("-created_at")[:20],
        },
    )


@staff_required(permission="customers.change_customeraccount")
def customer_edit(request, number=None):
    customer = get_object_or_404(CustomerAccount, number=number) if number else CustomerAccount()
    form = forms.CustomerForm(request.POST or None, instance=customer)
    if request.method == "POST" and form.is_valid():
        try:
            customer = customer_services.save_customer(form.instance)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Customer %(name)s saved.") % {"name": customer.name})
            return redirect("backoffice:customer", number=customer.number)
    status = INVALID if form.errors else 200
    return render(
        request, "backoffice/customers/edit.html", {"form": form, "customer": customer}, status=status
    )


@staff_required(permission="customers.add_unit")
def unit_add(request, number):
    customer = get_object_or_404(CustomerAccount, number=number)
    form = forms.UnitForm(request.POST or None, instance=Unit(customer=customer))
    if request.method == "POST" and form.is_valid():
        try:
            customer_services.save_unit(form.instance)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("backoffice:customer", number=customer.number)
    status = INVALID if form.errors else 200
    return render(
        request, "backoffice/customers/unit_add.html", {"form": form, "customer": customer}, status=status
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


# ----------------------------------------------------------------------------- service requests


@staff_required(permission="repairs.view_servicerequest")
@require_GET
def service_request_list(request):
    pending = ServiceRequest.objects.filter(state=ServiceRequest.State.PENDING).select_related(
        "customer", "unit", "preferred_location"
    )
    decided = (
        ServiceRequest.objects.exclude(state=ServiceRequest.State.PENDING)
        .select_related("customer", "work_order", "decided_by")
        .order_by("-decided_at")[:20]
    )
    return render(request, "backoffice/service_requests/list.html", {"pending": pending, "decided": decided})


def _service_request(pk) -> ServiceRequest:
    return get_object_or_404(
        ServiceRequest.objects.select_related("customer", "unit", "preferred_location"), pk=pk
    )


@staff_required(permission="repairs.change_servicerequest")
def service_request_detail(request, pk):
    service_request = _service_request(pk)
    accept_form = forms.AcceptServiceRequestForm(initial={"location": service_request.preferred_location_id})
    reject_form = forms.RejectServiceRequestForm()
    return render(
        request,
        "backoffice/service_requests/detail.html",
        {
            "service_request": service_request,
            "accept_form": accept_form,
            "reject_form": reject_form,
        },
    )


@staff_required(permission="repairs.change_servicerequest")
@require_POST
def service_request_accept(request, pk):
    service_request = _service_request(pk)
    form = forms.AcceptServiceRequestForm(request.POST)
    if form.is_valid():
        try:
            work_order = services.accept_service_request(
                service_request, by=Actor.staff(request), **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("Accepted: work order %(number)s opened.") % {"number": work_order.number}
            )
            return redirect("backoffice:work_order", number=work_order.number)
    return render(
        request,
        "backoffice/service_requests/detail.html",
        {
            "service_request": service_request,
            "accept_form": form,
            "reject_form": forms.RejectServiceRequestForm(),
        },
        status=INVALID,
    )


@staff_required(permission="repairs.change_servicerequest")
@require_POST
def service_request_reject(request, pk):
    service_request = _service_request(pk)
    form = forms.RejectServiceRequestForm(request.POST)
    if form.is_valid():
        try:
            services.reject_service_request(
                service_request, reason=form.cleaned_data["rejection_reason"], by=Actor.staff(request)
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The service request was rejected."))
            return redirect("backoffice:service_requests")
    return render(
        request,
        "backoffice/service_requests/detail.html",
        {
            "service_request": service_request,
            "reject_form": form,
            "accept_form": forms.AcceptServiceRequestForm(),
        },
        status=INVALID,
    )
