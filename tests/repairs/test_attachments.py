import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fixloop.repairs import services, signals
from fixloop.repairs.models import Attachment, TimelineEntry, WorkOrder
from tests.conftest import ListenerFailed
from tests.factories import STAFF_IP

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(64))
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
STORED_NAME = re.compile(r"^attachments/\d{4}/\d{2}/[0-9a-f]{32}\.(png|pdf|txt)$")


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_an_attached_file_is_stored_with_its_name_type_and_size(work_order, staff_actor, media_root):
    attachment = services.attach_file(work_order, upload("display.png", PNG), public=True, by=staff_actor)

    saved = Attachment.objects.get(pk=attachment.pk)
    assert saved.work_order == work_order
    assert saved.original_name == "display.png"
    assert saved.content_type == "image/png"
    assert saved.size == len(PNG)
    assert saved.public is True
    assert (media_root / saved.file.name).read_bytes() == PNG


def test_an_attached_file_is_stored_under_a_random_name(work_order, staff_actor, media_root):
    attachment = services.attach_file(work_order, upload("display.png", PNG), public=False, by=staff_actor)

    assert STORED_NAME.match(attachment.file.name)
    assert "display" not in attachment.file.name


def test_attaching_records_a_file_entry_with_the_note(work_order, staff_actor, advisor, media_root):
    attachment = services.attach_file(
        work_order, upload("report.pdf", PDF), public=True, by=staff_actor, note="  Test report. "
    )

    entry = work_order.timeline.get(kind=TimelineEntry.Kind.FILE)
    assert entry.attachment == attachment
    assert entry.text == "Test report."
    assert entry.data == {"name": "report.pdf", "size": len(PDF)}
    assert (entry.actor, entry.user, entry.ip, entry.public) == ("staff", advisor, STAFF_IP, True)


def test_an_internal_attachment_gives_an_internal_entry(work_order, staff_actor, media_root):
    services.attach_file(work_order, upload("report.pdf", PDF), public=False, by=staff_actor)

    assert work_order.timeline.get(kind=TimelineEntry.Kind.FILE).public is False


def test_attaching_sends_attachment_added(work_order, staff_actor, media_root, capture_signal):
    received = capture_signal(signals.attachment_added)

    attachment = services.attach_file(work_order, upload("display.png", PNG), public=True, by=staff_actor)

    assert len(received) == 1
    assert received[0]["sender"] is WorkOrder
    assert received[0]["work_order"] == work_order
    assert received[0]["attachment"] == attachment
    assert received[0]["entry"] == work_order.timeline.get(kind=TimelineEntry.Kind.FILE)


def test_a_text_file_is_accepted_as_text(work_order, staff_actor, media_root):
    attachment = services.attach_file(
        work_order, upload("notes.txt", "Prüfprotokoll: ok\n".encode()), public=False, by=staff_actor
    )

    assert attachment.content_type == "text/plain"


def test_a_path_in_the_file_name_is_dropped(work_order, staff_actor, media_root):
    attachment = services.attach_file(
        work_order, upload("../../etc/passwd.txt", b"root:x:0:0\n"), public=False, by=staff_actor
    )

    assert attachment.original_name == "passwd.txt"
    assert STORED_NAME.match(attachment.file.name)
    stored = (media_root / attachment.file.name).resolve()
    assert stored.is_relative_to(media_root.resolve())
    assert stored.read_bytes() == b"root:x:0:0\n"


def test_a_windows_path_in_the_file_name_is_dropped(work_order, staff_actor, media_root):
    attachment = services.attach_file(
        work_order, upload("C:\\Users\\anna\\Desktop\\display.png", PNG), public=False, by=staff_actor
    )

    assert attachment.original_name == "display.png"


def test_an_oversized_file_is_refused_and_nothing_is_stored(work_order, staff_actor, settings, snapshot):
    settings.ATTACHMENT_MAX_BYTES = 32
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.attach_file(work_order, upload("display.png", PNG), public=True, by=staff_actor)

    assert set(refused.value.message_dict) == {"file"}
    assert snapshot() == before


def test_a_file_of_exactly_the_size_limit_is_accepted(work_order, staff_actor, settings, media_root):
    settings.ATTACHMENT_MAX_BYTES = len(PNG)

    attachment = services.attach_file(work_order, upload("display.png", PNG), public=True, by=staff_actor)

    assert Attachment.objects.get(pk=attachment.pk).size == len(PNG)


@pytest.mark.parametrize("name", ["setup.exe", "invoice.html", "script.svg", "README", "archive.tar.gz"])
def test_a_disallowed_file_type_is_refused_and_nothing_is_stored(work_order, staff_actor, snapshot, name):
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.attach_file(work_order, upload(name, b"MZ\x90\x00 something"), public=True, by=staff_actor)

    assert set(refused.value.message_dict) == {"file"}
    assert snapshot() == before


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.png", b"this is plain text, not a picture"),
        ("scan.pdf", PNG),
        ("photo.jpg", PDF),
        ("notes.txt", b"\x00\x01\x02 binary with NUL bytes"),
        ("notes.txt", b"\xff\xfe\xfd not UTF-8 at the start of a long enough text"),
    ],
)
def test_a_file_whose_content_does_not_match_its_name_is_refused(
    work_order, staff_actor, snapshot, name, content
):
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.attach_file(work_order, upload(name, content), public=True, by=staff_actor)

    assert set(refused.value.message_dict) == {"file"}
    assert snapshot() == before


def test_a_short_text_file_ending_in_bytes_that_are_not_utf8_is_refused(work_order, staff_actor, snapshot):
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.attach_file(work_order, upload("notes.txt", b"short\xff"), public=True, by=staff_actor)

    assert set(refused.value.message_dict) == {"file"}
    assert snapshot() == before


def test_an_empty_file_is_refused(work_order, staff_actor, snapshot):
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.attach_file(work_order, upload("display.png", b""), public=True, by=staff_actor)

    assert set(refused.value.message_dict) == {"file"}
    assert snapshot() == before


def test_a_failing_listener_leaves_neither_rows_nor_a_file(work_order, staff_actor, snapshot, fail_signal):
    fail_signal(signals.attachment_added)
    before = snapshot()

    with pytest.raises(ListenerFailed):
        services.attach_file(work_order, upload("display.png", PNG), public=True, by=staff_actor)

    assert snapshot() == before
