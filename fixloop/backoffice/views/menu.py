"""The menu's counts (booking requests waiting for the shop, unread messages from customers), which
every back-office page asks for every few seconds; the numbers come from the context processor."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from fixloop.backoffice.access import staff_required


@staff_required
@require_GET
def nav_counts(request):
    return render(request, "backoffice/_nav_counts.html")
