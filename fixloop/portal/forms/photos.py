"""The photos field of customer forms (booking requests, inspection answers): what a browser can be
told before anything is stored — how many, a photo's name ending and its size. The service that
stores them checks their content."""

from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to `limit` photos with one of `extensions`, each within the attachment limit (ATTACHMENT_MAX_MB);
    `not_a_photo` is the message for another kind of file (it names %(name)s)."""

    def __init__(self, *, limit: int, extensions, not_a_photo, accept: str = "image/*", **kwargs):
        self.limit, self.extensions, self.not_a_photo = limit, tuple(extensions), not_a_photo
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data if isinstance(data, list | tuple) else [data]) if upload]
        if len(uploads) > self.limit:
            raise ValidationError(_("Attach at most %(limit)d photos.") % {"limit": self.limit})
        errors = []
        for upload in uploads:
            name = PurePath(upload.name or "").name
            if PurePath(name).suffix.lower() not in self.extensions:
                errors.append(self.not_a_photo % {"name": name})
            elif upload.size > settings.ATTACHMENT_MAX_BYTES:
                errors.append(
                    _("%(name)s is %(size)s; a photo may be at most %(limit)s.")
                    % {
                        "name": name,
                        "size": filesizeformat(upload.size),
                        "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
                    }
                )
            elif upload.size == 0:
                errors.append(_("%(name)s is empty.") % {"name": name})
        if errors:
            raise ValidationError(errors)
        return uploads
