"""An account's batch-approval page (every estimate awaiting a decision, approved or declined several
at once, all or nothing, and the ones decided recently), shared by the two ways to it: the batch link
(views/approvals.py, /approvals/<token>/) and the signed-in portal (views/signed_in_estimates.py,
/portal/estimates/approve/<account>/). Those modules find the estimates their way in may see and
render in the customer's language; this one shows the page and carries out the decisions.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Max, QuerySet
from django.shortcuts import render
from django.utils.translation import gettext as _

from fixloop.customers.models import CustomerAccount
from fixloop.estimates import presentation, services
from fixloop.estimates.models import Estimate
from fixloop.portal.forms.estimates import BatchForm
from fixloop.portal.http import INVALID, oversized, see_other
from fixloop.portal.views import estimate_pages

State = Estimate.State
RECENT_COUNT = 10


@dataclass(frozen=True)
class Batch:
    """What the batch page gets: the estimates its way in may see (all of one account), the
    account, where the form posts and where one estimate's page is. Signed in, the person is who
    decides (Actor.portal), and the form carries Django's CSRF token."""

    scope: QuerySet[Estimate]
    customer: CustomerAccount
    action: str
    estimate_url: Callable[[int], str]  # the page of the estimate with this id
    signed_in: bool = False

    @property
    def layout(self) -> str:
        return estimate_pages.SIGNED_IN_LAYOUT if self.signed_in else estimate_pages.LINK_LAYOUT


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


def unit_text(unit) -> str:
    if unit is None:
        return ""
    return " ".join(part for part in (unit.make, unit.model) if part)


def _row(batch: Batch, estimate: Estimate, form) -> BatchRow:
    version = estimate.current_version
    content = version.content
    expired = services.is_expired(estimate)
    name = f"estimate_{estimate.pk}"
    return BatchRow(
        estimate=estimate,
        number=estimate.work_order.number,
        unit=unit_text(estimate.work_order.unit),
        total=presentation.shown_total(content),
        currency=content["currency"],
        prices_include_vat=content["prices_include_vat"],
        valid_until=estimate.valid_until,
        expired_message=presentation.expired_message(estimate) if expired else "",
        url=batch.estimate_url(estimate.pk),
        version_number=version.number,
        version_hash=version.content_hash,
        choice=form[name] if name in form.fields and not expired else None,
        errors=list(form.errors.get(name, [])),
    )


def show(request, batch: Batch, *, form=None, status: int = 200):
    awaiting = list(batch.scope.filter(state=State.AWAITING).order_by("valid_until", "pk"))
    if form is None:
        form = BatchForm(estimates=awaiting, shop_name=estimate_pages.shop_name())
    rows = [_row(batch, estimate, form) for estimate in awaiting]
    recent = (
        batch.scope.exclude(state=State.AWAITING)
        .annotate(decided_at=Max("current_version__decisions__decided_at"))
        .order_by("-updated_at", "-pk")[:RECENT_COUNT]
    )
    recent_rows = [
        {
            "number": estimate.work_order.number,
            "unit": unit_text(estimate.work_order.unit),
            "state": estimate.state,
            "state_label": estimate.get_state_display(),
            "decided_at": estimate.decided_at,
            "url": batch.estimate_url(estimate.pk),
        }
        for estimate in recent
    ]
    done = request.GET.get("done", "")
    context = {
        "form": form,
        "rows": rows,
        "decidable": any(row.choice is not None for row in rows),
        "recent": recent_rows,
        "customer": batch.customer,
        "action": batch.action,
        "done": int(done) if done.isdigit() and len(done) < 5 else None,
        "layout": batch.layout,
        "signed_in": batch.signed_in,
    }
    return render(request, "portal/estimates/approvals.html", context, status=status)


def _apply_batch_errors(form, error: ValidationError, scope) -> None:
    """An error on an estimate shown on the page goes to its row; on one no longer shown (decided
    in another tab) to the top, with its work-order number; on one the page may not see, to the top
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


def submit(request, batch: Batch):
    """POST: the decisions on several estimates, all or nothing."""
    if oversized(request, estimate_pages.FIELDS_MAX_BYTES):
        return estimate_pages.too_large(request, request.path, layout=batch.layout)
    awaiting = list(batch.scope.filter(state=State.AWAITING))
    form = BatchForm(request.POST, estimates=awaiting, shop_name=estimate_pages.shop_name())
    if not form.is_valid():
        return show(request, batch, form=form, status=INVALID)
    signed_name = form.cleaned_data["signed_name"]
    try:
        decided = services.decide_batch(
            batch.scope,
            form.items(),
            signed_name=signed_name,
            authorised=form.cleaned_data["authorised"],
            by=estimate_pages.customer_actor(request, batch.signed_in, signed_name),
        )
    except ValidationError as error:
        _apply_batch_errors(form, error, batch.scope)
        return show(request, batch, form=form, status=INVALID)
    return see_other(f"{batch.action}?done={len(decided)}#done")
