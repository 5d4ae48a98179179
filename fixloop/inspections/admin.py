"""The shop's inspection configuration: checklists with their points (in order), and the reusable
item templates with their default category and prices. Inspections themselves change only through
the back office and the services."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from fixloop.inspections.models import Checklist, ChecklistPoint, Inspection, ItemTemplate


class ChecklistPointForm(forms.ModelForm):
    class Meta:
        model = ChecklistPoint
        fields = ["position", "label", "measurement", "measurement_unit"]

    def clean(self):
        data = super().clean()
        if data.get("measurement_unit", "").strip() and not data.get("measurement", "").strip():
            self.add_error(
                "measurement_unit",
                forms.ValidationError(
                    _("A unit needs a measurement: name what is measured, or leave the unit empty."),
                    code="unit_without_measurement",
                ),
            )
        return data


class ChecklistPointInline(admin.TabularInline):
    model = ChecklistPoint
    form = ChecklistPointForm
    extra = 3
    ordering = ["position", "id"]
    fields = ["position", "label", "measurement", "measurement_unit"]


@admin.register(Checklist)
class ChecklistAdmin(admin.ModelAdmin):
    list_display = ["name", "point_count", "active"]
    list_filter = ["active"]
    search_fields = ["name"]
    fields = ["name", "active"]
    inlines = [ChecklistPointInline]

    @admin.display(description=_("points"))
    def point_count(self, checklist: Checklist) -> int:
        return checklist.points.count()

    def has_delete_permission(self, request, obj=None) -> bool:
        # A checklist an inspection was started from stays (its items name its points): deactivate it.
        if obj is not None and Inspection.objects.filter(checklist=obj).exists():
            return False
        return super().has_delete_permission(request, obj)


class ItemTemplateForm(forms.ModelForm):
    class Meta:
        model = ItemTemplate
        fields = ["description", "category", "labour", "parts", "active"]

    def _not_negative(self, name: str):
        value = self.cleaned_data.get(name)
        if value is not None and value < 0:
            raise forms.ValidationError(_("A price cannot be below zero."), code="negative")
        return value

    def clean_labour(self):
        return self._not_negative("labour")

    def clean_parts(self):
        return self._not_negative("parts")


@admin.register(ItemTemplate)
class ItemTemplateAdmin(admin.ModelAdmin):
    form = ItemTemplateForm
    list_display = ["description", "category", "labour", "parts", "active"]
    list_filter = ["active", "category"]
    search_fields = ["description"]
