"""Inspections ready to use: a started one with an item per category, and the same sent to the
customer (version 1). Photos are real images, made with Pillow."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from fixloop.inspections.models import Category, Checklist, ChecklistPoint
from fixloop.inspections.services import items, sending


def photo_bytes(kind: str = "JPEG", size=(64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, kind)
    return out.getvalue()


def photo_upload(name: str = "brake.jpg", kind: str = "JPEG") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, photo_bytes(kind), "image/jpeg")


@pytest.fixture
def checklist(db):
    checklist = Checklist.objects.create(name="Annual service")
    ChecklistPoint.objects.create(
        checklist=checklist,
        position=1,
        label="Front brake pads",
        measurement="Brake pad thickness front",
        measurement_unit="mm",
    )
    ChecklistPoint.objects.create(checklist=checklist, position=2, label="Wiper blades")
    return checklist


@pytest.fixture
def inspection(work_order, staff_actor, checklist):
    return items.start(work_order, by=staff_actor, checklist=checklist)


@pytest.fixture
def four_items(inspection, staff_actor):
    """{category: item}: one item per category, priced (labour + parts net, 19 % VAT)."""
    return {
        Category.SCHEDULED: items.add_item(
            inspection,
            by=staff_actor,
            category=Category.SCHEDULED,
            description="Annual service",
            labour=Decimal("100.00"),
            parts=Decimal("50.00"),
        ),
        Category.NECESSARY: items.add_item(
            inspection,
            by=staff_actor,
            category=Category.NECESSARY,
            description="Front brake pads",
            technician_note="2 mm left",
            labour=Decimal("80.00"),
            parts=Decimal("120.00"),
        ),
        Category.RECOMMENDED: items.add_item(
            inspection,
            by=staff_actor,
            category=Category.RECOMMENDED,
            description="Wiper blades",
            parts=Decimal("30.00"),
        ),
        Category.OK: items.add_item(inspection, by=staff_actor, category=Category.OK, description="Lights"),
    }


@pytest.fixture
def sent_inspection(inspection, four_items, staff_actor):
    sending.send(inspection, by=staff_actor, emails=["anna@example.com"], phones=["+49 151 23456789"])
    inspection.refresh_from_db()
    return inspection
