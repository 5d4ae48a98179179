"""`{{ seconds|duration }}`: how long someone worked, e.g. '2 h 05 min'."""

from django import template

from fixloop.backoffice.timeline import duration_text

register = template.Library()


@register.filter
def duration(seconds) -> str:
    return duration_text(int(seconds or 0))
