from django.contrib import admin

from fixloop.customers.models import CustomerAccount, Unit


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0
    fields = ["kind", "make", "model", "serial_number", "vin", "plate", "product_group"]


@admin.register(CustomerAccount)
class CustomerAccountAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "region", "language", "email", "mobile", "preferred_channel"]
    list_filter = ["region", "language", "preferred_channel", "notifications_enabled"]
    search_fields = ["number", "name", "email", "postal_code"]
    raw_id_fields = ["head_office"]
    inlines = [UnitInline]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["__str__", "customer", "kind", "product_group"]
    list_filter = ["kind", "product_group"]
    search_fields = ["serial_number", "vin", "plate", "make", "model"]
    raw_id_fields = ["customer"]
