from django.contrib import admin

from fixloop.reports.models import ReportRun, ReportRunItem, ReportSchedule, ReportSubscription


@admin.register(ReportSchedule)
class ReportScheduleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "active", "time_of_day", "weekdays", "weekends"]

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not ReportSchedule.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReportSubscription)
class ReportSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["customer", "active", "methods", "prioritise", "include_closed_days"]
    list_filter = ["active", "methods"]
    search_fields = ["customer__name", "customer__number"]
    autocomplete_fields = ["customer"]


class ReportRunItemInline(admin.TabularInline):
    model = ReportRunItem
    extra = 0
    can_delete = False
    fields = ["customer", "outcome", "method", "reason", "message", "fax_message"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReportRun)
class ReportRunAdmin(admin.ModelAdmin):
    list_display = [
        "report_date",
        "state",
        "trigger",
        "forced",
        "started_at",
        "finished_at",
        "sent",
        "skipped",
        "failed",
    ]
    readonly_fields = [field.name for field in ReportRun._meta.fields]
    inlines = [ReportRunItemInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
