"""The "estimate ready" message: when staff send an estimate version and ask for the customer to be
told (estimates.signals.estimate_submitted with notify=True), the customer gets the link to decide
and, by e-mail or fax, the estimate as a PDF.

The receiver runs in the transaction that submitted the version: a rolled-back submit sends
nothing. It is a message staff asked for, so the region's client-notification rules (which govern
the automatic ones) do not apply; the customer's preferred channel, language and opt-outs do. A
customer who prefers text messages without having consented to them gets an e-mail. Each version
is announced at most once (the dedupe key). A version whose every job kept an earlier approval
(it is approved the moment it is sent) asks nothing of the customer and is not announced. The
customer's own decisions and dispute notes send them nothing: they see the result on the
estimate's page. As with notifications, a text message that would go out between 21:00 and 08:00
waits for the morning.
"""

import logging

from django.conf import settings
from django.utils import timezone, translation

from fixloop.core.actor import Actor
from fixloop.core.formats import date_text
from fixloop.documents.estimate_pdf import estimate_filename, render_estimate_pdf
from fixloop.documents.pdf import PDF_TYPE, DocumentError
from fixloop.estimates import presentation, signals
from fixloop.estimates.models import Estimate, EstimateVersion
from fixloop.estimates.services import links
from fixloop.messaging import services
from fixloop.messaging.context import work_order_context
from fixloop.messaging.models import Channel, Message, RegionNotifications
from fixloop.messaging.notifications import daytime
from fixloop.portal import approval_links
from fixloop.shop.models import ShopProfile

logger = logging.getLogger(__name__)

KIND = "estimate_ready"


def connect() -> None:
    """Listen to the estimate signals (called once from MessagingConfig.ready)."""
    signals.estimate_submitted.connect(
        on_estimate_submitted, dispatch_uid="fixloop.messaging.estimates.on_estimate_submitted"
    )


def on_estimate_submitted(sender, estimate, version, entry, notify=True, **kwargs):
    if not notify or estimate.state != Estimate.State.AWAITING:
        return  # not asked for, or nothing to decide: every job kept its earlier approval
    by = Actor.staff_user(entry.user) if entry.user is not None else Actor.system("messaging")
    send_estimate_ready(estimate, version, by=by)


def channel_for(customer) -> str:
    """The customer's preferred channel; e-mail for text messages they have not consented to."""
    if customer.preferred_channel == Channel.SMS and customer.sms_consent_at is None:
        return Channel.EMAIL
    return customer.preferred_channel


def _region_settings(customer) -> RegionNotifications | None:
    if customer.region_id is None:
        return None
    return RegionNotifications.objects.filter(region_id=customer.region_id).first()


def _with_base(url: str, base: str) -> str:
    """`url` starting with the region's own address instead of the site's, as notifications do."""
    site = settings.SITE_URL.rstrip("/")
    if base and url.startswith(site + "/"):
        return base.rstrip("/") + url[len(site) :]
    return url


def estimate_link(estimate: Estimate, *, by: Actor) -> str:
    """The customer's link to the estimate: an existing one that runs for at least a week, or a new one."""
    return approval_links.url_of(links.link_for_estimate(estimate, by=by)) or ""


def send_estimate_ready(estimate: Estimate, version: EstimateVersion, *, by: Actor) -> Message:
    """Queue the "estimate ready" message for this version to the work order's customer."""
    work_order = estimate.work_order
    customer = work_order.customer
    language = customer.language or ShopProfile.get().default_language
    channel = channel_for(customer)
    region_settings = _region_settings(customer)
    base = region_settings.portal_url if region_settings is not None else ""
    with translation.override(language):
        context = {
            "estimate_link": _with_base(estimate_link(estimate, by=by), base),
            "estimate_total": presentation.total_text(version),
            "valid_until": date_text(estimate.valid_until),
            "estimate_version": str(version.number),
        }
    if base:
        tracking = work_order_context(work_order, language).get("tracking_link", "")
        context["tracking_link"] = _with_base(tracking, base)
        context["portal_link"] = base
    attachments = []
    if channel in (Channel.EMAIL, Channel.FAX):
        try:
            attachments.append((estimate_filename(version), PDF_TYPE, render_estimate_pdf(version, language)))
        except DocumentError:  # the customer can still decide through the link
            logger.exception("The PDF of estimate version %s could not be rendered", version.pk)
    reply_to = (region_settings.reply_to if region_settings is not None else "") or work_order.location.email
    return services.queue_message(
        KIND,
        channel=channel,
        customer=customer,
        work_order=work_order,
        language=language,
        context=context,
        dedupe_key=f"{KIND}:{version.pk}",
        purpose=version,
        attachments=attachments,
        reply_to=reply_to,
        send_after=daytime(timezone.now(), work_order.location.zone) if channel == Channel.SMS else None,
        created_by=by.user,
    )
