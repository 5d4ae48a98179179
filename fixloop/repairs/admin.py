"""Only configuration lives in the admin; work orders change through the back office and its services."""

from django.contrib import admin

from fixloop.repairs.models import Phase, Status, WorkshopSettings


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


@admin.register(WorkshopSettings)
class WorkshopSettingsAdmin(admin.ModelAdmin):
    """One row: the status the technician's "Unit ready" sets."""

    fields = ["ready_status"]

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not WorkshopSettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "ready_status":  # a status the normal status change accepts
            kwargs["queryset"] = Status.objects.filter(active=True).exclude(
                phase__in=[Phase.CLOSED, Phase.CANCELLED]
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        obj.pk = 1  # the one row WorkshopSettings.current() reads
        super().save_model(request, obj, form, change)
