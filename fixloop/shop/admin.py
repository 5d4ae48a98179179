import itertools

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _

from fixloop.shop.models import Location, OpeningHours, ProductGroup, Region, ShopProfile, User, VatRate


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


class OpeningHoursFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        """Two rows of one weekday may not overlap (a lunch break is a gap between two rows)."""
        super().clean()
        rows = sorted(
            (form.cleaned_data["weekday"], form.cleaned_data["opens"], form.cleaned_data["closes"])
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and {"weekday", "opens", "closes"} <= set(form.cleaned_data)
        )
        for (day, _opens, closes), (next_day, next_opens, _closes) in itertools.pairwise(rows):
            if day == next_day and next_opens < closes:
                raise ValidationError(_("Opening hours of the same weekday overlap."))


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    formset = OpeningHoursFormSet
    extra = 0


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "city",
        "time_zone",
        "currency",
        "prices_include_vat",
        "booking_capacity",
        "active",
    ]
    list_filter = ["active"]
    inlines = [OpeningHoursInline, VatRateInline]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(ProductGroup)
class ProductGroupAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
