"""Staff pages of the status reports: the runs with their counts, one run's accounts, the schedule
and an account's report settings."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from fixloop.backoffice.access import staff_required
from fixloop.backoffice.forms.reports import ScheduleForm, SubscriptionForm
from fixloop.backoffice.views.shared import INVALID, paginate
from fixloop.core.forms import apply_errors
from fixloop.customers.models import CustomerAccount
from fixloop.reports import services
from fixloop.reports.models import ReportRun, ReportSchedule, ReportSubscription
from fixloop.reports.schedule import next_run_after, shop_zone


@staff_required(permission="reports.view_reportrun")
@require_GET
def report_run_list(request):
    schedule = ReportSchedule.get()
    context = {
        "page": paginate(request, ReportRun.objects.order_by("-started_at", "-id")),
        "schedule": schedule,
        "next_run": next_run_after(timezone.now(), schedule),
        "zone": shop_zone(),
        "nav": "messages",
    }
    return render(request, "backoffice/reports/list.html", context)


@staff_required(permission="reports.view_reportrun")
@require_GET
def report_run_detail(request, pk):
    run = get_object_or_404(ReportRun, pk=pk)
    context = {"run": run, "counts": services.live_counts(run), "nav": "messages"}
    if request.htmx:
        response = render(request, "backoffice/reports/_progress.html", context)
        if run.state == ReportRun.State.FINISHED:
            # The poll that sees the run finish reloads the page, which then lists every outcome.
            response["HX-Refresh"] = "true"
        return response
    items = run.items.select_related("customer", "message", "fax_message").order_by("outcome", "id")
    context["page"] = paginate(request, items)
    return render(request, "backoffice/reports/detail.html", context)


@staff_required(permission="reports.start_report_run")
@require_POST
def report_run_now(request):
    """Send today's reports (the shop's local date) in the background; with "force", a second time."""
    today = timezone.now().astimezone(shop_zone()).date()
    try:
        run = services.start_in_background(today, force=bool(request.POST.get("force")))
    except services.RunExists as error:
        messages.error(request, " ".join(error.messages))
        return redirect("backoffice:report_runs")
    return redirect("backoffice:report_run", pk=run.pk)


@staff_required(permission="reports.change_reportschedule")
def report_schedule(request):
    form = ScheduleForm(request.POST or None, instance=ReportSchedule.get())
    if request.method == "POST" and form.is_valid():
        try:
            services.save_schedule(**{name: form.cleaned_data[name] for name in ScheduleForm.Meta.fields})
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The status report schedule is saved."))
            return redirect("backoffice:report_runs")
    status = INVALID if form.errors else 200
    return render(
        request, "backoffice/reports/schedule.html", {"form": form, "nav": "messages"}, status=status
    )


@staff_required(permission="reports.change_reportsubscription")
def report_subscription(request, number):
    customer = get_object_or_404(CustomerAccount, number=number)
    instance = ReportSubscription.objects.filter(customer=customer).first() or ReportSubscription(
        customer=customer
    )
    form = SubscriptionForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_subscription(
                customer, **{name: form.cleaned_data[name] for name in SubscriptionForm.Meta.fields}
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("The status report settings of %(name)s are saved.") % {"name": customer.name}
            )
            return redirect("backoffice:customer", number=customer.number)
    status = INVALID if form.errors else 200
    return render(
        request,
        "backoffice/reports/subscription.html",
        {"form": form, "customer": customer, "nav": "customers"},
        status=status,
    )
