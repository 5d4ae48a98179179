"""Estimates change only through the back office; the admin holds their configuration: the
automatic status changes on estimate events (one row for the shop)."""

from django.contrib import admin
from django.shortcuts import redirect

from fixloop.estimates.models import StatusMoves


@admin.register(StatusMoves)
class StatusMovesAdmin(admin.ModelAdmin):
    fields = ["when_sent", "when_approved", "when_partly_approved", "when_declined", "when_disputed"]

    def changelist_view(self, request, extra_context=None):
        # One row for the shop: the list would only ever show it, so open it (or make it) at once.
        if StatusMoves.objects.filter(pk=1).exists():
            return redirect("admin:estimates_statusmoves_change", 1)
        return redirect("admin:estimates_statusmoves_add")

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not StatusMoves.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # empty choices switch a move off
