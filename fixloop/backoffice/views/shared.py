"""What the back-office views share: the work order a URL names, the work-order page with its forms,
the flow of that page's actions, and the small helpers for forms and lists."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from fixloop.backoffice import work_order_page as layout
from fixloop.backoffice.access import sees_prices
from fixloop.backoffice.forms import work_orders as forms
from fixloop.backoffice.timeline import CHANGED_FIELD_LABELS, describe
from fixloop.core.actor import Actor
from fixloop.core.forms import apply_errors
from fixloop.repairs.models import Status, WorkOrder

PAGE_SIZE = 50
INVALID = 422  # the page is shown again with the form's field messages


def paginate(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def get_work_order(request, number: str) -> WorkOrder:
    return get_object_or_404(WorkOrder.objects.with_related(), number=number)


def timeline(work_order: WorkOrder, *, prices: bool = True) -> list:
    """Newest first, with statuses and labels looked up in memory: the number of queries does not
    grow with the length of the timeline. Without `prices`, sentences name no amount."""
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
        entry.description = describe(entry, prices=prices)  # system, estimate and tracking-link events
    return entries


def work_order_page(request, work_order: WorkOrder, status=200, action=None, **bound_forms):
    """The work-order page (its body for htmx): the summary header, the quick actions and the one
    section the URL names, or the section of the form named `action` that was just sent; a form in
    `bound_forms` replaces the blank one of the same name, and the first one given is the form that
    failed."""
    user = request.user
    failed_name = next(iter(bound_forms), None)
    tab = layout.chosen_tab(request, action or failed_name)
    unread_notes = work_order.customer_notes.filter(read_at__isnull=True).count()
    undelivered = layout.undelivered_count(work_order)
    context = {
        "work_order": work_order,
        "tab": tab,
        "tabs": layout.tab_links(
            {
                layout.MESSAGES: work_order.messages.count(),
                layout.FILES: work_order.attachments.count(),
                layout.TRACKING: unread_notes,
            },
            user,
        ),
        "next_action": layout.next_action(work_order, unread_notes=unread_notes, undelivered=undelivered),
        "can_change_status": user.has_perm("repairs.change_workorder_status"),
        "can_manage": user.has_perm("repairs.change_workorder"),
        "status_form": bound_forms.get("status_form") or forms.StatusForm(work_order=work_order),
        "comment_form": bound_forms.get("comment_form") or forms.CommentForm(),
        "send_message_form": bound_forms.get("send_message_form") or forms.SendMessageForm(),
        "failed_form": bound_forms.get(failed_name),
    }
    if tab == layout.OVERVIEW:
        context["close_form"] = bound_forms.get("close_form") or forms.CloseForm()
        context["reopen_form"] = bound_forms.get("reopen_form") or forms.ReopenForm()
        context["details_form"] = bound_forms.get("details_form") or forms.DetailsForm(
            initial={"technician": work_order.technician_id, "promised_date": work_order.promised_date}
        )
    elif tab == layout.FILES:
        context["attachments"] = work_order.attachments.all()
        context["attachment_form"] = bound_forms.get("attachment_form") or forms.AttachmentForm()
    elif tab == layout.MESSAGES:
        context["messages_sent"] = work_order.messages.prefetch_related("events").order_by("-created_at")[:50]
    elif tab == layout.TIMELINE:
        context["timeline"] = timeline(work_order, prices=sees_prices(user))
    template = "backoffice/work_order/_body.html" if request.htmx else "backoffice/work_order/detail.html"
    return render(request, template, context, status=status)


def run_action(request, work_order, form_name, form, perform):
    """Shared flow of the work-order page's forms: valid input → service → fresh page; otherwise
    the page again with the form's messages (HTTP 422), nothing changed."""
    if form.is_valid():
        try:
            perform(work_order, form.cleaned_data, Actor.staff(request))
        except ValidationError as error:
            apply_errors(form, error)
    if form.errors:
        return work_order_page(request, work_order, status=INVALID, action=form_name, **{form_name: form})
    if not request.htmx:
        return redirect(
            layout.work_order_url(work_order.number, layout.FORM_TABS.get(form_name, layout.OVERVIEW))
        )
    return work_order_page(request, get_work_order(request, work_order.number), action=form_name)
