"""The inspection section of the work-order page gets its data here, so the page's view needs no
knowledge of it; the lists' badge of an overview's state too."""

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.utils.html import format_html

from fixloop.backoffice import inspection_view
from fixloop.backoffice.views.inspections import VIEW, area_context

register = template.Library()


@register.simple_tag(takes_context=True)
def inspection_area(context, work_order, failed_form=None) -> dict:
    if not context["request"].user.has_perm(VIEW):
        return {}
    failed = failed_form if getattr(failed_form, "slot", None) is not None else None
    return area_context(context["request"], work_order, failed)


@register.filter
def overview_badge(work_order) -> str:
    """The state of the work order's diagnostic overview in words ("Overview opened"), or nothing
    while none was sent. Reads `work_order.inspection` as selected with the row (no query)."""
    try:
        inspection = work_order.inspection
    except ObjectDoesNotExist:
        return ""
    found = inspection_view.badge(inspection)
    if found is None:
        return ""
    words, style = found
    return format_html('<span class="state overview-badge {}">{}</span>', style, words)
