"""The customer's view of an estimate version, for every place that shows it: the portal pages, the
estimate PDF, the "estimate ready" message and the status report.

Everything is read from a version's frozen content (what the customer was sent, never the draft)
and written in the active language, so a caller chooses the language (translation.override) before
it asks: lines with their quantities, unit prices, VAT rates and amounts, job totals and the totals
with the VAT per rate, amounts incl. or excl. VAT as the location shows prices, the decision given
on each job, the dispute thread and the estimate's state as the customer reads them.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import cached_property

from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.core.formats import date_text, money_text, number_text
from fixloop.estimates.models import (
    Decision,
    DecisionChannel,
    DisputeSubject,
    Estimate,
    EstimateVersion,
    JobDecision,
)
from fixloop.estimates.money import Amounts, unit_price_shown
from fixloop.estimates.summaries import EstimateSummary

State = Estimate.State


# ----------------------------------------------------------------------------- amounts


def rate_text(value) -> str:
    """A VAT rate: 19 %, 7.7 %."""
    return f"{number_text(value)} %"


def shown_text(amounts: dict, including: bool) -> str:
    """Amounts of the content (a line, a job, the total) as prices are shown: gross or net."""
    return money_text(Amounts.from_dict(amounts).shown(including))


def shown_total(content: dict) -> str:
    """The version's total as its prices are shown, without the currency."""
    return shown_text(content["total"], content["prices_include_vat"])


def with_vat_basis(amount: Decimal, currency: str, includes_vat: bool) -> str:
    """An amount with its currency and whether it includes VAT: "550.35 EUR incl. VAT"."""
    values = {"amount": money_text(amount), "currency": currency}
    if includes_vat:
        return _("%(amount)s %(currency)s incl. VAT") % values
    return _("%(amount)s %(currency)s excl. VAT") % values


def total_text(version: EstimateVersion) -> str:
    """The version's total as the customer's prices are shown, with currency and VAT basis."""
    content = version.content
    including = content["prices_include_vat"]
    return with_vat_basis(
        Amounts.from_dict(content["total"]).shown(including), content["currency"], including
    )


def summary_text(summary: EstimateSummary) -> str:
    """An estimate in a list of repairs (the status report): its amount, currency and state."""
    return f"{money_text(summary.amount)} {summary.currency} · {State(summary.state).label}"


@dataclass(frozen=True)
class VatRow:
    rate: str
    net: str
    vat: str
    gross: str


@dataclass(frozen=True)
class Totals:
    net: str
    vat: str
    gross: str
    by_rate: list[VatRow]


def totals(content: dict) -> Totals:
    """The version's totals and the VAT per rate (always net, VAT and gross)."""
    total = Amounts.from_dict(content["total"])
    return Totals(
        net=money_text(total.net),
        vat=money_text(total.vat),
        gross=money_text(total.gross),
        by_rate=[
            VatRow(
                rate_text(row["rate"]),
                money_text(row["net"]),
                money_text(row["vat"]),
                money_text(row["gross"]),
            )
            for row in content["vat"]
        ],
    )


# ----------------------------------------------------------------------------- lines and jobs


@dataclass(frozen=True)
class Line:
    """One row of a job's table: its labour or one of its parts, amounts as the customer sees them."""

    kind: str  # "labour" or "part"
    description: str
    part_number: str
    quantity: str
    unit_price: str
    vat_rate: str
    amount: str


def _labour_line(job: dict, including: bool, printed: bool) -> Line:
    """The job's labour: hours × rate, or one fixed price. The page calls hourly labour "Labour" and
    gives a fixed price as the amount alone; the printed table spells both out."""
    amount = shown_text(job["labour"], including)
    rate = Decimal(job["vat_rate"])
    if job["pricing"] == "hourly":
        hours = _("%(hours)s h") % {"hours": number_text(job["hours"] or 0)}
        hourly = money_text(unit_price_shown(Decimal(job["hourly_rate"] or 0), rate, including))
        label = _("Labour (hours × rate)") if printed else _("Labour")
        return Line("labour", label, "", hours, hourly, rate_text(rate), amount)
    if not printed:
        return Line("labour", _("Labour (fixed price)"), "", "", "", rate_text(rate), amount)
    fixed = money_text(unit_price_shown(Decimal(job["fixed_price"] or 0), rate, including))
    return Line("labour", _("Labour (fixed price)"), "", "1", fixed, rate_text(rate), amount)


def _part_line(part: dict, including: bool) -> Line:
    rate = Decimal(part["vat_rate"])
    return Line(
        "part",
        part["description"],
        part["part_number"],
        number_text(part["quantity"]),
        money_text(unit_price_shown(Decimal(part["unit_price"]), rate, including)),
        rate_text(rate),
        shown_text(part["amounts"], including),
    )


def job_lines(job: dict, including: bool, *, printed: bool = False) -> list[Line]:
    return [_labour_line(job, including, printed)] + [_part_line(part, including) for part in job["parts"]]


@dataclass(frozen=True)
class DecisionView:
    decision: str
    label: str
    subject: str
    note: str
    at: datetime | None
    name: str
    channel: str  # how it was given, when not online by the customer
    carried_over: bool


def decision_view(decision: JobDecision) -> DecisionView:
    """A decision as the page shows it: an approval carried over shows when and by whom it was given."""
    origin = decision.carried_over_from or decision
    channel = "" if origin.channel == DecisionChannel.ONLINE else DecisionChannel(origin.channel).label
    return DecisionView(
        decision=decision.decision,
        label=Decision(decision.decision).label,
        subject=DisputeSubject(decision.dispute_subject).label if decision.dispute_subject else "",
        note=decision.note,
        at=origin.decided_at,
        name=origin.signed_name,
        channel=str(channel),
        carried_over=decision.carried_over_from_id is not None,
    )


def decision_line(decision: JobDecision, zone) -> str:
    """A decision in one line, for print: "Disputed (parts) · 03/05/2025 · Anna Becker"."""
    parts = [str(Decision(decision.decision).label)]
    if decision.decision == Decision.DISPUTED and decision.dispute_subject:
        parts[0] = _("%(decision)s (%(subject)s)") % {
            "decision": parts[0],
            "subject": str(DisputeSubject(decision.dispute_subject).label).lower(),
        }
    if decision.channel == DecisionChannel.CARRIED_OVER:
        parts.append(str(DecisionChannel.CARRIED_OVER.label))
    else:
        parts.append(date_text(timezone.localtime(decision.decided_at, zone)))
        if decision.signed_name:
            parts.append(decision.signed_name)
    return " · ".join(parts)


@dataclass
class JobView:
    key: int
    position: int  # 1, 2, … in the version's order
    description: str
    lines: list[Line]
    total: str
    decided: JobDecision | None = None  # the decision given on this job of the version, if any
    fields: dict | None = None  # a page's decision form fields for this job, while it awaits one

    @cached_property
    def decision(self) -> DecisionView | None:
        return decision_view(self.decided) if self.decided is not None else None


def jobs(version: EstimateVersion, *, printed: bool = False) -> list[JobView]:
    """The version's jobs with their lines and totals and the decisions given on them."""
    content = version.content
    including = content["prices_include_vat"]
    decisions = {d.job_key: d for d in version.decisions.select_related("carried_over_from")}
    return [
        JobView(
            key=job["key"],
            position=position,
            description=job["description"],
            lines=job_lines(job, including, printed=printed),
            total=shown_text(job["total"], including),
            decided=decisions.get(job["key"]),
        )
        for position, job in enumerate(content["jobs"], start=1)
    ]


# ----------------------------------------------------------------------------- the estimate


@dataclass(frozen=True)
class DisputeNote:
    """A message of the dispute thread as the customer sees it."""

    side: str
    side_label: str
    author: str
    at: datetime
    text: str
    job: str  # the disputed job's description, for a note given with a decision
    photo: str  # the photo's file name


def dispute_thread(estimate: Estimate, content: dict) -> list[DisputeNote]:
    names = {job["key"]: job["description"] for job in content["jobs"]}
    return [
        DisputeNote(
            side=message.side,
            side_label=message.get_side_display(),
            author=message.author_name,
            at=message.created_at,
            text=message.text,
            job=names.get(message.job_key, "") if message.job_key else "",
            photo=message.photo.original_name if message.photo_id else "",
        )
        for message in estimate.dispute_messages.select_related("photo")
    ]


def state_label(estimate: Estimate) -> str:
    """The estimate's state as its customer reads it."""
    if estimate.state == State.AWAITING:
        return _("Waiting for your decision")
    return estimate.get_state_display()


def expired_message(estimate: Estimate) -> str:
    """Why an expired estimate can no longer be approved, and whom to call."""
    location = estimate.work_order.location
    return _(
        "This estimate expired on %(date)s and can no longer be approved. "
        "Please call %(location)s at %(phone)s to have it renewed."
    ) % {
        "date": date_text(estimate.valid_until),
        "location": location.name,
        "phone": location.phone or "—",
    }
