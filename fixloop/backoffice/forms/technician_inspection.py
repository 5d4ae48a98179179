"""The technician's inspection page: start from a checklist, rate a point (with a note and the
point's measurement), add an item (free or from a template), add a photo or video to an item.

Every form of the page has its own element ids (PageForm); a point's and an item's forms carry the
point's or item's id in theirs, as the page shows one of them per point and per item."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from fixloop.core.forms import PageForm
from fixloop.inspections.models import Category, Checklist, ItemTemplate, Rating

MAX_MONEY = Decimal("9999999999.99")
MAX_VALUE = Decimal("99999999.99")
# What a phone or tablet camera makes, and MP4 video; the service checks the content, not this.
MEDIA_ACCEPT = "image/*,video/mp4"


class StartForm(PageForm):
    id_prefix = "start"
    checklist = forms.ModelChoiceField(
        label=_("Checklist"),
        queryset=Checklist.objects.none(),
        required=False,
        empty_label=_("No checklist: items only"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checklist"].queryset = Checklist.objects.filter(active=True)


class PointForm(PageForm):
    """One checklist point: the rating is the button pressed; note and value go with it."""

    rating = forms.ChoiceField(
        label=_("Rating"),
        choices=Rating.choices,
        error_messages={"required": _("Choose green, yellow or red.")},
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 1})
    )
    value = forms.DecimalField(
        label=_("Measured value"),
        required=False,
        min_value=-MAX_VALUE,
        max_value=MAX_VALUE,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )

    def __init__(self, *args, point, **kwargs):
        self.id_prefix = f"point{point.pk}"
        super().__init__(*args, **kwargs)
        self.point = point
        if point.measurement:
            self.fields["value"].label = point.measurement
            self.fields["value"].widget.attrs["aria-describedby"] = f"point-{point.pk}-last"
        else:
            del self.fields["value"]


class ItemForm(PageForm):
    """A free item. Prices only for those who see them (access.sees_prices); otherwise the advisor
    prices it."""

    id_prefix = "item"
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices, initial=Category.NECESSARY)
    description = forms.CharField(label=_("What was found"), max_length=300)
    technician_note = forms.CharField(
        label=_("Note"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    labour = forms.DecimalField(
        label=_("Labour (net)"),
        required=False,
        min_value=0,
        max_value=MAX_MONEY,
        decimal_places=2,
        help_text=_("Leave empty for the service advisor."),
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    parts = forms.DecimalField(
        label=_("Parts (net)"),
        required=False,
        min_value=0,
        max_value=MAX_MONEY,
        decimal_places=2,
        help_text=_("Leave empty for the service advisor."),
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )

    def __init__(self, *args, prices: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not prices:
            del self.fields["labour"]
            del self.fields["parts"]

    def item_fields(self) -> dict:
        """What add_item takes: prices left empty are 0 (the advisor prices the item)."""
        data = dict(self.cleaned_data)
        for name in ("labour", "parts"):
            if name in self.fields:
                data[name] = data.get(name) or Decimal(0)
        return data


class TemplateForm(PageForm):
    id_prefix = "template"
    template = forms.ModelChoiceField(
        label=_("Template"),
        queryset=ItemTemplate.objects.none(),
        empty_label=_("Choose a template"),
        error_messages={"invalid_choice": _("This template is no longer in use.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = ItemTemplate.objects.filter(active=True)


class MediaForm(PageForm):
    file = forms.FileField(
        label=_("Photo or video"),
        widget=forms.FileInput(attrs={"accept": MEDIA_ACCEPT, "capture": "environment"}),
        error_messages={"required": _("Choose a photo or video."), "empty": _("The file is empty.")},
    )

    def __init__(self, *args, item, **kwargs):
        self.id_prefix = f"media{item.pk}"
        super().__init__(*args, **kwargs)
        self.item = item
