"""Inbound callbacks from Twilio: delivery reports and texts customers send (what Twilio calls
its webhooks; outgoing webhooks to shop software are another matter). Every request must carry a
valid X-Twilio-Signature; the work happens in fixloop.messaging.inbound."""

import logging
from functools import wraps

from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from fixloop.messaging import inbound
from fixloop.messaging.transports.twilio import is_valid_signature

logger = logging.getLogger(__name__)

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def signed_by_twilio(view):
    @wraps(view)
    def checked(request):
        # Twilio signs the URL it was given, which is SITE_URL + our path, whatever proxy is in between.
        url = settings.SITE_URL + request.get_full_path_info()
        params = [(name, value) for name, values in request.POST.lists() for value in values]
        if not is_valid_signature(url, params, request.headers.get("X-Twilio-Signature", "")):
            logger.warning("Refused a Twilio callback to %s without a valid signature", request.path)
            return HttpResponseForbidden()
        return view(request)

    return checked


@csrf_exempt
@require_POST
@signed_by_twilio
def twilio_status(request):
    inbound.record_sms_status(
        provider_id=request.POST.get("MessageSid", ""),
        status=request.POST.get("MessageStatus", ""),
        error_code=request.POST.get("ErrorCode", ""),
        error_message=request.POST.get("ErrorMessage", ""),
    )
    return HttpResponse(status=204)


@csrf_exempt
@require_POST
@signed_by_twilio
def twilio_inbound(request):
    inbound.record_inbound_sms(
        sender=request.POST.get("From", ""),
        body=request.POST.get("Body", ""),
        provider_id=request.POST.get("MessageSid", ""),
    )
    return HttpResponse(EMPTY_TWIML, content_type="text/xml")
