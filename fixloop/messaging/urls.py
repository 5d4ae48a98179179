from django.urls import path

from fixloop.messaging import callbacks

app_name = "messaging"

urlpatterns = [
    path("twilio/status/", callbacks.twilio_status, name="twilio_status"),
    path("twilio/inbound/", callbacks.twilio_inbound, name="twilio_inbound"),
]
