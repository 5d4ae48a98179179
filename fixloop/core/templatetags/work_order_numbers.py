"""`{{ number|unbroken }}`: a work-order number that never breaks across lines (2026-00013 would
otherwise break at its hyphen), also inside a translated sentence ("Repair {{ number }}")."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def unbroken(number) -> str:
    return format_html('<span class="wo-number">{}</span>', number)
