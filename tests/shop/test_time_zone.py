"""Times are stored in UTC and shown in the shop's time zone."""

from fixloop.shop.models import ShopProfile


def test_the_back_office_shows_times_in_the_shops_time_zone(client, advisor, work_order):
    profile = ShopProfile.get()
    profile.time_zone = "America/New_York"
    profile.save()
    client.force_login(advisor)
    page = client.get(f"/staff/work-orders/{work_order.number}/?tab=timeline").content.decode()
    assert '<time datetime="' in page
    assert "-05:00" in page or "-04:00" in page  # EST or EDT, depending on the day the test runs


def test_an_unknown_time_zone_is_refused(db):
    import pytest
    from django.core.exceptions import ValidationError

    profile = ShopProfile.get()
    profile.time_zone = "Mars/Olympus"
    with pytest.raises(ValidationError) as refused:
        profile.full_clean()
    assert "time_zone" in refused.value.message_dict
