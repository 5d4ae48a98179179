"""The shop profile's form in the configuration area: the logo is checked by its content (shop/logo.py)."""

from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.core.files.uploadedfile import UploadedFile

from fixloop.shop.logo import check_logo
from fixloop.shop.models import ShopProfile


class LogoInput(AdminFileWidget):
    """The admin's file input with a preview of the current logo (through /logo/, as customers see it)."""

    template_name = "shop/logo_input.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        profile = getattr(value, "instance", None)
        if isinstance(profile, ShopProfile) and profile.logo_shown:
            context["widget"].update(
                logo_version=profile.logo_version,
                logo_width=profile.logo_width,
                logo_height=profile.logo_height,
            )
        return context


class ShopProfileForm(forms.ModelForm):
    class Meta:
        model = ShopProfile
        fields = "__all__"  # noqa: DJ007 (the admin shows every field of the profile, as before)
        widgets = {"logo": LogoInput(attrs={"accept": "image/png,image/jpeg,image/webp"})}

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            checked = check_logo(logo)  # a ValidationError here is the field's message; nothing is kept
            logo.name = checked.name
            self.instance.logo_width, self.instance.logo_height = checked.width, checked.height
        elif logo is False:  # "Clear" ticked
            self.instance.logo_width = self.instance.logo_height = None
        return logo
