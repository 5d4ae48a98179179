from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from fixloop.shop.models import Location, ProductGroup, Region, ShopProfile, User, VatRate


@admin.register(User)
class StaffAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "role_names", "is_active"]
    list_filter = ["groups", "is_active"]

    @admin.display(description="roles")
    def role_names(self, user: User) -> str:
        return ", ".join(sorted(group.name for group in user.groups.all()))

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")


@admin.register(ShopProfile)
class ShopProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "default_language"]

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not ShopProfile.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class VatRateInline(admin.TabularInline):
    model = VatRate
    extra = 0


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "city", "time_zone", "currency", "prices_include_vat", "active"]
    list_filter = ["active"]
    inlines = [VatRateInline]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(ProductGroup)
class ProductGroupAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
