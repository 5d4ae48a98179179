"""Fixtures for the customer's inspection page: a sent inspection with an item in every category (a
technician's photo on one, a hidden one), its link, and another customer's sent inspection."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from fixloop.inspections.models import Category
from fixloop.inspections.services import items, links, media, sending
from fixloop.portal.inspection_links import path_of


def jpeg_bytes(colour=(200, 40, 40), size=(64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return out.getvalue()


def photo_upload(name: str = "photo.jpg", content: bytes | None = None, content_type: str = "image/jpeg"):
    return SimpleUploadedFile(
        name, content if content is not None else jpeg_bytes(), content_type=content_type
    )


def make_inspection(work_order, staff_actor, *, vat_rate=None, note: str = "", photo: bool = True) -> dict:
    """An inspection of `work_order` with one item per category (two recommended) and a hidden one;
    returns {"inspection", "scheduled", "necessary", "recommended", "wipers", "ok", "hidden"}."""
    inspection = items.start(work_order, by=staff_actor)
    if note:
        items.set_note_for_customer(inspection, note, by=staff_actor)

    def add(category, description, labour="0", parts="0", **extra):
        return items.add_item(
            inspection,
            by=staff_actor,
            category=category,
            description=description,
            labour=Decimal(labour),
            parts=Decimal(parts),
            vat_rate=vat_rate,
            **extra,
        )

    made = {
        "inspection": inspection,
        "scheduled": add(Category.SCHEDULED, "Annual service", labour="150.00"),
        "necessary": add(
            Category.NECESSARY,
            "Front brake pads",
            labour="80.00",
            parts="120.00",
            technician_note="Pads worn to 2 mm.",
        ),
        "recommended": add(Category.RECOMMENDED, "Cabin air filter", parts="30.00"),
        "wipers": add(Category.RECOMMENDED, "Wiper blades", parts="25.00"),
        "ok": add(Category.OK, "Tyres", technician_note="Tread 6 mm all round."),
        "hidden": add(Category.NECESSARY, "Internal check", labour="10.00", visible_to_customer=False),
    }
    if photo:
        made["photo"] = media.add_media(made["necessary"], photo_upload("pads.jpg"), by=staff_actor)
    return made


def send(inspection, staff_actor, email: str = "anna@example.com"):
    return sending.send(inspection, by=staff_actor, emails=[email])


@pytest.fixture
def inspection_items(work_order, staff_actor, vat_standard, media_root) -> dict:
    made = make_inspection(
        work_order, staff_actor, vat_rate=vat_standard, note="Please call us with questions."
    )
    send(made["inspection"], staff_actor)
    made["inspection"].refresh_from_db()
    return made


@pytest.fixture
def portal_inspection(inspection_items):
    return inspection_items["inspection"]


@pytest.fixture
def inspection_link(portal_inspection, staff_actor):
    return links.link_for(portal_inspection, by=staff_actor)


@pytest.fixture
def inspection_path(inspection_link) -> str:
    return path_of(inspection_link)


@pytest.fixture
def other_inspection_items(other_work_order, staff_actor, vat_standard, media_root) -> dict:
    made = make_inspection(other_work_order, staff_actor, vat_rate=vat_standard)
    send(made["inspection"], staff_actor, email="bernd@example.com")
    made["inspection"].refresh_from_db()
    return made


@pytest.fixture
def other_inspection_path(other_inspection_items, staff_actor) -> str:
    return path_of(links.link_for(other_inspection_items["inspection"], by=staff_actor))
