"""The shop's logo: an upload is kept only when its content is a PNG, JPEG or WebP image that Pillow
decodes, within a size and pixel limit. Its name is then made from its content (`logo-<digest>.<ext>`,
the extension by what the file is, not by what it was called), so the name is also the version the
pages ask for (`/logo/?v=…`) and a new logo is never served from a stale cache.

SVG is refused: a script in it would run wherever the image is opened as a page, and e-mail programs
show it inconsistently. ICO and GIF are refused too: a logo is shown in pages and e-mails, not only as
the browser's icon.
"""

import hashlib
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from fixloop.core.formats import number_text

MAX_BYTES = 1024 * 1024
MAX_SIDE = 4096  # pixels, either side
MIN_SIDE = 16
# Pillow's format name → the stored file's extension and the content type it is served with.
FORMATS = {"PNG": ("png", "image/png"), "JPEG": ("jpg", "image/jpeg"), "WEBP": ("webp", "image/webp")}
CONTENT_TYPES = dict(FORMATS.values())


@dataclass(frozen=True)
class CheckedLogo:
    name: str  # logo-<digest>.<ext>
    content_type: str
    width: int
    height: int


def check_logo(upload) -> CheckedLogo:
    """What `upload` (a file object with `size` and `read()`) is, or a ValidationError that says why it
    cannot be the logo. Nothing is stored here."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("The logo is %(size)s MB; it may be at most 1 MB.")
            % {"size": number_text(round(Decimal(upload.size) / 1024 / 1024, 1))},
            code="too_large",
        )
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    upload.seek(0)
    if len(data) > MAX_BYTES:  # a size that was not true
        raise ValidationError(_("The logo may be at most 1 MB."), code="too_large")
    not_an_image = ValidationError(
        _(
            "This file is not a PNG, JPEG or WebP image. Save the logo in one of these formats and upload it again."
        ),
        code="not_an_image",
    )
    try:
        # Only these decoders are tried: an SVG, an HTML file or anything else is not identified.
        image = Image.open(io.BytesIO(data), formats=list(FORMATS))
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        raise not_an_image from error
    with image:
        width, height = image.size  # from the header: checked before any pixel is decoded
        if width > MAX_SIDE or height > MAX_SIDE:
            raise ValidationError(
                _(
                    "The logo is %(width)s × %(height)s pixels; it may be at most %(max)s pixels on either side."
                )
                % {"width": width, "height": height, "max": MAX_SIDE},
                code="too_many_pixels",
            )
        if width < MIN_SIDE or height < MIN_SIDE:
            raise ValidationError(
                _(
                    "The logo is %(width)s × %(height)s pixels; it needs at least %(min)s pixels on either side."
                )
                % {"width": width, "height": height, "min": MIN_SIDE},
                code="too_few_pixels",
            )
        try:
            image.load()  # decodes the pixels: a damaged or truncated file fails here
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
            raise not_an_image from error
        # A camera's JPEG with more than one picture in it opens as MPO: browsers show it as a JPEG.
        extension, content_type = FORMATS["JPEG" if image.format == "MPO" else image.format]
    digest = hashlib.sha256(data).hexdigest()[:16]
    return CheckedLogo(f"logo-{digest}.{extension}", content_type, width, height)


def content_type_of(name: str) -> str | None:
    """The content type a stored logo is served with, by the extension its check gave it; None for a
    file that was not stored through the check (e.g. an SVG from before it)."""
    return CONTENT_TYPES.get(PurePath(name).suffix.lstrip(".").lower())


def version_of(name: str) -> str:
    """A short version of the stored logo for its address: new file, new address."""
    return hashlib.sha256(name.encode()).hexdigest()[:12]


def display_size(width: int, height: int, *, max_height: int, max_width: int) -> tuple[int, int]:
    """The logo's size in pixels within a box, keeping its proportions (the e-mail's img attributes)."""
    scale = min(max_height / height, max_width / width, 1)
    return max(1, round(width * scale)), max(1, round(height * scale))
