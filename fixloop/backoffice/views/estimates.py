"""Staff side of estimates: the estimate and work-required sections of the work-order page (draft
editor with live totals, sending, validity, versions with their differences, decisions recorded on
the customer's behalf, the dispute thread), the section's polling refresh, the version PDF and the
list of estimates.

The sections are one unit, `#estimate-area`: every form in it posts with htmx and gets the unit
back (HTTP 422 with the form's messages when the input or the service refused it); without
JavaScript the whole work-order page comes back. Money is never computed here: amounts come from
estimates.services.snapshot() and the frozen versions.
"""

import re

from django.conf import settings
from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from fixloop.backoffice.access import sees_prices, staff_required
from fixloop.backoffice.forms import estimates as forms
from fixloop.backoffice.views.shared import INVALID, get_work_order, paginate, work_order_page
from fixloop.backoffice.work_order_page import ESTIMATE, work_order_url
from fixloop.core.actor import Actor
from fixloop.core.forms import apply_errors
from fixloop.documents.estimate_pdf import render_estimate_pdf
from fixloop.documents.pdf import PDF_TYPE, DocumentError
from fixloop.estimates import diff, machine, services
from fixloop.estimates.models import (
    DisputeMessage,
    Estimate,
    EstimateVersion,
    Job,
    JobDecision,
    Part,
    RequiredWork,
)
from fixloop.estimates.services import links
from fixloop.portal import approval_links
from fixloop.repairs.models import WorkOrder

VIEW = "repairs.view_workorder"  # every staff role: technicians see estimates and work required
MANAGE = "repairs.change_workorder"  # administrators and service advisors: create, edit, send, record
State = Estimate.State
STATE_BADGE = {
    State.DRAFT: "",
    State.AWAITING: "state-retrying",
    State.APPROVED: "state-sent",
    State.PARTLY_APPROVED: "state-sent",
    State.DECLINED: "state-cancelled",
    State.DISPUTED: "state-failed",
}
AREA_TEMPLATE = "backoffice/estimates/_area.html"
LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


# ----------------------------------------------------------------------------- reading


def _estimate(work_order: WorkOrder) -> Estimate | None:
    estimate = Estimate.objects.select_related("current_version").filter(work_order=work_order).first()
    if estimate is not None:
        estimate.work_order = work_order
    return estimate


def stamp_of(updated_at) -> str:
    """What the polling refresh compares: changes whenever anything on the estimate changes (every
    service bumps `updated_at`, the customer's decisions and dispute notes included)."""
    return "none" if updated_at is None else str(int(updated_at.timestamp() * 1_000_000))


def _customer_link(request, estimate: Estimate) -> dict:
    """The secret link of the customer's estimate page, to copy into a message of one's own."""
    link = links.link_for_estimate(estimate, by=Actor.staff(request))
    return {"url": approval_links.url_of(link), "link": link}


def _versions(estimate: Estimate) -> list[EstimateVersion]:
    """Newest first; each with the changes from the version before and the decision per job."""
    versions = list(
        estimate.versions.select_related("submitted_by").prefetch_related(
            Prefetch("decisions", queryset=JobDecision.objects.select_related("recorded_by"))
        )
    )
    previous = None
    for version in versions:
        version.changes = diff.diff(previous.content, version.content) if previous is not None else None
        decisions = {decision.job_key: decision for decision in version.decisions.all()}
        version.rows = [(job, decisions.get(job["key"])) for job in version.jobs]
        previous = version
    return list(reversed(versions))


def _dispute_thread(estimate: Estimate, versions: list[EstimateVersion]) -> list[DisputeMessage]:
    descriptions = {
        (version.pk, job["key"]): job["description"] for version in versions for job in version.jobs
    }
    thread = list(estimate.dispute_messages.select_related("user", "photo", "version"))
    for message in thread:
        message.job_description = descriptions.get((message.version_id, message.job_key), "")
    return thread


def _pick(failed_form, form_class, default, **match):
    """The form that came back with errors, if it is this one; otherwise `default()`."""
    if isinstance(failed_form, form_class) and all(
        getattr(failed_form, name, None) == value for name, value in match.items()
    ):
        return failed_form
    return default()


def _overview(request, work_order: WorkOrder, estimate: Estimate | None, failed_form) -> dict:
    """What the sections show with or without an estimate: its badge, the polling stamp, the work required."""
    return {
        "estimate": estimate,
        "can_manage": request.user.has_perm(MANAGE),
        "stamp": stamp_of(estimate.updated_at if estimate else None),
        "badge": STATE_BADGE.get(estimate.state, "") if estimate else "",
        "failed_form": failed_form if failed_form is not None and failed_form.errors else None,
        "show_not_saved": bool(request.htmx),
        "required_work": list(
            RequiredWork.objects.filter(work_order=work_order, cancelled_at__isnull=True)
            .select_related("decision__recorded_by", "version")
            .order_by("approved_at", "job_key")
        ),
    }


def _draft_and_versions(estimate: Estimate) -> dict:
    """The draft as it would be sent, what it changes from the current version, and the versions."""
    content = services.snapshot(estimate)
    version = estimate.current_version
    # services.has_unsent_changes(estimate), without taking the snapshot a second time
    unsent = version is None or services.content_hash(content) != version.content_hash
    versions = _versions(estimate)
    return {
        "draft": content,
        "version": version,
        "versions": versions,
        "unsent": unsent,
        "changes": diff.diff(version.content, content) if version is not None and unsent else [],
        "note_changed": version is not None and version.content.get("note") != content["note"],
        "expired": services.is_expired(estimate),
        "can_extend": bool(machine.allowed(estimate.state, machine.Event.EXTEND)),
        "next_number": (version.number + 1) if version else 1,
        "thread": _dispute_thread(estimate, versions),
        "pending": services.pending_jobs(version) if version is not None else [],
    }


def _job_forms(estimate: Estimate, content: dict, failed_form) -> list[dict]:
    """Each job and part of the draft with its edit form (the one that came back with errors, if any)."""
    instances = {
        job.pk: job for job in estimate.jobs.select_related("vat_rate").prefetch_related("parts__vat_rate")
    }
    jobs = []
    for job in content["jobs"]:
        instance = instances.get(job["key"])
        if instance is None:  # removed by someone else between the two reads
            continue
        parts = {part.pk: part for part in instance.parts.all()}
        jobs.append(
            {
                "content": job,
                "form": _pick(
                    failed_form,
                    forms.JobForm,
                    lambda instance=instance: forms.JobForm(estimate=estimate, job=instance),
                    job=instance,
                ),
                "parts": [
                    {
                        "content": part,
                        "form": _pick(
                            failed_form,
                            forms.PartForm,
                            lambda instance=parts[part["key"]]: forms.PartForm(
                                estimate=estimate, part=instance
                            ),
                            part=parts[part["key"]],
                        ),
                    }
                    for part in job["parts"]
                    if part["key"] in parts
                ],
            }
        )
    return jobs


def _action_forms(estimate: Estimate, failed_form) -> dict:
    """The forms of the section's other actions: add a job or part, note, send, extend, dispute."""
    return {
        "job_form": _pick(failed_form, forms.JobForm, lambda: forms.JobForm(estimate=estimate), job=None),
        "part_form": _pick(failed_form, forms.PartForm, lambda: forms.PartForm(estimate=estimate), part=None),
        "note_form": _pick(
            failed_form, forms.NoteForm, lambda: forms.NoteForm(initial={"note": estimate.note})
        ),
        "submit_form": _pick(failed_form, forms.SubmitForm, forms.SubmitForm),
        "extend_form": _pick(failed_form, forms.ExtendForm, lambda: forms.ExtendForm(estimate=estimate)),
        "acknowledge_form": _pick(failed_form, forms.AcknowledgeForm, forms.AcknowledgeForm),
        "reply_form": _pick(failed_form, forms.DisputeReplyForm, forms.DisputeReplyForm),
    }


def _decision_form(version: EstimateVersion, pending: list[dict], failed_form) -> dict:
    """The form to record the customer's decision on their behalf, for the jobs still awaiting one."""
    fresh = lambda: forms.DecisionForm(version=version, pending=pending)  # noqa: E731
    decision_form = _pick(failed_form, forms.DecisionForm, fresh)
    if decision_form is failed_form and (
        str(failed_form.data.get("version_number")) != str(version.number)
        or failed_form.keys != [job["key"] for job in pending]
    ):
        # The version changed under the clerk's feet: show the new jobs, keep the message.
        return {"decision_errors": failed_form.non_field_errors(), "decision_form": fresh()}
    return {"decision_form": decision_form}


def area_context(request, work_order: WorkOrder, failed_form=None) -> dict:
    """Everything the estimate and work-required sections show, for the user's role."""
    estimate = _estimate(work_order)
    area = _overview(request, work_order, estimate, failed_form)
    if not sees_prices(request.user):
        # A technician without price rights: the state and the work, never an amount.
        area["hide_prices"] = True
        area["can_manage"] = False
        area["expired"] = bool(estimate) and services.is_expired(estimate)
        return area
    if estimate is None:
        area["start_form"] = _pick(failed_form, forms.StartEstimateForm, forms.StartEstimateForm)
        return area
    area.update(_draft_and_versions(estimate))
    content, version, pending = area["draft"], area["version"], area["pending"]
    if not area["can_manage"]:
        area["jobs"] = [
            {"content": job, "parts": [{"content": part} for part in job["parts"]]} for job in content["jobs"]
        ]
        return area
    area["jobs"] = _job_forms(estimate, content, failed_form)
    area.update(_action_forms(estimate, failed_form))
    if estimate.state != State.DRAFT:
        area["customer_link"] = _customer_link(request, estimate)
    if estimate.state == State.AWAITING and pending:
        area.update(_decision_form(version, pending, failed_form))
    return area


# ----------------------------------------------------------------------------- the sections


def _area(request, work_order: WorkOrder, failed_form=None, status: int = 200):
    return render(
        request,
        AREA_TEMPLATE,
        {"work_order": work_order, "area": area_context(request, work_order, failed_form)},
        status=status,
    )


@staff_required(permission=VIEW)
@require_GET
def estimate_area(request, number):
    """The estimate and work-required sections. Polled every few seconds with the stamp the page
    shows: "204 No Content" while nothing changed (one small query), the sections when it did."""
    stamp = request.GET.get("stamp")
    if stamp is not None:
        updated_at = (
            Estimate.objects.filter(work_order__number=number).values_list("updated_at", flat=True).first()
        )
        if stamp == stamp_of(updated_at) and (
            updated_at is not None or WorkOrder.objects.filter(number=number).exists()
        ):
            return HttpResponse(status=204)
    return _area(request, get_work_order(request, number))


def _respond(request, work_order: WorkOrder, form):
    if form.errors:
        if request.htmx:
            return _area(request, work_order, form, status=INVALID)
        return work_order_page(request, work_order, status=INVALID, estimate_form=form)
    if not request.htmx:
        return redirect(work_order_url(work_order.number, ESTIMATE))
    return _area(request, work_order)


def _estimate_action(request, number, make_form, perform):
    """Parse the form, call one service, answer with the sections (or the page)."""
    work_order = get_work_order(request, number)
    estimate = _estimate(work_order)
    if estimate is None:
        raise Http404(_("This work order has no estimate."))
    form = make_form(estimate)
    if form.is_valid():
        try:
            perform(estimate, form.cleaned_data, Actor.staff(request))
        except ValidationError as error:
            apply_errors(form, error)
    return _respond(request, work_order, form)


@staff_required(permission=MANAGE)
@require_POST
def estimate_start(request, number):
    work_order = get_work_order(request, number)
    form = forms.StartEstimateForm(request.POST)
    if form.is_valid():
        try:
            services.start_estimate(work_order, by=Actor.staff(request), **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
    return _respond(request, work_order, form)


@staff_required(permission=MANAGE)
@require_POST
def estimate_note(request, number):
    return _estimate_action(
        request,
        number,
        lambda estimate: forms.NoteForm(request.POST),
        lambda estimate, data, by: services.update_note(estimate, data["note"], by=by),
    )


def _save_job(job: Job | None):
    def perform(estimate, data, by):
        services.save_job(estimate, by=by, job=job, **data)

    return perform


def _job(number, pk) -> Job:
    return get_object_or_404(
        Job.objects.select_related("estimate"), pk=pk, estimate__work_order__number=number
    )


@staff_required(permission=MANAGE)
@require_POST
def estimate_job_add(request, number):
    return _estimate_action(
        request,
        number,
        lambda estimate: forms.JobForm(request.POST, estimate=estimate),
        _save_job(None),
    )


@staff_required(permission=MANAGE)
@require_POST
def estimate_job_edit(request, number, pk):
    job = _job(number, pk)
    return _estimate_action(
        request,
        number,
        lambda estimate: forms.JobForm(request.POST, estimate=estimate, job=job),
        _save_job(job),
    )


@staff_required(permission=MANAGE)
@require_POST
def estimate_job_remove(request, number, pk):
    job = _job(number, pk)
    return _estimate_action(
        request,
        number,
        lambda estimate: forms.ConfirmForm(request.POST),
        lambda estimate, data, by: services.remove_job(job, by=by),
    )


def _save_part(part: Part | None):
    def perform(estimate, data, by):
        services.save_part(estimate, by=by, part=part, **data)

    return perform


@staff_required(permission=MANAGE)
@require_POST
def estimate_part_add(request, number):
    return _estimate_action(
        request,
        number,
        lambda estimate: forms.PartForm(request.POST, estimate=estimate),
        _save_part(None),
    )


def _part(number, pk) -> Part:
    return get_object_or_404(
        Part.objects.select_related("job__estimate"), pk=pk, job__estimate__work_order__number=number
    )


@staff_required(permission=MANAGE)
@require_POST
def estimate_part_edit(request, number, pk):
    part = _part(number, pk)
    return _estimate_action(
        request,
        number,
        lambda estimate: forms.PartForm(request.POST, estimate=estimate, part=part),
        _save_part(part),
    )


@staff_required(permission=MANAGE)
@require_POST
def estimate_part_remove(request, number, pk):
    part = _part(number, pk)
    return _estimate_action(
        request,
        number,
        lambda estimate: forms.ConfirmForm(request.POST),
        lambda estimate, data, by: services.remove_part(part, by=by),
    )


@staff_required(permission=MANAGE)
@require_POST
def estimate_submit(request, number):
    return _estimate_action(
        request,
        number,
        lambda estimate: forms.SubmitForm(request.POST),
        lambda estimate, data, by: services.submit(estimate, by=by, notify=data["notify"]),
    )


@staff_required(permission=MANAGE)
@require_POST
def estimate_extend(request, number):
    return _estimate_action(
        request,
        number,
        lambda estimate: forms.ExtendForm(request.POST),
        lambda estimate, data, by: services.extend(estimate, data["valid_until"], by=by),
    )


@staff_required(permission=MANAGE)
@require_POST
def estimate_link_revoke(request, number):
    return _estimate_action(
        request,
        number,
        lambda estimate: forms.ConfirmForm(request.POST),
        lambda estimate, data, by: links.revoke_links(estimate, by=by),
    )


@staff_required(permission=MANAGE)
@require_POST
def estimate_decision(request, number):
    """A decision the customer gave by phone, fax, e-mail or in person, recorded on their behalf."""

    made = []

    def make_form(estimate):
        version = estimate.current_version
        if version is None:
            raise Http404(_("This estimate has not been sent yet."))
        made.append(forms.DecisionForm(request.POST, version=version, pending=services.pending_jobs(version)))
        return made[0]

    def perform(estimate, data, by):
        services.decide(
            estimate,
            version_number=data["version_number"],
            version_hash=data["version_hash"],
            choices=made[0].choices(services.Choice),
            signed_name=data["signed_name"],
            authorised=False,  # asked of customers online only
            by=by,
            channel=data["channel"],
            decided_at=data["decided_at"],
        )

    return _estimate_action(request, number, make_form, perform)


@staff_required(permission=MANAGE)
@require_POST
def estimate_acknowledge(request, number):
    return _estimate_action(
        request,
        number,
        lambda estimate: forms.AcknowledgeForm(request.POST),
        lambda estimate, data, by: services.acknowledge_dispute(estimate, note=data["note"], by=by),
    )


@staff_required(permission=MANAGE)
@require_POST
def estimate_reply(request, number):
    return _estimate_action(
        request,
        number,
        lambda estimate: forms.DisputeReplyForm(request.POST),
        lambda estimate, data, by: services.add_dispute_message(estimate, data["text"], by=by),
    )


# ----------------------------------------------------------------------------- the PDF


@staff_required(permission=VIEW)
@require_GET
def estimate_pdf(request, number, version):
    if not sees_prices(request.user):
        raise PermissionDenied
    work_order = get_work_order(request, number)
    version = get_object_or_404(
        EstimateVersion.objects.select_related("estimate"), estimate__work_order=work_order, number=version
    )

    language = request.GET.get("language")
    if language not in LANGUAGE_CODES:
        language = work_order.customer.language
    try:
        pdf = render_estimate_pdf(version, language)
    except DocumentError as error:
        flash.error(request, _("The estimate could not be made: %(error)s") % {"error": error})
        return redirect(work_order_url(work_order.number, ESTIMATE))
    safe_number = re.sub(r"[^A-Za-z0-9._-]", "_", work_order.number)
    response = HttpResponse(pdf, content_type=PDF_TYPE)
    response["Content-Disposition"] = f'attachment; filename="estimate-{safe_number}-v{version.number}.pdf"'
    return response


# ----------------------------------------------------------------------------- the list


@staff_required(permission=VIEW)
@require_GET
def estimate_list(request):
    form = forms.EstimateFilterForm(request.GET or {"state": forms.EstimateFilterForm.SENT})
    queryset = Estimate.objects.select_related(
        "work_order__customer", "work_order__location", "current_version"
    ).order_by("-updated_at", "-id")
    queryset = form.filter(queryset) if form.is_valid() else queryset.none()
    counts = Estimate.objects.aggregate(
        awaiting=Count("id", filter=Q(state=State.AWAITING)),
        disputed=Count("id", filter=Q(state=State.DISPUTED)),
        unacknowledged=Count("id", filter=Q(state=State.DISPUTED, dispute_acknowledged_at__isnull=True)),
    )
    page = paginate(request, queryset)
    for estimate in page.object_list:
        estimate.badge = STATE_BADGE.get(estimate.state, "")
        estimate.expired = services.is_expired(estimate)
    context = {"form": form, "page": page, "counts": counts, "nav": "estimates"}
    template = "backoffice/estimates/_results.html" if request.htmx else "backoffice/estimates/list.html"
    return render(request, template, context)
