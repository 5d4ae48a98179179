"""The brand colour made readable: text on the brand colour, and the brand colour as text, each with at
least WCAG AA's 4.5:1 contrast whatever colour the shop chose (pages and e-mails use both)."""

WHITE = "#ffffff"
INK = "#1d2327"  # the stylesheet's text colour
PAGE = "#f5f7f8"  # the pages' background, slightly darker than white: links must read on both
AA = 4.5


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_on(colour: str) -> str:
    """White on the colour when that reads (the usual case), else the dark ink."""
    return (
        "#fff" if contrast(WHITE, colour) >= AA or contrast(WHITE, colour) >= contrast(INK, colour) else INK
    )


def ink_of(colour: str) -> str:
    """The colour as text on the page: itself when it reads on the page's background, else the same hue
    darkened just enough."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    for step in range(101):
        scale = 1 - step / 100
        candidate = f"#{round(red * scale):02x}{round(green * scale):02x}{round(blue * scale):02x}"
        if contrast(candidate, PAGE) >= AA:
            return candidate
    return INK
