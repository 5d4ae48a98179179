"""Links in the HTML part of e-mails: web and e-mail addresses become links, everything else is
escaped text."""

import pytest

from fixloop.messaging.rendering import linkify, render_html


@pytest.mark.parametrize(
    ("text", "html"),
    [
        (
            "See https://fix.example/t/abc?x=1&y=2. Thanks",
            'See <a href="https://fix.example/t/abc?x=1&amp;y=2">https://fix.example/t/abc?x=1&amp;y=2</a>.'
            " Thanks",
        ),
        (
            "Mail info@werkstatt.example, or www.werkstatt.example!",
            'Mail <a href="mailto:info@werkstatt.example">info@werkstatt.example</a>, or '
            '<a href="https://www.werkstatt.example">www.werkstatt.example</a>!',
        ),
        (
            "(https://en.wikipedia.org/wiki/Foo_(bar))",
            '(<a href="https://en.wikipedia.org/wiki/Foo_(bar)">https://en.wikipedia.org/wiki/Foo_(bar)</a>)',
        ),
        ('"https://a.example/x"', '&quot;<a href="https://a.example/x">https://a.example/x</a>&quot;'),
        ("javascript:alert(1) <script>", "javascript:alert(1) &lt;script&gt;"),
        (
            'https://a.example/"onmouseover="x',
            '<a href="https://a.example/">https://a.example/</a>&quot;onmouseover=&quot;x',
        ),
        ("no link here: a@b, ftp://x", "no link here: a@b, ftp://x"),
    ],
)
def test_addresses_become_links_and_the_rest_is_escaped(text, html):
    assert linkify(text) == html


def test_long_hostile_words():
    for word in ("a" * 20_000, "a@" * 10_000, "+." * 10_000):
        assert linkify(word) == word
    assert linkify("www." * 5_000).count("<a href=") == 1  # one address, however odd


def test_the_html_part_keeps_paragraphs_and_line_breaks():
    html = render_html(
        "Hello <b>Anna</b>,\nyour repair: https://fix.example/t/x\n\nThanks",
        shop_name="Werkstatt",
        brand_colour="#0b6e4f",
        language="en",
    )
    assert 'Hello &lt;b&gt;Anna&lt;/b&gt;,<br>your repair: <a href="https://fix.example/t/x">' in html
    assert "<b>" not in html
