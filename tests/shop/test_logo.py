"""The shop's logo: checked by content when uploaded in the configuration area, served at /logo/ from
our own origin, and versioned so that a new logo is never hidden by a cached old one."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from fixloop.shop.forms import ShopProfileForm
from fixloop.shop.logo import MAX_BYTES, check_logo
from fixloop.shop.models import ShopProfile
from tests.shop.logo_files import give_the_shop_a_logo, image_bytes, noise_png, upload

CHANGE_URL = "/admin/shop/shopprofile/1/change/"


def refusal(content: bytes, name: str = "logo.png") -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        check_logo(upload(name, content))
    return caught.value


def test_a_png_is_accepted_and_named_by_its_content():
    content = image_bytes("PNG", (240, 80))
    checked = check_logo(upload("Our Logo (final).png", content))
    assert checked.content_type == "image/png"
    assert (checked.width, checked.height) == (240, 80)
    assert checked.name.startswith("logo-") and checked.name.endswith(".png")
    assert check_logo(upload("other.png", content)).name == checked.name  # the same content, the same name
    assert check_logo(upload("logo.png", image_bytes("PNG", (240, 81)))).name != checked.name


@pytest.mark.parametrize(
    ("image_format", "extension", "content_type"),
    [("JPEG", "jpg", "image/jpeg"), ("WEBP", "webp", "image/webp")],
)
def test_jpeg_and_webp_are_accepted_and_keep_the_extension_of_what_they_are(
    image_format, extension, content_type
):
    """A JPEG called logo.png is a JPEG: it is stored and served as one."""
    checked = check_logo(upload("logo.png", image_bytes(image_format)))
    assert checked.name.endswith(f".{extension}")
    assert checked.content_type == content_type


def test_a_cameras_jpeg_with_several_pictures_is_a_jpeg():
    first, second = Image.new("RGB", (64, 32), "red"), Image.new("RGB", (64, 32), "blue")
    out = io.BytesIO()
    first.save(out, "MPO", save_all=True, append_images=[second])
    checked = check_logo(upload("photo.jpg", out.getvalue()))
    assert checked.name.endswith(".jpg")
    assert checked.content_type == "image/jpeg"


def test_a_text_file_called_png_is_refused():
    error = refusal(b"Just some text, not a picture.\n" * 10)
    assert error.code == "not_an_image"
    assert "not a PNG, JPEG or WebP image" in error.messages[0]


@pytest.mark.parametrize(
    "content",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40"><script>alert(1)</script></svg>',
        b"<html><body>logo</body></html>",
        b"GIF89a" + b"\x00" * 64,
    ],
    ids=["svg", "html", "gif"],
)
def test_svg_html_and_other_formats_are_refused(content):
    assert refusal(content, "logo.svg").code == "not_an_image"


def test_a_damaged_png_is_refused():
    content = image_bytes("PNG", (400, 200))
    assert refusal(content[: len(content) // 2]).code == "not_an_image"
    assert refusal(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32).code == "not_an_image"  # a header and nothing


def test_a_file_over_one_megabyte_is_refused():
    content = noise_png((620, 620))
    assert len(content) > MAX_BYTES
    error = refusal(content)
    assert error.code == "too_large"
    assert "at most 1 MB" in error.messages[0]


def test_too_many_or_too_few_pixels_are_refused():
    """The pixels are counted from the header, before anything is decoded (a small file can claim
    a huge picture)."""
    assert refusal(image_bytes("PNG", (5000, 20))).code == "too_many_pixels"
    assert refusal(image_bytes("PNG", (8, 8))).code == "too_few_pixels"


# ----------------------------------------------------------------------------- the configuration area


@pytest.fixture
def admin_client(client, owner, shop):
    owner.is_staff = True
    owner.save()
    client.force_login(owner)
    return client


def profile_form_data(**changes) -> dict:
    form = ShopProfileForm(instance=ShopProfile.objects.get(pk=1))
    data = {}
    for name in form.fields:
        value = form[name].value()
        if name == "logo" or value is False or value is None:
            continue
        data[name] = "on" if value is True else value
    return {**data, **changes}


def test_an_administrator_uploads_a_logo_and_sees_it(admin_client, media_root):
    response = admin_client.post(
        CHANGE_URL, profile_form_data(logo=upload("logo.png", image_bytes("JPEG", (300, 100))))
    )
    assert response.status_code == 302
    shop = ShopProfile.objects.get(pk=1)
    assert shop.logo.name.startswith("branding/logo-") and shop.logo.name.endswith(".jpg")
    assert (shop.logo_width, shop.logo_height) == (300, 100)
    page = admin_client.get(CHANGE_URL).content.decode()
    assert f'<img src="/logo/?v={shop.logo_version}" alt="The current logo" width="300" height="100">' in page
    assert "PNG, JPEG or WebP, at most 1 MB" in page  # the help text
    assert 'accept="image/png,image/jpeg,image/webp"' in page


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Just some text.\n" * 20, "This file is not a PNG, JPEG or WebP image."),
        (noise_png((620, 620)), "it may be at most 1 MB"),
        (image_bytes("PNG", (6000, 20)), "it may be at most 4096 pixels on either side"),
    ],
    ids=["text", "too large", "too many pixels"],
)
def test_a_refused_upload_shows_the_reason_at_the_field_and_keeps_nothing(
    admin_client, media_root, content, message
):
    give_the_shop_a_logo()
    before = ShopProfile.objects.values().get(pk=1)
    files_before = sorted(path.name for path in media_root.rglob("*") if path.is_file())
    response = admin_client.post(
        CHANGE_URL, profile_form_data(name="Renamed", logo=upload("logo.png", content))
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["logo"]
    assert message in errors["logo"][0]
    assert ShopProfile.objects.values().get(pk=1) == before
    assert sorted(path.name for path in media_root.rglob("*") if path.is_file()) == files_before


def test_clearing_the_logo_forgets_its_size(admin_client, media_root):
    give_the_shop_a_logo()
    response = admin_client.post(CHANGE_URL, profile_form_data(**{"logo-clear": "on"}))
    assert response.status_code == 302
    shop = ShopProfile.objects.get(pk=1)
    assert not shop.logo
    assert (shop.logo_width, shop.logo_height) == (None, None)
    assert admin_client.get("/logo/").status_code == 404


# ----------------------------------------------------------------------------- /logo/


def test_logo_is_404_without_a_logo(client, shop):
    assert client.get("/logo/").status_code == 404


def test_logo_serves_the_file_with_its_type_and_a_long_cache_for_the_current_version(client, db, media_root):
    content = image_bytes("WEBP")
    shop = give_the_shop_a_logo(content)
    response = client.get(f"/logo/?v={shop.logo_version}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert b"".join(response.streaming_content) == content
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    for stale in ["/logo/", "/logo/?v=0123456789ab"]:
        response = client.get(stale)
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-cache"


def test_a_new_logo_has_a_new_address(db, media_root):
    first = give_the_shop_a_logo(image_bytes("PNG", colour="#000000")).logo_version
    second = give_the_shop_a_logo(image_bytes("PNG", colour="#ffffff")).logo_version
    assert first != second


def test_a_logo_stored_without_the_check_is_not_served(client, shop, media_root):
    """An SVG kept from before logos were checked stays the browser's icon (served with a policy that
    runs nothing) but is neither served at /logo/ nor shown in pages."""
    from django.core.files.base import ContentFile

    shop.logo.save("logo.svg", ContentFile(b'<svg xmlns="http://www.w3.org/2000/svg"/>'))
    assert client.get("/logo/").status_code == 404
    assert "/logo/" not in client.get("/track/").content.decode()
    assert client.get("/favicon.ico")["Content-Type"] == "image/svg+xml"


def test_logo_is_404_when_its_file_is_gone(client, db, media_root):
    shop = give_the_shop_a_logo()
    shop.logo.storage.delete(shop.logo.name)
    assert client.get(f"/logo/?v={shop.logo_version}").status_code == 404


def test_only_get_and_head_are_answered(client, db, media_root):
    give_the_shop_a_logo()
    assert client.head("/logo/").status_code == 200
    assert client.post("/logo/").status_code == 405
