"""What a signed-in customer may see: every portal query starts here.

A person sees the customer accounts they have active portal access to and, for a head office, the
accounts that belong to it. Anything else answers 404, as if it did not exist.
"""

from functools import cached_property

from django.db.models import Q

from fixloop.customers.models import CustomerAccount, PortalMembership, Unit
from fixloop.estimates.models import Estimate
from fixloop.inspections import queries as inspection_queries
from fixloop.invoicing.models import Invoice
from fixloop.repairs.models import ServiceRequest, WorkOrder


class PortalScope:
    def __init__(self, user):
        self.user = user

    @cached_property
    def customer_ids(self) -> frozenset[int]:
        direct = PortalMembership.objects.active().filter(user=self.user).values("customer_id")
        return frozenset(
            CustomerAccount.objects.filter(Q(pk__in=direct) | Q(head_office_id__in=direct)).values_list(
                "pk", flat=True
            )
        )

    def customers(self):
        return CustomerAccount.objects.filter(pk__in=self.customer_ids)

    @property
    def several_accounts(self) -> bool:
        """More than one account: pages label each row with its account."""
        return len(self.customer_ids) > 1

    def units(self):
        return Unit.objects.filter(customer_id__in=self.customer_ids)

    def work_orders(self):
        return WorkOrder.objects.filter(customer_id__in=self.customer_ids)

    def estimates(self):
        """Estimates sent to the customer (drafts are the shop's own)."""
        return Estimate.objects.filter(work_order__customer_id__in=self.customer_ids).exclude(
            state=Estimate.State.DRAFT
        )

    def invoices(self):
        """Invoices submitted to the customer (waiting for them, disputed, final) and those the shop
        is revising after the customer saw them; never a draft they never saw or a cancelled one.
        Credit notes are not listed here (they reach the customer by e-mail)."""
        return Invoice.objects.filter(
            Q(state__in=[Invoice.State.SUBMITTED, Invoice.State.DISPUTED, Invoice.State.FINAL])
            | Q(state=Invoice.State.DRAFT, revision__gt=0),
            customer_id__in=self.customer_ids,
            kind=Invoice.Kind.INVOICE,
        )

    def inspections(self):
        """Inspections (diagnostic overviews) sent to the customer; drafts are the shop's own."""
        return inspection_queries.for_customers(self.customer_ids)

    def service_requests(self):
        return ServiceRequest.objects.filter(customer_id__in=self.customer_ids)

    # The person's own accounts (not a head office's members): whose contact details they keep, and
    # whose language the pages are in.
    def own_customers(self):
        direct = PortalMembership.objects.active().filter(user=self.user).values("customer_id")
        return CustomerAccount.objects.filter(pk__in=direct)

    @cached_property
    def language(self) -> str:
        """The language of the account the person was first given access to."""
        return (
            PortalMembership.objects.active()
            .filter(user=self.user)
            .order_by("created_at", "id")
            .values_list("customer__language", flat=True)
            .first()
            or ""
        )
