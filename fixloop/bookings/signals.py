"""What happened to booking requests. Sent by bookings.services inside the transaction that made the
change; messaging (customer e-mails, staff alerts), webhooks and live pages listen.

Every step of a request that staff can see sends `booking_step`; the first step of a request from the
public form is not visible yet and sends `booking_confirmation_requested` instead (the e-mail with the
confirmation link). Confirming and declining also send repairs' service_request_accepted /
service_request_rejected, which carry today's notifications.
"""

from django.dispatch import Signal

# request (ServiceRequest), step (BookingStep), previous_state (str; "" for a new request)
booking_step = Signal()
# request, step: the request has reached the shop's queue (sent from the portal or by staff, or its
# e-mail address was confirmed)
booking_requested = Signal()
# request, confirmation (EmailConfirmation), token (str: the secret for the confirmation link)
booking_confirmation_requested = Signal()
