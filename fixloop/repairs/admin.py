"""Only configuration lives in the admin; work orders change through the back office and its services."""

from django.contrib import admin

from fixloop.repairs.models import Status


@admin.register(Status)
class StatusAdmin(admin.ModelAdmin):
    list_display = [
        "name_en",
        "name_de",
        "customer_name_en",
        "customer_name_de",
        "phase",
        "visible_to_customers",
        "position",
        "active",
    ]
    list_editable = ["position", "visible_to_customers", "active"]
    list_filter = ["phase", "active", "visible_to_customers"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # A status that work orders have used stays in their history: deactivate it instead.
        if obj is not None and (obj.work_orders.exists()):
            return False
        return super().has_delete_permission(request, obj)
