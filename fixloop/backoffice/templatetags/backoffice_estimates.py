"""The estimate and work-required sections of the work-order page get their data here, so the
page's view needs no knowledge of them."""

from django import template

from fixloop.backoffice.views.estimates import area_context

register = template.Library()


@register.simple_tag(takes_context=True)
def estimate_area(context, work_order, failed_form=None) -> dict:
    return area_context(context["request"], work_order, failed_form)
