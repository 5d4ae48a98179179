"""The Content-Security-Policy of every page (docs/security.md).

Scripts come only from our own static files: no inline `<script>`, no `on…=` attributes, no eval
(htmx runs with allowEval off). Styles come from our static files plus the one `<style>` of
base.html that sets the shop's brand colour, which carries the request's nonce
(`{{ request.csp_nonce }}`). Pages that show an e-mail as sent (in a sandboxed `srcdoc` iframe,
which inherits the page's policy) need the e-mail's inline style attributes: their views are
decorated with `email_styles`, which allows inline styles on those pages only — never scripts.
`frame-ancestors` is added by framing.FrameAncestorsMiddleware.
"""

import secrets
from functools import wraps

HEADER = "Content-Security-Policy"


def email_styles(view):
    """Allow inline styles on this view's page: it shows e-mails, whose HTML styles itself inline."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.csp_inline_styles = True
        return response

    return wrapped


def policy(nonce: str, *, inline_styles: bool = False) -> str:
    styles = "'self' 'unsafe-inline'" if inline_styles else f"'self' 'nonce-{nonce}'"
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            f"style-src {styles}",
            "img-src 'self' data:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        )
    )


class ContentSecurityPolicyMiddleware:
    """Gives each request a fresh nonce and each response the policy (unless a view set its own)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        existing = response.get(HEADER, "")
        if "script-src" not in existing and "default-src" not in existing:
            base = policy(request.csp_nonce, inline_styles=getattr(response, "csp_inline_styles", False))
            response[HEADER] = f"{base}; {existing.strip('; ')}" if existing.strip() else base
        return response
