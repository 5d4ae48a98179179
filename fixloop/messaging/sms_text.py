"""How many SMS segments a text needs, and in which encoding.

GSM 03.38 (7-bit) fits 160 characters in one segment and 153 per segment when split; the
characters of its extension table ({ } [ ] ~ \\ | ^ € and form feed) take two places. Any other
character makes the whole text UCS-2: 70 characters alone, 67 per segment when split (a
character outside the Basic Multilingual Plane, e.g. an emoji, takes two).
"""

GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = set("^{}\\[~]|€\f")

GSM7, UCS2 = "GSM-7", "UCS-2"


def count_segments(text: str) -> tuple[int, str]:
    """(segments, encoding) for `text`; an empty text is one segment."""
    if all(char in GSM7_BASIC or char in GSM7_EXTENSION for char in text):
        length = sum(2 if char in GSM7_EXTENSION else 1 for char in text)
        single, multi, encoding = 160, 153, GSM7
    else:
        length = len(text.encode("utf-16-le")) // 2
        single, multi, encoding = 70, 67, UCS2
    if length <= single:
        return 1, encoding
    return -(-length // multi), encoding
