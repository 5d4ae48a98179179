"""One estimate as the customer sees it, shared by the three ways to it: its own approval link
(views/estimates.py, /estimate/<token>/), an account's batch link (views/approvals.py,
/approvals/<token>/estimates/<id>/) and the signed-in portal (views/signed_in_estimates.py,
/portal/estimates/<id>/). Those modules find the estimate their way in may see and render in the
customer's language; this one shows the page (every job of the current version with its prices,
what changed since the previous version, the decision form, the decisions once made, the dispute
thread) and carries out its decide, note and PDF actions.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from fixloop.core.actor import Actor
from fixloop.core.contact import format_phone
from fixloop.core.forms import apply_errors
from fixloop.estimates import diff, presentation, services
from fixloop.estimates.models import Estimate
from fixloop.portal.forms.estimates import DecisionForm, DisputeNoteForm
from fixloop.portal.http import INVALID, oversized, private, see_other
from fixloop.shop.models import ShopProfile

CONFLICT = 409
State = Estimate.State
# What a form's fields may take; a decision may add one photo per job awaiting it, a dispute note one.
# A larger body is refused before it is read.
FIELDS_MAX_BYTES = 256 * 1024
# The frame of the pages: a link's (the shop's header) or the signed-in portal's (its navigation).
LINK_LAYOUT = "portal/estimates/layout.html"
SIGNED_IN_LAYOUT = "portal/signed_in/estimates/layout.html"


@dataclass(frozen=True)
class EstimateUrls:
    page: str
    decide: str
    note: str
    pdf: str
    back: str = ""  # the batch page, when the estimate was opened from there


@dataclass(frozen=True)
class Page:
    """What a view of one estimate gets: the estimate, its addresses, and what its way in may see
    (the estimate is read from there again after a refused change). Signed in, the person is who
    decides (Actor.portal), and the forms carry Django's CSRF token."""

    estimate: Estimate
    urls: EstimateUrls
    scope: QuerySet[Estimate]
    signed_in: bool = False

    @property
    def layout(self) -> str:
        return SIGNED_IN_LAYOUT if self.signed_in else LINK_LAYOUT


def customer_actor(request, signed_in: bool, name: str) -> Actor:
    """Who acts on an estimate page: the signed-in person, or the holder of a link by the name given."""
    return Actor.portal(request) if signed_in else Actor.customer(request, name=name)


def estimate_urls(page: str, back: str = "") -> EstimateUrls:
    return EstimateUrls(
        page=page, decide=f"{page}decide/", note=f"{page}note/", pdf=f"{page}estimate.pdf", back=back
    )


def gone(request):
    """Unknown, expired or revoked: one answer for all, and nothing about any estimate."""
    return private(render(request, "portal/estimates/gone.html", status=404))


def too_large(request, back: str, photo_limit: int | None = None, *, layout: str = LINK_LAYOUT):
    """A body over its limit (413), told before it is read; `photo_limit` is shown in MB."""
    limit_mb = max(1, photo_limit // (1024 * 1024)) if photo_limit else None
    context = {"back": back, "limit_mb": limit_mb, "layout": layout}
    return render(request, "portal/estimates/too_large.html", context, status=413)


# ----------------------------------------------------------------------------- what the page shows


def _jobs(version, form: DecisionForm | None) -> list[presentation.JobView]:
    """The version's jobs as presentation shows them; a job awaiting a decision gets its form fields."""
    jobs = presentation.jobs(version)
    if form is not None:
        for job in jobs:
            if job.decided is None:
                job.fields = form.job_fields(job.key)
    return jobs


def shop_name() -> str:
    return ShopProfile.get().name


def decision_form(estimate: Estimate, data=None, files=None, *, signed_name: str = "") -> DecisionForm:
    version = estimate.current_version
    return DecisionForm(
        data,
        files,
        jobs=services.pending_jobs(version),
        shop_name=shop_name(),
        initial={"version": version.number, "version_hash": version.content_hash, "signed_name": signed_name},
    )


def _estimate_page(
    request,
    page: Page,
    *,
    form: DecisionForm | None = None,
    note_form: DisputeNoteForm | None = None,
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
        note_form = DisputeNoteForm()
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
        "layout": page.layout,
        "signed_in": page.signed_in,
    }
    return render(request, "portal/estimates/estimate.html", context, status=status)


def _fresh(page: Page) -> Page:
    """The page again with the estimate as it is now (after a refused change)."""
    return Page(page.scope.get(pk=page.estimate.pk), page.urls, page.scope, page.signed_in)


# ----------------------------------------------------------------------------- its actions


def show(request, page: Page):
    """GET: the page."""
    return _estimate_page(request, page)


def decide(request, page: Page):
    """POST: the customer's decision on the current version's jobs."""
    estimate = page.estimate
    pending = len(services.pending_jobs(estimate.current_version)) if estimate.current_version else 0
    limit = FIELDS_MAX_BYTES + max(1, pending) * settings.ATTACHMENT_MAX_BYTES
    if oversized(request, limit):
        return too_large(request, page.urls.page, settings.ATTACHMENT_MAX_BYTES, layout=page.layout)
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
            by=customer_actor(request, page.signed_in, signed_name),
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


def note(request, page: Page):
    """POST: a note (and a photo) in the dispute thread."""
    limit = FIELDS_MAX_BYTES + settings.ATTACHMENT_MAX_BYTES
    if oversized(request, limit):
        return too_large(request, page.urls.page, settings.ATTACHMENT_MAX_BYTES, layout=page.layout)
    form = DisputeNoteForm(request.POST, request.FILES)
    if not form.is_valid():
        return _estimate_page(request, page, note_form=form, status=INVALID)
    by = customer_actor(request, page.signed_in, page.estimate.work_order.customer.name)
    try:
        services.add_dispute_message(
            page.estimate,
            form.cleaned_data["text"],
            by=by,
            photo=form.cleaned_data["photo"],
            name=by.name,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            if "file" in error.error_dict:
                error.error_dict["photo"] = error.error_dict.pop("file")
            apply_errors(form, error)
            return _estimate_page(request, _fresh(page), note_form=form, status=INVALID)
        return _estimate_page(request, _fresh(page), conflict=error.messages, status=CONFLICT)
    return see_other(f"{page.urls.page}?done=note#dispute")


def pdf(request, page: Page):
    """GET: the current version as a PDF."""
    # Imported here: the PDF module (and Typst) is loaded by the first customer who asks for one.
    from fixloop.documents.estimate_pdf import render_estimate_pdf
    from fixloop.documents.pdf import PDF_TYPE, DocumentError

    version = page.estimate.current_version
    try:
        document = render_estimate_pdf(version, translation.get_language())
    except DocumentError:
        context = {"back": page.urls.page, "layout": page.layout}
        return render(request, "portal/estimates/no_pdf.html", context, status=503)
    response = HttpResponse(document, content_type=PDF_TYPE)
    number = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in page.estimate.work_order.number)
    response["Content-Disposition"] = f'inline; filename="estimate-{number}-v{version.number}.pdf"'
    return response


def link_page_views(way_in):
    """The four views of an estimate page behind a secret link — show, decide, note and the PDF —
    with `way_in` the decorator that finds the link's estimate and makes the Page. The link is the
    credential (no session), so the forms carry no CSRF token."""

    def view(methods, action):
        return csrf_exempt(methods(way_in(action)))

    return (
        view(require_GET, show),
        view(require_POST, decide),
        view(require_POST, note),
        view(require_GET, pdf),
    )
