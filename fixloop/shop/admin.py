import itertools

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _

from fixloop.shop.forms import ShopProfileForm
from fixloop.shop.models import Location, OpeningHours, ProductGroup, Region, Role, ShopProfile, User, VatRate

# Only a superuser grants superuser status or permissions outside the roles; an administrator
# manages staff and their roles, and cannot touch a superuser's account.
SUPERUSER_ONLY_FIELDS = {"is_superuser", "user_permissions"}


@admin.register(User)
class StaffAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "role_names", "is_active"]
    list_filter = ["groups", "is_active"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in SUPERUSER_ONLY_FIELDS]})
            for name, options in fieldsets
        ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.filter(name__in=Role.values)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description="roles")
    def role_names(self, user: User) -> str:
        return ", ".join(sorted(group.name for group in user.groups.all()))

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")


@admin.register(ShopProfile)
class ShopProfileAdmin(admin.ModelAdmin):
    form = ShopProfileForm
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
