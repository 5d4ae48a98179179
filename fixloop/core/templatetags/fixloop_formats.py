"""core/formats.py for templates: `{{ amount|money }}` (1.234,50 in German), `{{ hours|number }}`."""

from django import template

from fixloop.core import formats

register = template.Library()


@register.filter
def money(value) -> str:
    return "" if value in (None, "") else formats.money_text(value)


@register.filter
def number(value) -> str:
    return "" if value in (None, "") else formats.number_text(value)
