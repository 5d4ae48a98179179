from django.utils import timezone

from fixloop.shop.models import ShopProfile


class ShopTimeZoneMiddleware:
    """Times are stored in UTC and shown in the shop's time zone (customer pages switch to their
    location's)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            zone = ShopProfile.get().time_zone
        except Exception:  # before the first migrate: show UTC rather than fail
            zone = "UTC"
        with timezone.override(zone):
            return self.get_response(request)
