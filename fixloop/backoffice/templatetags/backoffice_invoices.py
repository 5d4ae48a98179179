"""The invoice section of the work-order page gets its data here, so the page's view needs no
knowledge of it."""

from django import template

from fixloop.backoffice.views.invoices import area_context

register = template.Library()


@register.simple_tag(takes_context=True)
def invoice_area(context, work_order, failed_form=None) -> dict:
    if not context["request"].user.has_perm("invoicing.view_invoice"):
        return {}
    return area_context(context["request"], work_order, failed_form)
