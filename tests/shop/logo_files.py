"""Real image files for the shop's logo, made with Pillow, and a shop profile that has one."""

import io
import os

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from fixloop.shop.logo import check_logo
from fixloop.shop.models import ShopProfile


def image_bytes(image_format: str = "PNG", size: tuple[int, int] = (240, 80), colour="#0b6e4f") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, image_format)
    return out.getvalue()


def noise_png(size: tuple[int, int]) -> bytes:
    """A PNG that does not compress: about 3 bytes a pixel."""
    out = io.BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(out, "PNG")
    return out.getvalue()


def upload(name: str, content: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type)


def give_the_shop_a_logo(content: bytes | None = None, **profile) -> ShopProfile:
    """The shop's profile with `content` (a 240 × 80 PNG unless given) as its logo, stored as the
    configuration area's form stores it (its name and size from the check)."""
    file = upload("logo.png", content or image_bytes())
    checked = check_logo(file)
    shop, _created = ShopProfile.objects.get_or_create(pk=1)
    for name, value in profile.items():
        setattr(shop, name, value)
    shop.logo_width, shop.logo_height = checked.width, checked.height
    shop.logo.save(checked.name, file)  # saves the profile (and clears its cached copy)
    return ShopProfile.get()
