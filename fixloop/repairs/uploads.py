"""Which files may be attached to a work order: checked by extension, size and content."""

import codecs
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

SNIFF_BYTES = 64 * 1024


def _starts(*prefixes: bytes):
    return lambda head: head.startswith(prefixes)


def _iso_media(head: bytes) -> bool:
    return head[4:8] == b"ftyp"


def _webp(head: bytes) -> bool:
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


def _text(head: bytes) -> bool:
    # Incremental decoding: a multi-byte character cut off at the end of the sniffed block is fine,
    # invalid bytes anywhere else (or at the real end of the file) are not.
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) < SNIFF_BYTES)
    except UnicodeDecodeError:
        return False
    return b"\x00" not in head


ALLOWED_TYPES = {
    ".pdf": ("application/pdf", _starts(b"%PDF-")),
    ".png": ("image/png", _starts(b"\x89PNG\r\n\x1a\n")),
    ".jpg": ("image/jpeg", _starts(b"\xff\xd8\xff")),
    ".jpeg": ("image/jpeg", _starts(b"\xff\xd8\xff")),
    ".gif": ("image/gif", _starts(b"GIF87a", b"GIF89a")),
    ".webp": ("image/webp", _webp),
    ".heic": ("image/heic", _iso_media),
    ".mp4": ("video/mp4", _iso_media),
    ".txt": ("text/plain", _text),
    ".csv": ("text/csv", _text),
}


def clean_file_name(name: str) -> str:
    """The base name only, without path parts or control characters, at most 200 characters."""
    base = PurePath(name.replace("\\", "/")).name
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    return base[-200:] or "file"


def check_upload(uploaded_file) -> tuple[str, str]:
    """(clean file name, content type) or ValidationError saying what is wrong."""
    name = clean_file_name(uploaded_file.name or "")
    extension = PurePath(name).suffix.lower()
    if extension not in ALLOWED_TYPES:
        allowed = ", ".join(sorted(ALLOWED_TYPES))
        raise ValidationError(
            _("Files of this type cannot be attached. Allowed: %(allowed)s.") % {"allowed": allowed},
            code="type",
        )
    if uploaded_file.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if uploaded_file.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {
                "size": filesizeformat(uploaded_file.size),
                "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
            },
            code="size",
        )
    content_type, looks_right = ALLOWED_TYPES[extension]
    uploaded_file.seek(0)
    head = uploaded_file.read(SNIFF_BYTES)
    uploaded_file.seek(0)
    if not looks_right(head):
        raise ValidationError(
            _("The file's content does not match its name ending %(extension)s.") % {"extension": extension},
            code="content",
        )
    return name, content_type
