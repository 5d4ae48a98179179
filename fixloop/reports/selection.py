"""Which methods a subscribed account's report goes by, after checking its addresses.

Addresses are checked the way every message checks them (`email-validator`, `phonenumbers` in
E.164), not "has an @" or "has digits". With prioritisation the fax goes only when the report
cannot go by e-mail.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from fixloop.messaging.models import Channel
from fixloop.messaging.services import resolve_recipient
from fixloop.reports.models import ReportSubscription


@dataclass
class Selection:
    methods: list[str] = field(default_factory=list)  # "email", "fax"
    problems: list[str] = field(default_factory=list)
    recipients: dict[str, str] = field(default_factory=dict)  # the checked address of each method

    @property
    def reason(self) -> str:
        return " ".join(self.problems)


def select_methods(subscription: ReportSubscription) -> Selection:
    customer = subscription.customer
    wanted = {
        ReportSubscription.Methods.EMAIL: [Channel.EMAIL],
        ReportSubscription.Methods.FAX: [Channel.FAX],
        ReportSubscription.Methods.BOTH: [Channel.EMAIL, Channel.FAX],
    }[subscription.methods]
    checked, recipients = {}, {}
    for channel in wanted:
        recipients[channel], checked[channel] = resolve_recipient(channel, customer, "")
    selection = Selection(recipients=recipients)
    if subscription.prioritise and len(wanted) == 2:
        if not checked[Channel.EMAIL]:
            selection.methods = [Channel.EMAIL]
        elif not checked[Channel.FAX]:
            selection.methods = [Channel.FAX]
            selection.problems = [
                _("Sent by fax because the e-mail address cannot be used: %(problem)s")
                % {"problem": checked[Channel.EMAIL]}
            ]
        else:
            selection.problems = [checked[Channel.EMAIL], checked[Channel.FAX]]
        return selection
    for channel in wanted:
        if checked[channel]:
            selection.problems.append(checked[channel])
        else:
            selection.methods.append(channel)
    return selection
