"""The staff timeline's sentences, written when the page is shown, in the reader's language, from the
facts each entry stores (kind and `data`): an entry never stores a sentence made when it was written.
An entry's `text` is only ever what a person wrote (a comment, a note to the customer)."""

from datetime import date, datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fixloop.core.formats import date_text, datetime_text, money_text
from fixloop.estimates.models import Decision, DecisionChannel, Estimate
from fixloop.messaging.kinds import label as kind_label
from fixloop.repairs.models import TimelineEntry

CHANGED_FIELD_LABELS = {
    "technician": gettext_lazy("Technician"),
    "promised_date": gettext_lazy("Promised date"),
    "problem_description": gettext_lazy("Problem description"),
}
FIXED_SENTENCES = {
    "service_request_accepted": gettext_lazy("Opened from the customer's service request"),
    "dispute_acknowledged": gettext_lazy("The shop acknowledged the dispute and is reviewing the estimate."),
    "links_revoked": gettext_lazy("The customer's estimate link was revoked."),
    "dispute_note": gettext_lazy("Note in the estimate dispute:"),
    "remark_shown": gettext_lazy("A customer's remark was made visible to the technicians."),
    "remark_hidden": gettext_lazy("A customer's remark was hidden from the technicians again."),
    "invoice_created": gettext_lazy("Invoice draft made from the approved work."),
    "invoice_disputed": gettext_lazy("The customer disputed the invoice:"),
    "invoice_dispute_reply": gettext_lazy("Answer in the invoice dispute:"),
    "invoice_revised": gettext_lazy("Invoice taken back to draft to be revised."),
    "invoice_cancelled": gettext_lazy("Invoice draft cancelled."),
    "invoice_links_revoked": gettext_lazy("The customer's invoice link was revoked."),
}
CHANNEL_PHRASES = {  # how a decision came, as it reads inside a sentence
    DecisionChannel.PHONE: gettext_lazy("by phone"),
    DecisionChannel.FAX: gettext_lazy("by fax"),
    DecisionChannel.EMAIL: gettext_lazy("by e-mail"),
    DecisionChannel.IN_PERSON: gettext_lazy("in person"),
}


def describe(entry: TimelineEntry, zone=None, *, prices: bool = True) -> str:
    """What a system or estimate entry records, as a sentence in the active language ("" for the
    kinds the template words itself). Times in `zone` (default: the active time zone); without
    `prices`, no amount (a technician without price rights reads it)."""
    data = entry.data or {}
    event = data.get("event", "")
    if event in FIXED_SENTENCES:
        return str(FIXED_SENTENCES[event])
    if event == "clocked_on":
        return _("%(who)s clocked on.") % {"who": data.get("technician", "")}
    if event == "clocked_off":
        return _("%(who)s clocked off after %(duration)s.") % {
            "who": data.get("technician", ""),
            "duration": duration_text(data.get("seconds", 0)),
        }
    if event == "submitted" and "total" in data and not prices:
        return _("Estimate version %(number)d sent.") % {"number": data["version"]}
    if event == "submitted" and "total" in data:
        return _("Estimate version %(number)d sent: %(amount)s %(currency)s.") % {
            "number": data["version"],
            "amount": money_text(data["total"]),
            "currency": data["currency"],
        }
    if entry.kind == TimelineEntry.Kind.INVOICE:
        return _invoice_sentence(data, event, prices=prices)
    if entry.kind == TimelineEntry.Kind.INSPECTION:
        return _inspection_sentence(data, event)
    if event == "extended":
        return _("Estimate valid until %(date)s.") % {"date": date_text(date.fromisoformat(data["to"]))}
    if event == "decided" and "state" in data:
        return _decision_sentence(entry, data, zone)
    if entry.kind == TimelineEntry.Kind.TRACKING and event == "expiry":
        return _("Tracking link expiry changed: %(from)s → %(to)s") % {
            "from": _day_or_default(data["from"]),
            "to": _day_or_default(data["to"]),
        }
    if event == "unsubscribed":
        return _("The customer unsubscribed from “%(kind)s” e-mails with the link in the e-mail.") % {
            "kind": kind_label(data["kind"])
        }
    if event == "booking_confirmed":
        return _("Appointment confirmed: %(when)s.") % {
            "when": datetime_text(datetime.fromisoformat(data["starts_at"]), zone)
        }
    return ""


def duration_text(seconds: int) -> str:
    """'2 h 05 min', '7 min': how long someone worked."""
    minutes = int(seconds) // 60
    hours, minutes = divmod(minutes, 60)
    if hours:
        return _("%(hours)d h %(minutes)02d min") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)d min") % {"minutes": minutes}


def _invoice_sentence(data: dict, event: str, *, prices: bool = True) -> str:
    """Without `prices` (a technician without price rights), the same sentences without the amount."""
    values = {
        "number": data.get("number", ""),
        "amount": money_text(data["gross"]) if "gross" in data else "",
        "currency": data.get("currency", ""),
        "revision": data.get("revision", 0),
        "name": data.get("signed_name", ""),
        "credits": data.get("credits", ""),
    }
    if not prices and event in ("invoice_submitted", "invoice_finalised", "credit_note_issued"):
        return {
            "invoice_submitted": _(
                "Invoice submitted to the customer for authorisation (revision %(revision)d)."
            ),
            "invoice_finalised": _("Invoice %(number)s is final."),
            "credit_note_issued": _("Credit note %(number)s issued for invoice %(credits)s."),
        }[event] % values
    if event == "invoice_submitted":
        return (
            _(
                "Invoice submitted to the customer for authorisation (revision %(revision)d): %(amount)s %(currency)s."
            )
            % values
        )
    if event == "invoice_finalised":
        return _("Invoice %(number)s is final: %(amount)s %(currency)s.") % values
    if event == "invoice_authorised":
        return _("The customer authorised revision %(revision)d of the invoice online: %(name)s.") % values
    if event == "credit_note_issued":
        return _("Credit note %(number)s issued for invoice %(credits)s: %(amount)s %(currency)s.") % values
    if event == "invoice_link_expiry":
        return _("Invoice link valid until %(when)s.") % {
            "when": datetime_text(datetime.fromisoformat(data["to"]))
        }
    if event == "invoice_sent":
        return _("Invoice %(number)s sent to the customer by e-mail.") % values
    return ""


INSPECTION_SENTENCES = {
    "inspection_started": gettext_lazy("Inspection started."),
    "inspection_note_changed": gettext_lazy("Inspection: the note for the customer was changed."),
    "inspection_links_revoked": gettext_lazy("The customer's inspection link was revoked."),
}


def _inspection_sentence(data: dict, event: str) -> str:
    if event in INSPECTION_SENTENCES:
        return str(INSPECTION_SENTENCES[event])
    values = {
        "item": data.get("description", ""),
        "version": data.get("version", 0),
        "name": data.get("name", ""),
        "measurement": data.get("name", ""),
        "value": data.get("value", ""),
        "unit": data.get("unit", ""),
    }
    sentences = {
        "inspection_item_added": _("Inspection item added: %(item)s."),
        "inspection_item_changed": _("Inspection item changed: %(item)s."),
        "inspection_item_removed": _("Inspection item removed: %(item)s."),
        "inspection_measured": _("Measured %(measurement)s: %(value)s %(unit)s."),
        "inspection_authorised": _("Inspection item authorised: %(item)s."),
        "inspection_not_authorised": _("Inspection item not authorised: %(item)s."),
        "inspection_authorisation_withdrawn": _("Authorisation of an inspection item withdrawn: %(item)s."),
        "inspection_answered": _("The customer answered version %(version)d of the inspection: %(name)s."),
        "inspection_link_expiry": _("The expiry of the customer's inspection link was changed."),
    }
    if event == "inspection_sent":
        return _("Inspection version %(version)d sent to %(recipients)s.") % {
            "version": values["version"],
            "recipients": ", ".join(data.get("recipients", [])),
        }
    return sentences[event] % values if event in sentences else ""


def _day_or_default(day: str) -> str:
    return date_text(date.fromisoformat(day)) if day else _("shop default")


def _decision_sentence(entry: TimelineEntry, data: dict, zone) -> str:
    decisions = list(data["decisions"].values())
    summary = _(
        "Estimate version %(number)d %(state)s: %(approved)d approved, %(declined)d declined, %(disputed)d disputed."
    ) % {
        "number": data["version"],
        "state": Estimate.State(data["state"]).label.lower(),
        "approved": decisions.count(Decision.APPROVED),
        "declined": decisions.count(Decision.DECLINED),
        "disputed": decisions.count(Decision.DISPUTED),
    }
    if data["channel"] == DecisionChannel.ONLINE:
        return summary + " " + _("Authorised online by %(name)s.") % {"name": data["signed_name"]}
    return (
        summary
        + " "
        + _("Recorded by %(staff)s on the customer's behalf: %(channel)s, %(name)s, %(time)s.")
        % {
            "staff": entry.actor_name,
            "channel": CHANNEL_PHRASES[data["channel"]],
            "name": data["signed_name"],
            "time": datetime_text(datetime.fromisoformat(data["decided_at"]), zone),
        }
    )
