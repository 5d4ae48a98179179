"""The customer's estimate pages.

- /estimate/<token>/ — one estimate behind its own approval link: every job of the current version
  with its prices, what changed since the previous version, the decision form (approve, decline or
  dispute per job; typed name and authorisation), the decisions once made, and the dispute thread.
- /approvals/<token>/ — an account's batch link: every estimate awaiting a decision, approved or
  declined several at once (all or nothing), and the ones decided recently;
  /approvals/<token>/estimates/<id>/ shows one of them as above.

Every estimate is found through links.estimates_for(link), the one scoping helper: an id the link
may not see is a 404 like an unknown one. Pages are in the customer's language, times in the
location's time zone (the batch list in the shop's).

CSRF: these views are exempt, as track & trace (views.py). Every form posts to a URL containing the
link's secret token, which a forging site does not know (the Referrer-Policy keeps it from leaking
to other sites); customers open these links from e-mail apps whose browsers may not keep cookies.
"""

from dataclasses import dataclass, field
from functools import wraps

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fixloop.core.actor import Actor
from fixloop.core.contact import format_phone
from fixloop.estimates import diff, presentation, services
from fixloop.estimates.models import ApprovalLink, Estimate
from fixloop.estimates.services import links
from fixloop.portal.forms import estimates as forms
from fixloop.portal.http import INVALID, apply_errors, as_customer, finish, oversized, private, see_other
from fixloop.shop.models import ShopProfile

CONFLICT = 409
State = Estimate.State
RECENT_COUNT = 10
# What a form's fields may take; a decision may add one photo per job awaiting it, a dispute note one.
# A larger body is refused before it is read.
FIELDS_MAX_BYTES = 256 * 1024


# ----------------------------------------------------------------------------- links and language


@dataclass(frozen=True)
class EstimateUrls:
    page: str
    decide: str
    note: str
    pdf: str
    back: str = ""  # the batch page, when the estimate was opened from there


@dataclass(frozen=True)
class Page:
    link: ApprovalLink
    estimate: Estimate
    urls: EstimateUrls


def _estimate_urls(page: str, back: str = "") -> EstimateUrls:
    return EstimateUrls(
        page=page, decide=f"{page}decide/", note=f"{page}note/", pdf=f"{page}estimate.pdf", back=back
    )


def _gone(request):
    """Unknown, expired or revoked: one answer for all, and nothing about any estimate."""
    return private(render(request, "portal/estimates/gone.html", status=404))


def estimate_link(view):
    """/estimate/<token>/…: a per-estimate link, and the estimate it may show."""

    @wraps(view)
    def wrapped(request, token, **kwargs):
        link = links.find_link(token)
        estimate = None
        if link is not None and link.estimate_id is not None:
            estimate = links.estimates_for(link).first()
        if estimate is None:
            return _gone(request)
        urls = _estimate_urls(reverse("portal:estimate", kwargs={"token": token}))
        work_order = estimate.work_order
        with as_customer(request, work_order.customer, work_order.location.zone):
            return finish(request, view(request, Page(link, estimate, urls), **kwargs))

    return wrapped


def _batch_link(token: str) -> ApprovalLink | None:
    link = links.find_link(token)
    if link is None or link.customer_id is None:
        return None
    return link


def batch_estimate(view):
    """/approvals/<token>/estimates/<pk>/…: one estimate of the batch link's account, or 404."""

    @wraps(view)
    def wrapped(request, token, pk, **kwargs):
        link = _batch_link(token)
        if link is None:
            return _gone(request)
        back = reverse("portal:approvals", kwargs={"token": token})
        estimate = links.estimates_for(link).filter(pk=pk).first()
        if estimate is None:
            with as_customer(request, link.customer):
                response = render(request, "portal/estimates/not_found.html", {"back": back}, status=404)
                return finish(request, response)
        urls = _estimate_urls(
            reverse("portal:approvals_estimate", kwargs={"token": token, "pk": estimate.pk}), back
        )
        work_order = estimate.work_order
        with as_customer(request, work_order.customer, work_order.location.zone):
            return finish(request, view(request, Page(link, estimate, urls), **kwargs))

    return wrapped


def _too_large(request, back: str, photo_limit: int | None = None):
    limit_mb = max(1, photo_limit // (1024 * 1024)) if photo_limit else None
    return render(
        request, "portal/estimates/too_large.html", {"back": back, "limit_mb": limit_mb}, status=413
    )


# ----------------------------------------------------------------------------- what the page shows


def _jobs(version, form: forms.DecisionForm | None) -> list[presentation.JobView]:
    """The version's jobs as presentation shows them; a job awaiting a decision gets its form fields."""
    jobs = presentation.jobs(version)
    if form is not None:
        for job in jobs:
            if job.decided is None:
                job.fields = form.job_fields(job.key)
    return jobs


def _shop_name() -> str:
    return ShopProfile.get().name


def decision_form(estimate: Estimate, data=None, files=None, *, signed_name: str = "") -> forms.DecisionForm:
    version = estimate.current_version
    return forms.DecisionForm(
        data,
        files,
        jobs=services.pending_jobs(version),
        shop_name=_shop_name(),
        initial={"version": version.number, "version_hash": version.content_hash, "signed_name": signed_name},
    )


def _estimate_page(
    request,
    page: Page,
    *,
    form: forms.DecisionForm | None = None,
    note_form: forms.DisputeNoteForm | None = None,
    conflict: list[str] | None = None,
    status: int = 200,
):
    estimate = page.estimate
    version = estimate.current_version
    content = version.content
    work_order = estimate.work_order
    location = work_order.location
    expired = services.is_expired(estimate)
    can_decide = estimate.state == State.AWAITING and not expired
    if can_decide and form is None:
        form = decision_form(estimate)
    if not can_decide:
        form = None
    changes, previous_number = [], None
    if version.number > 1:
        previous = estimate.versions.filter(number=version.number - 1).first()
        if previous is not None:
            previous_number = previous.number
            changes = diff.diff(previous.content, content)
    jobs = _jobs(version, form)
    pending = [job for job in jobs if job.fields is not None]
    if form is not None and not pending:
        form = None
    if estimate.state == State.DISPUTED and note_form is None:
        note_form = forms.DisputeNoteForm()
    if estimate.state != State.DISPUTED:
        note_form = None
    expired_message = presentation.expired_message(estimate) if expired else ""
    done = request.GET.get("done", "")
    context = {
        "estimate": estimate,
        "state_label": presentation.state_label(estimate),
        "version": version,
        "work_order": work_order,
        "unit": work_order.unit,
        "location": location,
        "location_phone": format_phone(location.phone),
        "currency": content["currency"],
        "prices_include_vat": content["prices_include_vat"],
        "note": content.get("note", ""),
        "jobs": jobs,
        "totals": presentation.totals(content),
        "shown_total": presentation.shown_total(content),
        "changes": changes,
        "previous_number": previous_number,
        "expired": expired and estimate.state == State.AWAITING,
        "expired_message": expired_message,
        "form": form,
        "note_form": note_form,
        "dispute_thread": presentation.dispute_thread(estimate, content),
        "conflict": [message for message in conflict or [] if message != expired_message],
        "done": done if done in ("decided", "note") else "",
        "urls": page.urls,
        "decided": estimate.state in (State.APPROVED, State.PARTLY_APPROVED, State.DECLINED, State.DISPUTED),
    }
    return render(request, "portal/estimates/estimate.html", context, status=status)


def _fresh(page: Page) -> Page:
    """The page again with the estimate as it is now (after a refused change)."""
    estimate = links.estimates_for(page.link).get(pk=page.estimate.pk)
    return Page(page.link, estimate, page.urls)


# ----------------------------------------------------------------------------- one estimate


def _show(request, page: Page):
    return _estimate_page(request, page)


def _decide(request, page: Page):
    estimate = page.estimate
    pending = len(services.pending_jobs(estimate.current_version)) if estimate.current_version else 0
    limit = FIELDS_MAX_BYTES + max(1, pending) * settings.ATTACHMENT_MAX_BYTES
    if oversized(request, limit):
        return _too_large(request, page.urls.page, settings.ATTACHMENT_MAX_BYTES)
    form = decision_form(estimate, request.POST, request.FILES)
    if not form.is_valid():
        return _estimate_page(request, page, form=form, status=INVALID)
    signed_name = form.cleaned_data["signed_name"]
    try:
        services.decide(
            estimate,
            version_number=form.posted_version,
            version_hash=form.posted_hash,
            choices=form.choices(),
            signed_name=signed_name,
            authorised=form.cleaned_data["authorised"],
            by=Actor.customer(request, name=signed_name),
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            apply_errors(form, error)
            return _estimate_page(request, _fresh(page), form=form, status=INVALID)
        # Stale page, already decided, expired: show the estimate as it is now, with a fresh form.
        page = _fresh(page)
        fresh_form = decision_form(page.estimate, signed_name=signed_name)
        return _estimate_page(request, page, form=fresh_form, conflict=error.messages, status=CONFLICT)
    return see_other(f"{page.urls.page}?done=decided#decision-recorded")


def _note(request, page: Page):
    limit = FIELDS_MAX_BYTES + settings.ATTACHMENT_MAX_BYTES
    if oversized(request, limit):
        return _too_large(request, page.urls.page, settings.ATTACHMENT_MAX_BYTES)
    form = forms.DisputeNoteForm(request.POST, request.FILES)
    if not form.is_valid():
        return _estimate_page(request, page, note_form=form, status=INVALID)
    name = page.estimate.work_order.customer.name
    try:
        services.add_dispute_message(
            page.estimate,
            form.cleaned_data["text"],
            by=Actor.customer(request, name=name),
            photo=form.cleaned_data["photo"],
            name=name,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            if "file" in error.error_dict:
                error.error_dict["photo"] = error.error_dict.pop("file")
            apply_errors(form, error)
            return _estimate_page(request, _fresh(page), note_form=form, status=INVALID)
        return _estimate_page(request, _fresh(page), conflict=error.messages, status=CONFLICT)
    return see_other(f"{page.urls.page}?done=note#dispute")


def _pdf(request, page: Page):
    # Imported here: the PDF module (and Typst) is loaded by the first customer who asks for one.
    from fixloop.documents.estimate_pdf import render_estimate_pdf
    from fixloop.documents.pdf import PDF_TYPE, DocumentError

    version = page.estimate.current_version
    try:
        pdf = render_estimate_pdf(version, translation.get_language())
    except DocumentError:
        return render(request, "portal/estimates/no_pdf.html", {"back": page.urls.page}, status=503)
    response = HttpResponse(pdf, content_type=PDF_TYPE)
    number = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in page.estimate.work_order.number)
    response["Content-Disposition"] = f'inline; filename="estimate-{number}-v{version.number}.pdf"'
    return response


@csrf_exempt
@require_GET
@estimate_link
def estimate(request, page):
    return _show(request, page)


@csrf_exempt
@require_POST
@estimate_link
def estimate_decide(request, page):
    return _decide(request, page)


@csrf_exempt
@require_POST
@estimate_link
def estimate_note(request, page):
    return _note(request, page)


@csrf_exempt
@require_GET
@estimate_link
def estimate_pdf(request, page):
    return _pdf(request, page)


@csrf_exempt
@require_GET
@batch_estimate
def approvals_estimate(request, page):
    return _show(request, page)


@csrf_exempt
@require_POST
@batch_estimate
def approvals_estimate_decide(request, page):
    return _decide(request, page)


@csrf_exempt
@require_POST
@batch_estimate
def approvals_estimate_note(request, page):
    return _note(request, page)


@csrf_exempt
@require_GET
@batch_estimate
def approvals_estimate_pdf(request, page):
    return _pdf(request, page)


# ----------------------------------------------------------------------------- the batch page


@dataclass
class BatchRow:
    estimate: Estimate
    number: str
    unit: str
    total: str
    currency: str
    prices_include_vat: bool
    valid_until: object
    expired_message: str
    url: str
    version_number: int
    version_hash: str
    choice: object = None  # the approve / decline / leave field, while it can be decided
    errors: list = field(default_factory=list)


def _unit_text(unit) -> str:
    if unit is None:
        return ""
    return " ".join(part for part in (unit.make, unit.model) if part)


def _batch_page(request, link: ApprovalLink, token: str, *, form=None, status: int = 200):
    scope = links.estimates_for(link)
    awaiting = list(scope.filter(state=State.AWAITING).order_by("valid_until", "pk"))
    if form is None:
        form = forms.BatchForm(estimates=awaiting, shop_name=_shop_name())
    rows = []
    for estimate in awaiting:
        version = estimate.current_version
        content = version.content
        expired = services.is_expired(estimate)
        name = f"estimate_{estimate.pk}"
        rows.append(
            BatchRow(
                estimate=estimate,
                number=estimate.work_order.number,
                unit=_unit_text(estimate.work_order.unit),
                total=presentation.shown_total(content),
                currency=content["currency"],
                prices_include_vat=content["prices_include_vat"],
                valid_until=estimate.valid_until,
                expired_message=presentation.expired_message(estimate) if expired else "",
                url=reverse("portal:approvals_estimate", kwargs={"token": token, "pk": estimate.pk}),
                version_number=version.number,
                version_hash=version.content_hash,
                choice=form[name] if name in form.fields and not expired else None,
                errors=list(form.errors.get(name, [])),
            )
        )
    recent = (
        scope.exclude(state=State.AWAITING)
        .annotate(decided_at=Max("current_version__decisions__decided_at"))
        .order_by("-updated_at", "-pk")[:RECENT_COUNT]
    )
    recent_rows = [
        {
            "number": estimate.work_order.number,
            "unit": _unit_text(estimate.work_order.unit),
            "state": estimate.state,
            "state_label": estimate.get_state_display(),
            "decided_at": estimate.decided_at,
            "url": reverse("portal:approvals_estimate", kwargs={"token": token, "pk": estimate.pk}),
        }
        for estimate in recent
    ]
    done = request.GET.get("done", "")
    context = {
        "form": form,
        "rows": rows,
        "decidable": any(row.choice is not None for row in rows),
        "recent": recent_rows,
        "customer": link.customer,
        "action": reverse("portal:approvals", kwargs={"token": token}),
        "done": int(done) if done.isdigit() and len(done) < 5 else None,
    }
    return render(request, "portal/estimates/approvals.html", context, status=status)


def _apply_batch_errors(form, error: ValidationError, scope) -> None:
    """An error on an estimate shown on the page goes to its row; on one no longer shown (decided
    in another tab) to the top, with its work-order number; on one the link may not see, to the top
    as the service words it, which says nothing about that estimate."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    # The service names an estimate's errors "estimate_<id>", from the ids it was given.
    hidden = {
        name: int(name.removeprefix("estimate_"))
        for name in error.error_dict
        if name not in form.fields and name.startswith("estimate_") and name[9:].isdecimal()
    }
    numbers = (
        dict(scope.filter(pk__in=hidden.values()).values_list("pk", "work_order__number")) if hidden else {}
    )
    for name, errors in error.error_dict.items():
        number = numbers.get(hidden.get(name))
        if name in form.fields:
            form.add_error(name, errors)
        elif number is not None:
            for message in ValidationError(errors).messages:
                form.add_error(
                    None, _("Repair %(number)s: %(message)s") % {"number": number, "message": message}
                )
        else:
            form.add_error(None, errors)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def approvals(request, token):
    link = _batch_link(token)
    if link is None:
        return _gone(request)
    with as_customer(request, link.customer):
        if request.method == "GET":
            return finish(request, _batch_page(request, link, token))
        if oversized(request, FIELDS_MAX_BYTES):
            return finish(request, _too_large(request, request.path))
        scope = links.estimates_for(link)
        awaiting = list(scope.filter(state=State.AWAITING))
        form = forms.BatchForm(request.POST, estimates=awaiting, shop_name=_shop_name())
        if not form.is_valid():
            return finish(request, _batch_page(request, link, token, form=form, status=INVALID))
        signed_name = form.cleaned_data["signed_name"]
        try:
            decided = services.decide_batch(
                scope,
                form.items(),
                signed_name=signed_name,
                authorised=form.cleaned_data["authorised"],
                by=Actor.customer(request, name=signed_name),
            )
        except ValidationError as error:
            _apply_batch_errors(form, error, scope)
            return finish(request, _batch_page(request, link, token, form=form, status=INVALID))
        path = reverse("portal:approvals", kwargs={"token": token})
        return finish(request, see_other(f"{path}?done={len(decided)}#done"))
