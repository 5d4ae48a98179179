"""Tracking links over the API: issued (the old one stops working) and revoked."""

from fixloop.repairs.models import TimelineEntry, TrackingLink


def test_a_link_is_issued_with_the_customers_address(api, work_order):
    response = api.post(f"/work-orders/{work_order.pk}/tracking-link")
    assert response.status_code == 201
    assert "/" in response.json()["url"]
    assert TrackingLink.objects.filter(work_order=work_order, revoked_at=None).count() == 1


def test_a_new_link_revokes_the_old_one(api, work_order):
    first = api.post(f"/work-orders/{work_order.pk}/tracking-link").json()
    api.post(f"/work-orders/{work_order.pk}/tracking-link")
    assert TrackingLink.objects.get(pk=first["id"]).revoked_at is not None


def test_the_link_is_revoked_with_a_timeline_entry(api, work_order):
    api.post(f"/work-orders/{work_order.pk}/tracking-link")
    assert api.send("DELETE", f"/work-orders/{work_order.pk}/tracking-link").status_code == 204
    assert not TrackingLink.objects.filter(work_order=work_order, revoked_at=None).exists()
    assert TimelineEntry.objects.filter(
        work_order=work_order, kind="tracking", data__event="revoked"
    ).exists()
    assert api.get(f"/work-orders/{work_order.pk}/tracking-link").status_code == 404


def test_revoking_without_a_link_is_422(api, work_order):
    assert api.send("DELETE", f"/work-orders/{work_order.pk}/tracking-link").status_code == 422


def test_work_order_scopes_do_not_cover_tracking_links(api_for, work_order):
    api = api_for(["work_orders:read", "work_orders:write"])
    assert api.post(f"/work-orders/{work_order.pk}/tracking-link").status_code == 403
