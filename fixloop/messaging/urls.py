from django.urls import path

from fixloop.messaging import callbacks, webhooks

app_name = "messaging"

urlpatterns = [
    path("twilio/status/", callbacks.twilio_status, name="twilio_status"),
    path("twilio/inbound/", callbacks.twilio_inbound, name="twilio_inbound"),
    *(
        path(f"email/{provider}/tracking/", webhooks.tracking_view(provider), name=f"{provider}_tracking")
        for provider in webhooks.VIEWS
    ),
]
