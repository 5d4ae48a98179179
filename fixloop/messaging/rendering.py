"""Message templates: checked when saved, rendered with a plain dictionary of strings.

Staff write templates in Django's template language, restricted to {{ placeholder }},
a few filters and {% if %}. Nothing in a template can reach a model, a file or a URL.
"""

import functools
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import TextNode, Variable, VariableNode
from django.template.defaulttags import IfNode
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from fixloop.messaging.context import logo_context
from fixloop.messaging.kinds import KINDS, SAMPLE, Kind
from fixloop.messaging.models import Channel, MessageTemplate
from fixloop.shop.colours import text_on
from fixloop.shop.models import ShopProfile

ENGINE = Engine(loaders=[], libraries={}, autoescape=False, string_if_invalid="")
ALLOWED_FILTERS = {"default", "upper", "lower", "title", "capfirst", "truncatechars", "truncatewords"}


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def template_channel(channel: str) -> str:
    """Fax messages go out as e-mail to the gateway, so they share the e-mail wording."""
    return Channel.EMAIL if channel == Channel.FAX else channel


def _variable_name(value) -> str | None:
    """The placeholder a Variable refers to ("customer_name"), or None for a literal ("text", 3)."""
    return value.var if isinstance(value, Variable) and value.lookups else None


def _names_in(expression) -> tuple[list[str], list[str]]:
    """(placeholder names, filter names) used by a compiled FilterExpression, filter arguments included."""
    names = [_variable_name(expression.var)]
    filters = []
    for func, args in expression.filters:
        filters.append(func.__name__)
        names.extend(_variable_name(arg) for lookup, arg in args if lookup)
    return [name for name in names if name is not None], filters


def _problems(source: str, kind: Kind) -> list[str]:
    try:
        template = ENGINE.from_string(source)
    except TemplateSyntaxError as error:
        return [_("The template has a syntax error: %(error)s") % {"error": error}]
    allowed = set(kind.all_placeholders)
    problems = []
    for node in template.nodelist.get_nodes_by_type(object):
        expressions = []
        if isinstance(node, VariableNode):
            expressions.append(node.filter_expression)
        elif isinstance(node, IfNode):
            for condition, _nodelist in node.conditions_nodelists:
                expressions.extend(_condition_expressions(condition))
        elif isinstance(node, TextNode):
            if any(mark in node.s for mark in ("{{", "}}", "{%", "%}")):
                problems.append(_("A {{ or {% is not closed, or a }} or %} not opened."))
        else:
            problems.append(_("Only {{ placeholders }} and {% if %} … {% endif %} can be used."))
        for expression in expressions:
            names, filters = _names_in(expression)
            problems.extend(
                _("Unknown placeholder: %(name)s") % {"name": n} for n in names if n not in allowed
            )
            problems.extend(
                _("This filter cannot be used: %(name)s") % {"name": f}
                for f in filters
                if f not in ALLOWED_FILTERS
            )
    return sorted(set(problems))


def _condition_expressions(condition) -> list:
    """The FilterExpressions inside an {% if %} condition (TemplateLiteral leaves)."""
    if condition is None:
        return []
    if hasattr(condition, "value") and hasattr(condition.value, "var"):
        return [condition.value]
    found = []
    for child in (getattr(condition, "first", None), getattr(condition, "second", None)):
        if child is not None and child is not condition:
            found.extend(_condition_expressions(child))
    return found


def check_template(kind_code: str, channel: str, subject: str, body: str) -> None:
    """Raise ValidationError naming the field (subject/body) for a syntax error, an unknown
    placeholder or a tag or filter that is not allowed."""
    kind = KINDS[kind_code]
    errors = {}
    if channel == Channel.EMAIL and not subject.strip():
        errors["subject"] = [_("An e-mail needs a subject.")]
    for field, source in (("subject", subject), ("body", body)):
        problems = _problems(source, kind)
        if problems:
            errors.setdefault(field, []).extend(problems)
    if not body.strip():
        errors.setdefault("body", []).append(_("Write the text of the message."))
    if errors:
        raise ValidationError(errors)


def template_source(kind_code: str, channel: str, language: str) -> tuple[str, str]:
    """(subject, body): the shop's own template if it has one, else the shipped default."""
    channel = template_channel(channel)
    own = MessageTemplate.objects.filter(kind=kind_code, channel=channel, language=language).first()
    if own is not None:
        return own.subject, own.body
    defaults = KINDS[kind_code].defaults
    return defaults.get((channel, language)) or defaults[(channel, "en")]


@functools.lru_cache(maxsize=512)
def _compiled(source: str):
    return ENGINE.from_string(source)


def _render_source(source: str, context: dict) -> str:
    return _compiled(source).render(Context(context, autoescape=False))


# A web address (http, https or www.) up to a space, a quote or an angle bracket, not ending in the
# punctuation of the sentence around it; or an e-mail address. Each starts only where a word starts,
# so that a long hostile word is scanned once, not once per character.
_LINK = re.compile(
    r"""(?<![\w.+-])(?:(?:https?://|www\.)[^\s<>"'`]*[^\s<>"'`.,;:!?)\]}]"""
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
)


def linkify(text: str) -> str:
    """`text` as HTML: escaped, with web and e-mail addresses made links. (Django's urlize does
    more and took a tenth of the time a status report's e-mail takes to compose.)"""
    html, last = [], 0
    for match in _LINK.finditer(text):
        link, end = match.group(), match.end()
        if link.count("(") > link.count(")") and text[end : end + 1] == ")":
            link, end = link + ")", end + 1  # https://en.wikipedia.org/wiki/Foo_(bar)
        if "://" in link:
            href = link
        elif link.startswith("www."):
            href = f"https://{link}"
        else:
            href = f"mailto:{link}"
        html.append(escape(text[last : match.start()]))
        html.append(f'<a href="{escape(href)}">{escape(link)}</a>')
        last = end
    html.append(escape(text[last:]))
    return "".join(html)


def render_html(
    text: str, *, shop_name: str, brand_colour: str, language: str, logo: dict | None = None
) -> str:
    """The HTML part of an e-mail: the text escaped, links clickable, in the shop's colours, with its
    logo when it has one (`logo`: url, width, height, as messaging/context.py: logo_context gives)."""
    paragraphs = [
        mark_safe(linkify(paragraph).replace("\n", "<br>"))  # noqa: S308 (escaped in linkify)
        for paragraph in text.split("\n\n")
    ]
    return render_to_string(
        "messaging/email.html",
        {
            "paragraphs": paragraphs,
            "shop_name": shop_name,
            "brand_colour": brand_colour,
            "on_brand_colour": text_on(brand_colour),
            "logo": logo if logo and logo.get("logo_url") else None,
            "language": language,
        },
    )


def render(
    kind_code: str, channel: str, language: str, context: dict, *, subject=None, body=None
) -> Rendered:
    """Render a message. `context` must be a plain dict of strings; `subject`/`body` override the
    stored template (for the live preview)."""
    if subject is None or body is None:
        stored_subject, stored_body = template_source(kind_code, channel, language)
        subject = stored_subject if subject is None else subject
        body = stored_body if body is None else body
    values = {name: "" if value is None else str(value) for name, value in context.items()}
    text = _render_source(body, values).strip()
    rendered_subject = " ".join(_render_source(subject, values).split())[:300]
    html = ""
    if template_channel(channel) == Channel.EMAIL:
        html = render_html(
            text,
            shop_name=values.get("shop_name", ""),
            brand_colour=values.get("brand_colour", "#0b6e4f"),
            language=language,
            logo={name: values.get(name, "") for name in ("logo_url", "logo_width", "logo_height")},
        )
    return Rendered(rendered_subject, text, html)


def sample_context(kind_code: str) -> dict:
    return {name: SAMPLE.get(name, name) for name in KINDS[kind_code].all_placeholders}


def preview_context(kind_code: str) -> dict:
    """What the template editor's preview shows: made-up customer data in the shop's own name and
    colour, so staff see the e-mail as their customers will."""
    shop = ShopProfile.get()
    return {
        **sample_context(kind_code),
        "shop_name": shop.name,
        "brand_colour": shop.brand_colour,
        **logo_context(shop),
    }
