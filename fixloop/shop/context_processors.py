from django.db import DatabaseError

from fixloop.shop.models import ShopProfile


def shop(request) -> dict:
    try:
        profile = ShopProfile.get()
    except DatabaseError:  # before the first migrate
        profile = ShopProfile()
    return {"shop": profile}
