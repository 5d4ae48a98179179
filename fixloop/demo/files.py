"""Small but real files to attach to demo work orders: a one-page PDF, a PNG and a text log.

Built by hand with the standard library so that the demo needs no PDF or imaging package.
"""

import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile


def pdf(name: str, lines: list[str]) -> SimpleUploadedFile:
    """An A4 page with the lines in Helvetica."""

    def escape(text: str) -> bytes:
        encoded = text.encode("cp1252", errors="replace")
        return encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")

    content = (
        b"BT /F1 12 Tf 16 TL 56 780 Td " + b" ".join(b"(" + escape(line) + b") '" for line in lines) + b" ET"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return SimpleUploadedFile(name, bytes(out), content_type="application/pdf")


def png(
    name: str, width: int = 160, height: int = 120, colour: tuple[int, int, int] = (194, 65, 12)
) -> SimpleUploadedFile:
    """A picture that fades from the colour to white, standing in for a photo of the bench."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter type: none
        for x in range(width):
            fade = (x + y) / (width + height)
            rows += bytes(round(c + (255 - c) * fade) for c in colour)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    data = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows)))
        + chunk(b"IEND", b"")
    )
    return SimpleUploadedFile(name, data, content_type="image/png")


def text(name: str, lines: list[str]) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode(), content_type="text/plain")
