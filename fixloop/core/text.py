"""Text that people type: what counts as empty, and what is kept.

`clean_text` is the one way customer (and staff) text is tidied before it is checked and stored:
control characters other than line breaks and tabs are dropped, line breaks become "\\n", and
invisible characters (whitespace, zero-width spaces and joiners, the byte-order mark, blank
"filler" letters) are stripped from both ends, so text made only of them is empty. Inside the text
format characters stay: a zero-width joiner is part of many emoji.
"""

import unicodedata

# Letters and symbols that render as nothing, though Unicode does not call them space or format.
BLANK_LOOKALIKES = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e")


def invisible(character: str) -> bool:
    return (
        character.isspace()
        or unicodedata.category(character) in ("Cc", "Cf", "Zs", "Zl", "Zp", "Co", "Cn")
        or character in BLANK_LOOKALIKES
    )


def clean_text(value, *, single_line: bool = False) -> str:
    """The text without control characters and without invisible characters at either end ("" when
    nothing visible is left). `single_line`: runs of whitespace (line breaks too) become one space."""
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc")
    start, end = 0, len(text)
    while start < end and invisible(text[start]):
        start += 1
    while end > start and invisible(text[end - 1]):
        end -= 1
    text = text[start:end]
    return " ".join(text.split()) if single_line else text


def is_blank(value) -> bool:
    return not clean_text(value)
