"""Booking requests and the date negotiation between a customer and the shop.

A booking request is a repairs.ServiceRequest; this app adds the times offered by each side
(BookingSlot), the history both sides see (BookingStep), photos, the e-mail confirmation of requests
from the public form, the transition table (machine.py), free slots by opening hours and capacity
(slots.py), the calendar file (calendar.py) and the services that change it all (services.py).
"""
