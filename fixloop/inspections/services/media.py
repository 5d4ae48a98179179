"""Photos and videos of an item: checked by content (a JPEG must decode as a JPEG, whatever its name),
within the size limit, with a small JPEG thumbnail for photos so lists load quickly on a phone."""

import io
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from fixloop.core.actor import Actor
from fixloop.inspections.models import Answer, InspectionItem, Media
from fixloop.inspections.services.shared import changed_for_customer, editable, locked_item
from fixloop.repairs.uploads import check_upload, clean_file_name

PHOTO_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
VIDEO_EXTENSIONS = (".mp4",)
MEDIA_PER_ITEM = 12
THUMBNAIL_SIZE = (480, 480)
MAX_PIXELS = 60_000_000  # a 60-megapixel photo is the largest a phone makes; more is a decompression bomb


def check(upload) -> tuple[str, str, Image.Image | None]:
    """(clean name, content type, the decoded photo or None for a video) or ValidationError."""
    name = clean_file_name(upload.name or "")
    if PurePath(name).suffix.lower() in VIDEO_EXTENSIONS:
        name, content_type = check_upload(upload)  # size and the MP4 signature
        return name, content_type, None
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    check_size(upload)
    upload.seek(0)
    try:
        with Image.open(upload) as probe:
            kind = probe.format
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("The photo is too large (more than 60 megapixels)."), code="pixels")
            probe.verify()
        upload.seek(0)
        photo = Image.open(upload)
        photo.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("%(name)s is not a photo or an MP4 video we can show (JPEG, PNG, WebP, GIF or MP4).")
            % {"name": name},
            code="content",
        ) from None
    finally:
        upload.seek(0)
    if kind not in PHOTO_TYPES:
        raise ValidationError(
            _("%(name)s is not a photo or an MP4 video we can show (JPEG, PNG, WebP, GIF or MP4).")
            % {"name": name},
            code="content",
        )
    return name, PHOTO_TYPES[kind], photo


def check_size(upload) -> None:
    """The same limit as any attachment (ATTACHMENT_MAX_MB)."""
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)},
            code="size",
        )


def thumbnail_of(photo: Image.Image) -> bytes:
    image = photo.convert("RGB")
    image.thumbnail(THUMBNAIL_SIZE)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=78, optimize=True, progressive=True)
    return out.getvalue()


def store(item: InspectionItem, upload, checked, *, by: Actor, answer: Answer | None = None) -> Media:
    """Write one checked file (inside the caller's transaction)."""
    name, content_type, photo = checked
    media = Media(
        item=item, answer=answer, name=name, content_type=content_type, size=upload.size, created_by=by.user
    )
    upload.seek(0)
    media.file.save(name, upload, save=False)
    if photo is not None:
        media.thumbnail.save(f"{PurePath(name).stem}.jpg", ContentFile(thumbnail_of(photo)), save=False)
    media.save()
    return media


@transaction.atomic
def add_media(item: InspectionItem, upload, *, by: Actor, answer: Answer | None = None) -> Media:
    """One photo or video added to an item by staff (the customer's come with their answers)."""
    item = locked_item(item)
    editable(item.inspection)
    if item.removed_at is not None:
        raise ValidationError({"file": _("This item was removed.")}, code="removed")
    if item.media.count() >= MEDIA_PER_ITEM:
        raise ValidationError(
            {"file": _("An item can have at most %(limit)d photos and videos.") % {"limit": MEDIA_PER_ITEM}},
            code="too_many",
        )
    try:
        checked = check(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}, code=error.code) from None
    media = store(item, upload, checked, by=by, answer=answer)
    if item.visible_to_customer and answer is None:
        changed_for_customer(item.inspection)  # the customer sees the photo once a new version is sent
    return media
