"""Photos sent with a booking request: images only (by name ending and by content), each within the
attachment size limit (ATTACHMENT_MAX_MB), at most MAX_PHOTOS. Checked in full before anything is
written; files stored for a change that then fails are removed again."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fixloop.bookings.models import BookingPhoto
from fixloop.repairs.models import ServiceRequest
from fixloop.repairs.uploads import check_upload, clean_file_name

IMAGE_EXTENSIONS = (".gif", ".heic", ".jpeg", ".jpg", ".png", ".webp")
MAX_PHOTOS = 10


@dataclass(frozen=True)
class CheckedPhoto:
    upload: object  # the uploaded file
    name: str
    content_type: str


def check_photos(uploads) -> list[CheckedPhoto]:
    """The photos, checked; ValidationError({"photos": [...]}) names each one that is refused."""
    uploads = list(uploads or [])
    if len(uploads) > MAX_PHOTOS:
        raise ValidationError({"photos": _("Attach at most %(limit)d photos.") % {"limit": MAX_PHOTOS}})
    checked, errors = [], []
    for upload in uploads:
        name = clean_file_name(upload.name or "")
        if PurePath(name).suffix.lower() not in IMAGE_EXTENSIONS:
            errors.append(
                _("%(name)s: only photos can be attached (%(allowed)s).")
                % {"name": name, "allowed": ", ".join(IMAGE_EXTENSIONS)}
            )
            continue
        try:
            name, content_type = check_upload(upload)
        except ValidationError as error:
            errors.extend(f"{name}: {message}" for message in error.messages)
            continue
        checked.append(CheckedPhoto(upload, name, content_type))
    if errors:
        raise ValidationError({"photos": errors})
    return checked


@contextmanager
def removed_on_failure() -> Iterator[list]:
    """Yields a list that store() fills with the stored file names; if the block fails (its
    transaction is rolled back), the files are deleted too."""
    stored: list = []
    try:
        yield stored
    except BaseException:
        for field_file in stored:
            field_file.storage.delete(field_file.name)
        raise


def store(request: ServiceRequest, photos: list[CheckedPhoto], stored: list) -> list[BookingPhoto]:
    saved = []
    for photo in photos:
        row = BookingPhoto(
            request=request, original_name=photo.name, content_type=photo.content_type, size=photo.upload.size
        )
        row.file.save(photo.name, photo.upload, save=False)
        stored.append(row.file)
        row.save()
        saved.append(row)
    return saved
